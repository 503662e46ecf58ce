// atm_beacon: the serial line is decoded by the UartRx and ByteCellDecoder models and
// every cell is checked with the C++ HEC and AAL5 code: header, HEC, sequence number,
// text, trailer and CRC-32, and the spacing of cells.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "host/common/crc.h"
#include "sim_cpp/bfm/byte_cell_decoder.h"
#include "sim_cpp/bfm/uart_rx.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus {
namespace {

using Model = PEGASUS_RTL_MODEL;
constexpr int kClkHz = PEGASUS_PARAM_ClkHz;
constexpr int kBaud = PEGASUS_PARAM_Baud;
constexpr int kPeriod = PEGASUS_PARAM_CellPeriodCycles;
constexpr int kBitCycles = (kClkHz + kBaud / 2) / kBaud;
constexpr int kCellCycles = 53 * 10 * kBitCycles;

TEST(Beacon, SendsValidSingleCellAal5Pdus) {
  sim::Harness<Model> sim("beacon");
  sim::UartRx rx(kClkHz, kBaud);
  sim::ByteCellDecoder decoder;
  sim.Reset();

  constexpr int kCells = 6;
  std::vector<uint64_t> starts;  // cycle of the first start bit of each cell
  uint64_t bytes_seen = 0;
  int heartbeat_edges = 0;
  bool heartbeat = sim->heartbeat_o;
  const uint64_t limit = static_cast<uint64_t>(kCells + 1) * std::max(kPeriod, kCellCycles + 50);
  for (uint64_t c = 0; c < limit && starts.size() <= kCells; ++c) {
    sim.Tick();
    rx.Sample(sim->uart_tx_o);
    if (rx.bytes().size() != bytes_seen) {
      if (bytes_seen % 53 == 0) starts.push_back(rx.last_start_cycle());
      bytes_seen = rx.bytes().size();
    }
    if (static_cast<bool>(sim->heartbeat_o) != heartbeat) {
      heartbeat = sim->heartbeat_o;
      ++heartbeat_edges;
    }
  }
  decoder.Push(rx.TakeBytes());
  std::vector<sim::LineCell> cells = decoder.TakeCells();
  ASSERT_GE(cells.size(), static_cast<size_t>(kCells));
  EXPECT_EQ(rx.framing_errors(), 0u);
  EXPECT_EQ(decoder.bytes_skipped(), 0u);
  EXPECT_EQ(decoder.hec_errors(), 0u);
  EXPECT_GE(heartbeat_edges, kCells);
  EXPECT_GE(sim->cells_sent_o, static_cast<uint32_t>(kCells));

  const char* kText = "Pegasus desk-area network beacon \r\n";
  for (size_t i = 0; i < cells.size(); ++i) {
    const sim::LineCell& cell = cells[i];
    SCOPED_TRACE("cell " + std::to_string(i));
    EXPECT_EQ(cell.vpi(), 0u);
    EXPECT_EQ(cell.vci(), 32u);
    EXPECT_EQ(cell.pti(), 1u) << "user data, end of PDU";
    EXPECT_EQ(cell.hec, HecOfWord(cell.header));
    const uint8_t* p = cell.payload.data();
    const uint32_t seq = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                         (uint32_t{p[2]} << 8) | p[3];
    EXPECT_EQ(seq, i);
    EXPECT_EQ(std::memcmp(p + 4, kText, 35), 0);
    EXPECT_EQ(p[39], 0);
    EXPECT_EQ(p[40], 0) << "UU";
    EXPECT_EQ(p[41], 0) << "CPI";
    EXPECT_EQ((p[42] << 8) | p[43], 40) << "length";
    Crc32Aal5 crc;
    crc.Update(cell.payload);
    EXPECT_TRUE(crc.ResidueOk()) << "AAL5 CRC-32 of cell " << i;
  }

  for (size_t i = 1; i < starts.size(); ++i) {
    const uint64_t spacing = starts[i] - starts[i - 1];
    if (kPeriod >= kCellCycles + 60) {
      EXPECT_EQ(spacing, static_cast<uint64_t>(kPeriod)) << "cell " << i;
    } else {
      EXPECT_GE(spacing, static_cast<uint64_t>(kCellCycles)) << "cell " << i;
      EXPECT_LE(spacing, static_cast<uint64_t>(kCellCycles + 60)) << "cell " << i;
    }
  }
}

}  // namespace
}  // namespace pegasus
