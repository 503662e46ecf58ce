// audio_top end to end: cells out of the audio node are reassembled (host/atm/aal5.h)
// and decoded (host/media/audio.h):
//   - one second of the test tone, sample-exact against ToneSample, timestamps one cell
//     time apart, written as a WAV file whose tone has the expected frequency (and,
//     when sox is installed, sox agrees);
//   - back-pressure on the cell output: cells that cannot be sent are dropped whole,
//     counted in the node and seen as sequence gaps by the decoder; every sample that
//     arrives is exact;
//   - playout (audio_playout): cells delayed by random network jitter go through the
//     jitter buffer and play sample-exact, each sample a fixed time after its
//     timestamp; when cells stop, underruns are counted; with too little latency
//     allowed, late cells are counted and dropped.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include PLAYOUT_HEADER
#include "host/atm/aal5.h"
#include "host/media/audio.h"
#include "sim_cpp/bfm/cell_stream.h"
#include "sim_cpp/bfm/pdu_delay_line.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::media {
namespace {

using Model = PEGASUS_RTL_MODEL;
constexpr uint32_t kClkHz = PEGASUS_PARAM_ClkHz;
constexpr uint32_t kRate = PEGASUS_PARAM_SampleHz;
constexpr uint32_t kTone = PEGASUS_PARAM_ToneHz;
constexpr uint32_t kCyclesPerSample = kClkHz / kRate;

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

struct Node {
  sim::Harness<Model> sim{TestName()};
  sim::CellSink<Model> sink{sim.model(), sim.rng(), 100};
  atm::Aal5Reassembler reasm;
  AudioDecoder dec;

  Node() {
    (void)reasm.Open(0, 200);
    sim->cfg_enable_i = 1;
    sim->cfg_ext_smp_i = 0;
    sim->cfg_vpi_i = 0;
    sim->cfg_vci_i = 200;
    sim.Reset();
  }
  void Run(uint64_t cycles) {
    for (uint64_t i = 0; i < cycles; ++i) {
      sim->timestamp_i = static_cast<uint32_t>(sim.cycle());
      sink.Drive();
      sim->eval();
      sink.Sample();
      sim.Tick();
      for (auto& w : sink.TakeCells()) {
        reasm.Push(atm::Cell::FromWords(std::span<const uint32_t, 13>(w.data(), 13)), sim.cycle());
        while (auto pdu = reasm.Pop()) EXPECT_TRUE(dec.PushPdu(pdu->data).ok());
      }
    }
  }
};

TEST(Audio, ToneRoundTripIsSampleExactAndHasItsFrequency) {
  Node node;
  node.Run(kClkHz + 200);  // one second and a little
  // The first second of samples.
  ASSERT_GE(node.dec.samples().size(), static_cast<size_t>(kRate));
  const std::vector<StereoSample> s(node.dec.samples().begin(),
                                    node.dec.samples().begin() + kRate);
  for (size_t n = 0; n < s.size(); ++n) {
    ASSERT_EQ(s[n], ToneSample(n, kTone, kRate)) << "sample " << n;
  }
  EXPECT_EQ(node.dec.counters().lost, 0u);
  EXPECT_EQ(node.sim->stat_drops_o, 0u);
  EXPECT_EQ(node.sim->stat_cells_o, node.dec.counters().cells);
  // Timestamps: one cell (8 samples) apart, strictly increasing.
  const auto& ts = node.dec.timestamps();
  for (size_t i = 1; i < ts.size(); ++i) {
    ASSERT_EQ(ts[i] - ts[i - 1], 8 * kCyclesPerSample) << "cell " << i;
  }
  std::vector<int16_t> left, right;
  for (const auto& x : s) {
    left.push_back(x.left);
    right.push_back(x.right);
  }
  const double fl = EstimateFrequency(left, kRate), fr = EstimateFrequency(right, kRate);
  std::printf("[audio] %zu samples, %zu cells; tone left %.2f Hz, right %.2f Hz\n", s.size(),
              ts.size(), fl, fr);
  EXPECT_NEAR(fl, kTone, kTone * 0.001);
  EXPECT_NEAR(fr, 2.0 * kTone, kTone * 0.002);
  // Written beside the test, as the harness writes traces (under CTest: the test's
  // build folder).
  const std::string wav = (std::filesystem::current_path() / "audio_tone.wav").string();
  ASSERT_TRUE(WriteWav(wav, s, kRate).ok());
  if (std::system("command -v sox >/dev/null 2>&1") != 0) {
    std::printf("[audio] sox not installed: WAV %s not checked with sox\n", wav.c_str());
    return;
  }
  // sox's "Rough frequency" of the left channel. sox estimates it from the RMS of the
  // signal's derivative, which reads a triangle 2*sqrt(3)/pi = 1.10 times too high
  // (its harmonics), so the harmonics are filtered off first (FIR low-pass, 1.5 kHz).
  const std::string cmd = "sox " + wav + " -n remix 1 sinc -1500 stat 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char line[256];
  double rough = 0;
  while (std::fgets(line, sizeof line, p) != nullptr) {
    std::sscanf(line, "Rough frequency: %lf", &rough);
  }
  EXPECT_EQ(pclose(p), 0);
  std::printf("[audio] sox rough frequency %.1f Hz\n", rough);
  EXPECT_NEAR(rough, kTone, kTone * 0.01);
}

TEST(Audio, BackPressureDropsWholeCellsCounted) {
  Node node;
  // Ready for 20 ms, stalled for 5 ms, four times; then ready to drain.
  for (int i = 0; i < 4; ++i) {
    node.sink.set_ready_percent(100);
    node.Run(kClkHz / 50);
    node.sink.set_ready_percent(0);
    node.Run(kClkHz / 200);
  }
  node.sink.set_ready_percent(100);
  node.Run(kClkHz / 50);
  const uint64_t drops = node.sim->stat_drops_o;
  std::printf("[audio] back-pressure: %llu cells sent, %llu dropped\n",
              static_cast<unsigned long long>(node.sim->stat_cells_o),
              static_cast<unsigned long long>(drops));
  EXPECT_GT(drops, 0u);
  EXPECT_EQ(node.dec.counters().lost, drops);
  EXPECT_EQ(node.sink.protocol_errors(), 0u);
  const auto& s = node.dec.samples();
  size_t silent = 0;
  for (size_t n = 0; n < s.size(); ++n) {
    if (s[n] == StereoSample{} && ToneSample(n, kTone, kRate) != StereoSample{}) {
      ++silent;  // a lost cell's sample
      continue;
    }
    ASSERT_EQ(s[n], ToneSample(n, kTone, kRate)) << "sample " << n;
  }
  EXPECT_LE(silent, drops * 8);
}


using Playout = PLAYOUT_MODEL;

// The node, the network (cells -> PDUs, each delivered after a random delay, in order)
// and the playout unit, clocked together on one time base.
struct RoundTrip {
  Node node;
  sim::Harness<Playout> play{TestName() + ".playout"};
  sim::PduDelayLine<Playout> net{play.model()};
  uint64_t jitter = 0;
  std::vector<StereoSample> played;
  std::vector<uint64_t> played_at;

  explicit RoundTrip(uint32_t latency) {
    play->cfg_latency_i = latency;
    play.Reset();
    node.Run(0);
  }
  void Run(uint64_t cycles) {
    for (uint64_t i = 0; i < cycles; ++i) {
      const uint64_t now = node.sim.cycle();
      node.sim->timestamp_i = static_cast<uint32_t>(now);
      node.sink.Drive();
      node.sim->eval();
      node.sink.Sample();
      node.sim.Tick();
      for (auto& w : node.sink.TakeCells()) {
        node.reasm.Push(atm::Cell::FromWords(std::span<const uint32_t, 13>(w.data(), 13)), now);
        while (auto pdu = node.reasm.Pop()) {
          net.Push(now + node.sim.Random(0, jitter), std::move(pdu->data));
        }
      }
      play->time_i = static_cast<uint32_t>(now);
      net.Drive(now);
      play.Tick();
      net.Advance();
      if (play->m_smp_tvalid_o) {
        const uint32_t d = play->m_smp_tdata_o;
        played.push_back({static_cast<int16_t>(d >> 16), static_cast<int16_t>(d & 0xFFFF)});
        played_at.push_back(now);
      }
    }
  }
};

TEST(Audio, PlayoutThroughJitterBufferIsSampleExactAndOnTime) {
  // Cells leave every 80 cycles; the network adds 0..300 cycles; allow 600.
  RoundTrip rt(600);
  rt.jitter = 300;
  rt.Run(kClkHz / 10);  // 100 ms
  ASSERT_GT(rt.played.size(), 4000u);
  for (size_t n = 0; n < rt.played.size(); ++n) {
    ASSERT_EQ(rt.played[n], ToneSample(n, kTone, kRate)) << "played sample " << n;
  }
  // Each sample plays a fixed time after it was taken (sample n at n sample periods).
  const uint64_t offset = rt.played_at[0];
  for (size_t n = 0; n < rt.played.size(); ++n) {
    ASSERT_EQ(rt.played_at[n] - n * kCyclesPerSample, offset) << "played sample " << n;
  }
  EXPECT_EQ(rt.play->stat_underruns_o, 0u);
  EXPECT_EQ(rt.play->stat_late_o, 0u);
  EXPECT_EQ(rt.play->stat_bad_o, 0u);
  std::printf("[audio] playout: %zu samples played, first at cycle %llu (latency allowance 600)\n",
              rt.played.size(), static_cast<unsigned long long>(offset));
  // Cells stop: every sample period from then on is an underrun.
  rt.node.sim->cfg_enable_i = 0;
  rt.Run(2000);
  const uint64_t under = rt.play->stat_underruns_o;
  EXPECT_GT(under, 0u);
  rt.Run(1000);
  EXPECT_EQ(rt.play->stat_underruns_o, under + 1000 / kCyclesPerSample);
  std::printf("[audio] playout after the source stops: %llu underruns in 3000 cycles\n",
              static_cast<unsigned long long>(rt.play->stat_underruns_o));
}

TEST(Audio, PlayoutCountsLateCells) {
  // Allowance 100 cycles, network delay up to 150 (in order, so delays add up behind
  // a slow cell): most cells come after their time, some in time. The first cell,
  // which fixes the schedule, comes without delay (a first cell delayed long enough
  // would move the schedule so late that no cell after it need be late).
  RoundTrip rt(100);
  while (rt.play->stat_cells_o == 0) rt.Run(1);
  rt.jitter = 150;
  rt.Run(kClkHz / 20);
  const uint64_t late = rt.play->stat_late_o;
  std::printf("[audio] playout with too little allowance: %llu cells, %llu late, %llu underruns\n",
              static_cast<unsigned long long>(rt.play->stat_cells_o),
              static_cast<unsigned long long>(late),
              static_cast<unsigned long long>(rt.play->stat_underruns_o));
  EXPECT_GT(late, 0u);
  EXPECT_GT(rt.play->stat_cells_o, 1u);
  EXPECT_GT(rt.play->stat_underruns_o, 0u);
  // What plays is either the right sample or silence.
  for (size_t n = 0; n < rt.played.size(); ++n) {
    if (rt.played[n] == StereoSample{}) continue;
    ASSERT_EQ(rt.played[n], ToneSample(n, kTone, kRate)) << "played sample " << n;
  }
}

}  // namespace
}  // namespace pegasus::media
