/* mem: loads and stores of every width at every legal offset, sign and zero
 * extension, store-to-load forwarding through memory, load-use dependences (among
 * them a loaded shift amount and operand). */
#include "isa_test.h"
TEST_BEGIN
  la a0, buf
  TEST(1)
  li a1, 0x80402010
  sw a1, 0(a0)
  lw a2, 0(a0); CHECK(a2, 0x80402010)
  lb a2, 0(a0); CHECK(a2, 0x10)
  lb a2, 3(a0); CHECK(a2, 0xffffff80)
  lbu a2, 3(a0); CHECK(a2, 0x80)
  lbu a2, 1(a0); CHECK(a2, 0x20)
  lb a2, 2(a0); CHECK(a2, 0x40)
  lh a2, 0(a0); CHECK(a2, 0x2010)
  lh a2, 2(a0); CHECK(a2, 0xffff8040)
  lhu a2, 2(a0); CHECK(a2, 0x8040)
  TEST(2)
  sw zero, 4(a0)
  li a1, 0xa5
  sb a1, 4(a0); sb a1, 6(a0)
  lw a2, 4(a0); CHECK(a2, 0x00a500a5)
  li a1, 0x1234abcd
  sb a1, 5(a0); sb a1, 7(a0)
  lw a2, 4(a0); CHECK(a2, 0xcda5cda5)
  TEST(3)
  li a1, 0xbeef
  sh a1, 8(a0)
  li a1, 0x1234dead
  sh a1, 10(a0)
  lw a2, 8(a0); CHECK(a2, 0xdeadbeef)
  lhu a2, 10(a0); CHECK(a2, 0xdead)
  TEST(4)
  /* negative offsets and a load-use chain */
  addi a3, a0, 16
  li a1, 12
  sw a1, -4(a3)
  lw a2, -4(a3)
  add a2, a2, a2; CHECK(a2, 24)
  la a4, ptrs
  lw a5, 0(a4)
  lw a5, 0(a5)
  lw a5, 0(a5)
  CHECK(a5, 0x5a5a5a5a)
  TEST(5)
  /* store then immediately load the same word */
  li a1, 77
  sw a1, 12(a0)
  lw a2, 12(a0)
  CHECK(a2, 77)
  lw a2, 12(a0)
  sw a2, 0(a0)
  lw a3, 0(a0)
  CHECK(a3, 77)
  TEST(6)
  /* a loaded value used at once as a shift's amount and as its operand (a core that
   * shifts through its multiplier reads the amount before the load's value is there;
   * each amount differs from the register's value before the load) */
  li a1, 0x80000010
  sw a1, 16(a0)
  li a4, 7
  sw a4, 20(a0)
  li a2, 0
  lw a2, 20(a0)
  sra a3, a1, a2; CHECK(a3, 0xff000000)
  li a2, 3
  lw a2, 20(a0)
  sll a3, a2, a2; CHECK(a3, 0x380)
  li a2, 0
  lw a2, 16(a0)
  srl a3, a2, a2; CHECK(a3, 0x8000)
  li a2, 1
  lw a2, 20(a0)
  srl a3, a1, a2; CHECK(a3, 0x01000000)
  lw a2, 16(a0)
  srai a3, a2, 4; CHECK(a3, 0xf8000001)
  j pass
TEST_END
  .data
  .align 2
buf: .space 32
ptrs: .word ptr2
ptr2: .word val
val: .word 0x5a5a5a5a
