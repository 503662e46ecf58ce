// Machine-mode definitions for the kernel: CSR field constants and trap causes; the
// CSR access functions themselves are the firmware's (firmware/lib/csr.h). RV32, machine mode only (the kernel is the
// only machine-mode code apart from kernel-privileged sections).
#ifndef PEGASUS_KERNEL_ARCH_RISCV_H_
#define PEGASUS_KERNEL_ARCH_RISCV_H_

#include <stdint.h>

#include "firmware/lib/csr.h"

namespace pegasus::kernel::arch {

// mstatus fields.
inline constexpr uint32_t kMstatusMie = 1u << 3;
inline constexpr uint32_t kMstatusMpie = 1u << 7;
inline constexpr uint32_t kMstatusMppShift = 11;
inline constexpr uint32_t kMstatusMppMask = 3u << kMstatusMppShift;
inline constexpr uint32_t kPrivUser = 0;
inline constexpr uint32_t kPrivMachine = 3;
// mie / mip bits.
inline constexpr uint32_t kIrqMachineSoftware = 1u << 3;
inline constexpr uint32_t kIrqMachineTimer = 1u << 7;
// mcause.
inline constexpr uint32_t kCauseInterrupt = 1u << 31;
inline constexpr uint32_t kCauseMachineSoftware = 3;
inline constexpr uint32_t kCauseMachineTimer = 7;
inline constexpr uint32_t kCauseInstructionFault = 1;
inline constexpr uint32_t kCauseIllegalInstruction = 2;
inline constexpr uint32_t kCauseLoadFault = 5;
inline constexpr uint32_t kCauseStoreFault = 7;
inline constexpr uint32_t kCauseEcallUser = 8;
inline constexpr uint32_t kCauseEcallMachine = 11;
// mcounteren (and scounteren, which also gates user mode when S-mode exists, as on
// QEMU virt): let user mode read cycle, time and instret.
inline constexpr uint32_t kCounterenAll = 0x7;

// Read_<csr>/Write_<csr>/Set_<csr>/Clear_<csr> from the firmware's CSR layer.
using namespace pegasus::fw::csr;

inline constexpr uint32_t kMisaS = 1u << ('S' - 'A');

// Lets user mode read cycle, time and instret: mcounteren, and scounteren too when
// S-mode exists (QEMU virt; it would be an illegal instruction on the soft core).
inline void EnableUserCounters() {
  Write_mcounteren(kCounterenAll);
  if (Read_misa() & kMisaS) Write_scounteren(kCounterenAll);
}

// pmpaddr<i>; CSR numbers must be immediates, hence the switch.
void WritePmpAddr(int i, uint32_t v);

inline void WaitForInterrupt() { asm volatile("wfi"); }

}  // namespace pegasus::kernel::arch

#endif  // PEGASUS_KERNEL_ARCH_RISCV_H_
