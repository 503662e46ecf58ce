// A network for PDU streams: PDUs go in with the cycle they may be delivered at the
// earliest (arrival plus a delay the caller draws), come out in the order they went in
// (a PDU is never delivered before the one ahead of it), and are driven into a
// Verilated model's s_pdu_* inputs one 32-bit word a cycle, bytes big-endian, tlast on
// the last word. For sinks whose s_pdu_tready_o is always high (audio_playout takes a
// word every cycle), so a word is driven for exactly one cycle.
//
// Use once per clock cycle:  line.Drive(now); sim.Tick(); line.Advance();
#ifndef PEGASUS_SIM_CPP_BFM_PDU_DELAY_LINE_H_
#define PEGASUS_SIM_CPP_BFM_PDU_DELAY_LINE_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace pegasus::sim {

template <typename Model>
class PduDelayLine {
 public:
  explicit PduDelayLine(Model& model) : model_(model) { model_.s_pdu_tvalid_i = 0; }

  // Queues a PDU to be delivered at cycle `due` or, if the PDU ahead of it is due
  // later, right after that one.
  void Push(uint64_t due, std::vector<uint8_t> pdu) {
    last_due_ = std::max(last_due_, due);
    pending_.push_back({last_due_, std::move(pdu)});
  }

  // Sets s_pdu_* for the cycle `now`, starting the next due PDU when none is in flight.
  void Drive(uint64_t now) {
    if (words_.empty() && !pending_.empty() && pending_.front().due <= now) {
      const std::vector<uint8_t>& b = pending_.front().pdu;
      for (size_t k = 0; k + 3 < b.size(); k += 4) {
        words_.push_back((uint32_t{b[k]} << 24) | (uint32_t{b[k + 1]} << 16) |
                         (uint32_t{b[k + 2]} << 8) | b[k + 3]);
      }
      pending_.pop_front();
    }
    model_.s_pdu_tvalid_i = !words_.empty();
    model_.s_pdu_tdata_i = words_.empty() ? 0 : words_.front();
    model_.s_pdu_tlast_i = words_.size() == 1;
  }

  // After the clock edge: the word driven has been taken.
  void Advance() {
    if (!words_.empty()) words_.pop_front();
  }

 private:
  struct Pending {
    uint64_t due;
    std::vector<uint8_t> pdu;
  };
  Model& model_;
  std::deque<Pending> pending_;
  std::deque<uint32_t> words_;
  uint64_t last_due_ = 0;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_BFM_PDU_DELAY_LINE_H_
