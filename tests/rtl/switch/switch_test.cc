// switch_top (rtl/switch) at PEGASUS_PARAM_NumPorts ports, against host/switch's
// SwitchModel: registers, random traffic with random back-pressure (no loss,
// duplication or reordering per VC, queues empty at the end), multicast, isolation of
// unconfigured VCs, drops by reason, the guaranteed class's delay bound under a best-
// effort overload, and connection changes under traffic. PEGASUS_LONG=1 runs the
// random tests ten times longer.
#include <algorithm>
#include <cstdlib>

#include "host/switch/switch_traffic.h"
#include "tests/rtl/switch/switch_tb.h"

namespace pegasus::sw {
namespace {

uint64_t Scale() { return std::getenv("PEGASUS_LONG") ? 10 : 1; }

class SwitchRtl : public ::testing::Test {
 protected:
  SwitchRtl() : tb_(::testing::UnitTest::GetInstance()->current_test_info()->name()) {}
  SwitchTb tb_;
};

TEST_F(SwitchRtl, IdAndInfo) {
  EXPECT_EQ(tb_.Read(PEGASUS_SWITCH_ID), PEGASUS_SWITCH_ID_RESET);
  const uint32_t info = tb_.Read(PEGASUS_SWITCH_INFO);
  EXPECT_EQ(info & 0xFF, static_cast<uint32_t>(kPorts));
  // The RTL's defaults are the model's (host/switch/switch_model.h); a target that sets
  // parameters sets the model's to match.
  const SwitchConfig config = SwitchTb::ModelConfig();
  EXPECT_EQ((info >> 8) & 0xFF, static_cast<uint32_t>(config.table_bits));
  EXPECT_EQ((info >> 16) & 0xFF,
            config.buf_cells < 256 ? static_cast<uint32_t>(config.buf_cells) : 0u);
  EXPECT_EQ(tb_.BufCells(), config.buf_cells);
  EXPECT_EQ(tb_.ClpThreshold(), config.clp_threshold);
  tb_.Write(PEGASUS_SWITCH_TBL_OUT_SEL, kPorts - 1);
  tb_.Write(PEGASUS_SWITCH_TBL_OUT_HDR, 0x0ABCDEF0);
  EXPECT_EQ(tb_.Read(PEGASUS_SWITCH_TBL_OUT_HDR), 0x0ABCDEF0u);
}

// Cells on VCs without an entry, or whose index holds another VC, never leave; they
// are counted as NO_VC drops; malformed cells count as FORMAT drops.
TEST_F(SwitchRtl, UnconfiguredVcsNeverLeave) {
  tb_.Start();
  tb_.SetEntry(0, 1, 0x45, MakeConnection(0, 0x45, 0b10 % (1u << kPorts) | 1, false));
  int bad = 0;
  for (int p = 0; p < kPorts; ++p) {
    for (int i = 0; i < 6; ++i) {
      // VCI 0x05 has index 5 like 0x45; VPI 2 differs; other ports have no entries.
      tb_.Send(p, Hdr(i % 2 ? 2 : 1, i % 3 ? 0x05 : 0x45));
      ++bad;
    }
  }
  --bad;  // port 0's cells with VPI 1, VCI 0x45 are configured: 1 of the 6 on port 0
  tb_.SendWords(1, {Hdr(1, 0x45), 1, 2});  // short cell
  tb_.Drain();
  tb_.ExpectAllDelivered();
  uint32_t novc = 0;
  for (int p = 0; p < kPorts; ++p) novc += tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_NO_VC);
  EXPECT_EQ(novc, static_cast<uint32_t>(bad));
  EXPECT_EQ(tb_.Counter(1, PEGASUS_SWITCH_CNT_DROP_FORMAT), 1u);
  EXPECT_EQ(tb_.Counter(1, PEGASUS_SWITCH_CNT_IN), 7u);
  uint32_t out = 0;
  for (int p = 0; p < kPorts; ++p) out += tb_.Counter(p, PEGASUS_SWITCH_CNT_OUT);
  EXPECT_EQ(out, tb_.copies());
  EXPECT_EQ(tb_.Read(PEGASUS_SWITCH_IRQ_STATUS) & 1, 1u);
  tb_.Write(PEGASUS_SWITCH_IRQ_STATUS, 1);
  EXPECT_EQ(tb_.Read(PEGASUS_SWITCH_IRQ_STATUS) & 1, 0u);
}

// Every input multicasts to every output with a distinct header per output.
TEST_F(SwitchRtl, MulticastCopiesCarryTranslatedHeaders) {
  tb_.Start();
  const uint32_t all = (kPorts == 32) ? ~0u : (1u << kPorts) - 1;
  for (int p = 0; p < kPorts; ++p) tb_.SetEntry(p, 3, 0x100 + p, MakeConnection(p, 0x100 + p, all, p % 2));
  for (int i = 0; i < 4; ++i) {
    for (int p = 0; p < kPorts; ++p) tb_.Send(p, Hdr(3, 0x100 + p, false, 0xA, 5));
  }
  tb_.Drain();
  tb_.ExpectAllDelivered();
  EXPECT_EQ(tb_.copies(), static_cast<uint64_t>(4 * kPorts * kPorts));
}

// Random VCs (unicast and multicast, both classes) at loads within capacity, random
// gaps on inputs and random back-pressure on outputs.
TEST_F(SwitchRtl, RandomTrafficNoLossNoDuplicationInOrder) {
  tb_.Start();
  constexpr int kVcs = 6;
  for (int p = 0; p < kPorts; ++p) {
    for (int v = 0; v < kVcs; ++v) {
      uint32_t mask = 1u << tb_.sim().Random(0, kPorts - 1);
      // VC 0 multicasts to up to 3 outputs.
      if (v == 0) {
        mask |= (1u << tb_.sim().Random(0, kPorts - 1)) | (1u << tb_.sim().Random(0, kPorts - 1));
      }
      tb_.SetEntry(p, v, 0x200 + v, MakeConnection(p, 0x200 + v, mask, v % 2));
    }
    tb_.set_valid_percent(p, 70);
    tb_.set_ready_percent(p, static_cast<int>(tb_.sim().Random(70, 95)));
  }
  // Offered load about 0.19 cell per cell time and input (one cell per ~69 cycles);
  // fan-out about 1.3, so about 0.25 copies per cell time and output on average, but
  // a random set of VCs can load one output several times that.
  const uint64_t cells = 1500 * Scale();
  const uint64_t end_cycle = tb_.cycle() + cells * 3 * kCellTime;
  while (tb_.cycle() < end_cycle) {
    for (int p = 0; p < kPorts; ++p) {
      if (tb_.Pending(p) < kCellWords && tb_.sim().Random(0, 99) < 2) {
        const uint32_t v = static_cast<uint32_t>(tb_.sim().Random(0, kVcs));
        // v == kVcs: an unconfigured VC.
        tb_.Send(p, Hdr(v, 0x200 + v, false, static_cast<uint32_t>(tb_.sim().Random(0, 15)),
                        static_cast<uint32_t>(tb_.sim().Random(0, 7))));
      }
    }
    tb_.Cycle();
  }
  tb_.Drain();
  tb_.ExpectAllDelivered();
  for (int p = 0; p < kPorts; ++p) {
    EXPECT_EQ(tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_FULL_BE), 0u);
    EXPECT_EQ(tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_FULL_GUAR), 0u);
    EXPECT_EQ(tb_.Counter(p, PEGASUS_SWITCH_CNT_BUFFERED), 0u);
  }
  EXPECT_GT(tb_.copies(), cells * kPorts / 2);
}

// Random VCs at full input rate with heavy back-pressure: buffers overflow. Drops
// happen only at the input and take a whole cell, so each cell leaves on all of its
// outputs or on none, and the cells that left on none are exactly the drops counted.
TEST_F(SwitchRtl, OverloadDropsWholeCellsAndCountsThem) {
  tb_.Start();
  constexpr int kVcs = 4;
  for (int p = 0; p < kPorts; ++p) {
    for (int v = 0; v < kVcs; ++v) {
      uint32_t mask = 1u << tb_.sim().Random(0, kPorts - 1);
      if (v == 0) mask |= 1u << tb_.sim().Random(0, kPorts - 1);
      tb_.SetEntry(p, v, 0x400 + v, MakeConnection(p, 0x400 + v, mask, v == 1));
    }
    tb_.set_ready_percent(p, static_cast<int>(tb_.sim().Random(20, 80)));
  }
  // Long enough to fill the buffers whatever their size.
  const uint64_t cycles = static_cast<uint64_t>(400 + tb_.BufCells()) * kCellTime * Scale();
  for (uint64_t t = 0; t < cycles; ++t) {
    for (int p = 0; p < kPorts; ++p) {
      if (tb_.Pending(p) < kCellWords) {
        const uint32_t v = static_cast<uint32_t>(tb_.sim().Random(0, kVcs - 1));
        tb_.Send(p, Hdr(v, 0x400 + v, tb_.sim().Random(0, 3) == 0));
      }
    }
    tb_.Cycle();
  }
  // Sources still hold up to one cell each; let them finish.
  for (auto& [id, s] : tb_.sent()) s.may_drop = true;
  tb_.Drain();
  std::vector<uint64_t> none(kPorts, 0), sent(kPorts, 0);
  for (const auto& [id, s] : tb_.sent()) {
    ++sent[s.in];
    if (s.out_cycle.empty()) {
      ++none[s.in];
    } else {
      EXPECT_EQ(s.out_cycle.size(), s.expect.size()) << "cell " << id << " partly delivered";
    }
  }
  uint64_t drops_total = 0;
  for (int p = 0; p < kPorts; ++p) {
    const uint64_t drops = tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_FULL_BE) +
                           tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_FULL_GUAR) +
                           tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_CLP_BE) +
                           tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_CLP_GUAR);
    EXPECT_EQ(drops, none[p]) << "input " << p;
    EXPECT_EQ(tb_.Counter(p, PEGASUS_SWITCH_CNT_IN), sent[p]) << "input " << p;
    EXPECT_EQ(tb_.Counter(p, PEGASUS_SWITCH_CNT_BUFFERED), 0u);
    drops_total += drops;
  }
  EXPECT_GT(drops_total, 0u);
}

// The counters are kept in a RAM with pending counts (switch_regs): a read while
// events arrive every few cycles returns a count between the events before the read
// and those before its ack, never going back, and the final counts are exact. Input
// p sends one-word cells (each counts as IN and as a FORMAT drop).
TEST_F(SwitchRtl, CountersReadUnderTrafficAreExact) {
  tb_.Start();
  const int p = kPorts - 1;
  const uint64_t n = 2000 * Scale();
  for (uint64_t i = 0; i < n; ++i) tb_.SendWords(p, {Hdr(0, 0x77)});
  tb_.set_valid_percent(p, 60);
  tb_.Write(PEGASUS_SWITCH_CNT_SEL, p);
  uint32_t last_in = 0, last_fmt = 0;
  int reads = 0;
  while (tb_.Pending(p) > 0) {
    const bool fmt = reads % 2;
    const uint64_t before = n - tb_.Pending(p);
    const uint32_t v = tb_.Read(fmt ? PEGASUS_SWITCH_CNT_DROP_FORMAT : PEGASUS_SWITCH_CNT_IN);
    const uint64_t after = n - tb_.Pending(p);
    EXPECT_GE(v, before) << "read " << reads;
    EXPECT_LE(v, after) << "read " << reads;
    uint32_t& last = fmt ? last_fmt : last_in;
    EXPECT_GE(v, last) << "read " << reads;
    last = v;
    ++reads;
  }
  tb_.Run(100);
  EXPECT_GT(reads, 100);
  EXPECT_EQ(tb_.Counter(p, PEGASUS_SWITCH_CNT_IN), n);
  EXPECT_EQ(tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_FORMAT), n);
  EXPECT_EQ(tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_NO_VC), 0u);
}

// Delivered fraction of line rate per output with every input sending back to back
// (100% offered load), outputs always ready; hot_percent of the cells go to output 0,
// the rest uniformly to all outputs.
double FullLoadThroughput(SwitchTb& tb, int hot_percent) {
  tb.Start();
  for (int p = 0; p < kPorts; ++p) {
    for (int o = 0; o < kPorts; ++o) {
      tb.SetEntry(p, 0, 0x500 + o, MakeConnection(p, 0x500 + o, 1u << o, false));
    }
  }
  // PEGASUS_LONG=1: the benchmark's window (100,000 cell times, a few seconds).
  const uint64_t warm = 100 * kCellTime,
                 window = (std::getenv("PEGASUS_LONG") ? 100'000 : 1000) * kCellTime;
  uint64_t out = 0;
  bool measuring = false;
  tb.on_copy = [&](int, uint64_t, uint32_t) { out += measuring; };
  for (uint64_t t = 0; t < warm + window; ++t) {
    measuring = t >= warm;
    for (int p = 0; p < kPorts; ++p) {
      if (tb.Pending(p) < kCellWords) {
        const bool hot = static_cast<int>(tb.sim().Random(0, 99)) < hot_percent;
        const uint32_t o = hot ? 0 : static_cast<uint32_t>(tb.sim().Random(0, kPorts - 1));
        tb.Send(p, Hdr(0, 0x500 + o));
      }
    }
    tb.Cycle();
  }
  // Cells still queued leave after the window; they do not count.
  measuring = false;
  for (auto& [id, s] : tb.sent()) s.may_drop = true;
  tb.Drain();
  return static_cast<double>(out * kCellTime) / static_cast<double>(window * kPorts);
}

// Uniform: the model gives 0.995 (N=4) and 0.991 (N=8) with the default 256-cell
// buffers over 100,000 cell times. This window is far shorter: the buffers do not fill,
// and the outputs idle now and then while the queues build up (at exactly 100% load
// the backlog only grows, by one cell each time an output idles), so the figure is
// lower than the long-run one (0.96 here; with PEGASUS_LONG=1 the window is the
// benchmark's 100,000 cell times, and the RTL must match the model's figure for that
// window to within 0.003: 0.992-0.994 at N=4, 0.9895-0.991 at N=8 over seeds). Small buffers
// (16 cells, the UP5K configuration) fill within the window and then drop, and set
// the figure: there the reference is the model's long-run figure for the same buffer
// (0.946 at N=4), less 0.025 for the short window.
TEST_F(SwitchRtl, UniformFullLoadThroughput) {
  TrafficConfig reference;
  reference.ports = kPorts;
  reference.buf_cells = tb_.BufCells();
  reference.measure_slots = 20000;
  Result<TrafficFigures> model = MeasureTraffic(reference);
  ASSERT_TRUE(model.ok());
  const double floor = std::min(0.94, model->throughput - 0.025);
  const double tput = FullLoadThroughput(tb_, 0);
  std::printf("uniform 100%% load: %.3f of line rate per output (model, same buffer: %.3f)\n",
              tput, model->throughput);
  EXPECT_GT(tput, floor);
  if (std::getenv("PEGASUS_LONG")) {
    TrafficConfig long_run = reference;
    long_run.measure_slots = 100'000;
    Result<TrafficFigures> m = MeasureTraffic(long_run);
    ASSERT_TRUE(m.ok());
    std::printf("model over the same 100,000 cell times: %.4f, RTL %.4f\n", m->throughput, tput);
    EXPECT_GT(tput, m->throughput - 0.003);
  }
}

// Half the cells to output 0: it saturates and the dynamic threshold keeps room for
// the rest; the ideal is (1 + (N-1)/2) / N (0.625 at N=4).
TEST_F(SwitchRtl, HotspotFullLoadThroughput) {
  const double tput = FullLoadThroughput(tb_, 50);
  const double ideal = (1.0 + (kPorts - 1) / 2.0) / kPorts;
  std::printf("hotspot 100%% load: %.3f of line rate per output (ideal %.3f)\n", tput, ideal);
  EXPECT_GT(tput, 0.9 * ideal);
}

// Output 0 blocked: input 1's buffer fills. Two cells (OutCells) move to output 0's
// FIFO; from ClpThreshold cells held on, CLP=1 cells are dropped; CLP=0 cells still go
// in until the queue reaches the dynamic threshold (it may hold fewer than 2 x the
// free slots: 11 of 16, or 171 of 256, when it is the only queue), then they are
// dropped as full.
TEST_F(SwitchRtl, ClpCellsDroppedFirstThenBufferFull) {
  constexpr int kOutCells = 2;
  tb_.Start();
  const int buf = tb_.BufCells();
  const int clp = tb_.ClpThreshold();
  int dt_held = 0;  // cells one queue may hold: each is taken while len < 2 x free
  while (dt_held < 2 * (buf - dt_held)) ++dt_held;
  ASSERT_LT(clp, dt_held);
  tb_.SetEntry(1, 0, 9, MakeConnection(1, 9, 1, false));
  tb_.set_ready_percent(0, 0);
  for (int i = 0; i < clp + kOutCells; ++i) tb_.Send(1, Hdr(0, 9));
  tb_.Run(static_cast<uint64_t>(clp + kOutCells + 10) * kCellTime);
  EXPECT_EQ(tb_.Counter(1, PEGASUS_SWITCH_CNT_BUFFERED), static_cast<uint32_t>(clp));
  std::vector<uint64_t> dropped;
  for (int i = 0; i < 5; ++i) dropped.push_back(tb_.Send(1, Hdr(0, 9, true)));
  for (int i = clp; i < dt_held; ++i) tb_.Send(1, Hdr(0, 9));
  dropped.push_back(tb_.Send(1, Hdr(0, 9)));
  tb_.Run(static_cast<uint64_t>(dt_held - clp + 15) * kCellTime);
  EXPECT_EQ(tb_.Counter(1, PEGASUS_SWITCH_CNT_BUFFERED), static_cast<uint32_t>(dt_held));
  EXPECT_EQ(tb_.Counter(1, PEGASUS_SWITCH_CNT_DROP_CLP_BE), 5u);
  EXPECT_EQ(tb_.Counter(1, PEGASUS_SWITCH_CNT_DROP_FULL_BE), 1u);
  for (uint64_t id : dropped) tb_.sent()[id].may_drop = true;
  tb_.set_ready_percent(0, 100);
  tb_.Drain();
  tb_.ExpectAllDelivered();
  EXPECT_EQ(tb_.copies(), static_cast<uint64_t>(dt_held + kOutCells));
}

// Input 0 sends a guaranteed VC to output 0, one cell every 4 cell times, while every
// other input sends best effort to output 0 back to back (an overload of N-1 times).
// Every guaranteed cell leaves within the bound; best effort gets the rest of the
// output.
TEST_F(SwitchRtl, GuaranteedClassDelayBoundUnderBestEffortOverload) {
  // Bound from the header in to the first word out, output always ready, no other
  // guaranteed flow on the same input or output: 3 cell times (README, "Guaranteed
  // class").
  constexpr uint64_t kBound = 3 * kCellTime;
  tb_.Start();
  tb_.SetEntry(0, 0, 0x31, MakeConnection(0, 0x31, 1, true));
  for (int p = 1; p < kPorts; ++p) tb_.SetEntry(p, 0, 0x32, MakeConnection(p, 0x32, 1, false));
  std::vector<uint64_t> guar;
  uint64_t be_out = 0;
  tb_.on_copy = [&](int, uint64_t id, uint32_t) {
    if (tb_.sent()[id].in != 0) ++be_out;
  };
  const uint64_t cells = 150 * Scale();
  const uint64_t start = tb_.cycle();
  for (uint64_t t = 0; t < cells * 4 * kCellTime; ++t) {
    if (t % (4 * kCellTime) == 0) guar.push_back(tb_.Send(0, Hdr(0, 0x31)));
    for (int p = 1; p < kPorts; ++p) {
      if (tb_.Pending(p) < kCellWords) tb_.Send(p, Hdr(0, 0x32));
    }
    tb_.Cycle();
  }
  const uint64_t window = tb_.cycle() - start;
  const uint64_t be_in_window = be_out;
  // Best-effort cells dropped for a full buffer are expected; forget them.
  for (auto& [id, s] : tb_.sent()) {
    if (s.in != 0) s.may_drop = true;
  }
  tb_.Drain();
  uint64_t worst = 0;
  for (uint64_t id : guar) {
    const auto& s = tb_.sent()[id];
    ASSERT_EQ(s.out_cycle.count(0), 1u) << "guaranteed cell " << id << " lost";
    worst = std::max(worst, s.out_cycle.at(0) - s.hdr_cycle);
  }
  std::printf("guaranteed worst delay %llu cycles (bound %llu); best effort %.3f of output 0\n",
              static_cast<unsigned long long>(worst), static_cast<unsigned long long>(kBound),
              static_cast<double>(be_in_window * kCellTime) / static_cast<double>(window));
  EXPECT_LE(worst, kBound);
  // Output 0 is busy all the time: guaranteed takes 1/4, best effort nearly all the rest.
  EXPECT_GT(static_cast<double>(be_in_window * kCellTime) / static_cast<double>(window), 0.70);
  EXPECT_EQ(tb_.Counter(0, PEGASUS_SWITCH_CNT_DROP_FULL_GUAR), 0u);
  EXPECT_GT(tb_.Counter(1, PEGASUS_SWITCH_CNT_DROP_FULL_BE), 0u);
}

// Connections change under traffic: on input 0 VC A moves to other outputs with new
// headers, on input 1 VC A is removed, on input 2 VC C is added; VC B everywhere is
// untouched. Cells whose header went in before the command use the old entry, after
// BUSY cleared the new one, in between either, never a mix; B loses nothing.
TEST_F(SwitchRtl, ConnectionChangesUnderTraffic) {
  tb_.Start();
  const uint32_t a = 0x301, b = 0x302, c = 0x303;
  for (int p = 0; p < kPorts; ++p) {
    tb_.SetEntry(p, 0, a, MakeConnection(p, a, 1u << (p % kPorts), false));
    tb_.SetEntry(p, 0, b, MakeConnection(p, b, 1u << ((p + 1) % kPorts), p % 2));
    tb_.set_valid_percent(p, 80);
    tb_.set_ready_percent(p, 90);
  }
  auto traffic = [&](uint64_t cycles) {
    for (uint64_t t = 0; t < cycles; ++t) {
      for (int p = 0; p < kPorts; ++p) {
        if (tb_.Pending(p) < kCellWords && tb_.sim().Random(0, 99) < 2) {
          const uint64_t r = tb_.sim().Random(0, 2);
          tb_.Send(p, Hdr(0, r == 0 ? a : r == 1 ? b : c));
        }
      }
      tb_.Cycle();
    }
  };
  // The traffic runs during the commands too (SwitchTb::Cycle under Access).
  traffic(150 * kCellTime);
  Connection moved = MakeConnection(0, a ^ 0x7, (1u << 1) | (1u << (kPorts - 1)), true);
  uint64_t done0 = 0, done1 = 0, done2 = 0;
  const uint64_t cmd0 = tb_.SetEntry(0, 0, a, moved, &done0);
  traffic(150 * kCellTime);
  tb_.RemoveEntry(1, 0, a, &done1);
  traffic(150 * kCellTime);
  const uint64_t cmd2 = tb_.SetEntry(2 % kPorts, 0, c, MakeConnection(2, c, 1, false), &done2);
  traffic(150 * kCellTime);
  tb_.Drain();
  // The scoreboard routed each cell with the table at the cycle its header went in
  // (the model changes when BUSY clears); a cell taken while its VC's commit was in
  // progress may follow the old or the new entry, but one of them for all copies.
  uint64_t old_a0 = 0, new_a0 = 0, removed_after = 0, added_before = 0;
  for (const auto& [id, s] : tb_.sent()) {
    const uint32_t vci = (s.header >> 4) & 0xFFFF;
    if (s.in == 0 && vci == a && s.hdr_cycle < cmd0) ++old_a0;
    if (s.in == 0 && vci == a && s.hdr_cycle > done0) ++new_a0;
    if (s.in == 1 && vci == a && s.hdr_cycle > done1) removed_after += s.expect.empty();
    if (s.in == 2 && vci == c && s.hdr_cycle < cmd2) added_before += s.expect.empty();
  }
  EXPECT_GT(old_a0, 0u);
  EXPECT_GT(new_a0, 0u);
  EXPECT_GT(removed_after, 0u);
  EXPECT_GT(added_before, 0u);
  tb_.ExpectAllDelivered();
  for (int p = 0; p < kPorts; ++p) EXPECT_EQ(tb_.Counter(p, PEGASUS_SWITCH_CNT_DROP_FULL_BE), 0u);
}

}  // namespace
}  // namespace pegasus::sw
