// What an audio node played, checked against what its source sent, aligned by time
// (tests/net: audio_net_test, pegasusd_net_test). audio_playout plays a cell's first
// sample at its timestamp + the latency allowance and a sample period after that, so
// the frame on m_smp_* in cycle t is the one captured about t - latency cycles
// earlier; which sample that is follows from the cycle the source started.
#ifndef PEGASUS_TESTS_NET_AUDIO_CHECK_H_
#define PEGASUS_TESTS_NET_AUDIO_CHECK_H_

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "host/media/audio.h"
#include "sim_cpp/net/audio_node.h"

namespace pegasus::net {

using media::StereoSample;

inline constexpr double kPeriod = static_cast<double>(AudioNode::kClockHz) / AudioNode::kSampleHz;
inline constexpr uint64_t kCellCycles = 8 * AudioNode::kClockHz / AudioNode::kSampleHz;

// The source's sample number of the frame played in cycle t. The source takes its
// first sample one sample period after it starts (the divider's first period) and
// stamps the cell with that cycle; the playout starts a sample period after
// timestamp + latency and then plays a frame a period (a few cycles of register
// stages each way, far inside half a period).
inline int64_t SampleAt(uint64_t t, uint64_t start, uint32_t latency) {
  const double periods = static_cast<double>(t - start - latency) / kPeriod;
  return std::llround(periods) - 2;
}

// What the playout of `rx` played, against `expected(n)`: every frame is the source's
// sample for its time or, for a cell that never arrived, silence for all 8 of that
// cell's frames. Returns the frames played as silence where the source's sample was
// not, and the cells (sample number / 8) they belong to.
struct PlayCheck {
  uint64_t frames = 0;
  uint64_t gap_frames = 0;
  std::set<int64_t> gap_cells;
  int64_t first = -1, last = -1;
};

template <typename Expected>
inline PlayCheck CheckPlayed(const AudioNode& rx, uint64_t start, Expected expected) {
  PlayCheck r;
  const auto& s = rx.played();
  const auto& t = rx.played_cycles();
  const uint32_t latency = rx.config().latency;
  std::vector<int64_t> index(s.size());
  for (size_t k = 0; k < s.size(); ++k) index[k] = SampleAt(t[k], start, latency);
  for (size_t k = 0; k < s.size(); ++k) {
    const int64_t n = index[k];
    if (k > 0) {
      EXPECT_EQ(n, index[k - 1] + 1) << "frame " << k << " is not one period on";
    }
    if (n < 0) {
      ADD_FAILURE() << "frame " << k << " played before its source started";
      continue;
    }
    if (s[k] == expected(n)) continue;
    // Not the right sample: it must be silence, and so must the rest of its cell.
    EXPECT_EQ(s[k], StereoSample{}) << "frame " << k << " (sample " << n << ") is wrong";
    const int64_t cell = n / 8;
    for (size_t j = 0; j < s.size(); ++j) {
      if (index[j] / 8 == cell) {
        EXPECT_EQ(s[j], StereoSample{}) << "sample " << index[j] << " of a lost cell";
      }
    }
    ++r.gap_frames;
    r.gap_cells.insert(cell);
  }
  r.frames = s.size();
  if (!s.empty()) {
    r.first = index.front();
    r.last = index.back();
  }
  return r;
}

inline StereoSample Tone(int64_t n) {
  return media::ToneSample(static_cast<uint64_t>(n), AudioNode::kToneHz, AudioNode::kSampleHz);
}

}  // namespace pegasus::net

#endif  // PEGASUS_TESTS_NET_AUDIO_CHECK_H_
