/* nem_save_context(Context* a0): setjmp-like save of the calling thread for the
 * user-level thread scheduler (threads.h). Stores ra as the pc (r[0]), sp, gp, tp,
 * s0-s11 and a0 = 1 in the Context (kernel/abi.h layout: r[i] = xi), returns 0. When
 * the context is entered through kResume, the call returns again with 1. User mode. */
  .section .text.nem_save_context, "ax"
  .globl nem_save_context
nem_save_context:
  sw    ra, 0(a0)
  sw    ra, 4(a0)
  sw    sp, 8(a0)
  sw    gp, 12(a0)
  sw    tp, 16(a0)
  sw    s0, 32(a0)
  sw    s1, 36(a0)
  li    t0, 1
  sw    t0, 40(a0)
  sw    s2, 72(a0)
  sw    s3, 76(a0)
  sw    s4, 80(a0)
  sw    s5, 84(a0)
  sw    s6, 88(a0)
  sw    s7, 92(a0)
  sw    s8, 96(a0)
  sw    s9, 100(a0)
  sw    s10, 104(a0)
  sw    s11, 108(a0)
  li    a0, 0
  ret
