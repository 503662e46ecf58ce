/* nicerr: the NIC's DMA outside the RAM, in the SoC. The transmit ring is put just past
 * the RAM's end, so that the first descriptor read is answered with ERR by the SoC (its
 * NIC request register drains the request like a RAM access, in order, and answers it
 * with ERR): the transmitter halts (CTRL.TX_EN cleared), DMA_ERR_ADDR holds the ring's
 * address, IRQ_STATUS.DMA_ERROR is set and TX_HEAD has not moved. Then, with a ring in
 * the RAM, a 64-byte PDU goes out and comes back through the loopback into a receive
 * buffer, intact: the error left nothing behind in the DMA path. The failing check's
 * number goes to the finisher (FAIL, code in bits 31:16). */
#include "pegasus/memory_map.h"
#include "finisher.h"
#include "nic.h"
#define PduBytes 64
#define PduWords 16
#define Vci 9
#define Polls 20000
  .option norelax             /* no gp: keep `la` pc-relative */
  .section .text.start, "ax"
  .globl _start
_start:
  /* The transmit ring past the end of the RAM, one descriptor to send. */
  li s11, 1
  li s0, PEGASUS_RAM_BASE + PEGASUS_RAM_SIZE
  li t0, NIC(TX_RING_BASE)
  sw s0, 0(t0)
  li t0, NIC(TX_RING_SIZE)
  li t1, 2
  sw t1, 0(t0)
  li t0, NIC(CTRL)
  li t1, PEGASUS_NIC_CTRL_TX_EN_MASK
  sw t1, 0(t0)
  li t0, NIC(TX_TAIL)
  li t1, 1
  sw t1, 0(t0)
  /* The engine halts: TX_EN cleared by the NIC. */
  li t2, Polls
  li t0, NIC(CTRL)
1: lw t1, 0(t0)
  andi t1, t1, PEGASUS_NIC_CTRL_TX_EN_MASK
  beqz t1, 2f
  addi t2, t2, -1
  bnez t2, 1b
  j fail
2: li s11, 2
  li t0, NIC(DMA_ERR_ADDR)
  lw t1, 0(t0)
  bne t1, s0, fail
  li s11, 3
  li t0, NIC(IRQ_STATUS)
  lw t1, 0(t0)
  andi t1, t1, PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_MASK
  beqz t1, fail
  li t1, PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_MASK
  sw t1, 0(t0)                /* write 1 to clear */
  li s11, 4
  li t0, NIC(TX_HEAD)
  lw t1, 0(t0)
  bnez t1, fail

  /* A PDU through the loopback, rings in the RAM: a word pattern out, a marker in. */
  li s11, 5
  la t0, txbuf
  li t1, PduWords
  li t2, 0x01020304
  li t3, 0x11111111
1: sw t2, 0(t0)
  add t2, t2, t3
  addi t0, t0, 4
  addi t1, t1, -1
  bnez t1, 1b
  la t0, rxbuf
  li t1, PduWords
  li t2, 0x5a5a5a5a
1: sw t2, 0(t0)
  addi t0, t0, 4
  addi t1, t1, -1
  bnez t1, 1b
  nic_desc txring, txbuf, PduBytes, Vci << 4
  nic_desc rxring, rxbuf, PduWords * 4, 0
  /* The transmit head is still 0 (the failed descriptor was not consumed). */
  nic_loopback_rings rxring, txring, Vci
  /* The receive descriptor's STATUS: DONE and the length. */
  li s11, 6
  li t2, Polls
  la t0, rxring
1: lw t1, 12(t0)
  bltz t1, 2f
  addi t2, t2, -1
  bnez t2, 1b
  j fail
2: li s11, 7
  nic_status_len t1, PduBytes
  li s11, 8
  nic_same_words txbuf, rxbuf, PduWords
  li s11, 9
  li t0, NIC(DMA_ERR_ADDR)
  lw t1, 0(t0)
  bne t1, s0, fail            /* no second error */

  finish_pass

fail:
  finish_fail

  .section .bss
  .balign 16
txring:  .space 32
rxring:  .space 32
txbuf:   .space PduWords * 4
rxbuf:   .space PduWords * 4
