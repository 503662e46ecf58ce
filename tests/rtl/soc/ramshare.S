/* ramshare: the RAM's data port shared by the core and the NIC's DMA. The NIC (cells
 * looped back inside the SoC) sends a 1500-byte PDU from one buffer and receives it into
 * another while the core runs a loop of loads and stores: stores and loads to RAM,
 * loads of CLINT MTIME and stores to CLINT MSIP (a load or store in the core's X stage
 * that does not use the RAM), and a load whose result is used at once. Checks: every
 * word the core stored reads back, the PDU has arrived by the end of the loop (the NIC
 * progressed in the cycles the core left free), it arrived intact with its length, and
 * the words after it in the receive buffer are untouched. The failing check's number
 * goes to the finisher (FAIL, code in bits 31:16). */
#include "pegasus/memory_map.h"
#include "finisher.h"
#include "nic.h"
#define PduBytes 1500
#define PduWords 375
#define RxWords 384
#define Vci 5
#define Iterations 600
  .option norelax             /* no gp: keep `la` pc-relative */
  .section .text.start, "ax"
  .globl _start
_start:
  /* The transmit buffer: a pseudo-random word pattern; the receive buffer: a marker. */
  li s11, 1
  la t0, txbuf
  li t1, PduWords
  li t2, 0x12345678
  li t3, 0x9e3779b9
1: sw t2, 0(t0)
  add t2, t2, t3
  slli t4, t2, 7
  xor t2, t2, t4
  addi t0, t0, 4
  addi t1, t1, -1
  bnez t1, 1b
  la t0, rxbuf
  li t1, RxWords
  li t2, 0xa5a5a5a5
1: sw t2, 0(t0)
  addi t0, t0, 4
  addi t1, t1, -1
  bnez t1, 1b

  /* Descriptors: one receive buffer, one PDU to send; the NIC started on them. */
  nic_desc rxring, rxbuf, RxWords * 4, 0
  nic_desc txring, txbuf, PduBytes, Vci << 4
  nic_loopback_rings rxring, txring, Vci

  /* The core's loop, while the NIC reads and writes the RAM. */
  li s11, 2
  la s0, scratch
  li s1, Iterations
  li s2, 0x0f1e2d3c
  li s3, PEGASUS_CLINT_MTIME_LO_ADDR
  li s4, PEGASUS_CLINT_MSIP_ADDR
  li s5, 0                    /* sum of the words read back */
  li s6, 0                    /* sum of the words stored */
2: andi t0, s1, 63
  slli t0, t0, 2
  add t0, s0, t0
  sw s2, 0(t0)
  lw t1, 0(s3)                /* CLINT: a load in X that leaves the RAM to the NIC */
  lw t2, 0(t0)
  add s5, s5, t2              /* uses the load at once */
  sw zero, 0(s4)              /* CLINT: a store that leaves the RAM to the NIC */
  bne t2, s2, fail
  add s6, s6, s2
  add s2, s2, t1
  addi s1, s1, -1
  bnez s1, 2b
  li s11, 3
  bne s5, s6, fail

  /* The PDU has arrived by now, whole, and nothing was written past it. */
  li s11, 4
  la t0, rxring
  lw t1, 12(t0)
  srli t2, t1, 31
  beqz t2, fail
  li s11, 5
  nic_status_len t1, PduBytes
  li s11, 6
  nic_same_words txbuf, rxbuf, PduWords
  li s11, 7
  li t2, RxWords - PduWords
  li t3, 0xa5a5a5a5
3: lw t4, 0(t1)
  bne t3, t4, fail
  addi t1, t1, 4
  addi t2, t2, -1
  bnez t2, 3b
  li s11, 8
  la t0, txring
  lw t1, 12(t0)
  srli t2, t1, 31
  beqz t2, fail

  finish_pass

fail:
  finish_fail

  .section .bss
  .balign 16
txring:  .space 32
rxring:  .space 32
scratch: .space 256
txbuf:   .space PduWords * 4
rxbuf:   .space RxWords * 4
