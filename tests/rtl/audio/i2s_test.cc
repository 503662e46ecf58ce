// The audio node's I2S ends against the I2S bus-functional models (sim_cpp/bfm/i2s.h),
// which are written from the format and not from the RTL:
//   - audio_i2s_tx sends every sample exactly, its bit clock makes 2 x SlotBits rising
//     edges a sample period on average (a fractional divider), every slot is SlotBits
//     bit clocks long; a frame with no new sample repeats the last one and counts it,
//     a sample replaced before it was sent counts as an overwrite;
//   - audio_i2s_rx takes frames from an external master with its own bit clock
//     (16- and 32-bit slots), drops a word cut short by an early ws change and counts
//     it, and carries on with the next frame;
//   - tx into rx: the samples that go in come out, in order.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include I2S_RX_HEADER
#include "sim_cpp/bfm/i2s.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::sim {
namespace {

using Tx = PEGASUS_RTL_MODEL;
using Rx = I2S_RX_MODEL;
constexpr uint64_t kClkHz = PEGASUS_PARAM_ClkHz;
constexpr uint64_t kRate = PEGASUS_PARAM_SampleHz;
constexpr int kSlot = PEGASUS_PARAM_SlotBits;

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

uint32_t Pack(I2sFrame f) { return static_cast<uint32_t>(f.left) << 16 | f.right; }
I2sFrame Unpack(uint32_t w) {
  return {static_cast<uint16_t>(w >> 16), static_cast<uint16_t>(w & 0xFFFF)};
}

// The transmitter with a sample strobe at the exact average sample rate.
struct TxBench {
  Harness<Tx> sim{TestName()};
  I2sDecoder decoder{kSlot};
  uint64_t acc = 0;

  TxBench() {
    sim->enable_i = 1;
    sim->s_smp_tvalid_i = 0;
    sim.Reset();
  }
  // One cycle; `sample` is strobed in when given.
  void Step(const I2sFrame* sample) {
    sim->s_smp_tvalid_i = sample != nullptr;
    if (sample) sim->s_smp_tdata_i = Pack(*sample);
    sim.Tick();
    decoder.Observe(sim->i2s_bclk_o, sim->i2s_ws_o, sim->i2s_sd_o);
  }
  // True on the cycles a sample is due (SampleHz of ClkHz, exact on average).
  bool SampleDue() {
    acc += kRate;
    if (acc < kClkHz) return false;
    acc -= kClkHz;
    return true;
  }
};

std::vector<I2sFrame> RandomFrames(Harness<Tx>& sim, int n) {
  std::vector<I2sFrame> v;
  for (int i = 0; i < n; ++i) {
    v.push_back({static_cast<uint16_t>(sim.Random(0, 0xFFFF)),
                 static_cast<uint16_t>(sim.Random(0, 0xFFFF))});
  }
  return v;
}

// Where `sent` appears in order in `got`: the index of sent[0], or -1.
int FindRun(const std::vector<I2sFrame>& got, const std::vector<I2sFrame>& sent) {
  for (size_t start = 0; start + sent.size() <= got.size(); ++start) {
    bool match = true;
    for (size_t i = 0; i < sent.size() && match; ++i) match = got[start + i] == sent[i];
    if (match) return static_cast<int>(start);
  }
  return -1;
}

TEST(I2sTx, SendsEverySampleInI2sFormatAtTheSampleRate) {
  TxBench b;
  const auto samples = RandomFrames(b.sim, 300);
  size_t next = 0;
  while (next < samples.size()) {
    const bool due = b.SampleDue();
    b.Step(due ? &samples[next] : nullptr);
    if (due) ++next;
  }
  for (int i = 0; i < static_cast<int>(3 * kClkHz / kRate); ++i) b.Step(nullptr);
  const auto& got = b.decoder.frames();
  const int start = FindRun(got, samples);
  ASSERT_GE(start, 0) << "the samples did not come out in order (" << got.size() << " frames)";
  EXPECT_EQ(b.decoder.bad_slots(), 0u);
  EXPECT_EQ(b.sim->stat_overwrites_o, 0u);
  // Frames before the first sample repeat the reset value and are counted; none after.
  EXPECT_EQ(b.sim->stat_repeats_o, static_cast<uint32_t>(b.sim->stat_frames_o - samples.size()));
  // The bit clock: 2 x SlotBits rising edges a sample period, each gap the floor or the
  // ceiling of the exact period.
  const double exact = static_cast<double>(kClkHz) / (kRate * 2 * kSlot);
  const auto& gaps = b.decoder.rise_gaps();
  ASSERT_GT(gaps.size(), 1000u);
  uint64_t sum = 0;
  for (uint64_t g : gaps) {
    ASSERT_GE(g, static_cast<uint64_t>(exact) - 1) << "bit clock period too short";
    ASSERT_LE(g, static_cast<uint64_t>(exact) + 2) << "bit clock period too long";
    sum += g;
  }
  EXPECT_NEAR(static_cast<double>(sum) / gaps.size(), exact, 0.01 * exact);
  std::printf("i2s tx: %zu frames, bit clock %.3f cycles (exact %.3f), repeats %u\n",
              got.size(), static_cast<double>(sum) / gaps.size(), exact,
              static_cast<unsigned>(b.sim->stat_repeats_o));
}

TEST(I2sTx, CountsRepeatsAndOverwrites) {
  TxBench b;
  const auto samples = RandomFrames(b.sim, 4);
  const uint64_t period = kClkHz / kRate;
  // Two samples in the same frame period: the first is overwritten.
  b.Step(&samples[0]);
  b.Step(&samples[1]);
  for (uint64_t i = 0; i < 2 * period; ++i) b.Step(nullptr);
  EXPECT_EQ(b.sim->stat_overwrites_o, 1u);
  // Then nothing for ten frames: each frame repeats samples[1].
  const uint32_t frames0 = b.sim->stat_frames_o, repeats0 = b.sim->stat_repeats_o;
  for (uint64_t i = 0; i < 10 * period; ++i) b.Step(nullptr);
  const uint32_t frames = b.sim->stat_frames_o - frames0;
  EXPECT_GE(frames, 9u);
  EXPECT_EQ(b.sim->stat_repeats_o - repeats0, frames);
  const auto& got = b.decoder.frames();
  ASSERT_GE(got.size(), 5u);
  EXPECT_EQ(got.back(), samples[1]);
  EXPECT_EQ(FindRun(got, {samples[0]}), -1) << "an overwritten sample was sent";
}

struct RxBench {
  Harness<Rx> sim{TestName()};
  std::vector<I2sFrame> got;

  RxBench() { sim.Reset(); }
  void Step(bool bclk, bool ws, bool sd) {
    sim->i2s_bclk_i = bclk;
    sim->i2s_ws_i = ws;
    sim->i2s_sd_i = sd;
    sim.Tick();
    if (sim->m_smp_tvalid_o) got.push_back(Unpack(sim->m_smp_tdata_o));
  }
};

void RunEncoder(RxBench& b, I2sEncoder& enc, uint64_t cycles) {
  bool bclk, ws, sd;
  for (uint64_t i = 0; i < cycles; ++i) {
    enc.Drive(bclk, ws, sd);
    b.Step(bclk, ws, sd);
  }
}

void RxTakesFramesFromAnExternalMaster(int slot_bits, int half_period) {
  RxBench b;
  I2sEncoder enc(slot_bits, half_period);
  std::vector<I2sFrame> sent;
  for (int i = 0; i < 200; ++i) {
    sent.push_back({static_cast<uint16_t>(b.sim.Random(0, 0xFFFF)),
                    static_cast<uint16_t>(b.sim.Random(0, 0xFFFF))});
    enc.Push(sent.back());
  }
  const uint64_t frame_cycles = 2ull * slot_bits * 2 * half_period;
  RunEncoder(b, enc, (sent.size() + 3) * frame_cycles);
  EXPECT_EQ(FindRun(b.got, sent), 0) << "got " << b.got.size() << " frames";
  EXPECT_EQ(b.sim->stat_short_o, 0u);

  // A left word cut short is dropped and counted; the frames after it are exact.
  enc.CutNextSlot();
  std::vector<I2sFrame> after;
  for (int i = 0; i < 20; ++i) {
    after.push_back({static_cast<uint16_t>(b.sim.Random(0, 0xFFFF)),
                     static_cast<uint16_t>(b.sim.Random(0, 0xFFFF))});
    enc.Push(after.back());
  }
  const size_t before = b.got.size();
  RunEncoder(b, enc, 24 * frame_cycles);
  EXPECT_EQ(b.sim->stat_short_o, 1u);
  const std::vector<I2sFrame> tail(b.got.begin() + static_cast<long>(before), b.got.end());
  const std::vector<I2sFrame> last(after.begin() + 2, after.end());
  EXPECT_GE(FindRun(tail, last), 0) << "frames after a short word are not exact";
}

TEST(I2sRx, TakesFramesFromAnExternalMaster32BitSlots) { RxTakesFramesFromAnExternalMaster(32, 3); }
TEST(I2sRx, TakesFramesFromAnExternalMaster16BitSlots) { RxTakesFramesFromAnExternalMaster(16, 2); }

TEST(I2sLoop, TxIntoRxCarriesEverySample) {
  TxBench tx;
  Harness<Rx> rx{TestName() + ".rx"};
  rx.Reset();
  const auto samples = RandomFrames(tx.sim, 200);
  std::vector<I2sFrame> got;
  size_t next = 0;
  for (uint64_t c = 0; next < samples.size() || c < 3 * kClkHz / kRate; ++c) {
    const bool due = next < samples.size() && tx.SampleDue();
    tx.Step(due ? &samples[next] : nullptr);
    if (due) {
      ++next;
      c = 0;
    }
    rx->i2s_bclk_i = tx.sim->i2s_bclk_o;
    rx->i2s_ws_i = tx.sim->i2s_ws_o;
    rx->i2s_sd_i = tx.sim->i2s_sd_o;
    rx.Tick();
    if (rx->m_smp_tvalid_o) got.push_back(Unpack(rx->m_smp_tdata_o));
  }
  EXPECT_GE(FindRun(got, samples), 0) << "got " << got.size() << " frames";
  EXPECT_EQ(rx->stat_short_o, 0u);
}

}  // namespace
}  // namespace pegasus::sim
