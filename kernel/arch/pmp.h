// Physical memory protection for user-mode domains. Each domain has a PmpSet
// computed once when it is created and loaded whenever it is dispatched:
//   entry 0-1  TOR over the shared code and read-only data: read, execute;
//   entry 2    NAPOT over the domain's own memory block: read, write;
//   entry 3..  NAPOT over each shared segment, with the rights the domain was given.
// No entry is locked, so machine mode (the kernel and kernel-privileged sections)
// is not restricted; user mode may touch nothing that no entry covers.
#ifndef PEGASUS_KERNEL_ARCH_PMP_H_
#define PEGASUS_KERNEL_ARCH_PMP_H_

#include <stdint.h>

namespace pegasus::kernel::arch {

inline constexpr int kPmpEntries = 16;  // the architecture's maximum (RV32: 16 here)
inline constexpr uint8_t kPmpR = 1, kPmpW = 2, kPmpX = 4;

struct PmpSet {
  uint32_t cfg[kPmpEntries / 4] = {};
  uint32_t addr[kPmpEntries] = {};
  int used = 0;

  // Adds the TOR pair for [base, end).
  bool AddRange(uintptr_t base, uintptr_t end, uint8_t rights);
  // Adds a naturally aligned power-of-two region (size >= 8).
  bool AddNapot(uintptr_t base, uint32_t size, uint8_t rights);
  // True if [addr, addr+len) lies inside one region with all of `rights`.
  bool Allows(uintptr_t addr, uint32_t len, uint8_t rights) const;
};

// Loads `set`; `loaded` is the set now in the CSRs (nullptr: unknown, write all).
void LoadPmp(const PmpSet& set, const PmpSet* loaded);
// How many PMP entries the hart implements (16 on QEMU virt, 8 on the soft core),
// found by writing pmpaddr registers and reading them back. Boot only.
int PmpEntriesPresent();

}  // namespace pegasus::kernel::arch

#endif  // PEGASUS_KERNEL_ARCH_PMP_H_
