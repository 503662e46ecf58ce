// display_top (small framebuffer, small video timing) against host/display's
// DisplayModel: register access, tiles in windows, exact clipping on all four edges,
// stacking with a whole-screen decorations window, drops, windows moved and resized
// while tiles stream (the framebuffer compared with the model at every frame
// boundary), the same with window commands on the control VC and malformed control
// PDUs, scan-out against the framebuffer, and the framebuffer as a PNG that a decoder
// written independently (check_png.py) reads back.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "host/media/png.h"
#include "tests/rtl/display/display_tb.h"

namespace pegasus::display::test {
namespace {

constexpr int kW = PEGASUS_PARAM_FbWidth;
constexpr int kH = PEGASUS_PARAM_FbHeight;
constexpr int kHTotal = PEGASUS_PARAM_HActive + PEGASUS_PARAM_HFront + PEGASUS_PARAM_HSync +
                        PEGASUS_PARAM_HBack;
constexpr int kVTotal = PEGASUS_PARAM_VActive + PEGASUS_PARAM_VFront + PEGASUS_PARAM_VSync +
                        PEGASUS_PARAM_VBack;

// Every tile row of a whole video frame, k tiles a PDU, on `index`; returns the video
// pixels by (x, y).
std::vector<uint16_t> SendFrame(DisplayTb& tb, uint32_t index, uint8_t k) {
  std::vector<uint16_t> video(size_t(kW) * kH);
  for (int ty = 0; ty < kH / 8; ++ty) {
    for (int tx = 0; tx < kW / 8; tx += k) {
      const media::TilePdu p = RandomTiles(tb.sim, uint16_t(tx), uint16_t(ty), k);
      for (int t = 0; t < k; ++t) {
        for (int r = 0; r < 8; ++r) {
          for (int c = 0; c < 8; ++c) {
            video[size_t(ty * 8 + r) * kW + size_t((tx + t) * 8 + c)] =
                p.pixels[size_t(t * 64 + r * 8 + c)];
          }
        }
      }
      tb.SendPdu(index, media::EncodeTilePdu(p));
    }
  }
  return video;
}

TEST(DisplayTop, RegistersReadBack) {
  DisplayTb tb("display_regs");
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_ID), 0x44500100u);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_CTRL), 1u);
  tb.WbWrite(PEGASUS_DISPLAY_WIN_SEL, 0xFFFFFFF3u);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_WIN_SEL), 3u);
  tb.WbWrite(PEGASUS_DISPLAY_WIN_OFFSET, 0xFFFFFFFFu);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_WIN_OFFSET), 0x0FFF0FFFu);
  tb.WbWrite(PEGASUS_DISPLAY_WIN_OFFSET, 0x00000012u, 0x1);  // byte 0 only
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_WIN_OFFSET), 0x0FFF0F12u);
  tb.WbWrite(PEGASUS_DISPLAY_WIN_CLIP_MIN, 0x00200010u);
  tb.WbWrite(PEGASUS_DISPLAY_WIN_CLIP_MAX, 0x0ABC0DEFu);
  tb.WbWrite(PEGASUS_DISPLAY_WIN_CTRL, 0xFFFFFFFFu);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_WIN_CLIP_MIN), 0x00200010u);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_WIN_CLIP_MAX), 0x0ABC0DEFu);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_WIN_CTRL), 0x0F01u);
  // Another window is untouched.
  tb.WbWrite(PEGASUS_DISPLAY_WIN_SEL, 4);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_WIN_CTRL), 0u);
  // Frames count and IRQ_STATUS.VSYNC with its enable.
  tb.WbWrite(PEGASUS_DISPLAY_IRQ_ENABLE, 1);
  tb.WaitSwap();
  tb.Step();  // FRAMES counts the swap one cycle after evt_swap_o shows it
  EXPECT_GE(tb.WbRead(PEGASUS_DISPLAY_FRAMES), 1u);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_IRQ_STATUS) & 1u, 1u);
  EXPECT_TRUE(tb.sim->irq_o);
  tb.WbWrite(PEGASUS_DISPLAY_IRQ_STATUS, 1);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_IRQ_STATUS) & 1u, 0u);
  EXPECT_FALSE(tb.sim->irq_o);
}

TEST(DisplayTop, TilesLandInEachWindow) {
  DisplayTb tb("display_tiles");
  tb.gaps = true;
  // Four windows side by side, each showing part of its own video frame.
  tb.SetWindow(0, MakeWindow(0, 0, 0, 0, 31, 23, 1));
  tb.SetWindow(1, MakeWindow(32, 0, 32, 0, 63, 23, 1));
  tb.SetWindow(5, MakeWindow(-16, 24, 0, 24, 31, 47, 1));
  tb.SetWindow(15, MakeWindow(16, 16, 32, 24, 63, 47, 1));
  tb.WaitSwap();
  std::vector<std::vector<uint16_t>> video;
  for (uint32_t w : {0u, 1u, 5u, 15u}) video.push_back(SendFrame(tb, w, w == 5 ? 1 : 4));
  tb.Drain();
  tb.WaitSwap();
  // Spot check against the video frames directly, not only the model.
  EXPECT_EQ(tb.RtlPixel(0, 0), video[0][0]);
  EXPECT_EQ(tb.RtlPixel(31, 23), video[0][23 * kW + 31]);
  EXPECT_EQ(tb.RtlPixel(32, 0), video[1][0]);
  EXPECT_EQ(tb.RtlPixel(63, 23), video[1][23 * kW + 31]);
  EXPECT_EQ(tb.RtlPixel(0, 24), video[2][0 * kW + 16]);
  EXPECT_EQ(tb.RtlPixel(32, 24), video[3][8 * kW + 16]);
  EXPECT_EQ(tb.RtlPixel(63, 47), video[3][31 * kW + 47]);
  EXPECT_EQ(tb.RtlCounters(), tb.model.counters());
  EXPECT_EQ(tb.model.counters().pdus, 3u * 6u * 2u + 6u * 8u);
  EXPECT_GE(tb.fb_checks, 2u);
}

TEST(DisplayTop, ClippingExactOnAllFourEdges) {
  struct Case {
    int ox, oy;
    uint32_t x0, y0, x1, y1;
  };
  const Case cases[] = {
      {0, 0, 7, 5, 50, 37},       // inside the frame, edges inside tiles
      {-5, -3, 1, 1, 62, 46},     // negative offset, one pixel from the screen edges
      {3, 2, 0, 0, 4095, 4095},   // clip beyond the screen: the screen clips
      {9, 13, 20, 20, 20, 20},    // a single pixel
      {0, 0, 30, 10, 29, 40},     // empty (x1 < x0)
  };
  DisplayTb tb("display_clip");
  int window = 0;
  for (const Case& c : cases) {
    // One window a case (the previous one disabled); pixels outside the clip
    // rectangle keep what earlier cases drew.
    const auto before = tb.model.framebuffer();
    if (window > 0) tb.SetWindow(window - 1, MakeWindow(0, 0, 0, 0, 0, 0, 0, false));
    tb.SetWindow(window, MakeWindow(c.ox, c.oy, c.x0, c.y0, c.x1, c.y1, 3));
    tb.WaitSwap();
    const auto counters_before = tb.model.counters();
    const auto video = SendFrame(tb, uint32_t(window), 8);
    tb.Drain();
    tb.WaitSwap();
    uint64_t visible = 0;
    for (int y = 0; y < kH; ++y) {
      for (int x = 0; x < kW; ++x) {
        const bool in = x >= int(c.x0) && x <= int(c.x1) && y >= int(c.y0) && y <= int(c.y1);
        const int vx = x - c.ox, vy = y - c.oy;
        const bool from_video = in && vx >= 0 && vy >= 0 && vx < kW && vy < kH;
        const uint16_t want = from_video ? video[size_t(vy) * kW + size_t(vx)]
                                         : before[size_t(y) * kW + size_t(x)];
        visible += from_video ? 1 : 0;
        ASSERT_EQ(tb.RtlPixel(x, y), want) << "case " << window << " at (" << x << ", " << y << ")";
      }
    }
    const auto after = tb.model.counters();
    EXPECT_EQ(after.pix_clipped - counters_before.pix_clipped, uint64_t(kW) * kH - visible);
    ++window;
  }
  EXPECT_EQ(tb.RtlCounters(), tb.model.counters());
}

TEST(DisplayTop, StackingOrderAndDecorationsWindow) {
  DisplayTb tb("display_stack");
  // Window 0: the window manager's whole-screen descriptor, at the back.
  tb.SetWindow(0, MakeWindow(0, 0, 0, 0, 4095, 4095, 0));
  // Two video windows overlapping, equal z: the higher number is in front.
  tb.SetWindow(2, MakeWindow(8, 8, 8, 8, 39, 31, 5));
  tb.SetWindow(3, MakeWindow(24, 16, 24, 16, 55, 39, 5));
  // A window at higher z under which window 3 disappears in part.
  tb.SetWindow(4, MakeWindow(0, 0, 48, 32, 63, 47, 9));
  tb.WaitSwap();
  tb.gaps = true;
  SendFrame(tb, 2, 2);
  SendFrame(tb, 3, 8);
  // Decorations drawn last: must not overwrite the video windows.
  media::TilePdu border;
  border.count = 8;
  border.pixels.assign(8 * 64, 0xF800);
  for (uint16_t ty = 0; ty < kH / 8; ++ty) {
    border.tile_y = ty;
    tb.SendPdu(0, media::EncodeTilePdu(border));
  }
  SendFrame(tb, 4, 4);
  tb.Drain();
  tb.WaitSwap();
  EXPECT_EQ(tb.RtlPixel(0, 0), 0xF800);     // decorations only
  EXPECT_NE(tb.RtlPixel(8, 8), 0xF800);     // window 2
  EXPECT_NE(tb.RtlPixel(30, 20), 0xF800);   // window 3 over 2
  EXPECT_GT(tb.model.counters().pix_occluded, 0u);
  EXPECT_EQ(tb.RtlCounters(), tb.model.counters());
}

TEST(DisplayTop, DropsAreCountedAndDisplayKeepsWorking) {
  DisplayTb tb("display_drops");
  tb.SetWindow(1, MakeWindow(0, 0, 0, 0, 63, 47, 1));
  tb.WbWrite(PEGASUS_DISPLAY_IRQ_ENABLE, 2);
  tb.WaitSwap();
  auto good = [&](uint16_t tx, uint16_t ty, uint8_t k) { return RandomTiles(tb.sim, tx, ty, k); };
  std::vector<uint8_t> b;
  // Malformed: length not 128k + 16.
  b = media::EncodeTilePdu(good(0, 0, 1));
  b.resize(100);
  tb.SendPdu(1, b);
  b = media::EncodeTilePdu(good(0, 0, 1));
  b.push_back(0);  // 145 bytes: a partial last word
  tb.SendPdu(1, b);
  tb.SendPdu(1, {});  // empty PDU
  // Count that disagrees with the length, unknown format, tiles outside the frame.
  media::TilePdu p = good(0, 0, 2);
  p.count = 3;
  tb.SendPdu(1, media::EncodeTilePdu(p));
  p = good(0, 1, 2);
  p.format = 1;
  tb.SendPdu(1, media::EncodeTilePdu(p));
  tb.SendPdu(1, media::EncodeTilePdu(good(7, 0, 2)));   // (7 + 2) * 8 > 64
  tb.SendPdu(1, media::EncodeTilePdu(good(0, 6, 1)));   // row 6 of 6
  tb.SendPdu(1, media::EncodeTilePdu(good(0, 0, 9)));   // more than MaxTiles
  // No window: disabled, and an index beyond the table.
  tb.SendPdu(2, media::EncodeTilePdu(good(0, 0, 1)));
  tb.SendPdu(20, media::EncodeTilePdu(good(0, 0, 1)));
  // Good ones, before and after.
  tb.SendPdu(1, media::EncodeTilePdu(good(6, 5, 2)));
  tb.SendPdu(1, media::EncodeTilePdu(good(0, 0, 8)));
  tb.Drain();
  tb.WaitSwap();
  const DisplayCounters c = tb.model.counters();
  EXPECT_EQ(c.drop_malformed, 8u);
  EXPECT_EQ(c.drop_nowin, 2u);
  EXPECT_EQ(c.pdus, 2u);
  EXPECT_EQ(tb.RtlCounters(), c);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_IRQ_STATUS) & 2u, 2u);
  EXPECT_TRUE(tb.sim->irq_o);
}

TEST(DisplayTop, WindowsMovedDuringStreamingNeverTear) {
  DisplayTb tb("display_tearing");
  tb.gaps = true;
  const int kWins[] = {0, 1, 2, 7};
  for (int w : kWins) {
    tb.SetWindow(w, MakeWindow(int(tb.sim.Random(0, 40)) - 8, int(tb.sim.Random(0, 30)) - 8,
                               0, 0, 63, 47, uint8_t(tb.sim.Random(0, 3))));
  }
  const uint64_t frames = 150;
  while (tb.swaps < frames) {
    // A few PDUs, then move, resize, enable or disable a window.
    for (int i = 0; i < 6; ++i) {
      const uint8_t k = uint8_t(tb.sim.Random(1, 8));
      const uint16_t tx = uint16_t(tb.sim.Random(0, kW / 8 - k));
      const uint16_t ty = uint16_t(tb.sim.Random(0, kH / 8 - 1));
      const int w = tb.sim.Random(0, 9) == 0 ? 9 : kWins[tb.sim.Random(0, 3)];
      tb.SendPdu(uint32_t(w), media::EncodeTilePdu(RandomTiles(tb.sim, tx, ty, k)));
    }
    const int w = kWins[tb.sim.Random(0, 3)];
    const uint32_t x0 = uint32_t(tb.sim.Random(0, 40)), y0 = uint32_t(tb.sim.Random(0, 30));
    tb.SetWindow(w, MakeWindow(int(tb.sim.Random(0, 60)) - 20, int(tb.sim.Random(0, 40)) - 10,
                               x0, y0, x0 + uint32_t(tb.sim.Random(0, 40)),
                               y0 + uint32_t(tb.sim.Random(0, 30)), uint8_t(tb.sim.Random(0, 3)),
                               tb.sim.Random(0, 5) != 0));
    for (uint64_t i = tb.sim.Random(0, 600); i > 0; --i) tb.Step();
    while (tb.Backlog() > 300) tb.Step();
  }
  tb.Drain();
  tb.WaitSwap();
  EXPECT_EQ(tb.fb_checks, tb.swaps);
  EXPECT_GE(tb.swaps, frames);
  EXPECT_GT(tb.model.counters().pdus, 100u);
  EXPECT_EQ(tb.RtlCounters(), tb.model.counters());
  std::printf("tearing: %llu frames checked, %llu PDUs drawn, %llu dropped, %llu cycles\n",
              (unsigned long long)tb.swaps, (unsigned long long)tb.model.counters().pdus,
              (unsigned long long)tb.model.counters().drop_nowin,
              (unsigned long long)tb.cycles);
}

// A random window command for one of `wins`.
media::WindowCommand RandomCommand(DisplayTb& tb, const int* wins) {
  const uint8_t w = uint8_t(wins[tb.sim.Random(0, 3)]);
  switch (tb.sim.Random(0, 5)) {
    case 0:
      return media::SetEnableCommand(w, tb.sim.Random(0, 4) != 0);
    case 1:
      return media::SetStackingCommand(w, uint8_t(tb.sim.Random(0, 3)));
    default: {
      const uint16_t x0 = uint16_t(tb.sim.Random(0, 40)), y0 = uint16_t(tb.sim.Random(0, 30));
      return media::SetDescriptorCommand(
          w, int16_t(tb.sim.Random(0, 60) - 20), int16_t(tb.sim.Random(0, 40) - 10), x0, y0,
          uint16_t(x0 + tb.sim.Random(0, 40)), uint16_t(y0 + tb.sim.Random(0, 30)),
          uint8_t(tb.sim.Random(0, 3)), tb.sim.Random(0, 5) != 0);
    }
  }
}

constexpr uint32_t kCtlIndex = 33;  // the control VC's context index (no window)

TEST(DisplayTop, ControlCommandsMoveWindowsDuringStreamingNeverTear) {
  DisplayTb tb("display_ctl_tearing");
  tb.gaps = true;
  tb.SetControlVc(kCtlIndex);
  const int kWins[] = {0, 3, 4, 11};
  std::vector<media::WindowCommand> setup;
  for (int w : kWins) {
    setup.push_back(media::SetDescriptorCommand(
        uint8_t(w), int16_t(tb.sim.Random(0, 40) - 8), int16_t(tb.sim.Random(0, 30) - 8), 0, 0,
        63, 47, uint8_t(tb.sim.Random(0, 3)), true));
  }
  tb.SendCommands(kCtlIndex, setup);
  const uint64_t frames = 150;
  uint64_t bad_sent = 0;
  while (tb.swaps < frames) {
    for (int i = 0; i < 6; ++i) {
      const uint8_t k = uint8_t(tb.sim.Random(1, 8));
      const uint16_t tx = uint16_t(tb.sim.Random(0, kW / 8 - k));
      const uint16_t ty = uint16_t(tb.sim.Random(0, kH / 8 - 1));
      const int w = kWins[tb.sim.Random(0, 3)];
      tb.SendPdu(uint32_t(w), media::EncodeTilePdu(RandomTiles(tb.sim, tx, ty, k)));
    }
    // One to three commands in a PDU; now and then a malformed PDU.
    std::vector<media::WindowCommand> cmds;
    for (int n = int(tb.sim.Random(1, 3)); n > 0; --n) cmds.push_back(RandomCommand(tb, kWins));
    auto bytes = media::EncodeWindowCommands(cmds);
    if (tb.sim.Random(0, 9) == 0) {
      ++bad_sent;
      const size_t at = size_t(tb.sim.Random(0, int(bytes.size()) - 1));
      switch (tb.sim.Random(0, 3)) {
        case 0: bytes[at & ~size_t{15}] = 7; break;                 // unknown type
        case 1: bytes[(at & ~size_t{15}) + 1] = 16; break;          // no such window
        case 2: bytes.resize(bytes.size() - 4); break;              // not 16n bytes
        default: bytes[(at & ~size_t{15}) + 8] = 0x10; break;       // x0 above 4095
      }
    }
    tb.SendPdu(kCtlIndex, bytes);
    for (uint64_t i = tb.sim.Random(0, 600); i > 0; --i) tb.Step();
    while (tb.Backlog() > 300) tb.Step();
  }
  tb.Drain();
  tb.WaitSwap();
  EXPECT_EQ(tb.fb_checks, tb.swaps);
  EXPECT_GT(tb.model.counters().pdus, 100u);
  EXPECT_EQ(tb.model.counters().ctl_drop, bad_sent);
  EXPECT_GT(tb.model.counters().ctl_msgs, frames);
  EXPECT_EQ(tb.RtlCounters(), tb.model.counters());
  for (int w : kWins) EXPECT_EQ(tb.ReadWindow(w), tb.model.shadow(w)) << "window " << w;
  std::printf("control: %llu frames checked, %llu commands applied, %llu PDUs drawn\n",
              (unsigned long long)tb.swaps, (unsigned long long)tb.model.counters().ctl_msgs,
              (unsigned long long)tb.model.counters().pdus);
}

TEST(DisplayTop, MalformedControlPdusAreDroppedAndCounted) {
  DisplayTb tb("display_ctl_drops");
  tb.SetControlVc(kCtlIndex);
  tb.WbWrite(PEGASUS_DISPLAY_IRQ_ENABLE, 4);
  const media::WindowCommand good =
      media::SetDescriptorCommand(5, -7, 9, 1, 2, 40, 30, 6, true);
  tb.SendCommands(kCtlIndex, {good});
  auto with = [&](auto change) {
    media::WindowCommand c = good;
    change(c);
    return media::EncodeWindowCommands(std::vector<media::WindowCommand>{c});
  };
  std::vector<std::vector<uint8_t>> bad = {
      {},                                                       // empty
      std::vector<uint8_t>(8, 0),                               // short
      with([](auto& c) { c.type = 1; }),                        // the camera's frame sync
      with([](auto& c) { c.type = 5; }),                        // unknown
      with([](auto& c) { c.window = 16; }),                     // no such window
      with([](auto& c) { c.enable = 2; }),
      with([](auto& c) { c.z = 16; }),
      with([](auto& c) { c.off_x = 2048; }),                    // offsets: 12-bit signed
      with([](auto& c) { c.off_y = -2049; }),
      with([](auto& c) { c.x1 = 4096; }),                       // clip: 12-bit unsigned
      media::EncodeWindowCommands(std::vector<media::WindowCommand>{
          [] { auto c = media::SetEnableCommand(5, false); c.z = 1; return c; }()}),
      media::EncodeWindowCommands(std::vector<media::WindowCommand>{
          [] { auto c = media::SetStackingCommand(5, 1); c.x0 = 1; return c; }()}),
      // 65 commands: more than a PDU buffer holds.
      media::EncodeWindowCommands(std::vector<media::WindowCommand>(65, good)),
  };
  {
    auto odd = media::EncodeWindowCommands(std::vector<media::WindowCommand>{good});
    odd.push_back(0);  // 17 bytes
    bad.push_back(odd);
    // A good command followed by a bad one: the whole PDU is dropped.
    bad.push_back(media::EncodeWindowCommands(std::vector<media::WindowCommand>{
        media::SetEnableCommand(5, false), [&] { auto c = good; c.y0 = 5000; return c; }()}));
  }
  for (const auto& b : bad) {
    ASSERT_FALSE(media::ParseWindowCommands(b).ok());
    tb.SendPdu(kCtlIndex, b);
  }
  // Still working: commands and tiles after the drops.
  tb.SendCommands(kCtlIndex, {media::SetStackingCommand(5, 9), media::SetEnableCommand(2, true)});
  tb.Drain();
  tb.WaitSwap();
  tb.SendPdu(5, media::EncodeTilePdu(RandomTiles(tb.sim, 0, 1, 4)));
  tb.SendPdu(5, media::EncodeTilePdu(RandomTiles(tb.sim, 2, 2, 4)));
  tb.Drain();
  tb.WaitSwap();
  const DisplayCounters c = tb.model.counters();
  EXPECT_EQ(c.ctl_drop, bad.size());
  EXPECT_EQ(c.ctl_msgs, 3u);
  EXPECT_EQ(c.pdus, 2u);
  EXPECT_EQ(tb.RtlCounters(), c);
  WindowDesc want = MakeWindow(-7, 9, 1, 2, 40, 30, 9, true);
  EXPECT_EQ(tb.ReadWindow(5), want);
  EXPECT_EQ(tb.model.shadow(5), want);
  EXPECT_EQ(tb.ReadWindow(2).enable, true);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_IRQ_STATUS) & 4u, 4u);
  EXPECT_TRUE(tb.sim->irq_o);
  EXPECT_EQ(tb.WbRead(PEGASUS_DISPLAY_CTL_VC), kCtlIndex | 0x100u);
}

TEST(DisplayTop, ScanOutMatchesFramebufferAndPngReadsBack) {
  DisplayTb tb("display_scanout");
  tb.SetWindow(0, MakeWindow(0, 0, 0, 0, 4095, 4095, 0));
  tb.SetWindow(6, MakeWindow(12, 10, 12, 10, 51, 37, 2));
  tb.WaitSwap();
  SendFrame(tb, 0, 8);
  SendFrame(tb, 6, 4);
  tb.Drain();
  tb.WaitSwap();
  std::vector<uint8_t> scanned;
  const auto frame = CaptureFrame(tb, 100'000);
  CheckFrame(frame, tb.model, PEGASUS_PARAM_HActive, kHTotal, PEGASUS_PARAM_HSync,
             PEGASUS_PARAM_VActive, kVTotal, PEGASUS_PARAM_VSync, PEGASUS_PARAM_Scale,
             &scanned);
  ASSERT_EQ(scanned.size(), size_t(kW) * kH * 3);
  // The RTL framebuffer as a PNG, and the model's pixels as raw RGB beside it.
  std::vector<uint16_t> rtl_fb(size_t(kW) * kH);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) rtl_fb[size_t(y) * kW + size_t(x)] = tb.RtlPixel(x, y);
  }
  const std::string png = "display_framebuffer.png", raw = "display_framebuffer.rgb";
  ASSERT_TRUE(media::WritePng(png, kW, kH, media::ToRgb888(rtl_fb)).ok());
  const auto want = media::ToRgb888(tb.model.framebuffer());
  EXPECT_EQ(want, scanned);
  std::ofstream(raw, std::ios::binary)
      .write(reinterpret_cast<const char*>(want.data()), std::streamsize(want.size()));
  const std::string cmd = std::string(DISPLAY_PYTHON) + " " + DISPLAY_CHECK_PNG + " " + png + " " + raw +
                          " " + std::to_string(kW) + " " + std::to_string(kH);
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

}  // namespace
}  // namespace pegasus::display::test
