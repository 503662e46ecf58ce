// host/atm/aal5: the standard vector, cell counts and trailers at the edge lengths, the
// oversize abort, a round trip over 64 interleaved VCs, and every drop reason of the
// reassembler. Random tests print their seed; PEGASUS_SEED replays one.
#include "host/atm/aal5.h"

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "host/common/crc.h"

namespace pegasus::atm {
namespace {

uint64_t Seed() {
  const char* env = std::getenv("PEGASUS_SEED");
  const uint64_t seed = env ? std::strtoull(env, nullptr, 0) : std::random_device{}();
  std::printf("[aal5] seed %llu (replay with PEGASUS_SEED=%llu)\n", (unsigned long long)seed,
              (unsigned long long)seed);
  return seed;
}

std::vector<uint8_t> Bytes(std::mt19937_64& rng, size_t n) {
  std::vector<uint8_t> v(n);
  for (uint8_t& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

TEST(Aal5Model, FortyZeroBytesGiveTheStandardCrc) {
  const std::vector<uint8_t> zeros(40, 0);
  const auto cells = Aal5Segment(zeros, 0, 32);
  ASSERT_EQ(cells.size(), 1u);
  const Aal5Trailer t = Aal5Trailer::FromCell(cells[0]);
  EXPECT_EQ(t.length, 40);
  EXPECT_EQ(t.uu, 0);
  EXPECT_EQ(t.cpi, 0);
  EXPECT_EQ(t.crc, 0x864D7F99u);
  Crc32Aal5 crc;
  crc.Update(cells[0].payload);
  EXPECT_EQ(crc.Register(), kAal5CrcResidue);
  EXPECT_EQ(cells[0].header, 0x00000202u);  // VCI 32, PTI 001
}

TEST(Aal5Model, CellCountsTrailersAndEndBitAtTheEdgeLengths) {
  const std::map<size_t, size_t> want = {{0, 1},  {1, 1},  {40, 1},   {41, 2},
                                         {48, 2}, {88, 2}, {89, 3},   {65535, 1366}};
  std::mt19937_64 rng(7);
  for (const auto& [len, ncells] : want) {
    const auto data = Bytes(rng, len);
    const auto cells = Aal5Segment(data, 9, 1234, 0xA5, true);
    ASSERT_EQ(cells.size(), ncells) << len << " bytes";
    for (size_t i = 0; i < cells.size(); ++i) {
      EXPECT_EQ(cells[i].vpi(), 9u);
      EXPECT_EQ(cells[i].vci(), 1234u);
      EXPECT_TRUE(cells[i].clp());
      EXPECT_EQ(cells[i].pti(), i + 1 == cells.size() ? kPtiAuu : 0u);
      for (size_t b = 0; b < kPayloadBytes; ++b) {
        const size_t pos = i * kPayloadBytes + b;
        if (pos < len) {
          ASSERT_EQ(cells[i].payload[b], data[pos]);
        } else if (pos < ncells * kPayloadBytes - kAal5TrailerBytes) {
          ASSERT_EQ(cells[i].payload[b], 0) << "pad byte " << pos;
        }
      }
    }
    const Aal5Trailer t = Aal5Trailer::FromCell(cells.back());
    EXPECT_EQ(t.length, len);
    EXPECT_EQ(t.uu, 0xA5);
    Crc32Aal5 crc;
    for (const Cell& c : cells) crc.Update(c.payload);
    EXPECT_TRUE(crc.ResidueOk()) << len << " bytes";
  }
}

TEST(Aal5Model, OversizePduIsAbortedWithLengthZero) {
  std::vector<uint8_t> big(70000, 0x5A);
  const auto cells = Aal5Segment(big, 0, 40);
  EXPECT_EQ(cells.size(), Aal5CellCount(65532));
  EXPECT_EQ(Aal5Trailer::FromCell(cells.back()).length, 0);
  Aal5Reassembler r;
  ASSERT_TRUE(r.Open(0, 40).ok());
  for (const Cell& c : cells) r.Push(c, 0);
  EXPECT_FALSE(r.HasPdu());
  EXPECT_EQ(r.counters().drop_length, 1u);
}

TEST(Aal5Model, RoundTripOverSixtyFourInterleavedVcs) {
  std::mt19937_64 rng(Seed());
  Aal5Reassembler r;
  std::vector<std::deque<Cell>> cells(64);
  std::vector<std::deque<std::vector<uint8_t>>> want(64);
  for (int v = 0; v < 64; ++v) {
    const auto vpi = static_cast<uint8_t>(v);
    const auto vci = static_cast<uint16_t>(0x40 * v + v);
    ASSERT_TRUE(r.Open(vpi, vci).ok());
    for (int k = 0; k < 20; ++k) {
      const size_t len = (k == 0 && v == 0) ? 65535 : rng() % 2000;
      want[v].push_back(Bytes(rng, len));
      for (const Cell& c : Aal5Segment(want[v].back(), vpi, vci)) {
        cells[v].push_back(c);
      }
    }
  }
  size_t left = 0;
  for (auto& q : cells) left += q.size();
  while (left > 0) {
    const int v = static_cast<int>(rng() % 64);
    if (cells[v].empty()) continue;
    r.Push(cells[v].front(), 0);
    cells[v].pop_front();
    --left;
    while (auto p = r.Pop()) {
      const int pv = static_cast<int>(p->index);
      ASSERT_FALSE(want[pv].empty());
      ASSERT_EQ(p->data, want[pv].front());
      EXPECT_EQ(p->vpi, pv);
      want[pv].pop_front();
    }
  }
  for (const auto& q : want) EXPECT_TRUE(q.empty());
  EXPECT_EQ(r.counters().pdus, 64u * 20);
  EXPECT_EQ(r.cells_in_use(), 0u);
}

TEST(Aal5Model, EveryDropReasonIsCountedAndNothingBadIsDelivered) {
  Aal5ReassemblerConfig cfg;
  cfg.max_pdu_bytes = 1000;
  cfg.timeout_ticks = 100;
  cfg.num_cells = 30;
  Aal5Reassembler r(cfg);
  ASSERT_TRUE(r.Open(1, 65).ok());   // index 1
  ASSERT_TRUE(r.Open(2, 130).ok());  // index 2
  std::vector<uint8_t> data(100, 0x11);

  auto crc_bad = Aal5Segment(data, 1, 65);
  crc_bad[1].payload[3] ^= 0x40;
  for (const Cell& c : crc_bad) r.Push(c, 0);
  EXPECT_EQ(r.counters().drop_crc, 1u);

  auto short_len = Aal5Segment(data, 1, 65);
  short_len.back().payload[43] = 40;  // Length 40 in three cells; CRC then wrong too
  for (const Cell& c : short_len) r.Push(c, 0);
  EXPECT_EQ(r.counters().drop_crc, 2u) << "a changed Length breaks the CRC first";

  auto over = Aal5Segment(std::vector<uint8_t>(1100, 1), 1, 65);  // 23 cells > 21
  for (const Cell& c : over) r.Push(c, 0);
  EXPECT_EQ(r.counters().drop_oversize, 1u);

  auto no_end = Aal5Segment(data, 2, 130);
  no_end.pop_back();
  for (const Cell& c : no_end) r.Push(c, 10);
  r.Sweep(50);
  EXPECT_EQ(r.counters().drop_timeout, 0u);
  r.Sweep(111);
  EXPECT_EQ(r.counters().drop_timeout, 1u);
  EXPECT_EQ(r.cells_in_use(), 0u);

  r.Push(Aal5Segment(data, 3, 65)[0], 200);   // open index, other VPI
  r.Push(Aal5Segment(data, 1, 66)[0], 200);   // closed index
  Cell oam = Aal5Segment(data, 1, 65)[0];
  oam.header = Cell::MakeHeader(0, 1, 65, 5, false);
  r.Push(oam, 200);
  EXPECT_EQ(r.counters().drop_no_context, 2u);
  EXPECT_EQ(r.counters().drop_not_user, 1u);

  // 30 cells: two 1000-byte partial PDUs (21 cells each) do not both fit.
  auto a = Aal5Segment(std::vector<uint8_t>(1000, 2), 1, 65);
  auto b = Aal5Segment(std::vector<uint8_t>(1000, 3), 2, 130);
  for (size_t i = 0; i + 1 < a.size(); ++i) r.Push(a[i], 300);
  for (size_t i = 0; i + 1 < b.size(); ++i) r.Push(b[i], 300);
  r.Push(a.back(), 300);
  r.Push(b.back(), 300);
  EXPECT_EQ(r.counters().drop_buffer, 1u);
  EXPECT_EQ(r.counters().pdus, 1u);

  EXPECT_FALSE(r.Close(9, 9).ok());
  EXPECT_TRUE(r.Close(2, 130).ok());
  for (const Cell& c : Aal5Segment(data, 2, 130)) r.Push(c, 400);
  EXPECT_EQ(r.counters().drop_no_context, 2u + 3u);

  // Still working: one good PDU each way.
  for (const Cell& c : Aal5Segment(data, 1, 65)) r.Push(c, 500);
  int delivered = 0;
  while (auto p = r.Pop()) {
    EXPECT_EQ(p->vci, 65);
    ++delivered;
  }
  EXPECT_EQ(delivered, 2);
}

}  // namespace
}  // namespace pegasus::atm
