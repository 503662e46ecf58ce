/* nem_domain_return: the return address of every domain's entry function; passes
 * the entry's return value (a0) to the exit kernel call. User mode. */
  .section .text.nem_domain_return, "ax"
  .globl nem_domain_return
nem_domain_return:
  li    a7, 5          /* kCallExit (kernel/abi.h) */
  ecall
1:
  j     1b
