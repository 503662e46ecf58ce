// Machine-mode CSR access for the kernel: one tiny named function per register, so
// the kernel reads as register operations. RV32, machine mode only (the kernel is the
// only machine-mode code apart from kernel-privileged sections).
#ifndef PEGASUS_KERNEL_ARCH_RISCV_H_
#define PEGASUS_KERNEL_ARCH_RISCV_H_

#include <stdint.h>

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

#define PEGASUS_CSR_RW(name)                                              \
  inline uint32_t Read_##name() {                                         \
    uint32_t v;                                                           \
    asm volatile("csrr %0, " #name : "=r"(v));                            \
    return v;                                                             \
  }                                                                       \
  inline void Write_##name(uint32_t v) { asm volatile("csrw " #name ", %0" ::"r"(v)); }

PEGASUS_CSR_RW(mstatus)
PEGASUS_CSR_RW(mepc)
PEGASUS_CSR_RW(mcause)
PEGASUS_CSR_RW(mtval)
PEGASUS_CSR_RW(mie)
PEGASUS_CSR_RW(mip)
PEGASUS_CSR_RW(mscratch)
PEGASUS_CSR_RW(mtvec)
PEGASUS_CSR_RW(mcounteren)
PEGASUS_CSR_RW(scounteren)
PEGASUS_CSR_RW(minstret)
PEGASUS_CSR_RW(mcycle)
PEGASUS_CSR_RW(pmpcfg0)
PEGASUS_CSR_RW(pmpcfg1)
PEGASUS_CSR_RW(pmpcfg2)
PEGASUS_CSR_RW(pmpcfg3)
#undef PEGASUS_CSR_RW

inline constexpr uint32_t kMisaS = 1u << ('S' - 'A');

// Lets user mode read cycle, time and instret: mcounteren, and scounteren too when
// S-mode exists (QEMU virt; it would be an illegal instruction on the soft core).
inline void EnableUserCounters() {
  Write_mcounteren(kCounterenAll);
  uint32_t misa;
  asm volatile("csrr %0, misa" : "=r"(misa));
  if (misa & kMisaS) Write_scounteren(kCounterenAll);
}

// pmpaddr<i>; CSR numbers must be immediates, hence the switch.
void WritePmpAddr(int i, uint32_t v);

inline void WaitForInterrupt() { asm volatile("wfi"); }

}  // namespace pegasus::kernel::arch

#endif  // PEGASUS_KERNEL_ARCH_RISCV_H_
