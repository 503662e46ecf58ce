// atm_link_tx against the C++ LinkTransmitter (host/atm/link.h): the line bytes of the
// RTL, with random gaps on the cell stream and a random link strobe, equal the model's
// bytes for the same cells, idle cells in the same places, with and without payload
// scrambling; malformed input cells are dropped, counted, and never stall the link.
// Seeds come from the harness (PEGASUS_SEED replays a run); PEGASUS_LONG=1 runs ten
// times the counts.
#include <gtest/gtest.h>

#include <deque>
#include <vector>

#include PEGASUS_RTL_HEADER
#include "host/atm/link.h"
#include "sim_cpp/bfm/cell_stream.h"
#include "sim_cpp/harness/long_run.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus {
namespace {

using Model = PEGASUS_RTL_MODEL;
using atm::Cell;

Cell RandomCell(sim::Harness<Model>& sim) {
  Cell cell;
  do {
    cell.header = static_cast<uint32_t>(sim.Random(0, 0xFFFFFFFF));
  } while (cell.header == atm::kIdleHeader);
  for (uint8_t& b : cell.payload) b = static_cast<uint8_t>(sim.Random(0, 255));
  return cell;
}

class LinkTx : public ::testing::TestWithParam<bool> {
 protected:
  LinkTx()
      : sim_(::testing::UnitTest::GetInstance()->current_test_info()->name()),
        source_(sim_.model(), sim_.rng()) {
    sim_->scramble_i = GetParam();
    sim_->link_ready_i = 0;
    sim_.Reset();
  }

  // One clock cycle; the link takes a byte with probability ready_percent.
  void Step(int ready_percent) {
    source_.Drive();
    sim_->link_ready_i = static_cast<int>(sim_.Random(0, 99)) < ready_percent;
    sim_->eval();
    source_.Sample();
    if (sim_->link_valid_o && sim_->link_ready_i) line_.push_back(sim_->link_data_o);
    sim_.Tick();
  }

  // Runs until the source is empty, `cells` user cells have gone out and the link is at
  // a cell boundary.
  void RunUntilSent(uint64_t cells, int ready_percent) {
    const uint64_t limit = 200 * (cells + 10) * 100 / ready_percent;
    bool done = false;
    for (uint64_t i = 0; i < limit && !done; ++i) {
      done = source_.idle() && sim_->cells_sent_o == cells && line_.size() % 53 == 0;
      if (!done) Step(ready_percent);
    }
    ASSERT_TRUE(done) << "cells sent " << sim_->cells_sent_o << " of " << cells;
  }

  // Rebuilds the line with the C++ model, taking idle cells where the RTL sent them
  // (known by their unscrambled header), and compares byte for byte.
  void ExpectModelBytes(const std::vector<Cell>& cells) {
    atm::LinkTransmitter tx(GetParam());
    std::vector<uint8_t> want;
    size_t next = 0;
    ASSERT_EQ(line_.size() % 53, 0u);
    for (size_t off = 0; off < line_.size(); off += 53) {
      const uint32_t header = (uint32_t{line_[off]} << 24) | (uint32_t{line_[off + 1]} << 16) |
                              (uint32_t{line_[off + 2]} << 8) | line_[off + 3];
      if (header == atm::kIdleHeader) {
        tx.SendIdle(&want);
      } else {
        ASSERT_LT(next, cells.size()) << "more user cells on the line than were sent";
        tx.SendCell(cells[next++], &want);
      }
    }
    EXPECT_EQ(next, cells.size());
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(line_[i], want[i]) << "line byte " << i << " (cell " << i / 53 << ", byte "
                                   << i % 53 << "), seed " << sim_.seed();
    }
    EXPECT_EQ(sim_->cells_sent_o, tx.counters().cells_sent);
    EXPECT_EQ(sim_->idle_sent_o, tx.counters().idle_sent);
  }

  sim::Harness<Model> sim_;
  sim::CellSource<Model> source_;
  std::vector<uint8_t> line_;
};

TEST_P(LinkTx, IdleCellsWhenNothingIsQueued) {
  for (int i = 0; i < 53 * 5; ++i) Step(100);
  ASSERT_EQ(line_.size(), 53u * 5 - 1);  // link_valid_o rises one cycle after reset
  Step(100);
  ExpectModelBytes({});
  EXPECT_EQ(line_[4], 0x52);
  EXPECT_EQ(sim_->idle_sent_o, 5u);
}

TEST_P(LinkTx, KnownHecVectors) {
  // Header 00000000 has HEC 0x55; the idle header 00000001 has 0x52.
  Cell zero;
  source_.PushCell(zero.ToWords());
  RunUntilSent(1, 100);
  ExpectModelBytes({zero});
  bool seen_zero = false, seen_idle = false;
  for (size_t off = 0; off < line_.size(); off += 53) {
    const bool idle = line_[off + 3] == 0x01;
    EXPECT_EQ(line_[off + 4], idle ? 0x52 : 0x55) << "cell at byte " << off;
    (idle ? seen_idle : seen_zero) = true;
  }
  EXPECT_TRUE(seen_zero && seen_idle);
}

TEST_P(LinkTx, RandomCellsMatchModel) {
  const int kCells = 3000 * sim::LongRunScale();
  std::vector<Cell> cells;
  for (int phase = 0; phase < 3; ++phase) {
    // Phases: a fast source (back-to-back cells, no idle), a gappy source (idle cells
    // between), and a slow link strobe.
    const int valid_percent = phase == 1 ? 5 : 90;
    const int ready_percent = phase == 2 ? 30 : 100;
    source_.set_valid_percent(valid_percent);
    for (int i = 0; i < kCells / 3; ++i) {
      cells.push_back(RandomCell(sim_));
      source_.PushCell(cells.back().ToWords());
    }
    RunUntilSent(cells.size(), ready_percent);
  }
  ExpectModelBytes(cells);
  EXPECT_EQ(sim_->malformed_o, 0u);
  std::printf("tx: %zu cells, %u idle cells, %zu line bytes (seed %llu)\n", cells.size(),
              static_cast<unsigned>(sim_->idle_sent_o), line_.size(),
              static_cast<unsigned long long>(sim_.seed()));
}

TEST_P(LinkTx, BackToBackCellsKeepTheLinkFull) {
  source_.set_valid_percent(100);
  std::vector<Cell> cells;
  for (int i = 0; i < 50; ++i) {
    cells.push_back(RandomCell(sim_));
    source_.PushCell(cells.back().ToWords());
  }
  RunUntilSent(cells.size(), 100);
  ExpectModelBytes(cells);
  // Only the idle cell sent while the first cell was being stored.
  EXPECT_EQ(sim_->idle_sent_o, 1u);
}

TEST_P(LinkTx, MalformedCellsAreDroppedAndCounted) {
  source_.set_valid_percent(70);
  std::vector<Cell> good;
  uint64_t malformed = 0;
  for (int i = 0; i < 400; ++i) {
    const Cell cell = RandomCell(sim_);
    const auto words = cell.ToWords();
    const int kind = static_cast<int>(sim_.Random(0, 3));
    std::vector<sim::StreamWord> stream;
    if (kind == 0) {
      // Too short: tlast on word 0..11.
      const int n = static_cast<int>(sim_.Random(1, 12));
      for (int w = 0; w < n; ++w) stream.push_back({words[w], w == n - 1});
      ++malformed;
    } else if (kind == 1) {
      // Too long: 14..40 words.
      const int n = static_cast<int>(sim_.Random(14, 40));
      for (int w = 0; w < n; ++w) stream.push_back({words[w % 13], w == n - 1});
      ++malformed;
    } else {
      good.push_back(cell);
      for (int w = 0; w < 13; ++w) stream.push_back({words[w], w == 12});
    }
    source_.PushWords(stream);
  }
  RunUntilSent(good.size(), 80);
  ExpectModelBytes(good);
  EXPECT_EQ(sim_->malformed_o, malformed);
  std::printf("tx: %zu good cells, %llu malformed dropped (seed %llu)\n", good.size(),
              static_cast<unsigned long long>(malformed),
              static_cast<unsigned long long>(sim_.seed()));
}

INSTANTIATE_TEST_SUITE_P(Scrambling, LinkTx, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Scrambled" : "Plain"; });

}  // namespace
}  // namespace pegasus
