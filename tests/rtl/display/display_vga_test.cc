// display_top at the real 640x480@60 timing (800 x 525 totals, negative syncs) with
// pixel doubling of a 64x48 framebuffer: one whole frame of the scan-out is checked
// for its totals and sync widths, and every active pixel against the framebuffer
// (doubled in both directions, black outside it).
#include <gtest/gtest.h>

#include "tests/rtl/display/display_tb.h"

namespace pegasus::display::test {
namespace {

TEST(DisplayVga, TimingAndPixelDoubling) {
  // clk_i and pix_clk_i both at 25 MHz, edges apart: one scan-out pixel a cycle.
  DisplayTb tb("display_vga", 40'000, 40'000, 10'000);
  WindowDesc d;
  d.x1 = 4095;
  d.y1 = 4095;
  d.enable = true;
  tb.SetWindow(3, d);
  tb.WaitSwap(1'000'000);
  for (uint16_t ty = 0; ty < 6; ++ty) {
    tb.SendPdu(3, media::EncodeTilePdu(RandomTiles(tb.sim, 0, ty, 8)));
  }
  tb.Drain();
  const auto frame = CaptureFrame(tb, 2'000'000);
  CheckFrame(frame, tb.model, 640, 800, 96, 480, 525, 2, PEGASUS_PARAM_Scale);
  EXPECT_EQ(tb.RtlCounters(), tb.model.counters());
}

}  // namespace
}  // namespace pegasus::display::test
