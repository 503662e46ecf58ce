// StripeSet: D data disks plus a parity disk seen as an array of segments. A log unit is
// written as whole rows across all D data disks together with their parity, so parity is
// never read-modified-written. Reads tolerate any one disk missing or failing (the row is
// rebuilt from the others and parity); a disk that fails a write is marked failed and
// the array runs degraded. Rebuild reconstructs a replaced disk; ScrubRows checks parity.
#ifndef PEGASUS_PFS_STRIPE_SET_H_
#define PEGASUS_PFS_STRIPE_SET_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "host/common/status.h"
#include "pfs/include/pfs/disk.h"
#include "pfs/pfs_format.h"

namespace pegasus::pfs {

struct Geometry {
  uint32_t data_disks = 4;
  uint32_t segment_size = 1 << 20;
  uint32_t segments = 0;
  uint32_t ckpt_segs = 1;

  uint32_t blocks_per_segment() const { return segment_size / kBlockSize; }
  uint32_t rows_per_segment() const { return blocks_per_segment() / data_disks; }
  uint32_t chunk_size() const { return segment_size / data_disks; }
  uint32_t first_log_segment() const { return 2 * ckpt_segs; }
  uint64_t disk_bytes() const { return kLabelSize + uint64_t{segments} * chunk_size(); }
  // Byte offset on every disk of row `row` of segment `seg`.
  uint64_t RowOffset(uint32_t seg, uint32_t row) const {
    return kLabelSize + uint64_t{seg} * chunk_size() + uint64_t{row} * kBlockSize;
  }
};

class StripeSet {
 public:
  // disks: data disks then the parity disk. failed[i]: disk i is known missing.
  StripeSet(std::vector<Disk*> disks, Geometry g, std::vector<bool> failed);

  const Geometry& geometry() const { return g_; }
  uint32_t disk_count() const { return static_cast<uint32_t>(disks_.size()); }
  Disk* disk(uint32_t i) const { return disks_[i]; }
  bool failed(uint32_t i) const { return failed_[i]; }
  uint32_t failed_count() const;
  std::string DiskName(uint32_t i) const;

  // Writes rows [row, row + data.size() / (D * 4096)) of segment seg from data (blocks in
  // segment order) and their parity; each data disk's blocks go out in one gather write.
  Status WriteRows(uint32_t seg, uint32_t row, std::span<const uint8_t> data);
  // The same with the rows already laid out disk by disk: disk k's nrows blocks start at
  // base + k * stride, and base + D * stride receives the parity (no copy of the data),
  // or already holds it when parity_ready.
  Status WriteRowsDiskMajor(uint32_t seg, uint32_t row, uint32_t nrows, uint8_t* base, size_t stride,
                            bool parity_ready = false);
  // Reads blocks [block, block + n) of segment seg into out (n * 4096 bytes).
  Status ReadBlocks(uint32_t seg, uint32_t block, uint32_t n, std::span<uint8_t> out);
  // Reads block `block` of seg as if data disk `exclude` were missing (parity path).
  Status ReadBlockReconstructed(uint32_t seg, uint32_t block, std::span<uint8_t> out);
  // Flushes every working disk.
  Status Flush();
  // Writes disk i's label.
  Status WriteLabel(uint32_t i, const DiskLabel& label);

  // Checks rows [row, row + n) of seg: returns the rows whose parity disagrees.
  Result<std::vector<uint32_t>> ScrubRows(uint32_t seg, uint32_t row, uint32_t n);
  // Recomputes the chunk of seg on disk i from the other disks and writes it there.
  Status RebuildChunk(uint32_t i, uint32_t seg);
  // Disk i is working again (after a rebuild).
  void MarkWorking(uint32_t i) { failed_[i] = false; }

 private:
  Status MarkFailed(uint32_t i, const Status& why);
  std::string Where(uint32_t seg, uint32_t row, uint32_t nrows) const;

  std::vector<Disk*> disks_;
  Geometry g_;
  std::vector<bool> failed_;
  std::vector<uint8_t> scratch_;       // WriteRows: parity
  std::vector<uint8_t> read_scratch_;  // ReadBlocks
};

// XORs src into dst (same length).
void XorInto(uint8_t* dst, const uint8_t* src, size_t n);
// dst = srcs[0] ^ ... ^ srcs[count - 1], n bytes each, in one pass over the sources
// (dst may be one of them, at the same address, as in XorInto).
void XorOf(uint8_t* dst, const uint8_t* const* srcs, size_t count, size_t n);

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_STRIPE_SET_H_
