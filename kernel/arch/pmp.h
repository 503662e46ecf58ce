// Physical memory protection for user-mode domains. Each domain has a PmpSet
// computed once when it is created; the entries every domain has come first:
//   entry 0-1  TOR over the shared code and read-only data: read, execute;
//   entry 2    NAPOT over CLINT mtime: read;
//   entry 3    NAPOT over the domain's own memory block: read, write;
//   entry 4..  NAPOT over each shared segment, with the rights the domain was given.
// Entries 0-2 are the same in every set and written once, at boot; a switch between
// domains writes only entries 3 to the highest entry any domain uses, and the
// configuration words covering them, in straight-line code (arch/pmp_switch.S) whose
// entry points are chosen at boot for that span.
// No entry is locked, so machine mode (the kernel and kernel-privileged sections)
// is not restricted; user mode may touch nothing that no entry covers.
#ifndef PEGASUS_KERNEL_ARCH_PMP_H_
#define PEGASUS_KERNEL_ARCH_PMP_H_

#include <stdint.h>

namespace pegasus::kernel::arch {

inline constexpr int kPmpEntries = 16;  // the architecture's maximum (RV32: 16 here)
inline constexpr uint8_t kPmpR = 1, kPmpW = 2, kPmpX = 4;
// Entries that are the same in every domain's set (shared code pair, mtime).
inline constexpr int kPmpCommonEntries = 3;

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
  // True if entries [0, count) (address and configuration) equal `other`'s.
  bool SameEntries(const PmpSet& other, int count) const;
};

// Writes every entry of `set` into the CSRs (boot, and the first dispatch).
void LoadPmp(const PmpSet& set);
// Where pmp_switch.S enters its two sequences for a span (the kernel keeps it next
// to its other hot fields).
struct PmpSwitch {
  const char* addr_entry = nullptr;
  const char* cfg_entry = nullptr;
};
// Chooses the span a switch writes: entries kPmpCommonEntries..end-1, where `end` is
// the highest entry count of any domain (> kPmpCommonEntries). Boot only.
PmpSwitch PreparePmpSwitch(int end);
// Loads a domain's set over another one's: only the span `entries` was prepared for.
// Inline: a jump into the straight-line code of pmp_switch.S, which returns through
// t1 and clobbers t0 only. pmpcfg0 is always written (entry 3 is in it): QEMU (7.2)
// drops its cached translations, which hold PMP decisions, only on a pmpcfg write.
inline void SwitchPmp(const PmpSet& set, const PmpSwitch& entries) {
  register const PmpSet* a0 asm("a0") = &set;
  register const char* a1 asm("a1") = entries.addr_entry;
  register const char* a2 asm("a2") = entries.cfg_entry;
  asm volatile("jalr t1, 0(%1)" : : "r"(a0), "r"(a1), "r"(a2) : "t0", "t1", "memory");
}
// How many PMP entries the hart implements (16 on QEMU virt, 8 on the soft core),
// found by writing pmpaddr registers and reading them back. Boot only.
int PmpEntriesPresent();

}  // namespace pegasus::kernel::arch

#endif  // PEGASUS_KERNEL_ARCH_PMP_H_
