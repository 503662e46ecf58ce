/* pmp_granule: PMP with granularity G = 10 (4 KiB granules, the core built with
 * PmpGranularity 10, as for the UP5K). pmpaddr bits 9:0 read zero in OFF and TOR mode
 * and bits 8:0 read one in NAPOT mode (privileged architecture 1.12, 3.7.1); NA4 is
 * not selectable; a NAPOT region is at least one granule and a TOR bound falls to its
 * granule. Core only: QEMU virt has 4-byte granules. The handler records mcause, mepc
 * and mtval in s1..s3 and continues at s5 (back in M-mode). */
#include "pmp_test.h"
#define CLINT_REG(r) PEGASUS_CLINT_##r##_ADDR

TEST_BEGIN
  la t0, handler
  csrw mtvec, t0
  li s5, 0

  TEST(1)                 /* OFF: bits 9:0 read zero (how software finds G) */
  li t0, -1
  csrw pmpaddr0, t0
  csrr t1, pmpaddr0
  CHECK(t1, 0xFFFFFC00)

  TEST(2)                 /* NAPOT: bits 8:0 read one, bit 9 is kept */
  li t0, A_NAPOT
  csrw pmpcfg0, t0
  csrr t1, pmpaddr0
  CHECK(t1, 0xFFFFFFFF)
  li t0, 0x12345000
  csrw pmpaddr0, t0
  csrr t1, pmpaddr0
  CHECK(t1, 0x123451FF)
  li t0, 0x12345200
  csrw pmpaddr0, t0
  csrr t1, pmpaddr0
  CHECK(t1, 0x123453FF)
  csrw pmpcfg0, zero      /* OFF again: bit 9 reads zero */
  csrr t1, pmpaddr0
  CHECK(t1, 0x12345000)

  TEST(3)                 /* NA4 is not selectable: written as OFF */
  li t0, (R | A_NA4)
  csrw pmpcfg0, t0
  csrr t1, pmpcfg0
  CHECK(t1, R)

  /* entry 0: NAPOT over the image: R X.  entry 1: NAPOT of 8 bytes at DATA, which is
     the granule [DATA, DATA + 0x1000): R W.  entry 2: off, the bottom of entry 3:
     TOR [DATA + 0x2100, DATA + 0x3100), that is [DATA + 0x2000, DATA + 0x3000): R. */
  li t0, NAPOT(PEGASUS_RAM_BASE, IMAGE_SIZE)
  csrw pmpaddr0, t0
  li t0, NAPOT(DATA, 8)
  csrw pmpaddr1, t0
  li t0, (DATA + 0x2100) >> 2
  csrw pmpaddr2, t0
  li t0, (DATA + 0x3100) >> 2
  csrw pmpaddr3, t0
  li t0, (R | X | A_NAPOT) | ((R | W | A_NAPOT) << 8) | ((R | A_TOR) << 24)
  csrw pmpcfg0, t0
  csrr t1, pmpaddr3       /* TOR: the bound as the check uses it */
  CHECK(t1, (DATA + 0x3000) >> 2)
  csrr t1, pmpaddr1       /* NAPOT: one granule */
  CHECK(t1, (DATA >> 2) | 0x1FF)
  li t0, DATA + 0x800
  li t1, 0x5678
  sw t1, 0(t0)            /* M: fine (no entry binds M) */

  TEST(4)                 /* U writes and reads anywhere in the granule of entry 1 */
  TO_USER(u4, 1f)
u4:
  li t0, DATA + 0xFFC
  li a0, 77
  sw a0, 0(t0)
  lw a1, 0(t0)
  li t0, DATA + 0x800
  lw a2, 0(t0)
  ecall
  j fail
1: CHECK(s1, 8)
  CHECK(a1, 77)
  CHECK(a2, 0x5678)

  TEST(5)                 /* ... but not past it */
  TO_USER(u5, 1f)
u5:
  li t0, DATA + 0x1000
  lw a0, 0(t0)
  j fail
1: CHECK_TRAP(5, DATA + 0x1000)

  TEST(6)                 /* TOR: U reads from the bottom granule's start ... */
  TO_USER(u6, 1f)
u6:
  li t0, DATA + 0x2000
  lw a0, 0(t0)
  li t0, DATA + 0x2FFC
  lw a0, 0(t0)
  ecall
  j fail
1: CHECK(s1, 8)

  TEST(7)                 /* ... to the top granule's start, excluded; no writes */
  TO_USER(u7, 1f)
u7:
  li t0, DATA + 0x3000
  lw a0, 0(t0)
  j fail
1: CHECK_TRAP(5, DATA + 0x3000)
  TO_USER(u7b, 1f)
u7b:
  li t0, DATA + 0x2000
  sw zero, 0(t0)
  j fail
1: CHECK_TRAP(7, DATA + 0x2000)

  /* A core may keep PMP decisions per granule (cpu_core's PmpCache); these checks
     change the mode or the entries between two accesses to one granule, with no
     other access in between (the handler makes none). */
  TEST(8)                 /* M wrote DATA + 0x1000's granule: U still may not read it */
  li t0, DATA + 0x1004
  sw zero, 0(t0)
  TO_USER(u8, 1f)
u8:
  li t0, DATA + 0x1004
  lw a0, 0(t0)
  j fail
1: CHECK_TRAP(5, DATA + 0x1004)

  TEST(9)                 /* U wrote a granule; entry 1 then loses W: U may not write */
  TO_USER(u9, 1f)
u9:
  li t0, DATA + 0x10
  sw zero, 0(t0)
  ecall
  j fail
1: CHECK(s1, 8)
  li t0, (R | X | A_NAPOT) | ((R | A_NAPOT) << 8) | ((R | A_TOR) << 24)
  csrw pmpcfg0, t0
  TO_USER(u9b, 1f)
u9b:
  li t0, DATA + 0x10
  sw zero, 0(t0)
  j fail
1: CHECK_TRAP(7, DATA + 0x10)

  TEST(10)                /* base in one granule, base + offset in the next */
  TO_USER(u10, 1f)
u10:
  li t0, DATA + 0x800
  lw a0, 0(t0)            /* entry 1's granule: allowed */
  li t0, DATA + 0xFF0
  lw a0, 0x10(t0)         /* DATA + 0x1000: no entry, no read */
  j fail
1: CHECK_TRAP(5, DATA + 0x1000)
  j nox_page

  /* TEST(11): M runs in a granule in which U may read but not execute, and returns
     to U there: U's first fetch faults. */
  .balign 4096
nox_page:
  TEST(11)
  la s5, 1f
  la t0, nox_page
  srli t0, t0, 2
  ori t0, t0, 0x1FF
  csrw pmpaddr0, t0
  li t0, (R | A_NAPOT)
  csrw pmpcfg0, t0        /* entry 0: this granule, R; the others off */
  la t0, u11
  csrw mepc, t0
  li t0, 0x1800
  csrc mstatus, t0
  mret
u11:
  j fail
1: CHECK(s1, 1)
  la t0, u11; bne s2, t0, fail
  j irq_page

  /* TEST(12): an interrupt taken while the check of U's first fetch (in a granule
     without X, decided by entry 6) is still being made; the handler, in another
     granule, is checked for itself (with an entry locked, M-mode is checked too:
     entry 7, locked, R W X over the image). A core that decided misses over several
     cycles and gave the handler U's answer would fault on the handler's fetch. */
  .balign 4096
irq_page:
  TEST(12)
  la t0, irq_upage
  srli t0, t0, 2
  ori t0, t0, 0x1FF
  csrw pmpaddr6, t0
  li t0, NAPOT(PEGASUS_RAM_BASE, IMAGE_SIZE)
  csrw pmpaddr7, t0
  li t0, (R | A_NAPOT) << 16 | (R | W | X | A_NAPOT | L) << 24
  csrw pmpcfg1, t0        /* entries 6 and 7 */
  li t0, 8
  csrw mie, t0            /* MSIE; mstatus.MIE is 0, so M-mode does not take it */
  li t1, CLINT_REG(MSIP)
  li t2, 1
  sw t2, 0(t1)
  la s5, 1f
  la t0, irq_upage
  csrw mepc, t0
  li t0, 0x1800
  csrc mstatus, t0
  mret                    /* U-mode takes the interrupt at its first instruction */
1: li t1, CLINT_REG(MSIP)
  sw zero, 0(t1)
  csrw mie, zero
  CHECK(s1, 0x80000003)
  la t0, irq_upage; bne s2, t0, fail

  TEST(13)                /* the last entry decides: U runs here and reads the image by
                             entry 7 alone (entries 0 and 6 hold other granules, the
                             rest are off), and may not write past it */
  TO_USER(u13, 1f)
u13:
  la t0, handler
  lw a0, 0(t0)
  li t0, DATA
  sw zero, 0(t0)
  j fail
1: CHECK_TRAP(7, DATA)
  la t0, handler
  lw t1, 0(t0)
  bne a0, t1, fail
  j stub_check

  /* TEST(14), last (its entry stays locked): M locks an entry without X over the
     granule it runs in; its next fetch there faults. In a granule of its own, with the
     handler after it: not TEST(12)'s, where M's fetches were last checked. */
  .balign 4096
stub_check:
  TEST(14)
  la s5, 1f
  la t0, stub_page
  srli t0, t0, 2
  ori t0, t0, 0x1FF
  csrw pmpaddr0, t0
  li t1, (R | A_NAPOT | L)
  j stub_page
1: CHECK(s1, 1)
  la t0, stub_next; bne s2, t0, fail
  j pass

handler:
  csrr s1, mcause
  csrr s2, mepc
  csrr s3, mtval
  mv t5, s5
  li s5, 0
  jr t5
TEST_END

/* TEST(12)'s U-mode granule: R, no X (entry 6). */
  .balign 4096
irq_upage:
  j fail

/* TEST(14)'s granule, after the handler and the exits, which must stay executable. */
  .balign 4096
stub_page:
  csrw pmpcfg0, t1        /* entry 0: this granule, locked, R */
stub_next:
  j fail
