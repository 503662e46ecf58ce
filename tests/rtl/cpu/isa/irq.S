/* irq: interrupts from the CLINT: the machine timer (mtime >= mtimecmp) and software
 * (MSIP) interrupts in direct and vectored mtvec modes, mcause with the interrupt bit,
 * MIE cleared inside the handler, masking by mstatus.MIE and mie, and WFI waking on
 * a pending interrupt that is enabled in mie but masked by mstatus.MIE. */
#include "isa_test.h"
#define CLINT_REG(r) PEGASUS_CLINT_##r##_ADDR
TEST_BEGIN
  li s6, 0                    /* interrupts taken */
  la t0, handler
  csrw mtvec, t0
  TEST(1)
  /* software interrupt, direct mode */
  li t0, 8
  csrw mie, t0                /* MSIE */
  li t1, CLINT_REG(MSIP)
  li t2, 1
  sw t2, 0(t1)
  csrsi mstatus, 8
  li t3, 100000
1: bnez s6, 2f
  addi t3, t3, -1
  bnez t3, 1b
  j fail
2: li t0, 0x80000003
  bne s1, t0, fail
  li t0, 0x80; and t1, s4, t0; beqz t1, fail  /* MPIE = 1 in the handler */
  andi t1, s4, 8; bnez t1, fail               /* MIE = 0 in the handler */
  csrr t1, mstatus; andi t1, t1, 8; beqz t1, fail  /* MIE back after MRET */
  TEST(2)
  /* timer interrupt, direct mode */
  csrci mstatus, 8
  li s6, 0
  jal ra, arm_timer
  li t0, 0x80
  csrw mie, t0                /* MTIE */
  csrsi mstatus, 8
  li t3, 50000000
1: bnez s6, 2f
  addi t3, t3, -1
  bnez t3, 1b
  j fail
2: li t0, 0x80000007
  bne s1, t0, fail
  TEST(3)
  /* vectored mode: software and timer interrupts land at base + 4 * cause */
  csrci mstatus, 8
  la t0, vectors
  ori t0, t0, 1
  csrw mtvec, t0
  li s6, 0
  li t0, 8
  csrw mie, t0
  li t1, CLINT_REG(MSIP)
  li t2, 1
  sw t2, 0(t1)
  csrsi mstatus, 8
  li t3, 100000
1: bnez s6, 2f
  addi t3, t3, -1
  bnez t3, 1b
  j fail
2: CHECK(s7, 3)
  csrci mstatus, 8
  li s6, 0
  jal ra, arm_timer
  li t0, 0x80
  csrw mie, t0
  csrsi mstatus, 8
  li t3, 50000000
1: bnez s6, 2f
  addi t3, t3, -1
  bnez t3, 1b
  j fail
2: CHECK(s7, 7)
  TEST(4)
  /* masked: pending and enabled in mie, but mstatus.MIE = 0; WFI still wakes */
  csrci mstatus, 8
  la t0, handler
  csrw mtvec, t0
  li s6, 0
  jal ra, arm_timer
  li t0, 0x80
  csrw mie, t0
  wfi
  li t3, 50000000
1: csrr t0, mip
  andi t0, t0, 0x80
  bnez t0, 2f
  addi t3, t3, -1
  bnez t3, 1b
  j fail
2: bnez s6, fail              /* no interrupt was taken */
  csrw mie, zero
  jal ra, disarm_timer
  j pass

/* mtimecmp = mtime + 200 */
arm_timer:
  li t0, CLINT_REG(MTIME_LO)
  lw t1, 0(t0)
  lw t2, 4(t0)
  addi t3, t1, 200
  sltu t4, t3, t1
  add t2, t2, t4
  li t0, CLINT_REG(MTIMECMP_LO)
  li t4, -1
  sw t4, 4(t0)                /* no spurious match while the halves change */
  sw t3, 0(t0)
  sw t2, 4(t0)
  ret
disarm_timer:
  li t0, CLINT_REG(MTIMECMP_LO)
  li t4, -1
  sw t4, 4(t0)
  sw t4, 0(t0)
  ret

/* direct-mode handler: record, silence the source, return */
handler:
  csrr s1, mcause
  csrr s2, mepc
  csrr s4, mstatus
  addi s6, s6, 1
  li t5, CLINT_REG(MSIP)
  sw zero, 0(t5)
  li t5, CLINT_REG(MTIMECMP_LO)
  li t4, -1
  sw t4, 4(t5)
  mret

msi_vector:
  li s7, 3
  addi s6, s6, 1
  li t5, CLINT_REG(MSIP)
  sw zero, 0(t5)
  mret
mti_vector:
  li s7, 7
  addi s6, s6, 1
  li t5, CLINT_REG(MTIMECMP_LO)
  li t4, -1
  sw t4, 4(t5)
  mret

  .align 8
vectors:
  j unexpected_trap   /* 0: exceptions */
  j unexpected_trap
  j unexpected_trap
  j msi_vector        /* 3 */
  j unexpected_trap
  j unexpected_trap
  j unexpected_trap
  j mti_vector        /* 7 */
  j unexpected_trap
  j unexpected_trap
  j unexpected_trap
  j unexpected_trap   /* 11 */
TEST_END
