/* muldiv: RV32M: MUL, MULH, MULHSU, MULHU and DIV, DIVU, REM, REMU with the
 * specification's corner cases: division by zero and signed overflow. */
#include "isa_test.h"
TEST_BEGIN
  TEST(1)
  li a0, 7; li a1, -3
  mul a2, a0, a1; CHECK(a2, -21)
  mulh a2, a0, a1; CHECK(a2, -1)
  mulhu a2, a0, a1; CHECK(a2, 6)
  mulhsu a2, a1, a0; CHECK(a2, -1)
  mulhsu a2, a0, a1; CHECK(a2, 6)
  TEST(2)
  li a0, 0x80000000  /* memory-map: not an address */
  mul a2, a0, a0; CHECK(a2, 0)
  mulh a2, a0, a0; CHECK(a2, 0x40000000)  /* memory-map: not an address */
  mulhu a2, a0, a0; CHECK(a2, 0x40000000)  /* memory-map: not an address */
  li a1, -1
  mulh a2, a1, a1; CHECK(a2, 0)
  mulhu a2, a1, a1; CHECK(a2, 0xfffffffe)
  mulhsu a2, a1, a1; CHECK(a2, 0xffffffff)
  li a0, 0x12345678; li a1, 0x9abcdef0
  mul a2, a0, a1; CHECK(a2, 0x242d2080)
  mulhu a2, a0, a1; CHECK(a2, 0x0b00ea4e)
  mulh a2, a0, a1; CHECK(a2, 0xf8cc93d6)
  TEST(3)
  li a0, 20; li a1, -6
  div a2, a0, a1; CHECK(a2, -3)
  rem a2, a0, a1; CHECK(a2, 2)
  li a0, -20
  div a2, a0, a1; CHECK(a2, 3)
  rem a2, a0, a1; CHECK(a2, -2)
  divu a2, a0, a1; CHECK(a2, 0)
  remu a2, a0, a1; CHECK(a2, -20)
  li a1, 6
  divu a2, a0, a1; CHECK(a2, 0x2aaaaaa7)
  remu a2, a0, a1; CHECK(a2, 2)
  TEST(4)
  /* division by zero */
  li a0, 1234; li a1, 0
  div a2, a0, a1; CHECK(a2, -1)
  divu a2, a0, a1; CHECK(a2, 0xffffffff)
  rem a2, a0, a1; CHECK(a2, 1234)
  remu a2, a0, a1; CHECK(a2, 1234)
  li a0, -5
  div a2, a0, a1; CHECK(a2, -1)
  rem a2, a0, a1; CHECK(a2, -5)
  TEST(5)
  /* signed overflow */
  li a0, 0x80000000; li a1, -1  /* memory-map: not an address */
  div a2, a0, a1; CHECK(a2, 0x80000000)  /* memory-map: not an address */
  rem a2, a0, a1; CHECK(a2, 0)
  divu a2, a0, a1; CHECK(a2, 0)
  remu a2, a0, a1; CHECK(a2, 0x80000000)  /* memory-map: not an address */
  TEST(6)
  /* results used at once; rd == rs */
  li a0, 100; li a1, 7
  div a0, a0, a1
  addi a0, a0, 1; CHECK(a0, 15)
  mul a1, a1, a1
  addi a1, a1, 1; CHECK(a1, 50)
  j pass
TEST_END
