/* trap: synchronous exceptions and their CSRs: ECALL from M and U, EBREAK, illegal
 * instructions (unknown opcode, CSR not present, write to a read-only CSR, MRET and
 * machine CSRs in U-mode), load and store access faults, mstatus MIE/MPIE/MPP through
 * trap entry and MRET, a trap at once after an mtvec write. The handler records
 * mcause, mepc, mtval and mstatus in s1..s4 and resumes after the trapping
 * instruction, or at s5 when it is set (to leave U-mode). PMP entry 0 grants U-mode
 * everything (QEMU implements PMP, so without it U-mode could not run). */
#include "isa_test.h"
TEST_BEGIN
  la t0, handler
  csrw mtvec, t0
  li s5, 0
  TEST(1)
1: ecall
  CHECK(s1, 11)
  la t0, 1b; bne s2, t0, fail
  TEST(2)
1: ebreak
  CHECK(s1, 3)
  la t0, 1b; bne s2, t0, fail
  TEST(3)
1: .word 0
  CHECK(s1, 2)
  CHECK(s3, 0)
  la t0, 1b; bne s2, t0, fail
  TEST(4)
1: csrw mhartid, zero         /* read-only */
  CHECK(s1, 2)
  la t0, 1b; bne s2, t0, fail
  li s1, 0
1: csrr a0, 0x7c0             /* no such CSR */
  CHECK(s1, 2)
  TEST(5)
  li t0, 0x800                /* memory-map: not an address (a hole below the ROM) */
  li s1, 0
1: lw a0, 0(t0)
  CHECK(s1, 5)
  CHECK(s3, 0x800)
  la t0, 1b; bne s2, t0, fail
  TEST(6)
  li t0, 0x804
2: sw a0, 0(t0)
  CHECK(s1, 7)
  CHECK(s3, 0x804)
  la t0, 2b; bne s2, t0, fail
  TEST(7)
  csrsi mstatus, 8            /* MIE = 1 (no interrupt is enabled in mie) */
  ecall
  li t0, 0x1888; and s4, s4, t0
  CHECK(s4, 0x1880)           /* in the handler: MPP = M, MPIE = 1, MIE = 0 */
  csrr a0, mstatus
  and a0, a0, t0
  CHECK(a0, 0x88)             /* after MRET: MIE = MPIE = 1, MPP = U */
  csrci mstatus, 8
  TEST(8)
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f                 /* NAPOT, R W X */
  csrw pmpcfg0, t0
  la s5, 3f
  la t0, user1
  csrw mepc, t0
  li t0, 0x1800
  csrc mstatus, t0            /* MPP = U */
  mret
user1:
  li a0, 7
  ecall
  j fail
3: CHECK(s1, 8)
  la t0, user1; addi t0, t0, 4; bne s2, t0, fail
  li t0, 0x1800; and s4, s4, t0; CHECK(s4, 0)   /* MPP = U */
  CHECK(a0, 7)
  TEST(9)
  la s5, 3f
  la t0, user2
  csrw mepc, t0
  mret                        /* MPP is U after the last MRET */
user2:
  csrr a0, mstatus
  j fail
3: CHECK(s1, 2)
  la t0, user2; bne s2, t0, fail
  TEST(10)
  la s5, 3f
  la t0, user3
  csrw mepc, t0
  mret
user3:
  mret
  j fail
3: CHECK(s1, 2)
  la t0, user3; bne s2, t0, fail
  TEST(11)
  la s5, 3f
  la t0, user4
  csrw mepc, t0
  mret
user4:
  csrr a0, mscratch
  j fail
3: CHECK(s1, 2)
  TEST(12)                    /* a trap at once after an mtvec write takes the new vector */
  li s6, 0
  la t0, handler2
  csrw mtvec, t0
1: ecall
  CHECK(s6, 1)
  CHECK(s1, 11)
  la t0, 1b; bne s2, t0, fail
  j pass

handler:
  csrr s1, mcause
  csrr s2, mepc
  csrr s3, mtval
  csrr s4, mstatus
  bnez s5, 1f
  addi t5, s2, 4
  csrw mepc, t5
  mret
1: mv t5, s5
  li s5, 0
  jr t5

  .balign 4
handler2:                     /* mtvec for TEST(12): marks s6, then as handler */
  li s6, 1
  j handler
TEST_END
