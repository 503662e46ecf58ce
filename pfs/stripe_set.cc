#include "pfs/stripe_set.h"

#include <cstring>

namespace pegasus::pfs {

namespace {

// Parity works on 16-byte words (the GCC/Clang vector extension: one SSE2 operation on
// baseline x86-64, NEON on Arm), four at a time, loaded and stored with memcpy so no
// alignment is assumed.
typedef uint64_t Word __attribute__((vector_size(16)));
constexpr size_t kLane = 4 * sizeof(Word);

inline Word LoadWord(const uint8_t* p) {
  Word w;
  std::memcpy(&w, p, sizeof w);
  return w;
}
inline void StoreWord(uint8_t* p, Word w) { std::memcpy(p, &w, sizeof w); }

}  // namespace

void XorInto(uint8_t* dst, const uint8_t* src, size_t n) {
  const uint8_t* srcs[2] = {dst, src};
  XorOf(dst, srcs, 2, n);
}

void XorOf(uint8_t* dst, const uint8_t* const* srcs, size_t count, size_t n) {
  if (count == 0) {
    std::memset(dst, 0, n);
    return;
  }
  size_t i = 0;
  for (; i + kLane <= n; i += kLane) {
    Word w[4];
    for (int j = 0; j < 4; ++j) w[j] = LoadWord(srcs[0] + i + j * sizeof(Word));
    for (size_t k = 1; k < count; ++k) {
      for (int j = 0; j < 4; ++j) w[j] ^= LoadWord(srcs[k] + i + j * sizeof(Word));
    }
    for (int j = 0; j < 4; ++j) StoreWord(dst + i + j * sizeof(Word), w[j]);
  }
  for (; i < n; ++i) {
    uint8_t x = srcs[0][i];
    for (size_t k = 1; k < count; ++k) x ^= srcs[k][i];
    dst[i] = x;
  }
}

void CopyWithParity(uint8_t* const* dsts, uint8_t* parity, const uint8_t* const* srcs, size_t count, size_t n) {
  size_t i = 0;
  for (; i + kLane <= n; i += kLane) {
    Word p[4] = {};
    for (size_t k = 0; k < count; ++k) {
      for (int j = 0; j < 4; ++j) {
        const Word w = LoadWord(srcs[k] + i + j * sizeof(Word));
        StoreWord(dsts[k] + i + j * sizeof(Word), w);
        p[j] ^= w;
      }
    }
    for (int j = 0; j < 4; ++j) StoreWord(parity + i + j * sizeof(Word), p[j]);
  }
  for (; i < n; ++i) {
    uint8_t x = 0;
    for (size_t k = 0; k < count; ++k) x ^= dsts[k][i] = srcs[k][i];
    parity[i] = x;
  }
}

StripeSet::StripeSet(std::vector<Disk*> disks, Geometry g, std::vector<bool> failed)
    : disks_(std::move(disks)), g_(g), failed_(std::move(failed)) {
  failed_.resize(disks_.size(), false);
}

uint32_t StripeSet::failed_count() const {
  uint32_t n = 0;
  for (bool f : failed_) n += f;
  return n;
}

std::string StripeSet::DiskName(uint32_t i) const {
  return "disk " + std::to_string(i) + " (" + (disks_[i] ? disks_[i]->name() : std::string("absent")) + ")";
}

std::string StripeSet::Where(uint32_t seg, uint32_t row, uint32_t nrows) const {
  return "segment " + std::to_string(seg) + " rows " + std::to_string(row) + ".." +
         std::to_string(row + nrows - 1) + " (disk offset " + std::to_string(g_.RowOffset(seg, row)) + ")";
}

Status StripeSet::MarkFailed(uint32_t i, const Status& why) {
  if (!failed_[i] && failed_count() >= 1) {
    return Status::IoError("a second disk failed, the array cannot continue: " + why.message());
  }
  failed_[i] = true;
  return Status::Ok();
}

Status StripeSet::WriteRows(uint32_t seg, uint32_t row, std::span<const uint8_t> data) {
  if (Status s = WriteBehind(); !s.ok()) return s;
  const uint32_t d = g_.data_disks;
  const size_t row_bytes = size_t{d} * kBlockSize;
  const uint32_t nrows = static_cast<uint32_t>(data.size() / row_bytes);
  if (nrows == 0 || data.size() % row_bytes != 0 || row + nrows > g_.rows_per_segment() || seg >= g_.segments) {
    return Status::InvalidArgument("stripe write of " + std::to_string(data.size()) + " bytes at segment " +
                                   std::to_string(seg) + " row " + std::to_string(row) + " is not whole rows inside the segment");
  }
  // Each data disk's blocks are gathered from data in place; only parity is built.
  const size_t chunk = size_t{nrows} * kBlockSize;
  if (scratch_.size() < chunk) scratch_.resize(chunk);
  std::vector<const uint8_t*> srcs(d);
  std::vector<std::span<const uint8_t>> pieces(size_t{d} * nrows);
  for (uint32_t r = 0; r < nrows; ++r) {
    for (uint32_t k = 0; k < d; ++k) {
      srcs[k] = data.data() + (size_t{r} * d + k) * kBlockSize;
      pieces[size_t{k} * nrows + r] = std::span<const uint8_t>(srcs[k], kBlockSize);
    }
    XorOf(scratch_.data() + size_t{r} * kBlockSize, srcs.data(), d, kBlockSize);
  }
  const uint64_t off = g_.RowOffset(seg, row);
  for (uint32_t k = 0; k <= d; ++k) {
    if (failed_[k]) continue;
    Status s = k < d ? disks_[k]->WriteGather(off, std::span<const std::span<const uint8_t>>(&pieces[size_t{k} * nrows], nrows))
                     : disks_[k]->Write(off, std::span<const uint8_t>(scratch_.data(), chunk));
    if (!s.ok()) {
      Status m = MarkFailed(k, Status::IoError(s.message() + " (" + Where(seg, row, nrows) + ")"));
      if (!m.ok()) return m;
    }
  }
  return Status::Ok();
}

Status StripeSet::WriteUnitRows(uint32_t seg, uint32_t row, uint32_t nrows, const uint8_t* const* blocks) {
  const uint32_t d = g_.data_disks;
  if (nrows == 0 || row + nrows > g_.rows_per_segment() || seg >= g_.segments) {
    return Status::InvalidArgument("stripe write of " + std::to_string(nrows) + " rows at segment " + std::to_string(seg) +
                                   " row " + std::to_string(row) + " is not inside the segment");
  }
  const uint64_t off = g_.RowOffset(seg, row);
  const size_t len = size_t{nrows} * kBlockSize;
  if (staged_ > 0 && (off != staged_off_ + staged_ || staged_ + len > kWriteBehindBytes)) {
    if (Status s = WriteBehind(); !s.ok()) return s;
  }
  if (len > kWriteBehindBytes) {  // larger than the buffer (very large segments): in pieces
    for (uint32_t r = 0; r < nrows;) {
      const uint32_t n = std::min<uint32_t>(nrows - r, kWriteBehindBytes / kBlockSize);
      if (Status s = WriteUnitRows(seg, row + r, n, blocks + size_t{r} * d); !s.ok()) {
        return s;
      }
      if (Status s = WriteBehind(); !s.ok()) return s;
      r += n;
    }
    return Status::Ok();
  }
  if (stage_.empty()) stage_.resize(kWriteBehindBytes * (d + 1));
  if (staged_ == 0) {
    staged_off_ = off;
    staged_seg_ = seg;
    staged_row_ = row;
  }
  dsts_.resize(d);
  for (uint32_t r = 0; r < nrows; ++r) {
    const size_t at = staged_ + size_t{r} * kBlockSize;
    for (uint32_t k = 0; k < d; ++k) dsts_[k] = stage_.data() + kWriteBehindBytes * k + at;
    CopyWithParity(dsts_.data(), stage_.data() + kWriteBehindBytes * d + at, blocks + size_t{r} * d, d, kBlockSize);
  }
  staged_ += len;
  if (staged_ == kWriteBehindBytes) return WriteBehind();
  return Status::Ok();
}

Status StripeSet::WriteBehind() {
  if (staged_ == 0) return Status::Ok();
  const uint32_t nrows = static_cast<uint32_t>(staged_ / kBlockSize);
  const std::string where = Where(staged_seg_, staged_row_, nrows);
  const size_t len = staged_;
  staged_ = 0;
  for (uint32_t k = 0; k < disks_.size(); ++k) {
    if (failed_[k]) continue;
    Status s = disks_[k]->Write(staged_off_, std::span<const uint8_t>(stage_.data() + kWriteBehindBytes * k, len));
    if (!s.ok()) {
      Status m = MarkFailed(k, Status::IoError(s.message() + " (" + where + ")"));
      if (!m.ok()) return m;
    }
  }
  return Status::Ok();
}

StripeSet::~StripeSet() {
  if (flusher_.joinable()) flusher_.join();
  (void)WriteBehind();
}

Status StripeSet::ReadBlocks(uint32_t seg, uint32_t block, uint32_t n, std::span<uint8_t> out) {
  if (Status s = WriteBehind(); !s.ok()) return s;
  const uint32_t d = g_.data_disks;
  if (n == 0) return Status::Ok();
  if (seg >= g_.segments || block + n > g_.blocks_per_segment() || out.size() < size_t{n} * kBlockSize) {
    return Status::InvalidArgument("read of blocks " + std::to_string(block) + "+" + std::to_string(n) +
                                   " of segment " + std::to_string(seg) + " is outside the array");
  }
  const uint32_t r0 = block / d, r1 = (block + n - 1) / d, nrows = r1 - r0 + 1;
  const size_t chunk = size_t{nrows} * kBlockSize;
  if (read_scratch_.size() < chunk * (d + 1)) read_scratch_.resize(chunk * (d + 1));
  uint8_t* const base = read_scratch_.data();
  std::vector<bool> have(d + 1, false);
  const uint64_t off = g_.RowOffset(seg, r0);
  // Which data disks hold blocks we need.
  std::vector<bool> need(d, false);
  for (uint32_t b = block; b < block + n; ++b) need[b % d] = true;
  int missing = -1;
  Status first_error;
  for (uint32_t k = 0; k < d; ++k) {
    if (!need[k]) continue;
    if (!failed_[k]) {
      Status s = disks_[k]->Read(off, std::span<uint8_t>(base + chunk * k, chunk));
      if (s.ok()) {
        have[k] = true;
        continue;
      }
      first_error = s;
    }
    if (missing >= 0) {
      return Status::IoError("two disks unreadable at " + Where(seg, r0, nrows) + ": " + DiskName(missing) +
                             " and " + DiskName(k) + (first_error.ok() ? "" : ": " + first_error.message()));
    }
    missing = static_cast<int>(k);
  }
  if (missing >= 0) {
    // Degraded: rebuild the missing chunk from the other data disks and parity.
    uint8_t* dst = base + chunk * missing;
    std::memset(dst, 0, chunk);
    for (uint32_t k = 0; k <= d; ++k) {
      if (static_cast<int>(k) == missing) continue;
      uint8_t* src = base + chunk * k;
      if (!have[k]) {
        Status s = failed_[k] ? Status::IoError(DiskName(k) + " has failed")
                              : disks_[k]->Read(off, std::span<uint8_t>(src, chunk));
        if (!s.ok()) {
          return Status::IoError("cannot reconstruct " + DiskName(missing) + " at " + Where(seg, r0, nrows) +
                                 ": " + s.message());
        }
      }
      XorInto(dst, src, chunk);
    }
  }
  for (uint32_t b = block; b < block + n; ++b) {
    const uint32_t k = b % d, r = b / d - r0;
    std::memcpy(out.data() + size_t{b - block} * kBlockSize, base + chunk * k + size_t{r} * kBlockSize, kBlockSize);
  }
  return Status::Ok();
}

Status StripeSet::ReadBlockReconstructed(uint32_t seg, uint32_t block, std::span<uint8_t> out) {
  if (Status s = WriteBehind(); !s.ok()) return s;
  const uint32_t d = g_.data_disks, own = block % d;
  const uint64_t off = g_.RowOffset(seg, block / d);
  std::vector<uint8_t> tmp(kBlockSize);
  std::memset(out.data(), 0, kBlockSize);
  for (uint32_t k = 0; k <= d; ++k) {
    if (k == own) continue;
    if (failed_[k]) return Status::IoError(DiskName(k) + " has failed; no second copy of segment " + std::to_string(seg) + " block " + std::to_string(block));
    if (Status s = disks_[k]->Read(off, tmp); !s.ok()) return s;
    XorInto(out.data(), tmp.data(), kBlockSize);
  }
  return Status::Ok();
}

Status StripeSet::Flush() {
  if (Status s = WaitFlush(); !s.ok()) return s;
  if (Status s = WriteBehind(); !s.ok()) return s;
  for (uint32_t k = 0; k < disks_.size(); ++k) {
    if (failed_[k]) continue;
    Status s = disks_[k]->Flush();
    if (!s.ok()) {
      Status m = MarkFailed(k, s);
      if (!m.ok()) return m;
    }
  }
  return Status::Ok();
}

Status StripeSet::FlushAsync() {
  if (Status s = WaitFlush(); !s.ok()) return s;
  if (Status s = WriteBehind(); !s.ok()) return s;
  flush_status_.assign(disks_.size(), Status::Ok());
  bool concurrent = true;
  for (uint32_t k = 0; k < disks_.size(); ++k) concurrent &= failed_[k] || disks_[k]->ConcurrentFlush();
  if (!concurrent) return Flush();
  flush_done_.store(false, std::memory_order_release);
  std::vector<Disk*> working;
  for (uint32_t k = 0; k < disks_.size(); ++k) working.push_back(failed_[k] ? nullptr : disks_[k]);
  flusher_ = std::thread([this, working] {
    for (size_t k = 0; k < working.size(); ++k) {
      if (working[k]) flush_status_[k] = working[k]->Flush();
    }
    flush_done_.store(true, std::memory_order_release);
  });
  return Status::Ok();
}

Status StripeSet::WaitFlush() {
  if (!flusher_.joinable()) return Status::Ok();
  flusher_.join();
  for (uint32_t k = 0; k < disks_.size(); ++k) {
    if (flush_status_[k].ok() || failed_[k]) continue;
    Status m = MarkFailed(k, flush_status_[k]);
    if (!m.ok()) return m;
  }
  return Status::Ok();
}

Status StripeSet::WriteLabel(uint32_t i, const DiskLabel& label) {
  if (Status s = WriteBehind(); !s.ok()) return s;
  std::vector<uint8_t> buf(kLabelSize);
  EncodeLabel(label, std::span<uint8_t, kLabelSize>(buf.data(), kLabelSize));
  return disks_[i]->Write(0, buf);
}

Result<std::vector<uint32_t>> StripeSet::ScrubRows(uint32_t seg, uint32_t row, uint32_t n) {
  if (Status s = WriteBehind(); !s.ok()) return s;
  const uint32_t d = g_.data_disks;
  if (failed_count() > 0) return Status::Unavailable("cannot check parity while a disk is missing; rebuild first");
  const size_t chunk = size_t{n} * kBlockSize;
  std::vector<uint8_t> acc(chunk, 0), buf(chunk);
  const uint64_t off = g_.RowOffset(seg, row);
  for (uint32_t k = 0; k <= d; ++k) {
    if (Status s = disks_[k]->Read(off, buf); !s.ok()) return s;
    XorInto(acc.data(), buf.data(), chunk);
  }
  std::vector<uint32_t> bad;
  for (uint32_t r = 0; r < n; ++r) {
    const uint8_t* p = acc.data() + size_t{r} * kBlockSize;
    for (uint32_t i = 0; i < kBlockSize; ++i) {
      if (p[i]) {
        bad.push_back(row + r);
        break;
      }
    }
  }
  return bad;
}

Status StripeSet::RebuildChunk(uint32_t i, uint32_t seg) {
  if (Status s = WriteBehind(); !s.ok()) return s;
  const uint32_t d = g_.data_disks;
  const size_t chunk = g_.chunk_size();
  std::vector<uint8_t> acc(chunk, 0), buf(chunk);
  const uint64_t off = g_.RowOffset(seg, 0);
  for (uint32_t k = 0; k <= d; ++k) {
    if (k == i) continue;
    if (failed_[k]) return Status::IoError("cannot rebuild " + DiskName(i) + ": " + DiskName(k) + " has failed too");
    if (Status s = disks_[k]->Read(off, buf); !s.ok()) return s;
    XorInto(acc.data(), buf.data(), chunk);
  }
  return disks_[i]->Write(off, acc);
}

}  // namespace pegasus::pfs
