// StripeSet: D data disks plus a parity disk seen as an array of segments. A log unit is
// written as whole rows across all D data disks together with their parity, so parity is
// never read-modified-written. Reads tolerate any one disk missing or failing (the row is
// rebuilt from the others and parity); a disk that fails a write is marked failed and
// the array runs degraded. Rebuild reconstructs a replaced disk; ScrubRows checks parity.
// Log units pass through a write-behind buffer that turns consecutive units into one
// large write per disk, and disks can be flushed in the background (FlushAsync).
#ifndef PEGASUS_PFS_STRIPE_SET_H_
#define PEGASUS_PFS_STRIPE_SET_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <thread>
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
  ~StripeSet();  // writes out the write-behind buffer (a write issued, not made durable)

  // Bytes per disk the write-behind buffer gathers before writing (as large as the
  // raw baseline's writes in bench_pfs, 1 MB: four 1 MB segments of four data disks).
  static constexpr size_t kWriteBehindBytes = 1 << 20;

  const Geometry& geometry() const { return g_; }
  uint32_t disk_count() const { return static_cast<uint32_t>(disks_.size()); }
  Disk* disk(uint32_t i) const { return disks_[i]; }
  bool failed(uint32_t i) const { return failed_[i]; }
  uint32_t failed_count() const;
  std::string DiskName(uint32_t i) const;

  // Writes rows [row, row + data.size() / (D * 4096)) of segment seg from data (blocks in
  // segment order) and their parity; each data disk's blocks go out in one gather write.
  Status WriteRows(uint32_t seg, uint32_t row, std::span<const uint8_t> data);
  // Writes rows [row, row + nrows) of segment seg from blocks anywhere in memory:
  // blocks[r * D + k] is row r's block on data disk k. They are copied into the
  // write-behind buffer (below), each row's parity worked out in the same pass, and may
  // be reused as soon as this returns.
  //
  // Write-behind: rows that follow on from the buffered ones (the log's next rows, or the
  // next segment's when the log moves on to the adjacent segment) are gathered, disk by
  // disk, until kWriteBehindBytes per disk; then each disk's share goes out in one write.
  // On a shared page cache a few large writes cost the kernel much less than many small
  // ones. The buffer is written out before anything else touches the disks (reads,
  // flushes, other writes), so callers see no difference except when a write error is
  // reported, and nothing is lost that a flush would have made durable.
  Status WriteUnitRows(uint32_t seg, uint32_t row, uint32_t nrows, const uint8_t* const* blocks);
  // Writes out the write-behind buffer.
  Status WriteBehind();
  // Reads blocks [block, block + n) of segment seg into out (n * 4096 bytes).
  Status ReadBlocks(uint32_t seg, uint32_t block, uint32_t n, std::span<uint8_t> out);
  // Reads block `block` of seg as if data disk `exclude` were missing (parity path).
  Status ReadBlockReconstructed(uint32_t seg, uint32_t block, std::span<uint8_t> out);
  // Flushes every working disk (after waiting for a background flush).
  Status Flush();
  // Writes out the write-behind buffer and starts flushing every working disk on a
  // background thread, so that writing can go on meanwhile; the flush makes durable the
  // writes issued before this call. Disks without ConcurrentFlush are flushed here.
  Status FlushAsync();
  // True when the flush FlushAsync started has finished (or none was started).
  bool FlushDone() const { return flush_done_.load(std::memory_order_acquire); }
  // Waits for it: its result, with a disk that failed to flush marked failed as in Flush.
  Status WaitFlush();
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
  // Write-behind buffer: staged_ bytes for each disk at disk offset staged_off_, the
  // rows from (staged_seg_, staged_row_) on; disk k's at stage_[k * kWriteBehindBytes].
  std::thread flusher_;                 // FlushAsync
  std::atomic<bool> flush_done_{true};
  std::vector<Status> flush_status_;    // of each disk, written by flusher_
  std::vector<uint8_t> stage_;
  std::vector<uint8_t*> dsts_;  // WriteUnitRows
  uint64_t staged_off_ = 0;
  size_t staged_ = 0;
  uint32_t staged_seg_ = 0, staged_row_ = 0;
};

// XORs src into dst (same length).
void XorInto(uint8_t* dst, const uint8_t* src, size_t n);
// dst = srcs[0] ^ ... ^ srcs[count - 1], n bytes each, in one pass over the sources
// (dst may be one of them, at the same address, as in XorInto).
void XorOf(uint8_t* dst, const uint8_t* const* srcs, size_t count, size_t n);
// Copies srcs[k] to dsts[k] for each k < count and sets parity to their XOR, n bytes
// each, in one pass (each source is read once).
void CopyWithParity(uint8_t* const* dsts, uint8_t* parity, const uint8_t* const* srcs, size_t count, size_t n);

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_STRIPE_SET_H_
