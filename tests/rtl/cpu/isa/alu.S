/* alu: every RV32I register-register and register-immediate operation, LUI and
 * AUIPC, with sign, overflow and shift-amount corner cases. */
#include "isa_test.h"
TEST_BEGIN
  TEST(1)
  li a0, 0x7fffffff; li a1, 1; add a2, a0, a1; CHECK(a2, 0x80000000)  /* memory-map: not an address */
  TEST(2)
  li a0, 0; li a1, 1; sub a2, a0, a1; CHECK(a2, 0xffffffff)
  TEST(3)
  li a0, 0xf0f0f0f0; li a1, 0x0ff00ff0
  and a2, a0, a1; CHECK(a2, 0x00f000f0)
  or a2, a0, a1; CHECK(a2, 0xfff0fff0)
  xor a2, a0, a1; CHECK(a2, 0xff00ff00)
  TEST(4)
  li a0, 0x80000001; li a1, 33
  sll a2, a0, a1; CHECK(a2, 0x00000002)   /* only 5 bits of the amount count */
  srl a2, a0, a1; CHECK(a2, 0x40000000)  /* memory-map: not an address */
  sra a2, a0, a1; CHECK(a2, 0xc0000000)
  li a1, 31
  sra a2, a0, a1; CHECK(a2, 0xffffffff)
  srl a2, a0, a1; CHECK(a2, 1)
  TEST(5)
  li a0, -1; li a1, 1
  slt a2, a0, a1; CHECK(a2, 1)
  sltu a2, a0, a1; CHECK(a2, 0)
  slt a2, a1, a0; CHECK(a2, 0)
  sltu a2, a1, a0; CHECK(a2, 1)
  li a0, 0x80000000; li a1, 0x7fffffff  /* memory-map: not an address */
  slt a2, a0, a1; CHECK(a2, 1)
  slt a2, a1, a0; CHECK(a2, 0)
  slt a2, a0, a0; CHECK(a2, 0)
  TEST(6)
  li a0, 100
  addi a2, a0, -101; CHECK(a2, -1)
  addi a2, a0, 2047; CHECK(a2, 2147)
  addi a2, a0, -2048; CHECK(a2, -1948)
  slti a2, a0, 101; CHECK(a2, 1)
  slti a2, a0, -1; CHECK(a2, 0)
  sltiu a2, a0, -1; CHECK(a2, 1)      /* -1 is the largest unsigned */
  sltiu a2, zero, 1; CHECK(a2, 1)     /* seqz */
  xori a2, a0, -1; CHECK(a2, ~100)
  ori a2, a0, 0x0f; CHECK(a2, 111)
  andi a2, a0, -4; CHECK(a2, 100)
  TEST(7)
  li a0, 0x80000081
  slli a2, a0, 4; CHECK(a2, 0x00000810)
  srli a2, a0, 4; CHECK(a2, 0x08000008)
  srai a2, a0, 4; CHECK(a2, 0xf8000008)
  srai a2, a0, 0; CHECK(a2, 0x80000081)
  TEST(8)
  lui a2, 0xfffff; CHECK(a2, 0xfffff000)
  lui a2, 0x12345; CHECK(a2, 0x12345000)
1: auipc a2, 0
  la a3, 1b
  bne a2, a3, fail
2: auipc a2, 1
  la a3, 2b
  sub a2, a2, a3
  CHECK(a2, 0x1000)
  TEST(9)
  /* writes to x0 are dropped; back-to-back dependences */
  li zero, 5; addi zero, zero, 1; bnez zero, fail
  li a0, 1; add a0, a0, a0; add a0, a0, a0; add a0, a0, a0; CHECK(a0, 8)
  /* a comparison's result used by the next instruction, as either operand */
  li a0, -3; li a1, 4
  slt a2, a0, a1; add a3, a2, a1; CHECK(a3, 5)
  sltu a2, a1, a0; add a3, a0, a2; CHECK(a3, -2)
  slti a2, a0, 0; sub a3, a1, a2; CHECK(a3, 3)
  sltiu a2, a1, 5; beqz a2, fail
  slt a2, a0, a1; slt a3, a2, a1; CHECK(a3, 1)
  j pass
TEST_END
