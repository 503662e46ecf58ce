// The audio node in the desk-area network simulator: audio0's samples go through
// sw0 to audio1's playout over links with delay, and every played sample frame is
// checked against what was sent, aligned by time. audio_playout plays a cell's
// first sample at its timestamp + the latency allowance and a sample period after
// that, so the frame on m_smp_* in cycle t is the one captured about t - latency
// cycles earlier; which sample that is follows from the cycle the source started.
// Lost cells must show up as whole cells of silence, each counted as underruns,
// never as wrong samples.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <vector>

#include "host/media/audio.h"
#include "sim_cpp/net/network.h"
#include "sim_cpp/net/topology.h"
#include "tests/net/audio_check.h"

namespace pegasus::net {
namespace {

using media::StereoSample;

// audio0 (sw0.3) and audio1 (sw0.0) on one switch, each sending to the other.
struct AudioPair {
  explicit AudioPair(const NetworkConfig& nc, const AudioNodeConfig& c0, const AudioNodeConfig& c1,
                     const LinkParams& link)
      : net(nc) {
    SwitchNode& sw = net.AddSwitch("sw0", 4);
    a0 = &net.AddAudio("audio0", c0);
    a1 = &net.AddAudio("audio1", c1);
    LinkParams l = link;
    net.Connect(*a0, Port(sw, 3), l);
    l.seed = link.seed + 1;
    l.delay = link.delay + 37;  // the two paths differ
    net.Connect(*a1, Port(sw, 0), l);
    EXPECT_TRUE(net.RouteAudio(*a0, *a1).ok());
    EXPECT_TRUE(net.RouteAudio(*a1, *a0).ok());
    EXPECT_TRUE(net.Settle().ok());
  }
  Network net;
  AudioNode* a0 = nullptr;
  AudioNode* a1 = nullptr;
};

TEST(NetAudio, ToneAndSamplesPlaySampleExactThenUnderrun) {
  AudioNodeConfig c0;  // the tone, on VCI 48
  AudioNodeConfig c1;
  c1.source = AudioNodeConfig::Source::kSamples;
  c1.vci = 50;
  c1.rx_vci = 48;
  c0.rx_vci = 50;
  c1.wav_path = ::testing::TempDir() + "audio1_played.wav";
  const uint32_t seed = 20261126;
  std::printf("[audio] random samples, seed %u\n", seed);
  std::mt19937 rng(seed);
  for (int i = 0; i < 8 * 30; ++i) {
    c1.samples.push_back(StereoSample{static_cast<int16_t>(rng()), static_cast<int16_t>(rng())});
  }
  LinkParams link;
  link.delay = 200;
  AudioPair p({}, c0, c1, link);
  p.a0->Start();
  p.a1->Start();
  const uint64_t start0 = p.net.cycle(), start1 = p.net.cycle();
  // 30 cells each way, then the latency allowance and a little more to play them.
  p.net.Run(30 * kCellCycles + c0.latency + 4 * kCellCycles / 8);
  EXPECT_EQ(p.a0->start_cycle(), start0);

  const AudioStats s1 = p.a1->stats();
  const PlayCheck tone = CheckPlayed(*p.a1, start0, Tone);
  EXPECT_GT(tone.frames, 8u * 25);
  EXPECT_EQ(tone.first, 0) << "the first cell plays first";
  EXPECT_EQ(tone.gap_frames, 0u);
  EXPECT_EQ(s1.underruns, 0u);
  EXPECT_EQ(s1.late, 0u);
  EXPECT_EQ(s1.early, 0u);
  EXPECT_EQ(s1.bad, 0u);
  EXPECT_EQ(p.a0->stats().sender_drops, 0u);
  EXPECT_EQ(s1.played, tone.frames);

  const PlayCheck given = CheckPlayed(*p.a0, start1, [&](int64_t n) {
    return static_cast<size_t>(n) < c1.samples.size() ? c1.samples[static_cast<size_t>(n)]
                                                      : StereoSample{};
  });
  EXPECT_EQ(given.first, 0);
  EXPECT_EQ(given.gap_frames, 0u);
  // Frames after the last given sample are underruns (the samples ran out).
  const int64_t given_n = static_cast<int64_t>(c1.samples.size());
  EXPECT_EQ(p.a0->stats().underruns,
            static_cast<uint64_t>(std::max<int64_t>(0, given.last + 1 - given_n)));
  EXPECT_EQ(p.a1->samples_sent(), c1.samples.size()) << "all given samples were sent";
  std::printf("[audio] audio1 played %llu tone frames, audio0 %llu given frames\n",
              static_cast<unsigned long long>(tone.frames),
              static_cast<unsigned long long>(given.frames));

  // The tone stops: every frame after its last cell is silence and counts as an
  // underrun; the given samples ran out: the same at audio0.
  p.a0->Stop();
  p.net.Run(4 * kCellCycles);
  const AudioStats after = p.a1->stats();
  const uint64_t sent = p.a0->stats().cells_sent;
  EXPECT_EQ(after.cells, sent);
  int64_t silent_after = 0;
  for (size_t k = 0; k < p.a1->played().size(); ++k) {
    const int64_t n = SampleAt(p.a1->played_cycles()[k], start0, c0.latency);
    if (n >= static_cast<int64_t>(8 * sent)) {
      EXPECT_EQ(p.a1->played()[k], StereoSample{});
      ++silent_after;
    } else {
      EXPECT_EQ(p.a1->played()[k], Tone(n));
    }
  }
  EXPECT_GT(silent_after, 8 * 3);
  EXPECT_EQ(after.underruns, static_cast<uint64_t>(silent_after));
  EXPECT_EQ(p.a0->stats().cells, c1.samples.size() / 8);
  EXPECT_GT(p.a0->stats().underruns, 8u * 3);
  // The WAV file holds exactly the frames audio1 played.
  ASSERT_TRUE(p.net.Finish().ok());
  std::FILE* f = std::fopen(c1.wav_path.c_str(), "rb");
  ASSERT_NE(f, nullptr);
  std::vector<uint8_t> wav(1 << 16);
  wav.resize(std::fread(wav.data(), 1, wav.size(), f));
  std::fclose(f);
  EXPECT_EQ(wav, media::EncodeWav(p.a1->played(), AudioNode::kSampleHz));
}

TEST(NetAudio, BitErrorsShowAsCountedGapsNeverWrongSamples) {
  AudioNodeConfig c;
  AudioNodeConfig quiet;  // audio1 sends nothing
  LinkParams link;
  link.delay = 100;
  link.ber = 1e-4;
  link.seed = 7;
  AudioPair p({}, c, quiet, link);
  p.a0->Start();
  const uint64_t start = p.net.cycle();
  constexpr uint64_t kCells = 60;
  p.net.Run(kCells * kCellCycles + kCellCycles / 2);
  p.a0->Stop();
  p.net.Run(c.latency + 2 * kCellCycles);

  const AudioStats s = p.a1->stats();
  const PlayCheck r = CheckPlayed(*p.a1, start, Tone);
  ASSERT_GE(r.first, 0);
  // Cells sent before the first that arrived were lost too; the playout starts at
  // the first good cell.
  const uint64_t sent = p.a0->stats().cells_sent;
  const uint64_t lost = sent - s.cells;
  const int64_t sent_cells = static_cast<int64_t>(sent);
  uint64_t gap_cells = 0;
  for (int64_t cell : r.gap_cells) gap_cells += cell < sent_cells;
  std::printf(
      "[audio] BER %g: %llu cells sent, %llu arrived, %llu cells of silence, %llu "
      "underruns; reassembler CRC drops %llu\n",
      link.ber, static_cast<unsigned long long>(sent), static_cast<unsigned long long>(s.cells),
      static_cast<unsigned long long>(gap_cells), static_cast<unsigned long long>(s.underruns),
      static_cast<unsigned long long>(s.reasm.drop_crc));
  EXPECT_GT(lost, 0u) << "the BER should have cost cells; choose another seed";
  EXPECT_EQ(s.late, 0u);
  EXPECT_EQ(s.early, 0u);
  EXPECT_EQ(s.bad, 0u);
  // Every lost cell after the first that arrived is a gap of silence in the played
  // samples and 8 counted underruns; every frame after the last cell is an underrun.
  const uint64_t lost_before = static_cast<uint64_t>(r.first / 8);
  const uint64_t played_after =
      static_cast<uint64_t>(std::max<int64_t>(0, r.last - (8 * sent_cells - 1)));
  EXPECT_EQ(gap_cells, lost - lost_before);
  EXPECT_EQ(s.underruns, 8 * (lost - lost_before) + played_after);
  // What the links lost: headers the HEC could not correct (the cell is gone) and
  // payloads AAL5's CRC caught (the PDU is dropped), never more than the cells lost.
  EXPECT_GT(s.reasm.drop_crc, 0u);
  EXPECT_LE(s.reasm.drop_crc, lost);
}

TEST(NetAudio, SystemCAndPlainRunnerAgree) {
  std::vector<StereoSample> played[2];
  std::vector<uint64_t> cycles[2];
  AudioStats stats[2];
  for (int systemc = 0; systemc < 2; ++systemc) {
    LinkParams link;
    link.delay = 64;
    link.ber = 1e-4;
    link.seed = 3;
    AudioPair p({.systemc = systemc == 1}, {}, {}, link);
    p.a0->Start();
    p.net.Run(16 * kCellCycles);
    played[systemc] = p.a1->played();
    cycles[systemc] = p.a1->played_cycles();
    stats[systemc] = p.a1->stats();
  }
  EXPECT_GT(played[0].size(), 8u * 4);
  EXPECT_EQ(played[0], played[1]);
  EXPECT_EQ(cycles[0], cycles[1]);
  EXPECT_EQ(stats[0].cells, stats[1].cells);
  EXPECT_EQ(stats[0].underruns, stats[1].underruns);
  EXPECT_EQ(stats[0].reasm, stats[1].reasm);
}

TEST(NetAudio, AudioBesideCameraVideoIsUnaffected) {
  VideoTopology t;
  t.link.delay = 64;
  t.link.bytes_per_cycle = 4;
  t.audio = true;
  Network net;
  VideoPath v = BuildVideoTopology(net, t);
  const uint64_t start = net.cycle();
  ASSERT_TRUE(net.RunUntil([&] { return v.display->frames_drawn() >= 2; }, 400'000));
  net.Run(kCellCycles);
  v.audio_tx->Stop();
  ASSERT_TRUE(net.ReadCounters().ok());
  const AudioStats s = v.audio_rx->stats();
  const PlayCheck r = CheckPlayed(*v.audio_rx, start, Tone);
  std::printf(
      "[audio] beside video: %llu camera frames drawn, %llu audio frames played, "
      "%llu underruns\n",
      static_cast<unsigned long long>(v.display->frames_drawn()),
      static_cast<unsigned long long>(r.frames), static_cast<unsigned long long>(s.underruns));
  EXPECT_GT(r.frames, 8u * 10);
  EXPECT_EQ(r.first, 0);
  EXPECT_EQ(r.gap_frames, 0u);
  EXPECT_EQ(s.underruns, 0u);
  EXPECT_EQ(s.late, 0u);
  EXPECT_EQ(s.early, 0u);
  EXPECT_EQ(v.audio_tx->stats().sender_drops, 0u);
  EXPECT_EQ(v.camera->band_drops(), 0u);
  for (SwitchNode* sw : v.switches) {
    for (const SwitchPortCounters& c : sw->manager().counters()) EXPECT_EQ(c.drops(), 0u);
  }
}

TEST(NetAudio, BadAudioDescriptionsAreRejected) {
  Network slow({.clock_hz = 25'000'000});
  EXPECT_THROW(slow.AddAudio("audio0"), TopologyError);
  Network net;
  AudioNodeConfig empty;
  empty.source = AudioNodeConfig::Source::kSamples;
  EXPECT_THROW(net.AddAudio("audio0", empty), TopologyError);
  net.AddAudio("audio0");
  EXPECT_THROW(net.AddAudio("audio0"), TopologyError);
}

}  // namespace
}  // namespace pegasus::net
