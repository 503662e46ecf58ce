#include "sim_cpp/net/link_port.h"

namespace pegasus::net {

void LinkPort::Attach(WireTx* tx, WireRx* rx, const LinkParams& params, uint64_t clock_ps) {
  tx_ = tx;
  rx_ = rx;
  delay_ = params.delay;
  bpc_ = static_cast<uint64_t>(params.bytes_per_cycle);
  clock_ps_ = clock_ps;
  tx_model_.set_scramble(params.scramble);
  rx_model_.set_descramble(params.scramble);
}

Status LinkPort::CapturePcap(const std::string& path) {
  auto writer = sim::PcapWriter::Create(path);
  if (!writer.ok()) return writer.status();
  pcap_ = std::move(*writer);
  pcap_reasm_ = std::make_unique<atm::Aal5Reassembler>();
  pcap_vc_.assign(64, UINT32_MAX);
  return Status::Ok();
}

Status LinkPort::Close() {
  if (!pcap_) return Status::Ok();
  Status s = pcap_->Close();
  pcap_.reset();
  return s;
}

void LinkPort::BeginQuantum() {
  if (!rx_) return;
  if (in_pos_ == in_.size()) {
    in_.clear();
    in_pos_ = 0;
  } else if (in_pos_ > 4096) {
    in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(in_pos_));
    in_pos_ = 0;
  }
  rx_->Take(&in_);
}

void LinkPort::EndQuantum() {
  if (!tx_) return;
  tx_->Send(out_);
  out_.clear();
}

void LinkPort::Transmit(const atm::Cell& cell) {
  ++counters_.tx_cells;
  if (!tx_) {
    ++counters_.unconnected;
    return;
  }
  tx_queue_.push_back(cell);
}

void LinkPort::Emit(uint64_t c) {
  const uint64_t due = (c + 1) * bpc_;
  while (produced_ < due) {
    if (!tx_queue_.empty()) {
      tx_model_.SendCell(tx_queue_.front(), &out_);
      tx_queue_.pop_front();
    } else {
      tx_model_.SendIdle(&out_);
    }
    produced_ += atm::kLinkCellBytes;
  }
}

void LinkPort::Receive(uint64_t c) {
  if (c + 1 < delay_) return;
  const uint64_t arrived = (c + 1 - delay_) * bpc_;
  if (taken_ >= arrived) return;
  // The wire always carries bytes_per_cycle a cycle, so with delay >= quantum
  // the bytes that arrive now have been committed; if not, the sender has not
  // run (a bug).
  while (taken_ < arrived && in_pos_ < in_.size()) {
    rx_model_.Push(in_[in_pos_++]);
    ++taken_;
  }
  for (const atm::Cell& cell : rx_model_.TakeCells()) {
    if (pcap_) Tap(cell, c);
    if (rx_queue_.size() >= kRxFifoCells) {
      ++counters_.rx_overflow;
      continue;
    }
    ++counters_.rx_cells;
    rx_queue_.push_back(cell);
  }
}

void LinkPort::Tap(const atm::Cell& cell, uint64_t c) {
  // Every VC seen is opened in the capture's own reassembler (one entry per VCI
  // low bits, as the RTL: two VCs that share them replace each other).
  const uint32_t vc = (cell.vpi() << 16) | cell.vci();
  uint32_t& open = pcap_vc_[cell.vci() & 63];
  if (open != vc) {
    (void)pcap_reasm_->Open(static_cast<uint8_t>(cell.vpi()), static_cast<uint16_t>(cell.vci()));
    open = vc;
  }
  pcap_reasm_->Push(cell, c);
  while (auto pdu = pcap_reasm_->Pop()) {
    (void)pcap_->WriteAal5Pdu(c * clock_ps_, pdu->vpi, pdu->vci, pdu->data);
  }
}

}  // namespace pegasus::net
