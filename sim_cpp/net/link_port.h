// LinkPort: one end of a link inside a node — the node's link transmitter and
// link receiver (the C++ models of rtl/atm's atm_link_tx and atm_link_rx,
// host/atm/link.h), with the small cell FIFOs between them and the node's cell
// streams.
//
// Transmit: the node hands over whole cells (Transmit) while TxReady(); the
// FIFO holds tx_fifo_cells cells, and a full FIFO back-pressures the node's
// m_cell_tready_i as the RTL transmitter does. The transmitter emits
// bytes_per_cycle bytes every cycle: at each cell boundary it takes the next
// whole queued cell, or sends an idle cell. Receive: byte n of the incoming
// wire is pushed into the receiver (HEC delineation, header correction or
// discard, idle cells dropped, counted as I.432 says) in cycle n /
// bytes_per_cycle + delay. Cells it delivers wait in an rx_fifo_cells FIFO for
// the node's s_cell stream; a cell that finds the FIFO full is dropped and
// counted, as the RTL receiver's overflow.
//
// Per cycle the node calls Cycle(c); at quantum boundaries BeginQuantum() takes
// the committed bytes of the incoming wire and EndQuantum() sends the bytes
// emitted.
#ifndef PEGASUS_SIM_CPP_NET_LINK_PORT_H_
#define PEGASUS_SIM_CPP_NET_LINK_PORT_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "host/atm/aal5.h"
#include "host/atm/cell.h"
#include "host/atm/link.h"
#include "sim_cpp/bfm/pcap_writer.h"
#include "sim_cpp/net/wire.h"

namespace pegasus::net {

struct LinkPortCounters {
  uint64_t tx_cells = 0;     // cells the node handed to the transmitter
  uint64_t rx_cells = 0;     // cells delivered by the receiver into the FIFO
  uint64_t rx_overflow = 0;  // cells delivered while the FIFO was full (dropped)
  uint64_t unconnected = 0;  // cells sent on a port with no link (dropped)
};

class LinkPort {
 public:
  static constexpr size_t kTxFifoCells = 2;
  static constexpr size_t kRxFifoCells = 2;

  explicit LinkPort(std::string name) : name_(std::move(name)) {}

  // Connects the port: tx (may be null: nothing is sent) carries the bytes this
  // end emits, rx (may be null) the bytes it receives. clock_ps stamps pcap
  // records.
  void Attach(WireTx* tx, WireRx* rx, const LinkParams& params, uint64_t clock_ps);
  // Starts a pcap capture of the PDUs this end receives.
  Status CapturePcap(const std::string& path);
  bool connected() const { return tx_ != nullptr || rx_ != nullptr; }
  const std::string& name() const { return name_; }

  // One clock cycle: receive the bytes that arrive in cycle c, emit those due
  // in it.
  void Cycle(uint64_t c) {
    if (rx_) Receive(c);
    if (tx_) Emit(c);
  }
  void BeginQuantum();
  void EndQuantum();

  // Node side, transmit.
  bool TxReady() const { return !tx_ || tx_queue_.size() < kTxFifoCells; }
  void Transmit(const atm::Cell& cell);
  // Node side, receive (oldest cell first).
  bool RxEmpty() const { return rx_queue_.empty(); }
  const atm::Cell& RxFront() const { return rx_queue_.front(); }
  void RxPop() { rx_queue_.pop_front(); }

  const LinkPortCounters& counters() const { return counters_; }
  const atm::LinkTxCounters& tx_counters() const { return tx_model_.counters(); }
  const atm::LinkRxCounters& rx_counters() const { return rx_model_.counters(); }
  atm::Delineation rx_state() const { return rx_model_.state(); }
  // Finishes the pcap file, if any.
  Status Close();

 private:
  void Receive(uint64_t c);
  void Emit(uint64_t c);
  void Tap(const atm::Cell& cell, uint64_t c);

  std::string name_;
  WireTx* tx_ = nullptr;
  WireRx* rx_ = nullptr;
  uint64_t delay_ = 0;
  uint64_t bpc_ = 1;
  uint64_t clock_ps_ = 20'000;

  atm::LinkTransmitter tx_model_;
  std::deque<atm::Cell> tx_queue_;
  std::vector<uint8_t> out_;
  uint64_t produced_ = 0;  // bytes emitted since cycle 0 (whole cells)

  atm::LinkReceiver rx_model_;
  std::vector<uint8_t> in_;  // committed bytes not yet received
  size_t in_pos_ = 0;
  uint64_t taken_ = 0;  // bytes received since cycle 0
  std::deque<atm::Cell> rx_queue_;

  std::unique_ptr<sim::PcapWriter> pcap_;
  std::unique_ptr<atm::Aal5Reassembler> pcap_reasm_;
  std::vector<uint32_t> pcap_vc_;  // VPI/VCI open at each reassembler index
  LinkPortCounters counters_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_LINK_PORT_H_
