/* branch: the six conditional branches taken and not taken (signed and unsigned
 * edges), forward and backward; JAL and JALR links and targets (JALR clears bit 0);
 * a jump rewritten in place, with and without FENCE.I. */
#include "isa_test.h"
TEST_BEGIN
  TEST(1)
  li a0, -1; li a1, 1
  beq a0, a0, 1f; j fail
1: beq a0, a1, fail
  bne a0, a1, 1f; j fail
1: bne a0, a0, fail
  TEST(2)
  blt a0, a1, 1f; j fail
1: blt a1, a0, fail
  blt a0, a0, fail
  bge a1, a0, 1f; j fail
1: bge a0, a0, 1f; j fail
1: bge a0, a1, fail
  TEST(3)
  bltu a1, a0, 1f; j fail
1: bltu a0, a1, fail
  bltu a0, a0, fail
  bgeu a0, a1, 1f; j fail
1: bgeu a1, a1, 1f; j fail
1: bgeu a1, a0, fail
  TEST(4)
  /* backward loop: sum 1..10 */
  li a0, 0; li a1, 10
2: add a0, a0, a1
  addi a1, a1, -1
  bnez a1, 2b
  CHECK(a0, 55)
  TEST(5)
  jal ra, 3f
4: j fail
3: la a2, 4b
  bne ra, a2, fail
  TEST(6)
  la a3, 5f
  addi a3, a3, 1          /* bit 0 is cleared */
  jalr t0, 0(a3)
6: j fail
5: la a2, 6b
  bne t0, a2, fail
  TEST(7)
  la a3, 7f
  jalr a3, 0(a3)          /* rd == rs1: target from the old value */
  j fail
7: la a2, 7b
  addi a2, a2, -4
  bne a3, a2, fail
  TEST(8)
  /* a branch right after a load of its operand */
  la a4, data
  lw a5, 0(a4)
  beq a5, zero, fail
  lw a5, 4(a4)
  bnez a5, fail
  TEST(9)
  /* A jump rewritten in place runs as its new bytes say, whatever a branch target
     buffer learnt there: site9 is 'j tgt1' twice, then (stored, without FENCE.I, a
     few instructions before it runs: the core has no instruction cache) 'j tgt2'
     twice, then a NOP twice (falls through), then 'j tgt1' again after FENCE.I. */
  la s2, site9
  lw s3, 0(s2)              /* the original 'j tgt1' */
  li a0, 0; jal ra, site9; CHECK(a0, 1)
  li a0, 0; jal ra, site9; CHECK(a0, 1)
  lw t0, jal_tgt2
  sw t0, 0(s2)
  nop; nop; nop; nop
  li a0, 0; jal ra, site9; CHECK(a0, 2)
  li a0, 0; jal ra, site9; CHECK(a0, 2)
  li t0, 0x00000013         /* addi x0, x0, 0 */
  sw t0, 0(s2)
  nop; nop; nop; nop
  li a0, 0; jal ra, site9; CHECK(a0, 4)
  li a0, 0; jal ra, site9; CHECK(a0, 4)
  sw s3, 0(s2)
  .word 0x0000100f          /* fence.i (Zifencei is not in -march) */
  li a0, 0; jal ra, site9; CHECK(a0, 1)
  j pass
  .option push
  .option norelax
site9:
  j tgt1
  ori a0, a0, 4
  ret
tgt1:
  ori a0, a0, 1
  ret
tgt2:
  ori a0, a0, 2
  ret
  /* 'jal x0, tgt2' as encoded at site9 (J-type immediate: 20 | 10:1 | 11 | 19:12). */
  .align 2
jal_tgt2:
  .word ((((tgt2 - site9) >> 20) & 1) << 31) | ((((tgt2 - site9) >> 1) & 0x3ff) << 21) | ((((tgt2 - site9) >> 11) & 1) << 20) | ((((tgt2 - site9) >> 12) & 0xff) << 12) | 0x6f
  .option pop
TEST_END
  .data
  .align 2
data: .word 1, 0
