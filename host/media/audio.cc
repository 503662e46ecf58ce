#include "host/media/audio.h"

#include <fstream>

namespace pegasus::media {

namespace {
uint32_t Be(std::span<const uint8_t> b, size_t at, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | b[at + i];
  return v;
}
void PutBe(std::vector<uint8_t>* out, uint32_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void PutLe(std::vector<uint8_t>* out, uint32_t v, int n) {
  for (int i = 0; i < n; ++i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}
int16_t Tri(uint32_t phase) {
  const uint32_t top = phase >> 16;
  const uint32_t t = (top & 0x8000) ? (~top & 0x7FFF) : (top & 0x7FFF);
  return static_cast<int16_t>(static_cast<uint16_t>(t - 0x4000));
}
}  // namespace

Result<AudioCell> ParseAudioPdu(std::span<const uint8_t> pdu) {
  if (pdu.size() != kAudioPduBytes) {
    return Status::Corruption("audio PDU of " + std::to_string(pdu.size()) + " bytes, want 40");
  }
  AudioCell c;
  c.timestamp = Be(pdu, 0, 4);
  c.seq = static_cast<uint16_t>(Be(pdu, 4, 2));
  c.count = static_cast<uint16_t>(Be(pdu, 6, 2));
  if (c.count != kAudioFramesPerCell) return Status::Corruption("audio PDU count not 8");
  for (int i = 0; i < kAudioFramesPerCell; ++i) {
    c.samples[i].left = static_cast<int16_t>(Be(pdu, 8 + 4 * i, 2));
    c.samples[i].right = static_cast<int16_t>(Be(pdu, 10 + 4 * i, 2));
  }
  return c;
}

std::vector<uint8_t> EncodeAudioPdu(const AudioCell& c) {
  std::vector<uint8_t> out;
  PutBe(&out, c.timestamp, 4);
  PutBe(&out, c.seq, 2);
  PutBe(&out, c.count, 2);
  for (const auto& s : c.samples) {
    PutBe(&out, static_cast<uint16_t>(s.left), 2);
    PutBe(&out, static_cast<uint16_t>(s.right), 2);
  }
  return out;
}

Status AudioDecoder::PushPdu(std::span<const uint8_t> pdu) {
  auto c = ParseAudioPdu(pdu);
  if (!c.ok()) {
    ++counters_.bad;
    return c.status();
  }
  ++counters_.cells;
  if (started_ && c->seq != next_seq_) {
    const uint16_t gap = static_cast<uint16_t>(c->seq - next_seq_);
    counters_.lost += gap;
    samples_.insert(samples_.end(), static_cast<size_t>(gap) * kAudioFramesPerCell, StereoSample{});
  }
  started_ = true;
  next_seq_ = static_cast<uint16_t>(c->seq + 1);
  samples_.insert(samples_.end(), c->samples.begin(), c->samples.end());
  timestamps_.push_back(c->timestamp);
  return Status::Ok();
}

StereoSample ToneSample(uint64_t n, uint32_t tone_hz, uint32_t sample_hz) {
  const uint32_t inc = static_cast<uint32_t>((uint64_t{tone_hz} << 32) / sample_hz);
  const uint32_t phase = static_cast<uint32_t>(n * inc);
  return StereoSample{Tri(phase), Tri(phase << 1)};
}

std::vector<uint8_t> EncodeWav(std::span<const StereoSample> samples, uint32_t sample_hz) {
  const uint32_t data_bytes = static_cast<uint32_t>(samples.size() * 4);
  std::vector<uint8_t> out = {'R', 'I', 'F', 'F'};
  PutLe(&out, 36 + data_bytes, 4);
  for (char ch : std::string("WAVEfmt ")) out.push_back(static_cast<uint8_t>(ch));
  PutLe(&out, 16, 4);             // fmt chunk size
  PutLe(&out, 1, 2);              // PCM
  PutLe(&out, 2, 2);              // channels
  PutLe(&out, sample_hz, 4);
  PutLe(&out, sample_hz * 4, 4);  // byte rate
  PutLe(&out, 4, 2);              // block align
  PutLe(&out, 16, 2);             // bits a sample
  for (char ch : std::string("data")) out.push_back(static_cast<uint8_t>(ch));
  PutLe(&out, data_bytes, 4);
  for (const auto& s : samples) {
    PutLe(&out, static_cast<uint16_t>(s.left), 2);
    PutLe(&out, static_cast<uint16_t>(s.right), 2);
  }
  return out;
}

Status WriteWav(const std::string& path, std::span<const StereoSample> samples,
                uint32_t sample_hz) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::IoError("cannot create " + path);
  const auto bytes = EncodeWav(samples, sample_hz);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return out ? Status::Ok() : Status::IoError("write failed: " + path);
}

double EstimateFrequency(std::span<const int16_t> ch, uint32_t sample_hz) {
  // Linear interpolation of each rising crossing of zero; frequency from the first
  // to the last.
  double first = -1, last = -1;
  size_t crossings = 0;
  for (size_t i = 1; i < ch.size(); ++i) {
    if (ch[i - 1] < 0 && ch[i] >= 0) {
      const double t = static_cast<double>(i - 1) +
                       static_cast<double>(-ch[i - 1]) / static_cast<double>(ch[i] - ch[i - 1]);
      if (first < 0) first = t;
      last = t;
      ++crossings;
    }
  }
  if (crossings < 2) return 0;
  return static_cast<double>(crossings - 1) * sample_hz / (last - first);
}

}  // namespace pegasus::media
