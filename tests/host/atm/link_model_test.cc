// The C++ link model (host/atm/link.h) on its own: the I.432 idle cell, the scrambler,
// loopback of random cells, header error correction and detection, and the loss and
// recovery of cell delineation. The seed is printed; PEGASUS_SEED replays a run.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "host/atm/link.h"
#include "host/common/crc.h"

namespace pegasus::atm {
namespace {

uint64_t TestSeed() {
  const char* env = std::getenv("PEGASUS_SEED");
  const uint64_t seed = env ? std::stoull(env) : std::random_device{}();
  std::fprintf(stderr, "[link_model] %s: seed %llu (replay with PEGASUS_SEED=%llu)\n",
               ::testing::UnitTest::GetInstance()->current_test_info()->name(),
               static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  return seed;
}

Cell RandomCell(std::mt19937_64& rng) {
  Cell cell;
  do {
    cell.header = static_cast<uint32_t>(rng());
  } while (cell.header == kIdleHeader);
  for (uint8_t& b : cell.payload) b = static_cast<uint8_t>(rng());
  return cell;
}

TEST(LinkModel, IdleCellIsI432) {
  LinkTransmitter tx;
  std::vector<uint8_t> bytes;
  tx.SendIdle(&bytes);
  ASSERT_EQ(bytes.size(), 53u);
  EXPECT_EQ(bytes[0], 0x00);
  EXPECT_EQ(bytes[3], 0x01);
  EXPECT_EQ(bytes[4], 0x52);
  for (int i = 5; i < 53; ++i) EXPECT_EQ(bytes[i], 0x6A);
  EXPECT_EQ(tx.counters().idle_sent, 1u);
}

TEST(LinkModel, HecKnownAnswers) {
  EXPECT_EQ(HecOfWord(0x00000000), 0x55);
  EXPECT_EQ(HecOfWord(0x00000001), 0x52);
}

TEST(LinkModel, SyndromeTableMarksEverySingleBit) {
  int marked = 0;
  for (int s = 1; s < 256; ++s) marked += SingleBitCorrection(static_cast<uint8_t>(s)) ? 1 : 0;
  EXPECT_EQ(marked, 40);
  EXPECT_FALSE(SingleBitCorrection(0));
}

TEST(LinkModel, ScramblerSelfSynchronises) {
  std::mt19937_64 rng(TestSeed());
  Scrambler43 scrambler, descrambler;
  // Put the descrambler in a different state first.
  for (int i = 0; i < 10; ++i) descrambler.Descramble(static_cast<uint8_t>(rng()));
  int wrong_after_6 = 0;
  for (int i = 0; i < 1000; ++i) {
    const uint8_t data = static_cast<uint8_t>(rng());
    const uint8_t out = descrambler.Descramble(scrambler.Scramble(data));
    if (i >= 6 && out != data) ++wrong_after_6;  // 43 bits fit in 6 bytes
  }
  EXPECT_EQ(wrong_after_6, 0);
}

class LinkModelLoop : public ::testing::TestWithParam<bool> {};

TEST_P(LinkModelLoop, RandomCellsWithIdle) {
  const bool scramble = GetParam();
  std::mt19937_64 rng(TestSeed());
  LinkTransmitter tx(scramble);
  LinkReceiver rx(scramble);
  std::vector<uint8_t> bytes;
  // Enough idle cells first for the receiver to find sync (1 + DELTA cells).
  for (int i = 0; i < 8; ++i) tx.SendIdle(&bytes);
  std::vector<Cell> sent;
  for (int i = 0; i < 5000; ++i) {
    if (rng() % 4 == 0) {
      tx.SendIdle(&bytes);
    } else {
      sent.push_back(RandomCell(rng));
      tx.SendCell(sent.back(), &bytes);
    }
  }
  rx.Push(bytes);
  EXPECT_EQ(rx.state(), Delineation::kSync);
  EXPECT_EQ(rx.TakeCells(), sent);
  EXPECT_EQ(rx.counters().delivered, sent.size());
  EXPECT_EQ(rx.counters().hec_discarded, 0u);
  EXPECT_EQ(rx.counters().sync_losses, 0u);
  EXPECT_EQ(rx.counters().received,
            rx.counters().delivered + rx.counters().idle_discarded);
}

INSTANTIATE_TEST_SUITE_P(Scrambling, LinkModelLoop, ::testing::Bool());

// Sends `lead` idle cells, then `cell` with the given header error mask (over the 40
// bits of header and HEC, bit 39 = MSB of byte 0), then one idle cell.
std::vector<Cell> SendWithError(LinkReceiver& rx, const Cell& cell, uint64_t error) {
  LinkTransmitter tx;
  std::vector<uint8_t> bytes;
  for (int i = 0; i < 8; ++i) tx.SendIdle(&bytes);
  const size_t start = bytes.size();
  tx.SendCell(cell, &bytes);
  for (int i = 0; i < 5; ++i) bytes[start + i] ^= static_cast<uint8_t>(error >> (32 - 8 * i));
  tx.SendIdle(&bytes);
  rx.Push(bytes);
  return rx.TakeCells();
}

TEST(LinkModel, EverySingleBitHeaderErrorIsCorrected) {
  std::mt19937_64 rng(TestSeed());
  for (int bit = 0; bit < 40; ++bit) {
    const Cell cell = RandomCell(rng);
    LinkReceiver rx;
    const std::vector<Cell> got = SendWithError(rx, cell, 1ull << bit);
    ASSERT_EQ(got.size(), 1u) << "bit " << bit;
    EXPECT_EQ(got[0], cell) << "bit " << bit;
    EXPECT_EQ(rx.counters().hec_corrected, 1u);
    EXPECT_EQ(rx.mode(), HecMode::kCorrection);  // the idle cell after it was clean
  }
}

TEST(LinkModel, EveryDoubleBitHeaderErrorIsDiscarded) {
  std::mt19937_64 rng(TestSeed());
  for (int a = 0; a < 40; ++a) {
    for (int b = a + 1; b < 40; ++b) {
      LinkReceiver rx;
      const std::vector<Cell> got = SendWithError(rx, RandomCell(rng), (1ull << a) | (1ull << b));
      ASSERT_TRUE(got.empty()) << "bits " << a << ", " << b;
      EXPECT_EQ(rx.counters().hec_discarded, 1u);
    }
  }
}

TEST(LinkModel, DetectionModeDiscardsTheNextErroredCell) {
  std::mt19937_64 rng(TestSeed());
  LinkTransmitter tx;
  LinkReceiver rx;
  std::vector<uint8_t> bytes;
  for (int i = 0; i < 8; ++i) tx.SendIdle(&bytes);
  const Cell a = RandomCell(rng), b = RandomCell(rng), c = RandomCell(rng);
  size_t at = bytes.size();
  tx.SendCell(a, &bytes);
  bytes[at + 1] ^= 0x10;  // corrected; the receiver moves to detection mode
  at = bytes.size();
  tx.SendCell(b, &bytes);
  bytes[at + 2] ^= 0x01;  // single-bit, but in detection mode: discarded
  tx.SendCell(c, &bytes);  // clean: delivered, back to correction mode
  rx.Push(bytes);
  EXPECT_EQ(rx.TakeCells(), (std::vector<Cell>{a, c}));
  EXPECT_EQ(rx.counters().hec_corrected, 1u);
  EXPECT_EQ(rx.counters().hec_discarded, 1u);
  EXPECT_EQ(rx.mode(), HecMode::kCorrection);
}

TEST(LinkModel, WithoutCorrectionSingleBitErrorsAreDiscarded) {
  std::mt19937_64 rng(TestSeed());
  for (int bit = 0; bit < 40; ++bit) {
    LinkReceiver rx;
    rx.set_correction(false);
    EXPECT_TRUE(SendWithError(rx, RandomCell(rng), 1ull << bit).empty()) << "bit " << bit;
    EXPECT_EQ(rx.counters().hec_discarded, 1u);
    EXPECT_EQ(rx.counters().hec_corrected, 0u);
  }
}

TEST(Cell, FieldsAndWords) {
  Cell cell;
  cell.header = Cell::MakeHeader(0x3, 0xAB, 0x1234, 0x5, true);
  EXPECT_EQ(cell.header, 0x3AB1234Bu);
  EXPECT_EQ(cell.gfc(), 0x3u);
  EXPECT_EQ(cell.vpi(), 0xABu);
  EXPECT_EQ(cell.vci(), 0x1234u);
  EXPECT_EQ(cell.pti(), 0x5u);
  EXPECT_TRUE(cell.clp());
  for (int i = 0; i < kPayloadBytes; ++i) cell.payload[i] = static_cast<uint8_t>(i);
  const auto words = cell.ToWords();
  EXPECT_EQ(words[0], cell.header);
  EXPECT_EQ(words[1], 0x00010203u);  // first payload byte in bits 31:24
  EXPECT_EQ(words[12], 0x2C2D2E2Fu);
  EXPECT_EQ(Cell::FromWords(words), cell);
}

TEST(LinkModel, SlipLosesAndRegainsSync) {
  std::mt19937_64 rng(TestSeed());
  LinkTransmitter tx(true);
  LinkReceiver rx(true);
  std::vector<uint8_t> bytes;
  for (int i = 0; i < 10; ++i) tx.SendCell(RandomCell(rng), &bytes);
  rx.Push(bytes);
  ASSERT_EQ(rx.state(), Delineation::kSync);
  rx.Push(0xA5);  // one byte too many: every boundary moves by one
  int cells = 0;
  int lost_at = -1;          // cells after the slip when SYNC was left
  int false_candidates = 0;  // PRESYNC left for HUNT: a payload byte passed as a HEC
  while (!(lost_at >= 0 && rx.state() == Delineation::kSync) && cells < 100) {
    bytes.clear();
    tx.SendCell(RandomCell(rng), &bytes);
    for (uint8_t b : bytes) {
      const Delineation before = rx.state();
      rx.Push(b);
      false_candidates += before == Delineation::kPresync && rx.state() == Delineation::kHunt;
      if (lost_at < 0 && rx.state() != Delineation::kSync) lost_at = cells;
    }
    ++cells;
  }
  EXPECT_EQ(rx.counters().sync_losses, 1u);
  // SYNC is lost only after ALPHA consecutive wrong HECs (a slipped header that passes,
  // or in correction mode looks like a single-bit error, starts the count again).
  EXPECT_GE(lost_at, kSyncAlpha - 1);
  // Then at most one cell to find a header and DELTA to confirm it; each false
  // candidate the hunt meets costs at most DELTA + 1 more before PRESYNC drops it.
  EXPECT_LE(cells - lost_at, 1 + kSyncDelta + 1 + false_candidates * (kSyncDelta + 1));
  std::printf("slip: sync lost after %d cells, regained after %d, %d false candidates\n",
              lost_at, cells, false_candidates);
}

}  // namespace
}  // namespace pegasus::atm
