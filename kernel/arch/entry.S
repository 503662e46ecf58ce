/* Trap vector of the kernel: every interrupt, kernel call and fault of a domain comes
 * here (mtvec, direct mode). mscratch holds the address of the current domain's
 * Context (kernel.h: r[0] = pc, r[i] = xi). The vector saves all registers there,
 * switches to the kernel stack and sorts the trap by mcause: a kernel call from user
 * mode goes to KernelCall(ctx), the timer interrupt to KernelTimer() (timer.cc:
 * Atropos's decision is due), another interrupt to
 * KernelInterrupt(ctx, mcause), anything else to KernelTrap(ctx, mcause) (trap.cc).
 * It then loads the Context whose address the handler returns (possibly another
 * domain's) and executes mret; mstatus.MPP is set for it (dispatch.h, Enter).
 * Machine mode, MIE clear throughout; no nesting. gp is not set up: the kernel is
 * linked without relaxation, so no kernel code addresses through it. */

  .section .text.kernel_trap, "ax"
  .globl kernel_trap_vector
  .globl kernel_restore
  .align 4
kernel_trap_vector:
  csrrw t6, mscratch, t6
  sw    x1, 4(t6)
  sw    x2, 8(t6)
  sw    x3, 12(t6)
  sw    x4, 16(t6)
  sw    x5, 20(t6)
  sw    x6, 24(t6)
  sw    x7, 28(t6)
  sw    x8, 32(t6)
  sw    x9, 36(t6)
  sw    x10, 40(t6)
  sw    x11, 44(t6)
  sw    x12, 48(t6)
  sw    x13, 52(t6)
  sw    x14, 56(t6)
  sw    x15, 60(t6)
  sw    x16, 64(t6)
  sw    x17, 68(t6)
  sw    x18, 72(t6)
  sw    x19, 76(t6)
  sw    x20, 80(t6)
  sw    x21, 84(t6)
  sw    x22, 88(t6)
  sw    x23, 92(t6)
  sw    x24, 96(t6)
  sw    x25, 100(t6)
  sw    x26, 104(t6)
  sw    x27, 108(t6)
  sw    x28, 112(t6)
  sw    x29, 116(t6)
  sw    x30, 120(t6)
  csrr  t5, mscratch
  sw    t5, 124(t6)
  csrr  t5, mepc
  sw    t5, 0(t6)
  csrr  a1, mcause
  la    sp, __stack_top
  bltz  a1, 3f             /* an interrupt */
  mv    a0, t6
  li    t0, 8              /* ecall from user mode (arch/riscv.h kCauseEcallUser) */
  beq   a1, t0, 2f
  call  KernelTrap
  j     kernel_restore
2:
  call  KernelCall
  j     kernel_restore
3:
  li    t0, 0x80000007     /* machine timer interrupt (kCauseInterrupt | 7) */
  bne   a1, t0, 4f
  jal   KernelTimer
  j     kernel_restore
4:
  mv    a0, t6
  call  KernelInterrupt
  /* fall through */

/* kernel_restore(Context*): load a context and enter it. */
kernel_restore:
  csrw  mscratch, a0
  lw    t0, 0(a0)
  csrw  mepc, t0
  lw    x1, 4(a0)
  lw    x2, 8(a0)
  lw    x3, 12(a0)
  lw    x4, 16(a0)
  lw    x5, 20(a0)
  lw    x6, 24(a0)
  lw    x7, 28(a0)
  lw    x8, 32(a0)
  lw    x9, 36(a0)
  lw    x11, 44(a0)
  lw    x12, 48(a0)
  lw    x13, 52(a0)
  lw    x14, 56(a0)
  lw    x15, 60(a0)
  lw    x16, 64(a0)
  lw    x17, 68(a0)
  lw    x18, 72(a0)
  lw    x19, 76(a0)
  lw    x20, 80(a0)
  lw    x21, 84(a0)
  lw    x22, 88(a0)
  lw    x23, 92(a0)
  lw    x24, 96(a0)
  lw    x25, 100(a0)
  lw    x26, 104(a0)
  lw    x27, 108(a0)
  lw    x28, 112(a0)
  lw    x29, 116(a0)
  lw    x30, 120(a0)
  lw    x31, 124(a0)
  lw    x10, 40(a0)
  mret
