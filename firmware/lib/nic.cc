// NIC driver: the ring protocol of nic.h over the registers of the generated memory map.
#include "firmware/lib/nic.h"

#include "firmware/lib/mmio.h"
#include "pegasus/memory_map.h"

namespace pegasus::fw {
namespace {

// Orders the stores before it (buffers, descriptors) before the doorbell after it.
inline void Barrier() { asm volatile("" ::: "memory"); }

void SetReg(uint32_t offset, uint32_t value) { Write32(PEGASUS_NIC_BASE + offset, value); }

uint32_t LoadStatus(const NicDesc& d) {
  return *reinterpret_cast<const volatile uint32_t*>(&d.status);
}

}  // namespace

uint32_t Nic::Reg(uint32_t offset) { return Read32(PEGASUS_NIC_BASE + offset); }

void Nic::Init(NicDesc* tx, uint32_t tx_count, NicDesc* rx, uint32_t rx_count,
               uint8_t* rx_buffers, uint32_t buffer_bytes) {
  tx_ = tx;
  rx_ = rx;
  rx_buffers_ = rx_buffers;
  tx_count_ = tx_count;
  rx_count_ = rx_count;
  buffer_bytes_ = buffer_bytes;
  tx_queued_ = 0;
  tx_reclaimed_ = 0;
  rx_next_ = 0;
  SetReg(PEGASUS_NIC_CTRL, 0);
  for (uint32_t i = 0; i < rx_count; ++i) {
    rx_[i].addr = reinterpret_cast<uint32_t>(rx_buffers_ + i * buffer_bytes_);
    rx_[i].len = buffer_bytes_;
    rx_[i].vc = 0;
    rx_[i].status = 0;
  }
  Barrier();
  SetReg(PEGASUS_NIC_TX_RING_BASE, reinterpret_cast<uint32_t>(tx_));
  SetReg(PEGASUS_NIC_TX_RING_SIZE, tx_count_);     // head and tail to 0
  SetReg(PEGASUS_NIC_RX_RING_BASE, reinterpret_cast<uint32_t>(rx_));
  SetReg(PEGASUS_NIC_RX_RING_SIZE, rx_count_);
  rx_tail_ = rx_count_ - 1;                         // every buffer but one is free
  SetReg(PEGASUS_NIC_RX_TAIL, rx_tail_);
  SetReg(PEGASUS_NIC_IRQ_STATUS, ~0u);
  SetReg(PEGASUS_NIC_CTRL, PEGASUS_NIC_CTRL_RX_EN_MASK | PEGASUS_NIC_CTRL_TX_EN_MASK);
}

bool Nic::SetVc(uint8_t vpi, uint16_t vci, bool open) {
  auto idle = [] { return (Reg(PEGASUS_NIC_STATUS) & PEGASUS_NIC_STATUS_VC_BUSY_MASK) == 0; };
  int tries = 0;
  while (!idle()) {
    if (++tries > 10000) return false;  // the reassembler clears its table after reset
  }
  SetReg(PEGASUS_NIC_RX_VC, NicVcWord(vpi, vci) | (open ? PEGASUS_NIC_RX_VC_OPEN_MASK : 0));
  tries = 0;
  while (!idle()) {
    if (++tries > 10000) return false;
  }
  return true;
}

void Nic::EnableIrqs(uint32_t mask) { SetReg(PEGASUS_NIC_IRQ_ENABLE, mask); }

uint32_t Nic::TakeIrqs() {
  const uint32_t causes = Reg(PEGASUS_NIC_IRQ_STATUS);
  SetReg(PEGASUS_NIC_IRQ_STATUS, causes);
  return causes;
}

bool Nic::Send(const uint8_t* data, uint16_t length, uint8_t vpi, uint16_t vci, uint8_t uu) {
  if (TxPending() + 1 >= tx_count_) return false;
  NicDesc& d = tx_[tx_queued_ % tx_count_];
  d.addr = reinterpret_cast<uint32_t>(data);
  d.len = length | (static_cast<uint32_t>(uu) << 16);
  d.vc = NicVcWord(vpi, vci);
  d.status = 0;
  ++tx_queued_;
  Barrier();
  SetReg(PEGASUS_NIC_TX_TAIL, tx_queued_ % tx_count_);
  return true;
}

uint32_t Nic::TxReclaim(uint32_t* errors) {
  uint32_t n = 0;
  while (tx_reclaimed_ != tx_queued_) {
    const uint32_t status = LoadStatus(tx_[tx_reclaimed_ % tx_count_]);
    if ((status & kNicStatusDone) == 0) break;
    if (NicStatusErr(status) != kNicErrNone && errors != nullptr) ++*errors;
    ++tx_reclaimed_;
    ++n;
  }
  return n;
}

bool Nic::Receive(NicPdu* pdu) {
  const NicDesc& d = rx_[rx_next_];
  const uint32_t status = LoadStatus(d);
  if ((status & kNicStatusDone) == 0) return false;
  Barrier();
  pdu->vpi = static_cast<uint8_t>(d.vc >> 20);
  pdu->vci = static_cast<uint16_t>(d.vc >> 4);
  pdu->uu = static_cast<uint8_t>(status >> 16);
  pdu->length = static_cast<uint16_t>(status);
  pdu->data = reinterpret_cast<const uint8_t*>(d.addr);
  return true;
}

void Nic::Release() {
  rx_[rx_next_].status = 0;
  rx_next_ = (rx_next_ + 1) % rx_count_;
  rx_tail_ = (rx_tail_ + 1) % rx_count_;
  Barrier();
  SetReg(PEGASUS_NIC_RX_TAIL, rx_tail_);
}

}  // namespace pegasus::fw
