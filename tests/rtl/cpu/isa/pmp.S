/* pmp: physical memory protection. U-mode is granted or denied read, write and execute
 * by NAPOT, NA4 and TOR entries; the lowest-numbered matching entry decides; with no
 * match U-mode is denied; unlocked entries do not bind M-mode and locked ones do (a
 * locked entry and its address cannot be changed). Access faults report mcause 1, 5
 * or 7 with mtval = the address. The handler records mcause, mepc and mtval in s1..s3,
 * and continues at s5 (back in M-mode) or after the faulting instruction. */
#include "pmp_test.h"
#define ro (DATA + 0x00)
#define rw (DATA + 0x08)
#define tor_lo (DATA + 0x20)
#define tor_hi (DATA + 0x30)
#define other (DATA + 0x40)

TEST_BEGIN
  la t0, handler
  csrw mtvec, t0
  li s5, 0
  /* entry 0: NAPOT over the image: R X.  entry 1: NA4 on word `ro`: R.
     entry 2: NAPOT on `rw` (8 bytes): R W.  entry 3: off, the bottom of entry 4:
     TOR [tor_lo, tor_hi): R W. */
  li t0, ro
  li t1, 0x1234
  sw t1, 0(t0)
  li t0, NAPOT(PEGASUS_RAM_BASE, IMAGE_SIZE)
  csrw pmpaddr0, t0
  li t0, ro
  srli t0, t0, 2
  csrw pmpaddr1, t0
  li t0, rw
  srli t0, t0, 2
  csrw pmpaddr2, t0
  li t0, tor_lo
  srli t0, t0, 2
  csrw pmpaddr3, t0
  li t0, tor_hi
  srli t0, t0, 2
  csrw pmpaddr4, t0
  li t0, (R | X | A_NAPOT) | ((R | A_NA4) << 8) | ((R | W | A_NAPOT) << 16)
  csrw pmpcfg0, t0
  li t0, (R | W | A_TOR)
  csrw pmpcfg1, t0       /* entry 4: TOR from pmpaddr3 to pmpaddr4 */
  csrr t1, pmpcfg0
  li t2, (R | X | A_NAPOT) | ((R | A_NA4) << 8) | ((R | W | A_NAPOT) << 16)
  bne t1, t2, fail

  TEST(1)                 /* U reads ro (NA4), denied writing it */
  TO_USER(u1, 1f)
u1:
  li t0, ro
  lw a0, 0(t0)
2: sw a0, 0(t0)
  j fail
1: CHECK_TRAP(7, ro)
  la t0, 2b; bne s2, t0, fail
  CHECK(a0, 0x1234)

  TEST(2)                 /* U reads and writes rw (NAPOT 8 bytes), second word too */
  TO_USER(u2, 1f)
u2:
  li t0, rw
  li a0, 55
  sw a0, 4(t0)
  lw a1, 4(t0)
  ecall
  j fail
1: CHECK(s1, 8)
  CHECK(a1, 55)

  TEST(3)                 /* U reads and writes inside TOR, denied just past it */
  TO_USER(u3, 1f)
u3:
  li t0, tor_lo
  sw t0, 8(t0)
  lw a1, 8(t0)
  li t0, tor_hi
  lw a2, 0(t0)
  j fail
1: CHECK_TRAP(5, tor_hi)
  li t0, tor_lo; bne a1, t0, fail

  TEST(4)                 /* U cannot execute from a data region (R W, no X) */
  li t0, tor_lo
  li t1, 0x00000073      /* ecall, never reached */
  sw t1, 0(t0)
  la s5, 1f
  csrw mepc, t0
  li t0, 0x1800
  csrc mstatus, t0
  mret
1: CHECK_TRAP(1, tor_lo)

  TEST(5)                 /* no matching entry: U denied; M allowed */
  li t0, other
  lw a0, 0(t0)            /* M: fine */
  TO_USER(u5, 1f)
u5:
  li t0, other
  lw a0, 0(t0)
  j fail
1: CHECK(s1, 5)

  TEST(6)                 /* unlocked entry does not bind M; locked one does */
  li t0, ro
  li a0, 0x99
  sw a0, 0(t0)            /* M writes ro: entry 1 unlocked */
  lw a1, 0(t0)
  CHECK(a1, 0x99)
  li t1, L << 8
  csrs pmpcfg0, t1        /* lock entry 1 (R only) */
  li s1, 0
  sw zero, 0(t0)          /* M write now faults */
  CHECK(s1, 7)
  lw a1, 0(t0)            /* read still allowed */
  CHECK(a1, 0x99)
  TEST(7)                 /* locked entry: cfg and address writes are ignored */
  li t1, (W << 8)
  csrs pmpcfg0, t1
  csrr t2, pmpcfg0
  srli t2, t2, 8
  andi t2, t2, 0xff
  CHECK(t2, (R | A_NA4 | L))
  csrr t3, pmpaddr1
  csrw pmpaddr1, zero
  csrr t4, pmpaddr1
  bne t3, t4, fail

  TEST(8)                 /* overlapping entries: the lowest-numbered match decides */
  li t0, NAPOT(other, 32)
  csrw pmpaddr6, t0
  li t0, other
  srli t0, t0, 2
  csrw pmpaddr5, t0
  /* entry 5: NA4 on `other`, R; entry 6: the 32 bytes from `other`, R W */
  li t0, (R | W | A_TOR) | ((R | A_NA4) << 8) | ((R | W | A_NAPOT) << 16)
  csrw pmpcfg1, t0
  TO_USER(u8, 1f)
u8:
  li t0, other
  sw zero, 8(t0)          /* entry 6 alone: allowed */
  sw zero, 0(t0)          /* entries 5 and 6: entry 5 decides, no write */
  j fail
1: CHECK_TRAP(7, other)

  TEST(9)                 /* ... also when the lower entry grants more */
  li t0, NAPOT(other, 32)
  csrw pmpaddr7, t0
  li t0, other + 16
  srli t0, t0, 2
  csrw pmpaddr6, t0
  /* entry 6: NA4 on `other` + 16, R W; entry 7: the 32 bytes from `other`, R */
  li t0, (R | W | A_TOR) | ((R | A_NA4) << 8) | ((R | W | A_NA4) << 16) | \
         ((R | A_NAPOT) << 24)
  csrw pmpcfg1, t0
  TO_USER(u9, 1f)
u9:
  li t0, other
  sw zero, 16(t0)         /* entries 6 and 7: entry 6 decides, allowed */
  sw zero, 20(t0)         /* entry 7 alone: no write */
  j fail
1: CHECK_TRAP(7, other + 20)
  j pass

handler:
  csrr s1, mcause
  csrr s2, mepc
  csrr s3, mtval
  bnez s5, 1f
  addi t5, s2, 4
  csrw mepc, t5
  mret
1: mv t5, s5
  li s5, 0
  jr t5
TEST_END

