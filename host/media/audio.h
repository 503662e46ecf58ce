// Audio cells (doc/wire_formats.md, "Audio cell"): 8 stereo 16-bit sample frames and a
// timestamp in a single-cell AAL5 PDU of 40 bytes. The codec, a decoder that rebuilds
// the sample stream (filling lost cells with silence and counting them), the RTL test
// tone's reference (rtl/audio/audio_tone.v), a WAV writer and a frequency estimate.
#ifndef PEGASUS_HOST_MEDIA_AUDIO_H_
#define PEGASUS_HOST_MEDIA_AUDIO_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "host/common/status.h"

namespace pegasus::media {

inline constexpr size_t kAudioPduBytes = 40;
inline constexpr int kAudioFramesPerCell = 8;

// One stereo sample frame.
struct StereoSample {
  int16_t left = 0;
  int16_t right = 0;
  bool operator==(const StereoSample&) const = default;
};

struct AudioCell {
  uint32_t timestamp = 0;  // time base when the first sample was taken
  uint16_t seq = 0;        // cell number, wrapping; a gap means cells were lost
  uint16_t count = kAudioFramesPerCell;
  std::array<StereoSample, kAudioFramesPerCell> samples{};
  bool operator==(const AudioCell&) const = default;
};

Result<AudioCell> ParseAudioPdu(std::span<const uint8_t> pdu);
std::vector<uint8_t> EncodeAudioPdu(const AudioCell& cell);

struct AudioDecoderCounters {
  uint64_t cells = 0;
  uint64_t bad = 0;    // wrong length or count
  uint64_t lost = 0;   // cells missing (sequence gaps), replaced by silence
};

// Rebuilds the sample stream from audio PDUs in order.
class AudioDecoder {
 public:
  Status PushPdu(std::span<const uint8_t> pdu);
  const std::vector<StereoSample>& samples() const { return samples_; }
  // Timestamp of each cell received, in order.
  const std::vector<uint32_t>& timestamps() const { return timestamps_; }
  const AudioDecoderCounters& counters() const { return counters_; }

 private:
  bool started_ = false;
  uint16_t next_seq_ = 0;
  std::vector<StereoSample> samples_;
  std::vector<uint32_t> timestamps_;
  AudioDecoderCounters counters_;
};

// The RTL test tone: sample n (from 0) at tone_hz (left) and 2 * tone_hz (right).
StereoSample ToneSample(uint64_t n, uint32_t tone_hz, uint32_t sample_hz);

// A 16-bit PCM WAV file (RIFF, format 1) of stereo samples.
std::vector<uint8_t> EncodeWav(std::span<const StereoSample> samples, uint32_t sample_hz);
Status WriteWav(const std::string& path, std::span<const StereoSample> samples,
                uint32_t sample_hz);

// Frequency of a periodic signal from its rising zero crossings (Hz).
double EstimateFrequency(std::span<const int16_t> channel, uint32_t sample_hz);

}  // namespace pegasus::media

#endif  // PEGASUS_HOST_MEDIA_AUDIO_H_
