/* skip_trap.h: a trap handler for SoC test programs that provoke faults. It counts
 * the trap in s1, keeps its mcause in s2 and its mtval in s3, and continues after the
 * faulting instruction. skip_trap_init installs it (mtvec) and clears the three (uses
 * t0); skip_trap_handler places it, once, outside the program's straight-line code
 * (it uses t3). Included by the test programs (.S). */
#ifndef PEGASUS_TESTS_RTL_SOC_SKIP_TRAP_H_
#define PEGASUS_TESTS_RTL_SOC_SKIP_TRAP_H_

#define CAUSE_LOAD_FAULT 5
#define CAUSE_STORE_FAULT 7

  .macro skip_trap_init
  la t0, skip_trap
  csrw mtvec, t0
  li s1, 0                      /* traps taken */
  li s2, 0                      /* mcause of the last trap */
  li s3, 0                      /* mtval of the last trap */
  .endm

  .macro skip_trap_handler
  .align 2
skip_trap:
  csrr s2, mcause
  csrr s3, mtval
  addi s1, s1, 1
  csrr t3, mepc
  addi t3, t3, 4
  csrw mepc, t3
  mret
  .endm

#endif  // PEGASUS_TESTS_RTL_SOC_SKIP_TRAP_H_
