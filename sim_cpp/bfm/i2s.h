// I2S bus-functional models: the two ends of an I2S line (Philips format: ws low for
// left, high for right; MSB first, one bit clock after each ws change; data and ws
// change on the falling bit-clock edge and are sampled on the rising one; each channel
// a slot of slot_bits bit clocks, 16 sample bits then zeros). Written from the format,
// independently of rtl/audio, so the RTL tests check audio_i2s_tx and audio_i2s_rx
// against them.
//
//   I2sDecoder: watches bclk/ws/sd once a cycle (Observe) and rebuilds the frames;
//               it also times the bit clock (rising edges, cycles between them).
//   I2sEncoder: drives the three lines as a bus master with a bit-clock half period of
//               a whole number of cycles (Drive once a cycle, before the edge).
#ifndef PEGASUS_SIM_CPP_BFM_I2S_H_
#define PEGASUS_SIM_CPP_BFM_I2S_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace pegasus::sim {

struct I2sFrame {
  uint16_t left = 0;
  uint16_t right = 0;
  bool operator==(const I2sFrame&) const = default;
};

class I2sDecoder {
 public:
  explicit I2sDecoder(int slot_bits) : slot_bits_(slot_bits) {}

  // The line levels seen at one clock cycle.
  void Observe(bool bclk, bool ws, bool sd) {
    ++cycle_;
    const bool rise = bclk && !bclk_;
    bclk_ = bclk;
    if (!rise) return;
    if (last_rise_) rise_gaps_.push_back(cycle_ - *last_rise_);
    last_rise_ = cycle_;
    ++rises_;
    // This edge's bit belongs to the word in flight.
    if (bits_ < 16) word_ = static_cast<uint16_t>(word_ << 1 | (sd ? 1 : 0));
    if (bits_ < 16 || bits_ < slot_bits_) ++bits_;
    if (started_ && ws != ws_) {
      // The slot of channel ws_ ended with this bit.
      if (bits_ != slot_bits_) ++bad_slots_;
      if (!ws_) {
        left_ = word_;
        have_left_ = true;
      } else if (have_left_) {
        frames_.push_back({left_, word_});
        have_left_ = false;
      }
    }
    if (ws != ws_ && !ws) started_ = true;  // frames begin at a change to left
    if (ws != ws_) {
      word_ = 0;
      bits_ = 0;
    }
    ws_ = ws;
  }

  const std::vector<I2sFrame>& frames() const { return frames_; }
  // Slots whose length was not slot_bits bit clocks (after the first change to left).
  uint64_t bad_slots() const { return bad_slots_; }
  uint64_t rising_edges() const { return rises_; }
  // Cycles between consecutive rising bit-clock edges.
  const std::vector<uint64_t>& rise_gaps() const { return rise_gaps_; }

 private:
  int slot_bits_;
  uint64_t cycle_ = 0;
  bool bclk_ = false;
  bool ws_ = true;
  bool started_ = false;
  uint16_t word_ = 0;
  int bits_ = 0;
  uint16_t left_ = 0;
  bool have_left_ = false;
  std::vector<I2sFrame> frames_;
  uint64_t bad_slots_ = 0;
  uint64_t rises_ = 0;
  std::optional<uint64_t> last_rise_;
  std::vector<uint64_t> rise_gaps_;
};

class I2sEncoder {
 public:
  I2sEncoder(int slot_bits, int half_period_cycles)
      : slot_bits_(slot_bits), half_(half_period_cycles), bit_(2 * slot_bits - 1) {}

  void Push(I2sFrame f) { queue_.push_back(f); }
  // No frame waits (the last one may still be on the line).
  bool idle() const { return queue_.empty(); }
  uint64_t frames_sent() const { return frames_sent_; }
  // Cut the slot in flight short: ws changes early at the next falling edge.
  void CutNextSlot() { cut_ = true; }

  // Advance one cycle; the levels to drive for the coming edge.
  void Drive(bool& bclk, bool& ws, bool& sd) {
    if (++phase_ >= half_) {
      phase_ = 0;
      bclk_ = !bclk_;
      if (!bclk_) FallingEdge();
    }
    bclk = bclk_;
    ws = ws_;
    sd = sd_;
  }

 private:
  void FallingEdge() {
    // Bit clock bit_ of the frame starts: ws and data change now.
    bit_ = (bit_ + 1) % (2 * slot_bits_);
    if (cut_ && bit_ % slot_bits_ > 4) {
      cut_ = false;
      bit_ = bit_ < slot_bits_ ? slot_bits_ : 0;  // jump to the next slot's start
    }
    if (bit_ == 0) {
      previous_ = current_;
      sending_ = !queue_.empty();
      if (sending_) {
        current_ = queue_.front();
        queue_.pop_front();
        ++frames_sent_;
      }
    }
    ws_ = bit_ >= slot_bits_;
    // The word starts one bit clock after its slot: bit clock 0 still carries the
    // previous frame's right slot.
    const int k = bit_ == 0 ? 2 * slot_bits_ - 1 : bit_ - 1;
    const I2sFrame& f = bit_ == 0 ? previous_ : current_;
    const int in_slot = k % slot_bits_;
    const uint16_t word = k < slot_bits_ ? f.left : f.right;
    sd_ = in_slot < 16 && ((word >> (15 - in_slot)) & 1);
  }

  int slot_bits_;
  int half_;
  int phase_ = 0;
  int bit_;  // bit clock of the frame; the first falling edge starts frame 0
  bool bclk_ = false;
  bool ws_ = true;
  bool sd_ = false;
  bool sending_ = false;
  bool cut_ = false;
  I2sFrame current_{}, previous_{};
  std::deque<I2sFrame> queue_;
  uint64_t frames_sent_ = 0;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_BFM_I2S_H_
