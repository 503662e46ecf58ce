// The CLINT as the kernel uses it: mtime as the clock (converted to the policy's
// nanoseconds), mtimecmp as a one-shot timer for Atropos's next decision, and the
// software-interrupt bit as a device interrupt line (interrupts arrive as events).
// Called with interrupts off (trap handler or boot).
#ifndef PEGASUS_KERNEL_ARCH_CLINT_H_
#define PEGASUS_KERNEL_ARCH_CLINT_H_

#include <stdint.h>

#include "kernel/policy/time.h"

namespace pegasus::kernel::arch {

uint64_t ReadMtime();
// The low word of mtime alone: one load, for 32-bit differences (processor-time
// accounting) over spans shorter than 2^32 ticks (seven minutes at 10 MHz).
uint32_t ReadMtimeLo();
// mtime in nanoseconds since reset.
Time Now();
// The low word of the mtime reading behind the last Now().
uint32_t LastMtimeLo();
// One shot: the timer interrupt becomes pending at `when` (kForever: never). Fastest
// for times within four seconds of the last Now().
void SetTimer(Time when);
// The software-interrupt line: raised by a device domain, cleared by the kernel.
void ClearSoftwareInterrupt();

}  // namespace pegasus::kernel::arch

#endif  // PEGASUS_KERNEL_ARCH_CLINT_H_
