/* branch: the six conditional branches taken and not taken (signed and unsigned
 * edges), forward and backward; JAL and JALR links and targets (JALR clears bit 0). */
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
  j pass
TEST_END
  .data
  .align 2
data: .word 1, 0
