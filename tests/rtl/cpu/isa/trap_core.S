/* trap_core: exceptions whose details QEMU does not share with the core (QEMU has the
 * C extension and emulates misaligned accesses): misaligned JALR, JAL and taken-branch
 * targets (cause 0; not-taken branches do not trap),
 * misaligned loads and stores (4, 6) with mtval = the address, mtval of an illegal
 * instruction (its bits) and of EBREAK (zero), a reserved mtvec mode ignored; and
 * minstret[h] written (QEMU without -icount counts host clock ticks): the next
 * instruction reads the value written, the writing instruction itself not counted,
 * and every instruction after it counts, carries into minstreth included. */
#include "isa_test.h"
TEST_BEGIN
  la t0, handler
  csrw mtvec, t0
  la a4, buf
  TEST(1)
  la a0, 2f
  addi a0, a0, 2
1: jalr ra, 0(a0)
2: CHECK(s1, 0)
  bne s3, a0, fail
  la t0, 1b; bne s2, t0, fail
  TEST(3)
1: lw a0, 1(a4)
  CHECK(s1, 4)
  addi t0, a4, 1; bne s3, t0, fail
1: lh a0, 3(a4)
  CHECK(s1, 4)
1: lhu a0, 1(a4)
  CHECK(s1, 4)
1: sw a0, 2(a4)
  CHECK(s1, 6)
  addi t0, a4, 2; bne s3, t0, fail
1: sh a0, 1(a4)
  CHECK(s1, 6)
  li s1, 0
  lh a0, 2(a4)               /* aligned halfword: no trap */
  lb a0, 3(a4)
  CHECK(s1, 0)
  TEST(4)
1: .word 0xffffffff
  CHECK(s1, 2)
  CHECK(s3, 0xffffffff)
1: ebreak
  CHECK(s1, 3)
  CHECK(s3, 0)
  TEST(6)
  /* Branches and JAL to a target with bit 1 set (encoded by hand: the assembler only
   * makes 4-byte aligned ones): a taken branch traps with mtval = the target, forward
   * (predicted not taken) and backward (predicted taken); not taken, it does not. */
  li s1, 0x55
1: .word 0x00000363          /* beq x0, x0, .+6 */
  CHECK(s1, 0)
  la t0, 1b; bne s2, t0, fail
  addi t0, t0, 6; bne s3, t0, fail
  li s1, 0x55
  .word 0x00001363           /* bne x0, x0, .+6: not taken */
  CHECK(s1, 0x55)
1: .word 0xfe000de3          /* beq x0, x0, .-6 */
  CHECK(s1, 0)
  la t0, 1b; bne s2, t0, fail
  addi t0, t0, -6; bne s3, t0, fail
  li s1, 0x55
  .word 0xfe001de3           /* bne x0, x0, .-6: not taken */
  CHECK(s1, 0x55)
1: .word 0x0060006f          /* jal x0, .+6 */
  CHECK(s1, 0)
  la t0, 1b; bne s2, t0, fail
  addi t0, t0, 6; bne s3, t0, fail
  TEST(5)
  csrr a0, mtvec
  la a1, handler
  ori a1, a1, 2
  csrw mtvec, a1
  csrr a2, mtvec
  bne a0, a2, fail
  TEST(7)                    /* each half written keeps the other's count */
  li t0, 1000
  li t1, 5
  csrw minstret, t0
  csrw minstreth, t1
  csrr a0, minstret          /* 1000: neither write counted */
  csrr a1, minstreth
  csrr a2, minstret          /* 1002: the two reads counted */
  CHECK(a0, 1000)
  CHECK(a1, 5)
  CHECK(a2, 1002)
  li t0, -1
  csrw minstret, t0
  csrw minstreth, t1
  csrr a0, minstreth         /* 5: minstret still all ones */
  csrr a1, minstreth         /* 6: the read above carried into it */
  csrr a2, minstret
  CHECK(a0, 5)
  CHECK(a1, 6)
  CHECK(a2, 1)
  j pass

handler:
  csrr s1, mcause
  csrr s2, mepc
  csrr s3, mtval
  li t5, 0
  bnez s1, 1f
  /* misaligned jump: resume after the jump */
1: addi t5, s2, 4
  csrw mepc, t5
  mret
TEST_END
  .data
  .align 2
buf: .word 0, 0
