// Loading PMP sets into the CSRs and probing how many entries the hart has; see
// pmp.h. The sets themselves are built in pmp_set.cc; the switch between domains is
// the straight-line code of pmp_switch.S.
#include "kernel/arch/pmp.h"

#include <stddef.h>

#include "kernel/arch/riscv.h"

extern "C" {
// pmp_switch.S: writes pmpaddr from the entry at `addr_entry` down to entry 3, then
// the configuration words from `cfg_entry` down to pmpcfg0, all from the set in a0.
extern const char pmp_switch_addr15[], pmp_switch_cfg3[];
}

namespace pegasus::kernel::arch {

// pmp_switch.S reads the set at these offsets.
static_assert(offsetof(PmpSet, cfg) == 0 && offsetof(PmpSet, addr) == 16);
static_assert(kPmpCommonEntries == 3, "pmp_switch.S stops at entry 3");

void WritePmpAddr(int i, uint32_t v) {
  switch (i) {
#define PEGASUS_PMPADDR(n) \
  case n: asm volatile("csrw pmpaddr" #n ", %0" ::"r"(v)); break;
    PEGASUS_PMPADDR(0) PEGASUS_PMPADDR(1) PEGASUS_PMPADDR(2) PEGASUS_PMPADDR(3)
    PEGASUS_PMPADDR(4) PEGASUS_PMPADDR(5) PEGASUS_PMPADDR(6) PEGASUS_PMPADDR(7)
    PEGASUS_PMPADDR(8) PEGASUS_PMPADDR(9) PEGASUS_PMPADDR(10) PEGASUS_PMPADDR(11)
    PEGASUS_PMPADDR(12) PEGASUS_PMPADDR(13) PEGASUS_PMPADDR(14) PEGASUS_PMPADDR(15)
#undef PEGASUS_PMPADDR
    default: break;
  }
}

namespace {
uint32_t ReadPmpAddr(int i) {
  uint32_t v = 0;
  switch (i) {
#define PEGASUS_PMPADDR(n) \
  case n: asm volatile("csrr %0, pmpaddr" #n : "=r"(v)); break;
    PEGASUS_PMPADDR(0) PEGASUS_PMPADDR(1) PEGASUS_PMPADDR(2) PEGASUS_PMPADDR(3)
    PEGASUS_PMPADDR(4) PEGASUS_PMPADDR(5) PEGASUS_PMPADDR(6) PEGASUS_PMPADDR(7)
    PEGASUS_PMPADDR(8) PEGASUS_PMPADDR(9) PEGASUS_PMPADDR(10) PEGASUS_PMPADDR(11)
    PEGASUS_PMPADDR(12) PEGASUS_PMPADDR(13) PEGASUS_PMPADDR(14) PEGASUS_PMPADDR(15)
#undef PEGASUS_PMPADDR
    default: break;
  }
  return v;
}

}  // namespace

int PmpEntriesPresent() {
  int n = 0;
  for (int i = 0; i < kPmpEntries; ++i) {
    WritePmpAddr(i, 0x3FFFFFFu);
    if (ReadPmpAddr(i) == 0) break;
    WritePmpAddr(i, 0);
    ++n;
  }
  return n;
}

uint32_t PmpGranuleBytes() {
  WritePmpAddr(0, 0xFFFFFFFFu);
  const uint32_t v = ReadPmpAddr(0);
  WritePmpAddr(0, 0);
  if (v == 0) return 0;  // no PMP: the caller finds no entries either
  return 4u << __builtin_ctz(v);
}

void LoadPmp(const PmpSet& s) {
  // Machine mode is not subject to PMP (no entry is locked), so the order of the
  // writes does not matter: they all land before the mret into user mode.
  for (int i = 0; i < kPmpEntries; ++i) WritePmpAddr(i, s.addr[i]);
  Write_pmpcfg0(s.cfg[0]);
  Write_pmpcfg1(s.cfg[1]);
  Write_pmpcfg2(s.cfg[2]);
  Write_pmpcfg3(s.cfg[3]);
}

// Each step of either sequence is two 4-byte instructions.
PmpSwitch PreparePmpSwitch(int end) {
  return {pmp_switch_addr15 + 8 * (kPmpEntries - end), pmp_switch_cfg3 + 8 * (3 - (end - 1) / 4)};
}

}  // namespace pegasus::kernel::arch
