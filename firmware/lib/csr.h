// Machine-mode CSR access for firmware and the kernel: one tiny function per CSR and
// operation, so code reads as register operations and no caller writes inline
// assembly for a plain CSR access. CSR numbers must be immediates, hence a macro
// that stamps out the functions per CSR name.
//   Read_<csr>()      csrr        Write_<csr>(v)   csrw
//   Set_<csr>(bits)   csrs        Clear_<csr>(bits) csrc
#ifndef PEGASUS_FIRMWARE_LIB_CSR_H_
#define PEGASUS_FIRMWARE_LIB_CSR_H_

#include <stdint.h>

namespace pegasus::fw::csr {

#define PEGASUS_CSR_READ(name)                                            \
  inline uint32_t Read_##name() {                                         \
    uint32_t v;                                                           \
    asm volatile("csrr %0, " #name : "=r"(v));                            \
    return v;                                                             \
  }
#define PEGASUS_CSR_RW(name)                                                         \
  PEGASUS_CSR_READ(name)                                                             \
  inline void Write_##name(uint32_t v) { asm volatile("csrw " #name ", %0" ::"r"(v)); } \
  inline void Set_##name(uint32_t v) { asm volatile("csrs " #name ", %0" ::"r"(v)); }   \
  inline void Clear_##name(uint32_t v) { asm volatile("csrc " #name ", %0" ::"r"(v)); }

PEGASUS_CSR_READ(misa)
PEGASUS_CSR_READ(mhartid)
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
#undef PEGASUS_CSR_READ

}  // namespace pegasus::fw::csr

#endif  // PEGASUS_FIRMWARE_LIB_CSR_H_
