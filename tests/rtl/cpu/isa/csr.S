/* csr: the six Zicsr instructions (old value returned, set and clear masks, the
 * immediate forms), the ID registers, the counters and the writable machine CSRs. */
#include "isa_test.h"
TEST_BEGIN
  TEST(1)
  li a0, 0x12345678
  csrw mscratch, a0
  csrr a1, mscratch; CHECK(a1, 0x12345678)
  li a3, 0xf
  csrrs a2, mscratch, a3; CHECK(a2, 0x12345678)
  csrrc a2, mscratch, a3; CHECK(a2, 0x1234567f)
  csrrwi a2, mscratch, 5; CHECK(a2, 0x12345670)
  csrrsi a2, mscratch, 2; CHECK(a2, 5)
  csrrci a2, mscratch, 1; CHECK(a2, 7)
  csrr a2, mscratch; CHECK(a2, 6)
  TEST(2)
  li a0, 99
  csrrw a0, mscratch, a0; CHECK(a0, 6)     /* rd == rs1: swap */
  csrr a0, mscratch; CHECK(a0, 99)
  csrrs a0, mscratch, zero; CHECK(a0, 99)  /* no write */
  TEST(3)
  csrr a0, misa
  srli a1, a0, 30; CHECK(a1, 1)            /* MXL = 32 bit */
  andi a1, a0, 0x100; beqz a1, fail        /* I */
  li t0, 0x1000; and a1, a0, t0; beqz a1, fail   /* M */
  li t0, 0x100000; and a1, a0, t0; beqz a1, fail /* U */  /* memory-map: not an address */
  csrr a1, mhartid; CHECK(a1, 0)
  csrr a1, mvendorid
  csrr a1, marchid
  csrr a1, mimpid
  TEST(4)
  csrr a0, mcycle
  nop; nop; nop; nop
  csrr a1, mcycle
  bgeu a0, a1, fail
  csrr a0, minstret
  nop; nop; nop; nop
  csrr a1, minstret
  bgeu a0, a1, fail
  csrr a0, mcycleh
  csrr a0, minstreth
  TEST(5)
  la a0, 1f
  csrw mtvec, a0
  csrr a1, mtvec; bne a0, a1, fail
  ori a0, a0, 1
  csrw mtvec, a0
  csrr a1, mtvec; bne a0, a1, fail
  la a0, unexpected_trap
  csrw mtvec, a0
  .align 8
1:
  TEST(6)
  li a0, 0x888                /* MEIE, MTIE, MSIE */
  csrw mie, a0
  csrr a1, mie
  CHECK(a1, 0x888)
  csrw mie, zero
  csrr a1, mie; CHECK(a1, 0)
  TEST(7)
  csrsi mstatus, 8
  csrr a1, mstatus; andi a1, a1, 8; CHECK(a1, 8)
  csrci mstatus, 8
  csrr a1, mstatus; andi a1, a1, 8; CHECK(a1, 0)
  li a0, 0x1800
  csrs mstatus, a0                        /* MPP = M */
  csrr a1, mstatus; and a1, a1, a0; CHECK(a1, 0x1800)
  TEST(8)
  la a0, pass
  csrw mepc, a0
  csrr a1, mepc; bne a0, a1, fail
  csrw mcause, a0
  csrr a1, mcause; bne a0, a1, fail
  csrw mtval, a0
  csrr a1, mtval; bne a0, a1, fail
  j pass
TEST_END
