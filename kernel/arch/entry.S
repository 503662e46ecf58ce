/* Trap vector of the kernel: every interrupt, kernel call and fault of a domain comes
 * here. mtvec is in vectored mode with this table as its base: exceptions enter at
 * the base, interrupt i at base + 4i, so the timer interrupt goes straight to its
 * handler with nothing to sort. mscratch holds the address of the current domain's
 * Context (kernel.h: r[0] = pc, r[i] = xi). Each entry saves all registers there and
 * switches to the kernel stack; an exception is then sorted by mcause: a kernel call
 * from user mode goes to KernelCall(ctx), anything else to KernelTrap(ctx, mcause)
 * (trap.cc); the timer interrupt goes to KernelTimer() (timer.cc: Atropos's decision
 * is due), another interrupt to KernelInterrupt(ctx, mcause).
 * The handler returns what to enter (kernel_restore):
 *  - a Context (possibly another domain's): its registers are loaded and mret
 *    continues it; mscratch is set to it;
 *  - the address of a DIB plus one: an activation (dispatch.h Dispatch, which has set
 *    mepc to the vector and mscratch to the domain's Context): sp = the DIB's
 *    activation_sp, a0 = the DIB, a1 = its reason, every other register zero, so no
 *    value of another domain or of the kernel reaches the vector.
 * mstatus.MPP is set for what is entered (dispatch.h, Enter). Machine mode, MIE clear
 * throughout; no nesting. gp is not set up: the kernel is linked without relaxation,
 * so no kernel code addresses through it. */

/* The DIB's fields an activation reads (abi.h; static_asserts in dispatch.h). */
  .equ  DIB_ACTIVATION_SP, 8
  .equ  DIB_REASON, 52

/* Saves x1..x31 and the pc into the Context at mscratch, leaving its address in t6. */
  .macro SAVE_CONTEXT
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
  .endm

  .section .text.kernel_trap, "ax"
  .globl kernel_trap_vector
  .globl kernel_timer
  .globl kernel_restore
  .align 6
kernel_trap_vector:
  j     kernel_exception   /* exceptions */
  j     kernel_interrupt   /* 1 */
  j     kernel_interrupt   /* 2 */
  j     kernel_interrupt   /* 3: machine software interrupt */
  j     kernel_interrupt   /* 4 */
  j     kernel_interrupt   /* 5 */
  j     kernel_interrupt   /* 6 */
/* 7: the machine timer interrupt, whose entry starts in its own slot and runs on
 * over those of causes 8 to 11, interrupts the kernel never enables (main.cc mie:
 * timer and software only), to save the jump. */
kernel_timer:
  SAVE_CONTEXT
  lui   sp, %hi(__stack_top)   /* arch/link.ld: its low 12 bits are zero */
  jal   KernelTimer
  /* arch/link.ld checks that kernel_timer is at base + 4 * 7. What the timer's
   * handler returns is tested here with the activation straight on (its latency is
   * the one that counts); kernel_restore is the same test for the other handlers,
   * with the resume straight on. */
  andi  t0, a0, 1
  beqz  t0, kernel_resume

/* Activation: a0 = the DIB + 1; mepc and mscratch are set (dispatch.h Dispatch). */
kernel_activate:
  lw    sp, DIB_ACTIVATION_SP - 1(a0)
  lw    a1, DIB_REASON - 1(a0)
  addi  a0, a0, -1
  li    x1, 0
  li    x3, 0
  li    x4, 0
  li    x5, 0
  li    x6, 0
  li    x7, 0
  li    x8, 0
  li    x9, 0
  li    x12, 0
  li    x13, 0
  li    x14, 0
  li    x15, 0
  li    x16, 0
  li    x17, 0
  li    x18, 0
  li    x19, 0
  li    x20, 0
  li    x21, 0
  li    x22, 0
  li    x23, 0
  li    x24, 0
  li    x25, 0
  li    x26, 0
  li    x27, 0
  li    x28, 0
  li    x29, 0
  li    x30, 0
  li    x31, 0
  mret

/* kernel_restore(Context* or DIB + 1): enter a context, or activate. */
kernel_restore:
  andi  t0, a0, 1
  bnez  t0, kernel_activate
kernel_resume:
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

kernel_exception:
  SAVE_CONTEXT
  csrr  a1, mcause
  lui   sp, %hi(__stack_top)
  mv    a0, t6
  li    t0, 8              /* ecall from user mode (arch/riscv.h kCauseEcallUser) */
  beq   a1, t0, 1f
  call  KernelTrap
  j     kernel_restore
1:
  call  KernelCall
  j     kernel_restore

kernel_interrupt:
  SAVE_CONTEXT
  csrr  a1, mcause
  lui   sp, %hi(__stack_top)
  mv    a0, t6
  call  KernelInterrupt
  j     kernel_restore
