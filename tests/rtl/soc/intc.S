/* intc: the Pegasus interrupt controller with the UART as source. Checks the ID, that
 * PENDING shows the UART's line while received data waits, then takes the interrupt:
 * the handler claims (expects the UART's line), reads the byte (clearing the source),
 * completes, and counts. Receives three bytes this way, echoes them, and passes.
 * Before that, ENABLE written with all ones reads back the lines that exist: bits
 * 1..L-1 for some L above the highest line a source uses (PEGASUS_IRQ_HIGHEST: 32
 * lines, or fewer where the SoC is built with fewer, never fewer than that), never
 * bit 0. */
#include "pegasus/memory_map.h"
#include "finisher.h"
#define INTC(r) PEGASUS_INTC_##r##_ADDR
#define UART(r) PEGASUS_UART_##r##_ADDR
  .section .text.start, "ax"
  .globl _start
_start:
  li s11, 1
  li t0, INTC(ID)
  lw t1, 0(t0)
  li t2, PEGASUS_INTC_ID_RESET
  bne t1, t2, fail
  li s11, 5
  li t0, INTC(ENABLE)
  li t1, -1
  sw t1, 0(t0)
  lw t1, 0(t0)
  sw zero, 0(t0)
  andi t2, t1, 1              /* line 0 is "none" */
  bnez t2, fail
  li t2, 1 << PEGASUS_IRQ_HIGHEST
  and t2, t1, t2
  beqz t2, fail
  ori t1, t1, 1               /* bits 0..L-1 set and nothing above: t1 + 1 a power */
  addi t2, t1, 1              /* of two (or 0 for L = 32) */
  and t2, t1, t2
  bnez t2, fail
  li s11, 2
  la t0, handler
  csrw mtvec, t0
  li t0, UART(IER)
  li t1, 1                    /* ERBFI */
  sb t1, 0(t0)
1: li t0, INTC(PENDING)       /* the first byte arrives */
  lw t1, 0(t0)
  li t2, 1 << PEGASUS_IRQ_UART
  bne t1, t2, 1b
  li t0, INTC(CLAIM)          /* not enabled: nothing to claim */
  lw t1, 0(t0)
  bnez t1, fail
  li s11, 3
  li t0, INTC(ENABLE)
  li t1, 1 << PEGASUS_IRQ_UART
  sw t1, 0(t0)
  li s6, 0                    /* bytes received */
  li t0, 0x800                /* MEIE */
  csrw mie, t0
  csrsi mstatus, 8
2: li t0, 3
  blt s6, t0, 2b
  csrci mstatus, 8
  finish_pass

handler:
  li s11, 4
  csrr t0, mcause
  li t1, 0x8000000b
  bne t0, t1, fail
  li t0, INTC(CLAIM)
  lw t1, 0(t0)
  li t2, PEGASUS_IRQ_UART
  bne t1, t2, fail
  li t3, UART(RBR)
  lbu t4, 0(t3)
  li t3, UART(THR)
  sb t4, 0(t3)
  sw t1, 0(t0)                /* complete */
  addi s6, s6, 1
  mret

fail:
  finish_fail
