#include "host/atm/link.h"

#include <array>
#include <utility>

#include "host/common/crc.h"

namespace pegasus::atm {
namespace {

// For each syndrome, the header mask of the single-bit error it marks: 0 for an error
// in the HEC byte, kNoCorrection for zero and for syndromes of multi-bit errors. The
// HEC is linear, so an error e in the header gives the syndrome Hec(e) ^ Hec(0).
constexpr uint32_t kNoCorrection = 0xFFFFFFFF;

std::array<uint32_t, 256> MakeCorrectionTable() {
  std::array<uint32_t, 256> table;
  table.fill(kNoCorrection);
  for (int bit = 0; bit < 8; ++bit) table[1u << bit] = 0;
  for (int bit = 0; bit < 32; ++bit) {
    const uint32_t mask = 1u << bit;
    table[HecOfWord(mask) ^ HecOfWord(0)] = mask;
  }
  return table;
}

const std::array<uint32_t, 256>& CorrectionTable() {
  static const std::array<uint32_t, 256> table = MakeCorrectionTable();
  return table;
}

}  // namespace

uint8_t Scrambler43::Scramble(uint8_t data, bool enable) {
  const uint8_t line = enable ? static_cast<uint8_t>(data ^ Key()) : data;
  Shift(line);
  return line;
}

uint8_t Scrambler43::Descramble(uint8_t line, bool enable) {
  const uint8_t data = enable ? static_cast<uint8_t>(line ^ Key()) : line;
  Shift(line);
  return data;
}

std::optional<uint32_t> SingleBitCorrection(uint8_t syndrome) {
  const uint32_t mask = CorrectionTable()[syndrome];
  if (mask == kNoCorrection) return std::nullopt;
  return mask;
}

void LinkTransmitter::Send(const Cell& cell, std::vector<uint8_t>* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<uint8_t>(cell.header >> (24 - 8 * i)));
  out->push_back(HecOfWord(cell.header));
  for (uint8_t b : cell.payload) out->push_back(scrambler_.Scramble(b, scramble_));
}

void LinkTransmitter::SendCell(const Cell& cell, std::vector<uint8_t>* out) {
  Send(cell, out);
  ++counters_.cells_sent;
}

void LinkTransmitter::SendIdle(std::vector<uint8_t>* out) {
  Cell idle;
  idle.header = kIdleHeader;
  idle.payload.fill(kIdlePayloadByte);
  Send(idle, out);
  ++counters_.idle_sent;
}

void LinkReceiver::Push(uint8_t byte) {
  ++bytes_;
  const uint32_t header = window_;
  window_ = (window_ << 8) | byte;
  const uint8_t syndrome = static_cast<uint8_t>(HecOfWord(header) ^ byte);

  if (state_ == Delineation::kHunt) {
    // Byte-wise hunt: every byte is tried as the HEC of the four before it.
    if (syndrome == 0) {
      state_ = Delineation::kPresync;
      presync_good_ = 0;
      pos_ = kHecIndex + 1;
    }
    return;
  }
  if (pos_ == kHecIndex) {
    CheckHec(header, syndrome);
    pos_ = kHecIndex + 1;
    return;
  }
  if (pos_ > kHecIndex) {
    const uint8_t data = descrambler_.Descramble(byte, descramble_);
    if (delivering_) current_.payload[pos_ - kHecIndex - 1] = data;
    if (pos_ == kLinkCellBytes - 1) {
      if (delivering_) cells_.push_back(current_);
      delivering_ = false;
      pos_ = 0;
      return;
    }
  }
  ++pos_;
}

void LinkReceiver::CheckHec(uint32_t header, uint8_t syndrome) {
  if (state_ == Delineation::kPresync) {
    if (syndrome != 0) {
      state_ = Delineation::kHunt;
    } else if (++presync_good_ == kSyncDelta) {
      state_ = Delineation::kSync;
      mode_ = HecMode::kCorrection;
      sync_wrong_ = 0;
    }
    return;
  }
  // SYNC.
  ++counters_.received;
  bool accept = false;
  if (syndrome == 0) {
    sync_wrong_ = 0;
    mode_ = HecMode::kCorrection;
    accept = true;
  } else if (++sync_wrong_ == kSyncAlpha) {
    ++counters_.hec_discarded;
    ++counters_.sync_losses;
    state_ = Delineation::kHunt;
  } else {
    const std::optional<uint32_t> fix = SingleBitCorrection(syndrome);
    if (mode_ == HecMode::kCorrection && correct_ && fix) {
      header ^= *fix;
      ++counters_.hec_corrected;
      accept = true;
    } else {
      ++counters_.hec_discarded;
    }
    mode_ = HecMode::kDetection;
  }
  if (!accept) return;
  if (header == kIdleHeader) {
    ++counters_.idle_discarded;
    return;
  }
  ++counters_.delivered;
  delivering_ = true;
  current_.header = header;
}

std::vector<Cell> LinkReceiver::TakeCells() { return std::exchange(cells_, {}); }

}  // namespace pegasus::atm
