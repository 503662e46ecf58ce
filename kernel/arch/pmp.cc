// Loading PMP sets into the CSRs and probing how many entries the hart has; see
// pmp.h. The sets themselves are built in pmp_set.cc.
#include "kernel/arch/pmp.h"

#include "kernel/arch/riscv.h"

namespace pegasus::kernel::arch {

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

void LoadPmp(const PmpSet& s, const PmpSet* loaded) {
  // Machine mode is not subject to PMP (no entry is locked), so the order of the
  // writes does not matter: they all land before the mret into user mode. Entries
  // and configuration words equal to the loaded set's (the shared-code pair, for
  // one) are not written again.
  // pmpcfg0 is always written: QEMU (7.2) drops its cached translations, which
  // hold PMP decisions, only on a pmpcfg write, not on a pmpaddr one.
  const int n = loaded && loaded->used > s.used ? loaded->used : s.used;
  for (int i = 0; i < n; ++i)
    if (!loaded || loaded->addr[i] != s.addr[i]) WritePmpAddr(i, s.addr[i]);
  Write_pmpcfg0(s.cfg[0]);
  if (!loaded || loaded->cfg[1] != s.cfg[1]) Write_pmpcfg1(s.cfg[1]);
  if (!loaded || loaded->cfg[2] != s.cfg[2]) Write_pmpcfg2(s.cfg[2]);
  if (!loaded || loaded->cfg[3] != s.cfg[3]) Write_pmpcfg3(s.cfg[3]);
}

}  // namespace pegasus::kernel::arch
