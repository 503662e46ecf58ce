// FileSystem::Impl: the state of a mounted PFS and the operations on it. Everything here
// is guarded by mu_; methods named ...Locked expect the caller to hold it.
//
//   fs_impl.cc     pnodes, the log writer (units, segments), flushing, checkpoints, mount
//   fs_namespace.cc  paths, directories, the file operations
//   cleaner.cc     the garbage file and the one-pass cleaner
//   fs_check.cc    fsck, scrub, rebuild
#ifndef PEGASUS_PFS_FS_IMPL_H_
#define PEGASUS_PFS_FS_IMPL_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "pfs/include/pfs/file_system.h"
#include "pfs/pfs_format.h"
#include "pfs/stripe_set.h"

namespace pegasus::pfs {

// PlaceRunLocked seals the tail of a large write (the part that does not fill a unit) as
// a unit of its own, from the caller's buffer, when it is at least 1/8 of a segment (32
// blocks with 1 MB segments), so the extra summary block costs at most about 3%; shorter
// tails are copied into the open unit.
inline constexpr uint32_t kTailUnitFraction = 8;

// A pnode in memory: the record's fields, the whole block map, and what is dirty.
struct Pnode {
  uint32_t ino = 0;
  PnodeType type = PnodeType::kFree;
  uint8_t flags = 0;
  uint32_t nlink = 0;
  uint64_t size = 0;
  uint64_t mtime = 0;
  std::vector<uint64_t> map;  // file block -> block address (0: hole)
  std::vector<uint64_t> l1;   // L1 indirect block addresses; [0] is the single indirect
  uint64_t dbl = 0;           // double-indirect block address
  std::set<uint32_t> dirty_l1;
  bool dbl_dirty = false;
  bool dirty = false;                                // the record must be written
  // Dirty file blocks not yet in the log: partial blocks, continuous-media data, blocks
  // moved by the cleaner. Whole blocks of ordinary files go straight to the log's open
  // unit instead (FileSystem::Impl::WriteFileLocked).
  std::map<uint64_t, std::vector<uint8_t>> cache;
  bool dir_loaded = false;
  bool dir_dirty = false;
  std::map<std::string, uint32_t> entries;           // directories: name -> ino

  bool is_dir() const { return type == PnodeType::kDir; }
  bool is_cm() const { return flags & kPnodeFlagCm; }
};

// One log head (the normal log or the continuous-media log) and the unit being built.
struct LogHead {
  bool cm = false;
  LogPosition pos;
  std::vector<SummaryEntry> entries;  // of the unit being built (the open unit)
  // Its blocks laid out disk by disk (stride: a segment's chunk): unit block k (0 = the
  // summary) is at (k mod D) * stride + (k div D) * 4096. Parity is worked out when the
  // unit is written (StripeSet::WriteUnitRows).
  std::vector<uint8_t> buf;
  // ext[k]: unit block k is not in buf but in the caller's buffer of the write being
  // placed (FileSystem::Impl::PlaceRunLocked); null: it is in buf. Only ever non-null
  // inside one WriteFileLocked call: such blocks are sealed (handed to the array from the
  // caller's memory) or copied into buf before it returns.
  std::vector<const uint8_t*> ext;
  bool wrote = false;                 // a unit was written since the last barrier
  // The CRC of the open unit's payload so far, worked out block by block as it fills,
  // while each block is in cache. stale: a block was rewritten in place, so it is
  // recomputed when the unit is sealed.
  uint32_t crc = 0;
  bool stale = false;
};

class FileSystem::Impl {
 public:
  Impl(std::vector<Disk*> disks, Geometry g, std::vector<bool> failed, uint64_t fs_id, MountOptions opts);

  // ---- fs_impl.cc
  static Result<std::unique_ptr<Impl>> MountDisks(const std::vector<Disk*>& disks, const MountOptions& opts);
  Status InitEmptyLocked();  // mkfs: root, garbage file, two checkpoints
  Result<Pnode*> GetPnodeLocked(uint32_t ino);
  Status FlushLocked();                  // dirty data and pnodes to the log
  Status FlushStepsLocked();
  Status SyncLocked(bool checkpoint);    // flush, write checkpoint if asked, flush disks
  // Flushes the log, then writes the checkpoint into the region not holding the newest
  // one. durable: flush the disks, write the checkpoint and flush again, so it is on disk
  // before returning. A periodic checkpoint is not: its disk flush runs in the background
  // (StripeSet::FlushAsync) while the log goes on, and FinishCheckpointLocked writes it
  // once that flush is done; until the next disk flush after that, a crash falls back to
  // the other region's (durable) checkpoint and rolls forward from there.
  Status WriteCheckpointLocked(bool durable = true);
  // Writes the periodic checkpoint waiting for its disk flush, if there is one and the
  // flush has finished (or, with wait, after waiting for it).
  Status FinishCheckpointLocked(bool wait);
  void GarbageLocked(uint64_t addr, uint32_t offset_in_block, uint32_t length);
  Result<uint64_t> ReadFileLocked(Pnode* p, uint64_t offset, std::span<uint8_t> out);
  Status WriteFileLocked(Pnode* p, uint64_t offset, std::span<const uint8_t> data);
  Status TruncateLocked(Pnode* p, uint64_t size);
  Status ReadBlockLocked(uint64_t addr, std::span<uint8_t> out);
  // The block at addr while it is still in an open (unsealed) unit, else null.
  const uint8_t* OpenUnitBlockLocked(uint64_t addr);
  // The same, to be changed in place (the unit's CRC and parity are then recomputed when
  // it is sealed).
  uint8_t* OpenUnitBlockForWriteLocked(uint64_t addr);
  // Appends n whole data blocks of p (file blocks fbn ..) straight to the normal log. The
  // blocks that complete units are not copied into the open unit: those units are sealed
  // from data itself (StripeSet::WriteUnitRows copies them into its write-behind buffer).
  // A tail that does not fill a unit is also sealed from data, as a shorter unit ending
  // on a row, when it is long enough (see kTailUnitFraction); the rest is copied into the
  // open unit. Nothing refers to data when this returns.
  Status PlaceRunLocked(Pnode* p, uint64_t fbn, uint64_t n, const uint8_t* data);
  std::string AddrName(uint64_t addr) const;
  uint32_t SegOf(uint64_t addr) const { return static_cast<uint32_t>(addr / g_.blocks_per_segment()); }
  uint32_t BlkOf(uint64_t addr) const { return static_cast<uint32_t>(addr % g_.blocks_per_segment()); }
  uint64_t Addr(uint32_t seg, uint32_t blk) const { return uint64_t{seg} * g_.blocks_per_segment() + blk; }
  uint64_t free_segments() const { return free_segments_; }
  bool IsHeadSegment(uint32_t seg) const;
  bool ValidLogAddr(uint64_t addr) const;

  // ---- fs_namespace.cc
  Result<uint32_t> ResolveLocked(const std::string& path);
  Result<std::pair<uint32_t, std::string>> ResolveParentLocked(const std::string& path);
  Status LoadDirLocked(Pnode* p);
  Result<uint32_t> NewPnodeLocked(PnodeType type, uint8_t flags);
  Status FreePnodeLocked(uint32_t ino);
  Status CheckSpaceLocked() const;

  // ---- cleaner.cc
  Result<CleanStats> Clean(double min_fraction, const Progress& progress);
  Status CleanSegmentLocked(uint32_t seg, CleanStats& stats);

  // ---- fs_check.cc
  Result<FsckReport> Fsck(const Progress& progress);
  Result<ScrubReport> Scrub(const Progress& progress);
  Status Rebuild(uint32_t disk, const Progress& progress);
  // Walks the units of seg from row 0; calls fn(row, summary, payload) for each valid one.
  Status WalkUnitsLocked(uint32_t seg, const std::vector<uint8_t>& segment_bytes,
                         const std::function<void(uint32_t, const Summary&)>& fn,
                         std::vector<std::string>* problems);

  std::mutex mu_;
  std::vector<Disk*> disks_;
  Geometry g_;
  StripeSet stripes_;
  uint64_t fs_id_;
  MountOptions opts_;
  std::vector<uint64_t> pmap_;  // ino -> pnode address
  std::vector<bool> ino_used_;  // allocated (in pmap_ or new in memory)
  uint32_t ino_hint_ = kRootIno + 1;
  std::vector<bool> used_;      // segment holds live data or is reserved by a log head
  uint64_t free_segments_ = 0;
  uint32_t alloc_cursor_ = 0;
  LogHead log_, cm_;
  uint64_t ckpt_seq_ = 0;
  // The periodic checkpoint whose disk flush is running: the state it records was taken
  // before the flush started, so it names only log units that flush makes durable.
  std::optional<Checkpoint> pending_ckpt_;
  uint32_t segs_since_ckpt_ = 0;
  std::unordered_map<uint32_t, std::unique_ptr<Pnode>> pnodes_;
  std::set<uint32_t> dirty_;       // pnodes with anything to write
  std::set<uint32_t> tombstones_;  // freed pnodes whose deletion is not yet in the log
  std::vector<GarbageEntry> pending_garbage_;
  std::set<uint32_t> cleaning_;    // segments being cleaned: their holes are not recorded
  std::set<uint32_t> releasing_;   // cleaned segments, free in the next checkpoints
  uint64_t dirty_bytes_ = 0;      // in pnode caches
  uint64_t placed_bytes_ = 0;     // whole blocks put in the log since the last flush
  uint32_t reserve_segments_ = 4;
  bool in_cleaner_ = false;
  bool flushing_ = false;
  std::vector<std::string> mount_log_;
  std::vector<const uint8_t*> unit_blocks_;  // SealLocked

 private:
  uint8_t* UnitBlock(LogHead& log, uint32_t k);       // k's place in buf
  const uint8_t* UnitData(LogHead& log, uint32_t k);  // where k's bytes are now
  void UnitCopyIn(LogHead& log, uint32_t k);          // an ext block into buf
  // Appends a block to the open unit, by copy, or (by_reference) as a pointer to data,
  // which must stay valid until the unit is sealed or UnitCopyIn'd.
  Result<uint64_t> AppendBlockLocked(LogHead& log, SummaryEntry e, const uint8_t* data, bool by_reference = false);
  void PlacedLocked(Pnode* p, uint64_t fbn, uint64_t addr);  // map, garbage, dirty state
  Status ReserveLocked(LogHead& log, uint32_t n);
  Status SealLocked(LogHead& log);
  Status AdvanceSegmentLocked(LogHead& log);
  Result<uint32_t> AllocSegmentLocked();
  void MarkUsedLocked(uint32_t seg);
  void EncodeRecord(const Pnode& p, PnodeRecord& r) const;
  Status LoadMapLocked(Pnode* p, const PnodeRecord& r);
  Status RollForwardLocked();
};

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_FS_IMPL_H_
