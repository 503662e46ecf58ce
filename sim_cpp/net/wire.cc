#include "sim_cpp/net/wire.h"

namespace pegasus::net {

Wire::Wire(std::string name, double ber, uint64_t seed)
    : name_(std::move(name)), ber_(ber), rng_(seed) {
  DrawGap();
}

void Wire::DrawGap() {
  if (ber_ <= 0) {
    bits_to_error_ = UINT64_MAX;
    return;
  }
  bits_to_error_ = std::geometric_distribution<uint64_t>(ber_)(rng_);
}

void Wire::Send(std::span<const uint8_t> bytes) {
  const size_t base = pending_.size();
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  counters_.bytes += bytes.size();
  if (ber_ <= 0) return;
  // Walk from error to error: bit k of the new bytes (most significant bit
  // first).
  uint64_t bit = 0;
  const uint64_t total = uint64_t{bytes.size()} * 8;
  while (bits_to_error_ < total - bit) {
    bit += bits_to_error_;
    pending_[base + bit / 8] ^= static_cast<uint8_t>(0x80u >> (bit % 8));
    ++counters_.bit_flips;
    ++bit;
    DrawGap();
  }
  bits_to_error_ -= total - bit;
}

void Wire::Take(std::vector<uint8_t>* out) {
  out->insert(out->end(), committed_.begin(), committed_.end());
  committed_.clear();
}

void Wire::Commit() {
  if (committed_.empty()) {
    committed_.swap(pending_);
  } else {
    committed_.insert(committed_.end(), pending_.begin(), pending_.end());
    pending_.clear();
  }
}

}  // namespace pegasus::net
