// AudioNode: the Pegasus audio node (rtl/audio) as a network node with one link
// port (0), both directions of the device on it.
//
// Capture: audio_top sends 48 kHz stereo samples, 8 frames a single-cell AAL5
// PDU with a timestamp (doc/wire_formats.md, "Audio cell"), on a configured VC.
// The samples are its own test tone (audio_tone; C++ reference
// media::ToneSample) or, through cfg_ext_smp_i / s_smp_*, samples given in C++,
// one every sample period by the same fractional divider as the tone's (the
// source then stops when they run out). The node's time base (timestamp_i) is
// the network's cycle count.
//
// Playout: the cells the link receives go into atm_aal5_reasm (one VC opened at
// reset) and its PDUs into audio_playout, which plays sample frames at the
// first cell's timestamp + a latency allowance (time_i is the same cycle count)
// and one a sample period after that. Every played frame is kept with its cycle
// (and can be written as a WAV file with host/media/audio.h's writer); the
// playout's counters (cells, underruns, late, early, bad) are read from its
// ports.
//
// The models' clock is the network's design clock; ClkHz of both audio models
// is fixed per build (kClockHz), so a network at another clock is refused.
#ifndef PEGASUS_SIM_CPP_NET_AUDIO_NODE_H_
#define PEGASUS_SIM_CPP_NET_AUDIO_NODE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/atm/aal5.h"
#include "host/common/status.h"
#include "host/media/audio.h"
#include "sim_cpp/net/node.h"

namespace pegasus::net {

struct AudioNodeConfig {
  enum class Source {
    kTone,     // audio_top's test tone
    kSamples,  // `samples`, in order, through s_smp_*
  };
  Source source = Source::kTone;
  std::vector<media::StereoSample> samples;
  // The data VC the node sends on.
  uint8_t vpi = 0;
  uint16_t vci = 48;
  // The VC (VPI 0) opened in the reassembler at reset: the audio its playout
  // plays.
  uint16_t rx_vci = 48;
  // Playout latency allowance in cycles, from a cell's timestamp (its first
  // sample's capture) to that sample playing. A cell leaves 7 sample periods
  // after its first sample (about 7,300 cycles at 50 MHz), so the allowance
  // must cover that plus the network's transport and jitter.
  uint32_t latency = 10'000;
  // Keep every played sample frame and its cycle (played(), played_cycles()).
  bool keep_played = true;
  // When not empty: Finish() writes the played frames here as a WAV file.
  std::string wav_path;
};

// The node's counters: audio_top's, audio_playout's and the reassembler's.
struct AudioStats {
  uint64_t cells_sent = 0;    // audio_top: cells made
  uint64_t sender_drops = 0;  // audio_top: cells dropped at the sender (link busy)
  uint64_t cells = 0;         // audio_playout: good cells taken into the buffer
  uint64_t underruns = 0;     // frames played as silence (their cell was missing)
  uint64_t late = 0;          // cells whose first sample was already due (dropped)
  uint64_t early = 0;         // cells beyond the jitter buffer (dropped)
  uint64_t bad = 0;           // PDUs that were not 40 bytes
  uint64_t played = 0;        // frames played (strobes on m_smp_*)
  atm::Aal5Counters reasm;
};

class AudioNode : public Node {
 public:
  // The build's audio models (sim_cpp/net/CMakeLists.txt).
  static constexpr uint32_t kClockHz = 50'000'000;
  static constexpr uint32_t kSampleHz = 48'000;
  static constexpr uint32_t kToneHz = 1'000;
  static constexpr int kBufferFrames = 1024;

  // Refuses a network clock other than kClockHz and a config that cannot work
  // (a sample source with no samples).
  static Result<std::unique_ptr<AudioNode>> Create(const std::string& name,
                                                   const AudioNodeConfig& config, uint64_t clock_hz,
                                                   VerilatedContext* context);
  ~AudioNode() override;

  // The capture side starts stopped: Start() enables it (the tone's sample 0 or
  // the first given sample is the next one taken), Stop() disables it (a cell
  // under way is not completed).
  void Start();
  void Stop();
  bool sending() const { return enabled_; }
  // Cycle of the Start() that began the capture (its first Run cycle).
  uint64_t start_cycle() const { return start_cycle_; }

  void Run(uint64_t start, uint64_t n) override;
  void TraceModels(VerilatedFstC& fst) override;
  bool Busy() const override;
  std::string Stats() const override;

  const AudioNodeConfig& config() const { return config_; }
  AudioStats stats() const;
  bool playing() const;
  // Played sample frames and the cycle each was on m_smp_* (keep_played).
  const std::vector<media::StereoSample>& played() const { return played_; }
  const std::vector<uint64_t>& played_cycles() const { return played_cycles_; }
  // Given samples taken by audio_top so far (Source::kSamples).
  size_t samples_sent() const { return next_sample_; }

  // Writes the WAV file when one was asked for.
  Status Finish();

 private:
  struct Impl;
  AudioNode(const std::string& name, const AudioNodeConfig& config, VerilatedContext* context);

  AudioNodeConfig config_;
  std::unique_ptr<Impl> impl_;
  bool enabled_ = false;
  bool start_pending_ = false;
  uint64_t start_cycle_ = 0;
  // Given samples: the next one and the sample-period divider.
  size_t next_sample_ = 0;
  uint64_t sample_acc_ = 0;
  uint64_t played_count_ = 0;
  std::vector<media::StereoSample> played_;
  std::vector<uint64_t> played_cycles_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_AUDIO_NODE_H_
