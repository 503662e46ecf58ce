// DisplayModel: window offsets, clipping, stacking, the shadow
// table and the drop counters.
#include "host/display/display_model.h"

#include <gtest/gtest.h>

namespace pegasus::display {
namespace {

media::TilePdu Tiles(uint16_t tx, uint16_t ty, uint8_t k, uint16_t base = 1) {
  media::TilePdu p;
  p.tile_x = tx;
  p.tile_y = ty;
  p.count = k;
  for (int i = 0; i < k * 64; ++i) p.pixels.push_back(static_cast<uint16_t>(base + i));
  return p;
}

TEST(DisplayModel, ShadowTakesEffectOnlyAtSwap) {
  DisplayModel m;
  m.WriteShadow(1, MakeWindow(0, 0, 0, 0, 63, 47));
  m.Blit(1, media::EncodeTilePdu(Tiles(0, 0, 1)));
  EXPECT_EQ(m.counters().drop_nowin, 1u);
  EXPECT_EQ(m.pixel(0, 0), 0);
  m.Swap();
  m.Blit(1, media::EncodeTilePdu(Tiles(0, 0, 1)));
  EXPECT_EQ(m.pixel(0, 0), 1);
  EXPECT_EQ(m.pixel(7, 7), 64);
  EXPECT_EQ(m.counters().pdus, 1u);
}

TEST(DisplayModel, OffsetAndClipOnAllEdges) {
  DisplayModel m;
  m.WriteShadow(2, MakeWindow(-3, 5, 2, 6, 20, 12));
  m.Swap();
  m.Blit(2, media::EncodeTilePdu(Tiles(0, 0, 4)));
  // Video (vx, vy) lands at (vx - 3, vy + 5).
  EXPECT_EQ(m.pixel(2, 6), 1 + 64 * 0 + 1 * 8 + 5);  // video (5, 1)
  EXPECT_EQ(m.pixel(1, 6), 0);    // left of x0
  EXPECT_EQ(m.pixel(2, 5), 0);    // above y0 (and video row 0 would be at y 5)
  EXPECT_EQ(m.pixel(20, 12), 1 + 64 * 2 + 7 * 8 + 7);  // video (23, 7) = tile 2 (7, 7)
  EXPECT_EQ(m.pixel(21, 12), 0);  // right of x1
  EXPECT_EQ(m.pixel(20, 13), 0);  // below y1 (no video there either)
  // 4 * 64 pixels: 19 x 7 visible (x 2..20, y 6..12), the rest clipped.
  EXPECT_EQ(m.counters().pix_clipped, 4u * 64 - 19 * 7);
}

TEST(DisplayModel, StackingHigherZThenHigherNumberInFront) {
  DisplayModel m;
  m.WriteShadow(0, MakeWindow(0, 0, 0, 0, 4095, 4095, 0));  // whole screen
  m.WriteShadow(4, MakeWindow(0, 0, 0, 0, 7, 7, 2));
  m.WriteShadow(3, MakeWindow(0, 0, 4, 4, 15, 15, 2));
  m.Swap();
  EXPECT_TRUE(m.Visible(4, 5, 5));   // equal z: 4 over 3
  EXPECT_FALSE(m.Visible(3, 5, 5));
  EXPECT_TRUE(m.Visible(3, 9, 9));
  EXPECT_FALSE(m.Visible(0, 9, 9));
  EXPECT_TRUE(m.Visible(0, 30, 30));
  m.Blit(0, media::EncodeTilePdu(Tiles(0, 0, 2, 100)));
  EXPECT_EQ(m.counters().pix_occluded, 64u + 12u * 4u - 16u);  // under 4 or 3
}

TEST(DisplayModel, MalformedAndNoWindowAreCounted) {
  DisplayModel m;
  m.WriteShadow(1, MakeWindow(0, 0, 0, 0, 63, 47));
  m.Swap();
  auto b = media::EncodeTilePdu(Tiles(0, 0, 1));
  b.pop_back();
  m.Blit(1, b);
  media::TilePdu p = Tiles(0, 0, 2);
  p.count = 1;
  m.Blit(1, media::EncodeTilePdu(p));
  p = Tiles(0, 0, 1);
  p.format = 2;
  m.Blit(1, media::EncodeTilePdu(p));
  m.Blit(1, media::EncodeTilePdu(Tiles(7, 0, 2)));
  m.Blit(1, media::EncodeTilePdu(Tiles(0, 6, 1)));
  m.Blit(1, media::EncodeTilePdu(Tiles(0, 0, 9)));
  m.Blit(1, {});
  m.Blit(7, media::EncodeTilePdu(Tiles(0, 0, 1)));
  m.Blit(40, media::EncodeTilePdu(Tiles(0, 0, 1)));
  EXPECT_EQ(m.counters().drop_malformed, 7u);
  EXPECT_EQ(m.counters().drop_nowin, 2u);
  EXPECT_EQ(m.counters().pdus, 0u);
}

}  // namespace
}  // namespace pegasus::display
