// Cell-stream bus-functional models (doc/wire_formats.md, "Cell stream"): a source that
// drives a Verilated model's s_cell_* inputs with random gaps in tvalid, and a sink that
// reads its m_cell_* outputs with random back-pressure on tready and checks that a word
// offered is held until it is taken. Header-only templates: any model with ports of
// those names works.
//
// Use once per clock cycle, in this order (the harness's timing convention: inputs are
// set while clk_i is low):
//   source.Drive(); sink.Drive(); sim->eval(); source.Sample(); sink.Sample(); sim.Tick();
// Drive() sets the inputs; Sample() sees whether a word moves at the coming edge
// (tvalid && tready) and accounts for it. A source keeps a word on the bus, unchanged,
// from the cycle it raises tvalid until the word is taken, as the handshake requires.
#ifndef PEGASUS_SIM_CPP_BFM_CELL_STREAM_H_
#define PEGASUS_SIM_CPP_BFM_CELL_STREAM_H_

#include <array>
#include <cstdint>
#include <deque>
#include <random>
#include <vector>

namespace pegasus::sim {

struct StreamWord {
  uint32_t data = 0;
  bool last = false;
};

template <typename Model>
class CellSource {
 public:
  // valid_percent: chance, each cycle, that a waiting word is offered.
  CellSource(Model& model, std::mt19937_64& rng, int valid_percent = 100)
      : model_(model), rng_(rng), valid_percent_(valid_percent) {
    model_.s_cell_tvalid_i = 0;
    model_.s_cell_tdata_i = 0;
    model_.s_cell_tlast_i = 0;
  }

  void set_valid_percent(int percent) { valid_percent_ = percent; }

  // Queues the 13 words of a cell, tlast on the last.
  void PushCell(const std::array<uint32_t, 13>& words) {
    for (size_t i = 0; i < words.size(); ++i) queue_.push_back({words[i], i + 1 == words.size()});
  }
  // Queues words as given (for malformed cells).
  void PushWords(const std::vector<StreamWord>& words) {
    queue_.insert(queue_.end(), words.begin(), words.end());
  }

  void Drive() {
    if (!offering_ && !queue_.empty() &&
        static_cast<int>(rng_() % 100) < valid_percent_) {
      offering_ = true;
    }
    model_.s_cell_tvalid_i = offering_;
    model_.s_cell_tdata_i = offering_ ? queue_.front().data : 0;
    model_.s_cell_tlast_i = offering_ && queue_.front().last;
  }

  void Sample() {
    if (offering_ && model_.s_cell_tready_o) {
      queue_.pop_front();
      offering_ = false;
      ++words_sent_;
    }
  }

  bool idle() const { return queue_.empty(); }
  uint64_t words_sent() const { return words_sent_; }

 private:
  Model& model_;
  std::mt19937_64& rng_;
  int valid_percent_;
  std::deque<StreamWord> queue_;
  bool offering_ = false;
  uint64_t words_sent_ = 0;
};

template <typename Model>
class CellSink {
 public:
  // ready_percent: chance, each cycle, that tready is high.
  CellSink(Model& model, std::mt19937_64& rng, int ready_percent = 100)
      : model_(model), rng_(rng), ready_percent_(ready_percent) {
    model_.m_cell_tready_i = 0;
  }

  void set_ready_percent(int percent) { ready_percent_ = percent; }

  void Drive() {
    ready_ = static_cast<int>(rng_() % 100) < ready_percent_;
    model_.m_cell_tready_i = ready_;
  }

  void Sample() {
    const bool valid = model_.m_cell_tvalid_o;
    const uint32_t data = static_cast<uint32_t>(model_.m_cell_tdata_o);
    const bool last = model_.m_cell_tlast_o;
    // A word offered and not taken must be offered again, unchanged.
    if (waiting_ && (!valid || data != waiting_data_ || last != waiting_last_)) {
      ++protocol_errors_;
    }
    waiting_ = valid && !ready_;
    waiting_data_ = data;
    waiting_last_ = last;
    if (!(ready_ && valid)) return;
    current_.push_back(data);
    if (last) {
      cells_.push_back(std::move(current_));
      current_.clear();
    }
  }

  // Whole messages (words up to and including tlast) received so far, oldest first.
  std::vector<std::vector<uint32_t>> TakeCells() {
    std::vector<std::vector<uint32_t>> out;
    out.swap(cells_);
    return out;
  }
  // Words received after the last tlast.
  const std::vector<uint32_t>& partial() const { return current_; }
  // Times the sender withdrew or changed a word before it was taken.
  uint64_t protocol_errors() const { return protocol_errors_; }

 private:
  Model& model_;
  std::mt19937_64& rng_;
  int ready_percent_;
  bool ready_ = false;
  bool waiting_ = false;
  uint32_t waiting_data_ = 0;
  bool waiting_last_ = false;
  uint64_t protocol_errors_ = 0;
  std::vector<uint32_t> current_;
  std::vector<std::vector<uint32_t>> cells_;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_BFM_CELL_STREAM_H_
