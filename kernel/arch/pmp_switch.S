/* The switch between domains' PMP sets (arch/pmp.h SwitchPmp): two straight-line
 * sequences of lw + csrw (CSR numbers are immediates), pmpaddr15 down to pmpaddr3,
 * then pmpcfg3 down to pmpcfg0, from the PmpSet in a0. The caller jumps (jalr t1: the
 * link register is t1, so a caller that makes no other call keeps ra and needs no
 * stack frame) to a1, the first register its span needs in the first sequence, with
 * a2 = where to enter the second (PreparePmpSwitch), so a switch writes only the
 * entries that differ between domains, with no loop and no compare. PmpSet layout:
 * cfg[4] at 0, addr[16] at 16. Machine mode; clobbers t0. */
  .section .text.kernel_pmp_switch, "ax"
  .globl pmp_switch_addr15
  .globl pmp_switch_cfg3
pmp_switch_addr15:
  lw    t0, 76(a0)
  csrw  pmpaddr15, t0
  lw    t0, 72(a0)
  csrw  pmpaddr14, t0
  lw    t0, 68(a0)
  csrw  pmpaddr13, t0
  lw    t0, 64(a0)
  csrw  pmpaddr12, t0
  lw    t0, 60(a0)
  csrw  pmpaddr11, t0
  lw    t0, 56(a0)
  csrw  pmpaddr10, t0
  lw    t0, 52(a0)
  csrw  pmpaddr9, t0
  lw    t0, 48(a0)
  csrw  pmpaddr8, t0
  lw    t0, 44(a0)
  csrw  pmpaddr7, t0
  lw    t0, 40(a0)
  csrw  pmpaddr6, t0
  lw    t0, 36(a0)
  csrw  pmpaddr5, t0
  lw    t0, 32(a0)
  csrw  pmpaddr4, t0
  lw    t0, 28(a0)
  csrw  pmpaddr3, t0
  jr    a2
pmp_switch_cfg3:
  lw    t0, 12(a0)
  csrw  pmpcfg3, t0
  lw    t0, 8(a0)
  csrw  pmpcfg2, t0
  lw    t0, 4(a0)
  csrw  pmpcfg1, t0
  lw    t0, 0(a0)
  csrw  pmpcfg0, t0
  jr    t1
