// TmdsEncoder: every byte decodes back, the running disparity stays bounded, and the
// control tokens are the four of DVI 1.0.
#include "host/display/tmds.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdlib>

namespace pegasus::display {
namespace {

TEST(Tmds, EveryByteDecodesAndDisparityStaysBounded) {
  TmdsEncoder enc;
  int balance = 0;
  for (int round = 0; round < 4; ++round) {
    for (int v = 0; v < 256; ++v) {
      const uint8_t d = static_cast<uint8_t>((v * 37 + round * 101) & 0xFF);
      const uint16_t q = enc.Encode(d, true, 0);
      EXPECT_EQ(TmdsDecode(q), d);
      balance += 2 * std::popcount(unsigned{q}) - 10;
      EXPECT_LE(std::abs(enc.disparity()), 10);
    }
  }
  // DC balance: the ones and zeros sent stay within a few symbols of each other.
  EXPECT_LE(std::abs(balance), 20);
}

TEST(Tmds, KnownSymbolsAtZeroDisparity) {
  // Black and white at zero running disparity: the well-known 0x100 and 0x200.
  EXPECT_EQ(TmdsEncoder().Encode(0x00, true, 0), 0x100);
  EXPECT_EQ(TmdsEncoder().Encode(0xFF, true, 0), 0x200);
}

TEST(Tmds, ControlTokensResetDisparity) {
  TmdsEncoder enc;
  enc.Encode(0x00, true, 0);
  EXPECT_NE(enc.disparity(), 0);
  EXPECT_EQ(enc.Encode(0, false, 0), 0b1101010100);
  EXPECT_EQ(enc.disparity(), 0);
  EXPECT_EQ(enc.Encode(0, false, 1), 0b0010101011);
  EXPECT_EQ(enc.Encode(0, false, 2), 0b0101010100);
  EXPECT_EQ(enc.Encode(0, false, 3), 0b1010101011);
}

}  // namespace
}  // namespace pegasus::display
