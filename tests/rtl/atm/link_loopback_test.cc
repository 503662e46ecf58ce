// atm_link_tx -> atm_link_rx in loopback, both Verilated in one binary and clocked
// together: random cells with random gaps on the transmitter's cell stream, a random
// link strobe, and random back-pressure on the receiver's cell stream. The line bytes
// are checked against the C++ LinkTransmitter and the received cells and counters
// against the C++ LinkReceiver fed the same bytes, with and without scrambling; with
// no faults every cell arrives intact and in order. A second test puts random bit
// errors and slips on the wire between them. Seeds come from the harness (PEGASUS_SEED
// replays a run; the receiver's harness takes the transmitter's seed).
#include <gtest/gtest.h>

#include <cstdio>
#include <deque>
#include <utility>
#include <vector>

#include PEGASUS_RTL_HEADER
#include LINK_RX_HEADER
#include "host/atm/link.h"
#include "sim_cpp/bfm/cell_stream.h"
#include "sim_cpp/harness/long_run.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus {
namespace {

using TxModel = PEGASUS_RTL_MODEL;
using RxModel = LINK_RX_MODEL;
using atm::Cell;

sim::SimOptions SameSeed(uint64_t seed) {
  sim::SimOptions options = sim::SimOptions::Global();
  options.seed = seed;
  return options;
}

class LinkLoopback : public ::testing::TestWithParam<bool> {
 protected:
  LinkLoopback()
      : tx_(::testing::UnitTest::GetInstance()->current_test_info()->name()),
        rx_(tx_.name() + "_rx", 10'000, SameSeed(tx_.seed())),
        source_(tx_.model(), tx_.rng(), 50),
        sink_(rx_.model(), tx_.rng(), 50) {
    tx_->scramble_i = GetParam();
    rx_->descramble_i = GetParam();
    rx_->hec_correct_i = 1;
    tx_->link_ready_i = 0;
    rx_->link_valid_i = 0;
    rx_->link_data_i = 0;
    tx_.Reset();
    rx_.Reset();
  }

  Cell RandomCell() {
    Cell cell;
    do {
      cell.header = static_cast<uint32_t>(tx_.Random(0, 0xFFFFFFFF));
    } while (cell.header == atm::kIdleHeader);
    for (uint8_t& b : cell.payload) b = static_cast<uint8_t>(tx_.Random(0, 255));
    return cell;
  }

  // One cycle of both models. The byte on the wire may be disturbed by `fault`, which
  // returns the bytes the receiver gets instead (empty to lose it).
  template <typename Fault>
  void Step(int ready_percent, Fault&& fault) {
    source_.Drive();
    sink_.Drive();
    tx_->link_ready_i = static_cast<int>(tx_.Random(0, 99)) < ready_percent;
    tx_->eval();
    source_.Sample();
    if (tx_->link_valid_o && tx_->link_ready_i) {
      line_.push_back(tx_->link_data_o);
      for (uint8_t b : fault(static_cast<uint8_t>(tx_->link_data_o))) to_rx_.push_back(b);
    }
    FeedReceiver();
    rx_->eval();
    sink_.Sample();
    tx_.Tick();
    rx_.Tick();
  }

  void RunCells(int cells, int ready_percent) {
    for (int i = 0; i < 10 * 53 * 100 / ready_percent; ++i) Step(ready_percent, Clean);
    for (int i = 0; i < cells; ++i) {
      sent_.push_back(RandomCell());
      source_.PushCell(sent_.back().ToWords());
    }
  }

  // The receiver takes at most one byte a cycle; bytes a fault adds queue up here.
  void FeedReceiver() {
    rx_->link_valid_i = !to_rx_.empty();
    if (to_rx_.empty()) return;
    rx_->link_data_i = to_rx_.front();
    wire_.push_back(to_rx_.front());
    to_rx_.pop_front();
  }

  static std::vector<uint8_t> Clean(uint8_t b) { return {b}; }

  // Drains both sides with the link running clean, ending at a cell boundary.
  void Drain(int ready_percent) {
    sink_.set_ready_percent(100);
    for (int i = 0; i < 4 * 53 * 100 / ready_percent || line_.size() % 53 != 0; ++i) {
      Step(ready_percent, Clean);
    }
    for (int i = 0; i < 20 || !to_rx_.empty(); ++i) {
      tx_->link_ready_i = 0;
      FeedReceiver();
      sink_.Drive();
      rx_->eval();
      sink_.Sample();
      tx_.Tick();
      rx_.Tick();
    }
  }

  void ExpectLineMatchesModel() {
    atm::LinkTransmitter tx(GetParam());
    std::vector<uint8_t> want;
    size_t next = 0;
    for (size_t off = 0; off + 53 <= line_.size(); off += 53) {
      const uint32_t header = (uint32_t{line_[off]} << 24) | (uint32_t{line_[off + 1]} << 16) |
                              (uint32_t{line_[off + 2]} << 8) | line_[off + 3];
      if (header == atm::kIdleHeader) {
        tx.SendIdle(&want);
      } else {
        ASSERT_LT(next, sent_.size());
        tx.SendCell(sent_[next++], &want);
      }
    }
    ASSERT_EQ(next, sent_.size());
    ASSERT_EQ(want.size(), line_.size());
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(line_[i], want[i]) << "line byte " << i << ", seed " << tx_.seed();
    }
    EXPECT_EQ(tx_->cells_sent_o, tx.counters().cells_sent);
    EXPECT_EQ(tx_->idle_sent_o, tx.counters().idle_sent);
  }

  // Compares the receiver with the C++ model fed the bytes the receiver got.
  void ExpectReceiverMatchesModel() {
    atm::LinkReceiver model(GetParam());
    model.Push(wire_);
    for (const auto& words : sink_.TakeCells()) {
      ASSERT_EQ(words.size(), 13u);
      got_.push_back(Cell::FromWords(std::span<const uint32_t, 13>(words.data(), 13)));
    }
    EXPECT_EQ(sink_.protocol_errors(), 0u);
    const std::vector<Cell> want = model.TakeCells();
    ASSERT_EQ(got_.size(), want.size()) << "seed " << tx_.seed();
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(got_[i], want[i]) << "cell " << i << ", seed " << tx_.seed();
    }
    const atm::LinkRxCounters& c = model.counters();
    EXPECT_EQ(rx_->received_o, c.received);
    EXPECT_EQ(rx_->delivered_o, c.delivered);
    EXPECT_EQ(rx_->hec_corrected_o, c.hec_corrected);
    EXPECT_EQ(rx_->hec_discarded_o, c.hec_discarded);
    EXPECT_EQ(rx_->idle_discarded_o, c.idle_discarded);
    EXPECT_EQ(rx_->sync_losses_o, c.sync_losses);
    EXPECT_EQ(rx_->overflow_o, 0u);
  }

  sim::Harness<TxModel> tx_;
  sim::Harness<RxModel> rx_;
  sim::CellSource<TxModel> source_;
  sim::CellSink<RxModel> sink_;
  std::vector<uint8_t> line_;  // bytes the transmitter sent
  std::vector<uint8_t> wire_;  // bytes the receiver got
  std::deque<uint8_t> to_rx_;
  std::vector<Cell> sent_;
  std::vector<Cell> got_;
};

TEST_P(LinkLoopback, RandomCellsArriveIntact) {
  const int kCells = 3000 * sim::LongRunScale();
  // Phases (link strobe %, source valid %): a full link, a slower link, and a slow
  // source that leaves idle cells between user cells.
  for (auto [ready, valid] : {std::pair{100, 50}, std::pair{60, 50}, std::pair{100, 4}}) {
    source_.set_valid_percent(valid);
    RunCells(kCells / 3, ready);
    const uint64_t limit = static_cast<uint64_t>(kCells) * 53 * 400 / ready;
    for (uint64_t i = 0; i < limit && tx_->cells_sent_o < sent_.size(); ++i) Step(ready, Clean);
    Drain(ready);
  }
  ExpectLineMatchesModel();
  ExpectReceiverMatchesModel();
  EXPECT_EQ(got_, sent_);
  EXPECT_EQ(rx_->sync_losses_o, 0u);
  std::printf("loopback: %zu cells sent, %zu delivered intact, %u idle cells, %zu line bytes "
              "(seed %llu)\n",
              sent_.size(), got_.size(), static_cast<unsigned>(tx_->idle_sent_o), line_.size(),
              static_cast<unsigned long long>(tx_.seed()));
}

TEST_P(LinkLoopback, WireFaultsMatchModel) {
  const int kCells = 3000 * sim::LongRunScale();
  RunCells(kCells, 100);
  int flips = 0, slips = 0;
  auto fault = [&](uint8_t b) -> std::vector<uint8_t> {
    const uint64_t r = tx_.Random(0, 99'999);
    if (r < 20) {
      ++flips;
      return {static_cast<uint8_t>(b ^ (1u << tx_.Random(0, 7)))};
    }
    if (r < 21) {
      ++slips;
      return {};  // a byte lost
    }
    if (r < 22) {
      ++slips;
      return {b, static_cast<uint8_t>(tx_.Random(0, 255))};  // a byte too many
    }
    return {b};
  };
  const uint64_t limit = static_cast<uint64_t>(kCells) * 53 * 10;
  for (uint64_t i = 0; i < limit && tx_->cells_sent_o < sent_.size(); ++i) Step(100, fault);
  Drain(100);
  ExpectLineMatchesModel();
  ExpectReceiverMatchesModel();
  std::printf("loopback with faults: %d bit flips, %d slips; %u corrected, %u discarded, "
              "%u sync losses, %zu of %zu cells delivered (seed %llu)\n",
              flips, slips, static_cast<unsigned>(rx_->hec_corrected_o),
              static_cast<unsigned>(rx_->hec_discarded_o),
              static_cast<unsigned>(rx_->sync_losses_o), got_.size(), sent_.size(),
              static_cast<unsigned long long>(tx_.seed()));
}

INSTANTIATE_TEST_SUITE_P(Scrambling, LinkLoopback, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Scrambled" : "Plain"; });

}  // namespace
}  // namespace pegasus
