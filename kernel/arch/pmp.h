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
// PMP granule: a hart may protect nothing smaller than its granule, 2^(G+2) bytes (4
// on QEMU virt and the ECP5 build of the soft core, 4 KiB on its UP5K build). Each
// set is built for the hart's granule (found at boot): a TOR bound must be a multiple
// of it and a NAPOT region at least that large, or the entry is refused, since the
// hart would round it to whole granules and grant more than was asked for.
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
  uint32_t granule = 4;  // the hart's PMP granule in bytes (a power of two, >= 4)

  // Adds the TOR pair for [base, end); both multiples of the granule.
  bool AddRange(uintptr_t base, uintptr_t end, uint8_t rights);
  // Adds a naturally aligned power-of-two region (size >= 8 and >= the granule).
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
// The hart's PMP granule in bytes, found as the privileged specification says: all
// ones written to pmpaddr0 while entry 0 is off read back with G low zero bits. Boot
// only, before any set is loaded (it leaves pmpaddr0 zero).
uint32_t PmpGranuleBytes();

}  // namespace pegasus::kernel::arch

#endif  // PEGASUS_KERNEL_ARCH_PMP_H_
