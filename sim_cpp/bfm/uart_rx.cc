#include "sim_cpp/bfm/uart_rx.h"

#include <utility>

namespace pegasus::sim {

void UartRx::Sample(bool line) {
  const uint64_t now = cycle_++;
  if (!busy_) {
    if (last_line_ && !line) {  // falling edge: a start bit begins
      busy_ = true;
      start_cycle_ = now;
      bit_ = 0;
      shift_ = 0;
    }
    last_line_ = line;
    return;
  }
  last_line_ = line;
  // Centre of bit `bit_`, counted from the start edge.
  const double centre = (bit_ + 0.5) * cycles_per_bit_;
  if (static_cast<double>(now - start_cycle_) < centre) return;
  if (bit_ == 0) {
    if (line) {  // glitch, not a start bit
      ++framing_errors_;
      busy_ = false;
      return;
    }
  } else if (bit_ <= 8) {
    shift_ = static_cast<uint8_t>((shift_ >> 1) | (line ? 0x80 : 0));
  } else {
    if (line) {
      bytes_.push_back(shift_);
    } else {
      ++framing_errors_;
    }
    busy_ = false;
    return;
  }
  ++bit_;
}

std::vector<uint8_t> UartRx::TakeBytes() { return std::exchange(bytes_, {}); }

}  // namespace pegasus::sim
