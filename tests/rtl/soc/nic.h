/* nic.h: the NIC's steps for the SoC test programs (.S), which include it after
 * pegasus/memory_map.h. nic_desc: descriptor 0 of a ring in memory (ADDR, SIZE or
 * LEN, the VC word, STATUS 0). nic_loopback_rings: both rings of two descriptors,
 * the VC open, both directions on, one descriptor given to each. Both use t0 and t1.
 * nic_same_words: the received words equal the sent ones, else a jump to `fail`; it
 * uses t0..t4 and leaves t1 just past the received words. nic_status_len: a STATUS
 * word (in a register) holds the PDU's length, else a jump to `fail`; uses t2, t3. */
#ifndef PEGASUS_TESTS_RTL_SOC_NIC_H_
#define PEGASUS_TESTS_RTL_SOC_NIC_H_

#define NIC(r) PEGASUS_NIC_##r##_ADDR

  .macro nic_desc ring, buf, size, vcword
  la t0, \ring
  la t1, \buf
  sw t1, 0(t0)
  li t1, \size
  sw t1, 4(t0)
  li t1, \vcword
  sw t1, 8(t0)
  sw zero, 12(t0)
  .endm

  .macro nic_loopback_rings rxring, txring, vci
  li t0, NIC(RX_RING_BASE)
  la t1, \rxring
  sw t1, 0(t0)
  li t0, NIC(RX_RING_SIZE)
  li t1, 2
  sw t1, 0(t0)
  li t0, NIC(TX_RING_BASE)
  la t1, \txring
  sw t1, 0(t0)
  li t0, NIC(TX_RING_SIZE)
  li t1, 2
  sw t1, 0(t0)
  li t0, NIC(RX_VC)
  li t1, (\vci << 4) | 1
  sw t1, 0(t0)
  li t0, NIC(CTRL)
  li t1, PEGASUS_NIC_CTRL_TX_EN_MASK | PEGASUS_NIC_CTRL_RX_EN_MASK
  sw t1, 0(t0)
  li t0, NIC(RX_TAIL)
  li t1, 1
  sw t1, 0(t0)
  li t0, NIC(TX_TAIL)
  sw t1, 0(t0)
  .endm

  .macro nic_same_words sent, received, words
  la t0, \sent
  la t1, \received
  li t2, \words
1002: lw t3, 0(t0)
  lw t4, 0(t1)
  bne t3, t4, fail
  addi t0, t0, 4
  addi t1, t1, 4
  addi t2, t2, -1
  bnez t2, 1002b
  .endm

  .macro nic_status_len status, bytes
  li t2, 0xffff
  and t2, \status, t2
  li t3, \bytes
  bne t2, t3, fail
  .endm

#endif  // PEGASUS_TESTS_RTL_SOC_NIC_H_
