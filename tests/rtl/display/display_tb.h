// Test bench for display_top: drives tile PDUs on the PDU stream and registers over
// Wishbone, mirrors both into the C++ reference model (host/display DisplayModel) in
// the order the RTL's events give (evt_done_o: the next PDU finished; evt_swap_o: the
// shadow table became active), and compares the framebuffer with the model at every
// frame boundary.
#ifndef PEGASUS_TESTS_RTL_DISPLAY_DISPLAY_TB_H_
#define PEGASUS_TESTS_RTL_DISPLAY_DISPLAY_TB_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include PEGASUS_RTL_HEADER
#include DISPLAY_ROOT_HEADER
#include "host/display/display_model.h"
#include "host/media/display_control.h"
#include "host/media/image.h"
#include "host/media/tile_decoder.h"
#include "pegasus/memory_map.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::display::test {

using Model = PEGASUS_RTL_MODEL;

inline DisplayConfig TbConfig() {
  DisplayConfig c;
  c.fb_width = PEGASUS_PARAM_FbWidth;
  c.fb_height = PEGASUS_PARAM_FbHeight;
  c.max_tiles = PEGASUS_PARAM_MaxTiles;
  return c;
}

class DisplayTb {
 public:
  // clk_i at clk_period_ps; pix_clk_i at pix_period_ps, its rising edges pix_phase_ps
  // later than a plain clock's (so they never coincide with clk_i's).
  explicit DisplayTb(const std::string& name, uint64_t clk_period_ps = 10'000,
                     uint64_t pix_period_ps = 40'000, uint64_t pix_phase_ps = 3'000)
      : sim(name, clk_period_ps), model(TbConfig()) {
    sim.AddClock(&sim->pix_clk_i, pix_period_ps, pix_phase_ps);
    pix_period_ = pix_period_ps;
    pix_first_edge_ = pix_phase_ps + pix_period_ps / 2;
    sim->pix_rst_ni = 0;
    sim.Reset();
    sim->pix_rst_ni = 1;
    WbWrite(PEGASUS_DISPLAY_CTRL, 1);
  }

  // One cycle: offers the next PDU word (with a gap now and then if gaps is set),
  // ticks, then mirrors what happened into the model.
  void Step() {
    if (external) {
      // Another model drives the PDU stream (see chain_test.cc).
      if (pre_tick) pre_tick();
      sim.Tick();
      ++cycles;
      if (post_tick) post_tick();
      Events();
      return;
    }
    const bool offer = !words_.empty() && (!gaps || sim.Random(0, 3) != 0);
    sim->s_pdu_tvalid_i = offer;
    if (offer) {
      const Word& w = words_.front();
      sim->s_pdu_tdata_i = w.data;
      sim->s_pdu_tkeep_i = w.keep;
      sim->s_pdu_tlast_i = w.last;
      sim->s_pdu_index_i = w.index;
      sim->s_pdu_len_i = w.len;
    }
    const bool taken = offer && sim->s_pdu_tready_o;
    sim.Tick();
    ++cycles;
    if (taken) {
      if (words_.front().last) {
        model.Receive(pdus_.front().index, pdus_.front().bytes);
        pdus_.pop_front();
      }
      words_.pop_front();
    }
    Events();
  }

  void Events() {
    if (sim->evt_done_o) {
      ASSERT_TRUE(model.DrawNext()) << "the RTL finished a PDU the model does not have";
      ++done;
    }
    if (sim->evt_swap_o) {
      ++swaps;
      if (check_on_swap) CheckFramebuffer("frame boundary " + std::to_string(swaps));
      model.Swap();
    }
  }

  // Queues a PDU (bytes) on context index `index`.
  void SendPdu(uint32_t index, const std::vector<uint8_t>& bytes) {
    pdus_.push_back(Pdu{index, bytes});
    const size_t n = bytes.size();
    const size_t nw = n == 0 ? 1 : (n + 3) / 4;
    for (size_t i = 0; i < nw; ++i) {
      Word w;
      w.data = 0;
      for (size_t b = 0; b < 4; ++b) {
        const size_t at = i * 4 + b;
        if (at < n) {
          w.data |= uint32_t{bytes[at]} << (24 - 8 * b);
          w.keep |= static_cast<uint8_t>(8 >> b);
        }
      }
      w.last = i + 1 == nw;
      w.index = index;
      w.len = static_cast<uint16_t>(n);
      words_.push_back(w);
    }
  }
  bool Idle() const { return words_.empty(); }
  size_t Backlog() const { return words_.size(); }
  // Runs until every queued PDU is taken and drawn.
  void Drain(uint64_t max_cycles = 200'000) {
    for (uint64_t i = 0; i < max_cycles; ++i) {
      if (words_.empty() && model.queued() == 0) {
        // Two more cycles for the last pipeline writes.
        Step();
        Step();
        return;
      }
      Step();
    }
    auto* r = sim.model().rootp;
    ADD_FAILURE() << "PDUs not drained: words " << words_.size() << ", model queue "
                  << model.queued() << ", full " << int(r->display_top__DOT__u_blitter__DOT__full_q)
                  << " busy " << int(r->display_top__DOT__u_blitter__DOT__bl_busy_q)
                  << " rx_bank " << int(r->display_top__DOT__u_blitter__DOT__rx_bank_q)
                  << " bl_bank " << int(r->display_top__DOT__u_blitter__DOT__bl_bank_q)
                  << " pending " << int(r->display_top__DOT__u_windows__DOT__pending_q)
                  << " t " << int(r->display_top__DOT__u_blitter__DOT__bl_t_q);
  }
  // Runs until the next frame boundary has made the shadow table active.
  void WaitSwap(uint64_t max_cycles = 100'000) {
    const uint64_t s = swaps;
    for (uint64_t i = 0; i < max_cycles && swaps == s; ++i) Step();
    ASSERT_NE(swaps, s) << "no frame boundary";
  }

  void WbWrite(uint32_t adr, uint32_t data, uint8_t sel = 0xF) {
    sim->wb_cyc_i = 1;
    sim->wb_stb_i = 1;
    sim->wb_we_i = 1;
    sim->wb_adr_i = static_cast<uint16_t>(adr);
    sim->wb_dat_i = data;
    sim->wb_sel_i = sel;
    // The write lands on the edge after which ack is seen (after any swap there).
    Step();
    for (int i = 0; i < 4 && !sim->wb_ack_o; ++i) Step();
    EXPECT_TRUE(sim->wb_ack_o);
    sim->wb_cyc_i = 0;
    sim->wb_stb_i = 0;
    sim->wb_we_i = 0;
  }
  uint32_t WbRead(uint32_t adr) {
    sim->wb_cyc_i = 1;
    sim->wb_stb_i = 1;
    sim->wb_we_i = 0;
    sim->wb_adr_i = static_cast<uint16_t>(adr);
    sim->wb_sel_i = 0xF;
    Step();
    for (int i = 0; i < 4 && !sim->wb_ack_o; ++i) Step();
    EXPECT_TRUE(sim->wb_ack_o);
    const uint32_t v = sim->wb_dat_o;
    sim->wb_cyc_i = 0;
    sim->wb_stb_i = 0;
    return v;
  }

  // Writes a whole descriptor through the registers into the shadow table, field by
  // field, mirroring each field into the model's shadow as it lands (a frame boundary
  // between two field writes makes the partly written descriptor active in both).
  void SetWindow(int w, const WindowDesc& d) {
    auto pair = [](int64_t lo, int64_t hi) {
      return static_cast<uint32_t>((lo & 0xFFF) | ((hi & 0xFFF) << 16));
    };
    // Each field lands on the model's shadow as it is (control commands may change the
    // other fields meanwhile).
    auto mirror = [&](auto set) {
      WindowDesc s = model.shadow(w);
      set(s);
      model.WriteShadow(w, s);
    };
    WbWrite(PEGASUS_DISPLAY_WIN_SEL, static_cast<uint32_t>(w));
    WbWrite(PEGASUS_DISPLAY_WIN_OFFSET, pair(d.off_x, d.off_y));
    mirror([&](WindowDesc& s) { s.off_x = d.off_x; s.off_y = d.off_y; });
    WbWrite(PEGASUS_DISPLAY_WIN_CLIP_MIN, pair(d.x0, d.y0));
    mirror([&](WindowDesc& s) { s.x0 = d.x0; s.y0 = d.y0; });
    WbWrite(PEGASUS_DISPLAY_WIN_CLIP_MAX, pair(d.x1, d.y1));
    mirror([&](WindowDesc& s) { s.x1 = d.x1; s.y1 = d.y1; });
    WbWrite(PEGASUS_DISPLAY_WIN_CTRL, (d.enable ? 1u : 0u) | (uint32_t{d.z} << 8));
    mirror([&](WindowDesc& s) { s.enable = d.enable; s.z = d.z; });
  }

  // The shadow descriptor of window w as the registers read it.
  WindowDesc ReadWindow(int w) {
    auto lo = [](uint32_t v) { return int32_t(v & 0xFFF); };
    auto hi = [](uint32_t v) { return int32_t((v >> 16) & 0xFFF); };
    auto sext = [](int32_t v) { return v >= 2048 ? v - 4096 : v; };
    WbWrite(PEGASUS_DISPLAY_WIN_SEL, static_cast<uint32_t>(w));
    const uint32_t off = WbRead(PEGASUS_DISPLAY_WIN_OFFSET);
    const uint32_t mn = WbRead(PEGASUS_DISPLAY_WIN_CLIP_MIN);
    const uint32_t mx = WbRead(PEGASUS_DISPLAY_WIN_CLIP_MAX);
    const uint32_t ctl = WbRead(PEGASUS_DISPLAY_WIN_CTRL);
    return MakeWindow(sext(lo(off)), sext(hi(off)), uint32_t(lo(mn)), uint32_t(hi(mn)),
                      uint32_t(lo(mx)), uint32_t(hi(mx)), uint8_t((ctl >> 8) & 0xF),
                      (ctl & 1) != 0);
  }

  // Makes context index `index` the control VC (CTL_VC), in the RTL and the model.
  void SetControlVc(uint32_t index) {
    WbWrite(PEGASUS_DISPLAY_CTL_VC, index | (1u << 8));
    model.SetControlVc(true, index);
  }
  // Queues a control PDU of window commands on `index`.
  void SendCommands(uint32_t index, const std::vector<media::WindowCommand>& commands) {
    SendPdu(index, media::EncodeWindowCommands(commands));
  }

  // RTL framebuffer, read from the model's memory.
  uint16_t RtlPixel(int x, int y) {
    return sim.model().rootp->display_top__DOT__u_fb__DOT__mem_q
        [static_cast<size_t>(y) * PEGASUS_PARAM_FbWidth + static_cast<size_t>(x)];
  }
  void CheckFramebuffer(const std::string& when) {
    ++fb_checks;
    int bad = 0;
    for (int y = 0; y < PEGASUS_PARAM_FbHeight; ++y) {
      for (int x = 0; x < PEGASUS_PARAM_FbWidth; ++x) {
        if (RtlPixel(x, y) != model.pixel(x, y) && ++bad <= 5) {
          ADD_FAILURE() << when << ": pixel (" << x << ", " << y << ") RTL 0x" << std::hex
                        << RtlPixel(x, y) << " model 0x" << model.pixel(x, y) << std::dec;
        }
      }
    }
    if (bad) ADD_FAILURE() << when << ": " << bad << " pixels differ";
  }

  // Pixel-clock rising edges so far (outputs of the pixel domain change only there).
  uint64_t PixEdges() const {
    const uint64_t t = sim.time_ps();
    return t < pix_first_edge_ ? 0 : (t - pix_first_edge_) / pix_period_ + 1;
  }

  DisplayCounters RtlCounters() {
    DisplayCounters c;
    c.pdus = WbRead(PEGASUS_DISPLAY_STAT_PDUS);
    c.drop_nowin = WbRead(PEGASUS_DISPLAY_STAT_DROP_NOWIN);
    c.drop_malformed = WbRead(PEGASUS_DISPLAY_STAT_DROP_MALFORMED);
    c.pix_clipped = WbRead(PEGASUS_DISPLAY_STAT_PIX_CLIPPED);
    c.pix_occluded = WbRead(PEGASUS_DISPLAY_STAT_PIX_OCCLUDED);
    c.ctl_msgs = WbRead(PEGASUS_DISPLAY_STAT_CTL_MSGS);
    c.ctl_drop = WbRead(PEGASUS_DISPLAY_STAT_CTL_DROP);
    return c;
  }

  sim::Harness<Model> sim;
  DisplayModel model;
  bool gaps = false;
  bool check_on_swap = true;
  // With external set, Step() leaves the s_pdu_* inputs alone and calls pre_tick
  // before the clock edge and post_tick after it (before the events are mirrored).
  bool external = false;
  std::function<void()> pre_tick, post_tick;
  uint64_t cycles = 0, done = 0, swaps = 0, fb_checks = 0;

 private:
  struct Word {
    uint32_t data = 0;
    uint8_t keep = 0;
    bool last = false;
    uint32_t index = 0;
    uint16_t len = 0;
  };
  struct Pdu {
    uint32_t index;
    std::vector<uint8_t> bytes;
  };
  std::deque<Word> words_;
  std::deque<Pdu> pdus_;
  uint64_t pix_period_ = 0, pix_first_edge_ = 0;
};

// One frame of the scan-out, one sample a pixel clock, from the end of a vertical
// sync pulse to the end of the next.
struct ScanSample {
  uint32_t rgb;
  bool de, hsync, vsync;
};

inline std::vector<ScanSample> CaptureFrame(DisplayTb& tb, uint64_t max_cycles) {
  std::vector<ScanSample> frame;
  uint64_t last = tb.PixEdges();
  bool prev_vs = true, started = false;
  for (uint64_t i = 0; i < max_cycles; ++i) {
    tb.Step();
    const uint64_t e = tb.PixEdges();
    if (e == last) continue;
    last = e;
    ScanSample s{static_cast<uint32_t>(tb.sim->rgb_o), tb.sim->de_o != 0,
                 tb.sim->hsync_o != 0, tb.sim->vsync_o != 0};
    const bool vs_end = !prev_vs && s.vsync;
    prev_vs = s.vsync;
    if (vs_end) {
      if (started) return frame;
      started = true;
    }
    if (started) frame.push_back(s);
  }
  ADD_FAILURE() << "no whole frame captured";
  return frame;
}

// Checks a captured frame: totals, sync widths and polarity, and every active pixel
// against the model's framebuffer shown with 2**scale pixel replication.
inline void CheckFrame(const std::vector<ScanSample>& f, const DisplayModel& model,
                       int h_active, int h_total, int h_sync, int v_active, int v_total,
                       int v_sync, int scale, std::vector<uint8_t>* rgb_out = nullptr) {
  ASSERT_EQ(f.size(), size_t(h_total) * size_t(v_total));
  // hsync low for h_sync clocks once a line, at the same place in every line.
  int first_fall = -1;
  for (size_t i = 1; i < f.size(); ++i) {
    if (f[i - 1].hsync && !f[i].hsync) {
      if (first_fall < 0) first_fall = int(i);
      EXPECT_EQ((int(i) - first_fall) % h_total, 0) << "hsync fall at " << i;
    }
  }
  ASSERT_GE(first_fall, 0);
  for (int k = 0; k < h_sync; ++k) EXPECT_FALSE(f[size_t(first_fall + k)].hsync);
  EXPECT_TRUE(f[size_t(first_fall + h_sync)].hsync);
  size_t vs_low = 0, de_count = 0;
  for (const auto& s : f) {
    vs_low += s.vsync ? 0 : 1;
    de_count += s.de ? 1 : 0;
  }
  EXPECT_EQ(vs_low, size_t(v_sync) * size_t(h_total));
  ASSERT_EQ(de_count, size_t(h_active) * size_t(v_active));
  const int fw = model.config().fb_width, fh = model.config().fb_height;
  size_t n = 0;
  int bad = 0;
  for (const auto& s : f) {
    if (!s.de) continue;
    const int x = int(n % size_t(h_active)), y = int(n / size_t(h_active));
    ++n;
    const int fx = x >> scale, fy = y >> scale;
    uint32_t want = 0;
    if (fx < fw && fy < fh) {
      uint8_t r, g, b;
      media::Rgb888(model.pixel(fx, fy), &r, &g, &b);
      want = (uint32_t{r} << 16) | (uint32_t{g} << 8) | b;
    }
    if (s.rgb != want && ++bad <= 5) {
      ADD_FAILURE() << "scan-out (" << x << ", " << y << "): 0x" << std::hex << s.rgb
                    << " want 0x" << want << std::dec;
    }
    if (rgb_out && x < (fw << scale) && y < (fh << scale) && (x >> scale << scale) == x &&
        (y >> scale << scale) == y) {
      rgb_out->push_back(static_cast<uint8_t>(s.rgb >> 16));
      rgb_out->push_back(static_cast<uint8_t>(s.rgb >> 8));
      rgb_out->push_back(static_cast<uint8_t>(s.rgb));
    }
  }
  EXPECT_EQ(bad, 0) << "scan-out pixels differ from the framebuffer";
}

// k random tiles at (tx, ty).
inline media::TilePdu RandomTiles(sim::Harness<Model>& sim, uint16_t tx, uint16_t ty, uint8_t k) {
  media::TilePdu p;
  p.tile_x = tx;
  p.tile_y = ty;
  p.count = k;
  p.frame = static_cast<uint16_t>(sim.Random(0, 65535));
  p.timestamp = static_cast<uint32_t>(sim.Random(0, 0xFFFFFFFF));
  p.pixels.resize(size_t{k} * 64);
  for (auto& px : p.pixels) px = static_cast<uint16_t>(sim.Random(1, 0xFFFF));
  return p;
}

}  // namespace pegasus::display::test

#endif  // PEGASUS_TESTS_RTL_DISPLAY_DISPLAY_TB_H_
