// The CLINT as the kernel uses it: mtime as the clock, mtimecmp as a one-shot timer
// for Atropos's next decision, and the software-interrupt bit as a device interrupt
// line (interrupts arrive as events). The kernel's time is mtime itself, in ticks,
// end to end (Atropos is given its parameters in ticks); nanoseconds appear only at
// the interface to the domains (kBlock's time, the QoS domain's parameters), which
// TicksFromNs converts. Called with interrupts off (trap handler or boot). The clock
// and the common case of the timer are inline: they are on every scheduling decision.
#ifndef PEGASUS_KERNEL_ARCH_CLINT_H_
#define PEGASUS_KERNEL_ARCH_CLINT_H_

#include <stdint.h>

#include "firmware/lib/mmio.h"
#include "kernel/config.h"
#include "kernel/policy/time.h"
#include "pegasus/memory_map.h"

namespace pegasus::kernel::arch {

inline constexpr uintptr_t kMtimeLo = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_LO;
inline constexpr uintptr_t kMtimeHi = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_HI;
inline constexpr uintptr_t kMtimecmpLo = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIMECMP_LO;
inline constexpr uintptr_t kMtimecmpHi = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIMECMP_HI;
inline constexpr Time kNsPerTick = 1'000'000'000 / kMtimeHz;
static_assert(1'000'000'000 % kMtimeHz == 0, "whole nanoseconds per tick");
inline constexpr Time kTicksPerMs = kMtimeHz / 1'000;

// Nanoseconds (a domain's time) to ticks, rounded up (a wake-up never early, a period
// never shorter); kForever stays kForever, times before boot become 0.
inline Time TicksFromNs(Time ns) {
  if (ns == kForever) return kForever;
  return ns <= 0 ? 0 : (ns + kNsPerTick - 1) / kNsPerTick;
}

// mtimecmp's high word as the kernel last wrote it. UINT32_MAX until the first
// SetTimerSlow: no time the kernel sets has that high word (times are below
// 2^63), so the one-store case never applies before both words are known.
extern uint32_t mtimecmp_hi;

// mtime in ticks since reset.
inline Time Now() {
  uint32_t hi, lo;
  do {
    hi = fw::Read32(kMtimeHi);
    lo = fw::Read32(kMtimeLo);
  } while (fw::Read32(kMtimeHi) != hi);
  return static_cast<Time>((static_cast<uint64_t>(hi) << 32) | lo);
}
// The low word of mtime alone: one load, for 32-bit differences (processor-time
// accounting) over spans shorter than 2^32 ticks (seven minutes at 10 MHz).
inline uint32_t ReadMtimeLo() { return fw::Read32(kMtimeLo); }

// Every case SetTimerFast does not handle.
void SetTimerSlow(Time when);
// The common case of SetTimer: a compare value with the high word that mtimecmp
// already holds: one store (a time already past makes the interrupt pending at once,
// as it should). False (nothing done) otherwise.
inline bool SetTimerFast(Time when) {
  if (static_cast<uint32_t>(static_cast<uint64_t>(when) >> 32) != mtimecmp_hi) return false;
  fw::Write32(kMtimecmpLo, static_cast<uint32_t>(when));
  return true;
}
// The same when the caller knows that mtimecmp's high word is already `when`'s (a
// planned decision: Atropos::Plan): the store alone.
inline void SetTimerLo(uint32_t when_lo) { fw::Write32(kMtimecmpLo, when_lo); }
// One shot: the timer interrupt becomes pending at `when` (kForever: never).
inline void SetTimer(Time when) {
  if (!SetTimerFast(when)) SetTimerSlow(when);
}
// The software-interrupt line: raised by a device domain, cleared by the kernel.
inline void ClearSoftwareInterrupt() { fw::Write32(PEGASUS_CLINT_BASE + PEGASUS_CLINT_MSIP, 0); }

}  // namespace pegasus::kernel::arch

#endif  // PEGASUS_KERNEL_ARCH_CLINT_H_
