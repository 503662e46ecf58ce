#include "sim_cpp/bfm/byte_cell_decoder.h"

#include <utility>

#include "host/common/crc.h"

namespace pegasus::sim {

void ByteCellDecoder::Push(std::span<const uint8_t> bytes) {
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  Decode();
}

void ByteCellDecoder::Decode() {
  constexpr size_t kCellBytes = 53;
  while (pending_.size() >= 5) {
    const uint8_t header[4] = {pending_[0], pending_[1], pending_[2], pending_[3]};
    const bool hec_ok = Hec(header) == pending_[4];
    if (!hec_ok) {
      if (locked_) {
        ++hec_errors_;
        locked_ = false;
      }
      pending_.pop_front();
      ++bytes_skipped_;
      continue;
    }
    if (pending_.size() < kCellBytes) return;
    LineCell cell;
    cell.header = (uint32_t{header[0]} << 24) | (uint32_t{header[1]} << 16) |
                  (uint32_t{header[2]} << 8) | header[3];
    cell.hec = pending_[4];
    for (size_t i = 0; i < 48; ++i) cell.payload[i] = pending_[5 + i];
    pending_.erase(pending_.begin(), pending_.begin() + kCellBytes);
    cells_.push_back(cell);
    locked_ = true;
  }
}

std::vector<LineCell> ByteCellDecoder::TakeCells() { return std::exchange(cells_, {}); }

}  // namespace pegasus::sim
