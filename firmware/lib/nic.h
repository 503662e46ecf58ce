// Driver for the Pegasus NIC (rtl/soc/soc_nic.v): AAL5 PDUs sent and received through
// descriptor rings in RAM. Formats: doc/wire_formats.md, "NIC descriptors"; registers:
// doc/memory_map.md, NIC.
//
// Ring protocol. Transmit: Send() fills the descriptor at the software tail and
// advances TX_TAIL; the NIC takes descriptors from TX_HEAD up to the tail and sets DONE
// in each one's STATUS when its buffer has been read; TxReclaim() counts those. Receive:
// every receive descriptor owns a buffer; the NIC fills the free ones from RX_HEAD up to
// RX_TAIL; Receive() returns the oldest filled one (STATUS.DONE set), and Release()
// clears it and hands it back by advancing RX_TAIL. One slot of each ring stays unused
// (head == tail means empty), so a ring of n descriptors holds n - 1.
//
// Concurrency: the core has no data cache, so the NIC's writes are seen directly; a
// compiler barrier orders buffer and descriptor stores before each doorbell write. One
// Nic object belongs to one thread of control; its methods must not be called from an
// interrupt handler while the main program is inside one of them.
#ifndef PEGASUS_FIRMWARE_LIB_NIC_H_
#define PEGASUS_FIRMWARE_LIB_NIC_H_

#include <stdint.h>

namespace pegasus::fw {

// One descriptor in RAM (16 bytes, 16-byte aligned).
struct NicDesc {
  uint32_t addr;    // buffer address (word aligned)
  uint32_t len;     // [15:0] transmit: PDU bytes, receive: buffer bytes; [23:16] UU (transmit)
  uint32_t vc;      // cell-header layout: VPI[27:20] VCI[19:4] CLP[0]
  uint32_t status;  // written by the NIC: DONE[31] ERR[30:28] UU[23:16] LENGTH[15:0]
};
static_assert(sizeof(NicDesc) == 16, "NIC descriptors are 16 bytes");

inline constexpr uint32_t kNicStatusDone = 1u << 31;
// STATUS.ERR values.
inline constexpr uint32_t kNicErrNone = 0;
inline constexpr uint32_t kNicErrRange = 1;  // transmit buffer outside RAM: nothing sent
inline uint32_t NicStatusErr(uint32_t status) { return (status >> 28) & 7; }
inline uint32_t NicVcWord(uint8_t vpi, uint16_t vci) {
  return (static_cast<uint32_t>(vpi) << 20) | (static_cast<uint32_t>(vci) << 4);
}

// A received PDU, valid until Release().
struct NicPdu {
  uint8_t vpi;
  uint16_t vci;
  uint8_t uu;
  uint16_t length;
  const uint8_t* data;  // bytes in wire order
};

class Nic {
 public:
  // Resets both rings and enables the engines. tx and rx are arrays of tx_count and
  // rx_count descriptors; rx_buffers holds rx_count buffers of buffer_bytes each (word
  // aligned). Interrupt causes are left disabled (EnableIrqs()).
  void Init(NicDesc* tx, uint32_t tx_count, NicDesc* rx, uint32_t rx_count,
            uint8_t* rx_buffers, uint32_t buffer_bytes);
  // Opens (or closes) a receive VC; false if the NIC did not take the command.
  bool SetVc(uint8_t vpi, uint16_t vci, bool open);
  // Enables the IRQ_STATUS causes in mask (PEGASUS_NIC_IRQ_STATUS_*_MASK).
  void EnableIrqs(uint32_t mask);
  // Reads and clears the interrupt causes (registers only: safe in the interrupt
  // handler).
  static uint32_t TakeIrqs();

  // Queues a PDU of length bytes from data (word aligned; it must stay unchanged until
  // TxReclaim() has counted it). False when the ring is full.
  bool Send(const uint8_t* data, uint16_t length, uint8_t vpi, uint16_t vci, uint8_t uu);
  // Descriptors completed since the last call; *errors counts those with STATUS.ERR set.
  uint32_t TxReclaim(uint32_t* errors);
  // Transmit descriptors queued and not yet reclaimed.
  uint32_t TxPending() const { return tx_queued_ - tx_reclaimed_; }

  // The oldest received PDU, if any.
  bool Receive(NicPdu* pdu);
  // Gives the buffer of the PDU Receive() returned back to the NIC.
  void Release();

  // A NIC register by its offset (PEGASUS_NIC_*).
  static uint32_t Reg(uint32_t offset);

 private:
  NicDesc* tx_ = nullptr;
  NicDesc* rx_ = nullptr;
  uint8_t* rx_buffers_ = nullptr;
  uint32_t tx_count_ = 0;
  uint32_t rx_count_ = 0;
  uint32_t buffer_bytes_ = 0;
  uint32_t tx_queued_ = 0;     // descriptors queued since Init
  uint32_t tx_reclaimed_ = 0;  // descriptors counted by TxReclaim
  uint32_t rx_next_ = 0;       // next receive descriptor to look at
  uint32_t rx_tail_ = 0;       // RX_TAIL as last written
};

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_NIC_H_
