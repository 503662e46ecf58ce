/* uart_echo: the UART's registers from software. Checks the reset values of LSR (but DR), IIR
 * and MSR, the scratch register, the divisor latches behind LCR.DLAB, then echoes
 * received bytes in upper case (polling LSR.DR) until a newline, and passes. */
#include "pegasus/memory_map.h"
#include "finisher.h"
#define UART(r) PEGASUS_UART_##r##_ADDR
  .section .text.start, "ax"
  .globl _start
_start:
  li s11, 1
  li t0, UART(LSR)
  lbu t1, 0(t0)
  andi t1, t1, 0xfe           /* DR depends on whether input has arrived */
  li t2, 0x60                 /* THRE | TEMT, no errors */
  bne t1, t2, fail
  li s11, 2
  li t0, UART(IIR)
  lbu t1, 0(t0)
  li t2, 1                    /* no interrupt pending, FIFOs off */
  bne t1, t2, fail
  li t0, UART(MSR)
  lbu t1, 0(t0)
  li t2, PEGASUS_UART_MSR_RESET
  bne t1, t2, fail
  li s11, 3
  li t0, UART(SCR)
  li t1, 0xa5
  sb t1, 0(t0)
  lbu t2, 0(t0)
  bne t1, t2, fail
  li s11, 4
  li t0, UART(LCR)
  li t1, 0x83                 /* DLAB, 8 bits */
  sb t1, 0(t0)
  li t0, UART(DLL)
  li t1, 0x34
  sb t1, 0(t0)
  li t0, UART(DLM)
  li t1, 0x12
  sb t1, 0(t0)
  li t0, UART(DLL)
  lbu t2, 0(t0)
  li t1, 0x34
  bne t1, t2, fail
  li t0, UART(LCR)
  li t1, 0x03
  sb t1, 0(t0)
  li t0, UART(IER)            /* IER again, not DLM */
  lbu t2, 0(t0)
  bnez t2, fail
  li s11, 5
  li s0, UART(LSR)
  li s1, UART(RBR)
  li s2, UART(THR)
1: lbu t1, 0(s0)
  andi t1, t1, 1              /* DR */
  beqz t1, 1b
  lbu a0, 0(s1)
  li t1, 'a'
  blt a0, t1, 2f
  li t1, 'z'
  bgt a0, t1, 2f
  addi a0, a0, -32
2: sb a0, 0(s2)
  li t1, '\n'
  bne a0, t1, 1b
  lbu t1, 0(s0)
  andi t1, t1, 1
  bnez t1, fail               /* RBR read cleared DR */
  finish_pass
fail:
  finish_fail
