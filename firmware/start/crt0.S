/* Start-up for Pegasus firmware: the first instruction of every image.
 * Sets the global and stack pointers, points mtvec at a trap handler that reports
 * the trap and stops the machine, clears .bss, runs the C++ constructors, calls
 * main() and hands its return value to pegasus_exit() (test finisher). Runs in
 * machine mode with interrupts disabled; hart 0 only (others park in wfi). */

  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la    gp, __global_pointer$
  .option pop
  csrr  t0, mhartid
  bnez  t0, park
  la    sp, __stack_top
  la    t0, trap_entry
  csrw  mtvec, t0
  csrw  mie, zero

  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  sw    zero, 0(t0)
  addi  t0, t0, 4
  j     1b
2:
  call  pegasus_run_constructors
  call  main
  call  pegasus_exit

park:
  wfi
  j     park

  .align 2
trap_entry:
  csrr  a0, mcause
  csrr  a1, mepc
  csrr  a2, mtval
  call  pegasus_trap
  j     park
