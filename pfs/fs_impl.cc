// The log writer, pnodes, flushing, checkpoints and mount (roll-forward).
//
// A flush writes, in this order: the holes recorded since the last flush (appended to the
// garbage file), directory contents, dirty file blocks (continuous-media files to the CM
// log, then a barrier), L1 and double-indirect blocks, and finally all dirty pnodes in one
// unit, so that a flush's metadata changes (a rename touching two directories) become
// visible at roll-forward together or not at all. Whole blocks of ordinary files do not
// wait for a flush: WriteFileLocked puts them in the normal log's open unit as they are
// written (PlaceRunLocked), and the unit is written when it fills; the blocks of the units
// a large write fills go from the caller's buffer straight into the array's write-behind
// buffer (StripeSet::WriteUnitRows), with no copy in between.
#include <algorithm>
#include <cstring>
#include <ctime>

#include "pfs/crc32c.h"
#include "pfs/fs_impl.h"

namespace pegasus::pfs {

FileSystem::Impl::Impl(std::vector<Disk*> disks, Geometry g, std::vector<bool> failed, uint64_t fs_id,
                       MountOptions opts)
    : disks_(disks), g_(g), stripes_(disks, g, std::move(failed)), fs_id_(fs_id), opts_(opts) {
  log_.cm = false;
  cm_.cm = true;
  used_.assign(g_.segments, false);
  for (uint32_t s = 0; s < g_.first_log_segment(); ++s) used_[s] = true;
  free_segments_ = g_.segments - g_.first_log_segment();
  alloc_cursor_ = g_.first_log_segment();
  const uint64_t dirty_segs = (opts_.dirty_limit + g_.segment_size - 1) / g_.segment_size;
  reserve_segments_ = static_cast<uint32_t>(4 + 2 * dirty_segs);
}

std::string FileSystem::Impl::AddrName(uint64_t addr) const {
  const uint32_t seg = SegOf(addr), blk = BlkOf(addr);
  const uint32_t d = g_.data_disks;
  return "segment " + std::to_string(seg) + " block " + std::to_string(blk) + " (disk " + std::to_string(blk % d) +
         " offset " + std::to_string(g_.RowOffset(seg, blk / d)) + ")";
}

bool FileSystem::Impl::IsHeadSegment(uint32_t seg) const {
  return seg == log_.pos.segment || seg == log_.pos.next_segment || seg == cm_.pos.segment ||
         seg == cm_.pos.next_segment;
}

bool FileSystem::Impl::ValidLogAddr(uint64_t addr) const {
  const uint32_t seg = SegOf(addr);
  return seg >= g_.first_log_segment() && seg < g_.segments && BlkOf(addr) > 0;
}

void FileSystem::Impl::MarkUsedLocked(uint32_t seg) {
  if (seg < g_.segments && !used_[seg]) {
    used_[seg] = true;
    --free_segments_;
  }
}

Result<uint32_t> FileSystem::Impl::AllocSegmentLocked() {
  const uint32_t first = g_.first_log_segment(), n = g_.segments - first;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t s = first + (alloc_cursor_ - first + i) % n;
    if (!used_[s]) {
      MarkUsedLocked(s);
      alloc_cursor_ = s + 1 >= g_.segments ? first : s + 1;
      return s;
    }
  }
  return Status::IoError("file system full: no free segment among " + std::to_string(n) +
                         " log segments; run the cleaner or add disks");
}

Status FileSystem::Impl::AdvanceSegmentLocked(LogHead& log) {
  log.pos.segment = log.pos.next_segment;
  log.pos.row = 0;
  Result<uint32_t> next = AllocSegmentLocked();
  if (!next.ok()) return next.status();
  log.pos.next_segment = *next;
  ++segs_since_ckpt_;
  return Status::Ok();
}

// Room for payload blocks in a unit starting at the log's current row.
static uint32_t UnitCapacity(const Geometry& g, const LogPosition& pos) {
  const uint32_t left = g.blocks_per_segment() - pos.row * g.data_disks;
  return left <= 1 ? 0 : std::min(kMaxUnitBlocks, left - 1);
}

uint8_t* FileSystem::Impl::UnitBlock(LogHead& log, uint32_t k) {
  const size_t stride = g_.chunk_size();
  if (log.buf.size() != stride * g_.data_disks) log.buf.assign(stride * g_.data_disks, 0);
  return log.buf.data() + (k % g_.data_disks) * stride + size_t{k / g_.data_disks} * kBlockSize;
}

const uint8_t* FileSystem::Impl::UnitData(LogHead& log, uint32_t k) {
  return k < log.ext.size() && log.ext[k] ? log.ext[k] : UnitBlock(log, k);
}

void FileSystem::Impl::UnitCopyIn(LogHead& log, uint32_t k) {
  if (k < log.ext.size() && log.ext[k]) {
    std::memcpy(UnitBlock(log, k), log.ext[k], kBlockSize);
    log.ext[k] = nullptr;
  }
}

Status FileSystem::Impl::SealLocked(LogHead& log) {
  if (log.entries.empty()) return Status::Ok();
  const uint32_t d = g_.data_disks, n = static_cast<uint32_t>(log.entries.size());
  const uint32_t rows = (1 + n + d - 1) / d;
  for (uint32_t k = 1 + n; k < rows * d; ++k) std::memset(UnitBlock(log, k), 0, kBlockSize);
  Summary s;
  s.flags = log.cm ? kUnitFlagCm : 0;
  s.seq = log.pos.seq;
  s.segment = log.pos.segment;
  s.row = log.pos.row;
  s.next_segment = log.pos.next_segment;
  if (log.stale) {
    log.crc = 0;
    for (uint32_t k = 1; k <= n; ++k) {
      log.crc = Crc32cExtend(log.crc, std::span<const uint8_t>(UnitData(log, k), kBlockSize));
    }
  }
  s.data_crc = log.crc;
  s.cm = cm_.pos;
  s.fs_tag = static_cast<uint32_t>(fs_id_);
  s.entries = std::move(log.entries);
  log.entries.clear();
  EncodeSummary(s, std::span<uint8_t, kBlockSize>(UnitBlock(log, 0), kBlockSize));
  log.crc = 0;
  log.stale = false;
  unit_blocks_.resize(size_t{rows} * d);
  for (uint32_t k = 0; k < rows * d; ++k) unit_blocks_[k] = UnitData(log, k);
  Status st = stripes_.WriteUnitRows(log.pos.segment, log.pos.row, rows, unit_blocks_.data());
  log.ext.clear();  // written (or lost with the failed write): nothing refers to the caller's memory
  if (!st.ok()) return st;
  log.wrote = true;
  log.pos.row += rows;
  ++log.pos.seq;
  if (UnitCapacity(g_, log.pos) == 0) return AdvanceSegmentLocked(log);
  return Status::Ok();
}

Status FileSystem::Impl::ReserveLocked(LogHead& log, uint32_t n) {
  if (UnitCapacity(g_, log.pos) - log.entries.size() >= n) return Status::Ok();
  if (Status s = SealLocked(log); !s.ok()) return s;
  if (UnitCapacity(g_, log.pos) < n) return AdvanceSegmentLocked(log);
  return Status::Ok();
}

Result<uint64_t> FileSystem::Impl::AppendBlockLocked(LogHead& log, SummaryEntry e, const uint8_t* data,
                                                     bool by_reference) {
  if (UnitCapacity(g_, log.pos) == 0) {
    if (Status s = AdvanceSegmentLocked(log); !s.ok()) return s;
  }
  const uint32_t i = static_cast<uint32_t>(log.entries.size());
  const uint32_t block = log.pos.row * g_.data_disks + 1 + i;
  const uint64_t addr = Addr(log.pos.segment, block);
  const uint8_t* src = data;
  if (by_reference) {
    if (log.ext.size() < i + 2) log.ext.resize(i + 2, nullptr);
    log.ext[i + 1] = data;
  } else {
    uint8_t* dst = UnitBlock(log, i + 1);
    std::memcpy(dst, data, kBlockSize);
    if (i + 1 < log.ext.size()) log.ext[i + 1] = nullptr;
    src = dst;
  }
  log.entries.push_back(e);
  if (!log.stale) log.crc = Crc32cExtend(log.crc, std::span<const uint8_t>(src, kBlockSize));
  if (log.entries.size() >= UnitCapacity(g_, log.pos)) {
    if (Status s = SealLocked(log); !s.ok()) return s;
  }
  return addr;
}

void FileSystem::Impl::GarbageLocked(uint64_t addr, uint32_t offset_in_block, uint32_t length) {
  if (addr == 0) return;
  const uint32_t seg = SegOf(addr);
  if (cleaning_.count(seg)) return;  // the whole segment is being reclaimed
  pending_garbage_.push_back(GarbageEntry{seg, BlkOf(addr) * kBlockSize + offset_in_block, length});
}

// The open unit holding addr and the block's index k in it, if any.
static LogHead* FindOpenUnit(LogHead& a, LogHead& b, const Geometry& g, uint64_t addr, uint32_t& k) {
  const uint32_t seg = static_cast<uint32_t>(addr / g.blocks_per_segment());
  const uint32_t blk = static_cast<uint32_t>(addr % g.blocks_per_segment());
  for (LogHead* log : {&a, &b}) {
    if (log->entries.empty() || seg != log->pos.segment) continue;
    const uint32_t first = log->pos.row * g.data_disks + 1;
    if (blk >= first && blk - first < log->entries.size()) {
      k = blk - first + 1;
      return log;
    }
  }
  return nullptr;
}

const uint8_t* FileSystem::Impl::OpenUnitBlockLocked(uint64_t addr) {
  uint32_t k = 0;
  LogHead* log = FindOpenUnit(log_, cm_, g_, addr, k);
  return log ? UnitData(*log, k) : nullptr;
}

uint8_t* FileSystem::Impl::OpenUnitBlockForWriteLocked(uint64_t addr) {
  uint32_t k = 0;
  LogHead* log = FindOpenUnit(log_, cm_, g_, addr, k);
  if (!log) return nullptr;
  UnitCopyIn(*log, k);
  log->stale = true;
  return UnitBlock(*log, k);
}

Status FileSystem::Impl::ReadBlockLocked(uint64_t addr, std::span<uint8_t> out) {
  if (const uint8_t* open = OpenUnitBlockLocked(addr)) {
    std::memcpy(out.data(), open, kBlockSize);
    return Status::Ok();
  }
  return stripes_.ReadBlocks(SegOf(addr), BlkOf(addr), 1, out);
}

void FileSystem::Impl::PlacedLocked(Pnode* p, uint64_t fbn, uint64_t addr) {
  GarbageLocked(p->map[fbn], 0, kBlockSize);
  p->map[fbn] = addr;
  if (fbn >= kDirect) p->dirty_l1.insert(static_cast<uint32_t>((fbn - kDirect) / kPtrsPerBlock));
  p->dirty = true;
  dirty_.insert(p->ino);
  placed_bytes_ += kBlockSize;
}

Status FileSystem::Impl::PlaceRunLocked(Pnode* p, uint64_t fbn, uint64_t n, const uint8_t* data) {
  LogHead& log = log_;
  const uint32_t d = g_.data_disks;
  // Sealing a unit early costs a summary block, so a tail is written as its own unit
  // only when that is at most about 1/kTailUnitFraction of it.
  const uint64_t tail_min = std::max(d, g_.blocks_per_segment() / kTailUnitFraction);
  auto place = [&](uint64_t count, bool by_reference) -> Status {
    for (; count > 0; --count, --n, ++fbn, data += kBlockSize) {
      Result<uint64_t> a = AppendBlockLocked(log, SummaryEntry{BlockKind::kData, p->ino, fbn}, data, by_reference);
      if (!a.ok()) return a.status();
      PlacedLocked(p, fbn, *a);
    }
    return Status::Ok();
  };
  Status st;
  while (n > 0 && st.ok()) {
    if (UnitCapacity(g_, log.pos) == 0) {
      st = AdvanceSegmentLocked(log);
      continue;
    }
    const uint64_t room = UnitCapacity(g_, log.pos) - log.entries.size();
    if (n >= room) {
      st = place(room, true);  // fills the open unit, which AppendBlockLocked then seals
      continue;
    }
    // A tail: as much of it as ends the unit on a row boundary, if that is long enough,
    // is sealed from data as a shorter unit; the rest (or all of it) is copied in.
    const uint64_t over = (1 + log.entries.size() + n) % d;
    if (n >= over + tail_min) {
      st = place(n - over, true);
      if (st.ok()) st = SealLocked(log);
      continue;
    }
    st = place(n, false);
  }
  // After an error, blocks still referring to data are copied in (their unit may yet be
  // written); the blocks before fbn are placed.
  for (uint32_t k = 0; k < log.ext.size(); ++k) UnitCopyIn(log, k);
  log.ext.clear();
  if (!st.ok()) p->size = std::max(p->size, fbn * kBlockSize);
  return st;
}

void FileSystem::Impl::EncodeRecord(const Pnode& p, PnodeRecord& r) const {
  r.ino = p.ino;
  r.type = p.type;
  r.flags = p.flags;
  r.nlink = p.nlink;
  r.size = p.size;
  r.mtime = p.mtime;
  for (uint32_t i = 0; i < kDirect; ++i) r.direct[i] = i < p.map.size() ? p.map[i] : 0;
  r.single = p.l1.empty() ? 0 : p.l1[0];
  r.dbl = p.dbl;
}

Status FileSystem::Impl::LoadMapLocked(Pnode* p, const PnodeRecord& r) {
  const uint64_t nblocks = (r.size + kBlockSize - 1) / kBlockSize;
  const std::string who = "pnode " + std::to_string(r.ino);
  if (nblocks > kMaxFileBlocks) return Status::Corruption(who + ": size " + std::to_string(r.size) + " is too large");
  p->map.assign(nblocks, 0);
  for (uint64_t i = 0; i < std::min<uint64_t>(nblocks, kDirect); ++i) p->map[i] = r.direct[i];
  const uint64_t nl1 = nblocks <= kDirect ? 0 : (nblocks - kDirect + kPtrsPerBlock - 1) / kPtrsPerBlock;
  p->l1.assign(nl1, 0);
  std::vector<uint8_t> blk(kBlockSize);
  auto check = [&](uint64_t a, const std::string& what) -> Status {
    if (a != 0 && !ValidLogAddr(a)) {
      return Status::Corruption(who + ": " + what + " pointer " + std::to_string(a) + " is outside the log");
    }
    return Status::Ok();
  };
  if (nl1 > 0) p->l1[0] = r.single;
  if (nl1 > 1) {
    p->dbl = r.dbl;
    if (Status s = check(r.dbl, "double-indirect"); !s.ok()) return s;
    if (r.dbl) {
      if (Status s = ReadBlockLocked(r.dbl, blk); !s.ok()) return s;
      for (uint64_t j = 1; j < nl1; ++j) p->l1[j] = Get64(blk.data() + 8 * (j - 1));
    }
  }
  for (uint64_t j = 0; j < nl1; ++j) {
    if (Status s = check(p->l1[j], "indirect"); !s.ok()) return s;
    if (!p->l1[j]) continue;
    if (Status s = ReadBlockLocked(p->l1[j], blk); !s.ok()) return s;
    for (uint64_t k = 0; k < kPtrsPerBlock; ++k) {
      uint64_t fbn = kDirect + j * kPtrsPerBlock + k;
      if (fbn < nblocks) p->map[fbn] = Get64(blk.data() + 8 * k);
    }
  }
  for (uint64_t i = 0; i < nblocks; ++i) {
    if (Status s = check(p->map[i], "block " + std::to_string(i)); !s.ok()) return s;
  }
  return Status::Ok();
}

Result<Pnode*> FileSystem::Impl::GetPnodeLocked(uint32_t ino) {
  if (auto it = pnodes_.find(ino); it != pnodes_.end()) return it->second.get();
  if (ino >= pmap_.size() || pmap_[ino] == 0) return Status::NotFound("pnode " + std::to_string(ino) + " is not allocated");
  const uint64_t paddr = pmap_[ino], addr = paddr / kPnodesPerBlock;
  const uint32_t slot = paddr % kPnodesPerBlock;
  const std::string where = "pnode " + std::to_string(ino) + " at " + AddrName(addr) + " slot " + std::to_string(slot);
  if (!ValidLogAddr(addr)) return Status::Corruption(where + ": pnode map points outside the log");
  std::vector<uint8_t> blk(kBlockSize);
  if (Status s = ReadBlockLocked(addr, blk); !s.ok()) return s;
  auto decode = [&](const std::vector<uint8_t>& b) {
    return DecodePnode(std::span<const uint8_t, kPnodeSize>(b.data() + slot * kPnodeSize, kPnodeSize), where);
  };
  Result<std::optional<PnodeRecord>> rec = decode(blk);
  bool repaired = false;
  if (!rec.ok() && stripes_.failed_count() == 0) {
    // A bad copy on one disk: try the parity path before giving up.
    if (stripes_.ReadBlockReconstructed(SegOf(addr), BlkOf(addr), blk).ok()) {
      Result<std::optional<PnodeRecord>> again = decode(blk);
      if (again.ok() && again->has_value()) {
        rec = std::move(again);
        repaired = true;
        mount_log_.push_back(where + ": checksum mismatch on disk; recovered from parity and rewritten");
      }
    }
  }
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) return Status::Corruption(where + ": no pnode record in the slot the pnode map names");
  const PnodeRecord& r = **rec;
  if (r.ino != ino) return Status::Corruption(where + ": slot holds pnode " + std::to_string(r.ino));
  auto p = std::make_unique<Pnode>();
  p->ino = ino;
  p->type = r.type;
  p->flags = r.flags;
  p->nlink = r.nlink;
  p->size = r.size;
  p->mtime = r.mtime;
  if (Status s = LoadMapLocked(p.get(), r); !s.ok()) return Status::Corruption(s.message() + " (" + where + ")");
  Pnode* raw = p.get();
  pnodes_[ino] = std::move(p);
  if (repaired) {
    raw->dirty = true;
    dirty_.insert(ino);
  }
  if (raw->is_dir()) {
    if (Status s = LoadDirLocked(raw); !s.ok()) {
      pnodes_.erase(ino);
      return s;
    }
  }
  return raw;
}

Status FileSystem::Impl::FlushLocked() {
  flushing_ = true;
  Status s = FlushStepsLocked();
  flushing_ = false;
  if (s.ok()) s = FinishCheckpointLocked(/*wait=*/false);
  if (s.ok() && segs_since_ckpt_ >= opts_.checkpoint_interval && !in_cleaner_) return WriteCheckpointLocked(false);
  return s;
}

Status FileSystem::Impl::FlushStepsLocked() {
  placed_bytes_ = 0;
  // 1. Holes recorded since the last flush go into the garbage file.
  if (!pending_garbage_.empty()) {
    Result<Pnode*> g = GetPnodeLocked(kGarbageIno);
    if (!g.ok()) return g.status();
    std::vector<GarbageEntry> pending;
    pending.swap(pending_garbage_);
    std::vector<uint8_t> bytes(pending.size() * kGarbageEntrySize);
    for (size_t i = 0; i < pending.size(); ++i) EncodeGarbage(pending[i], bytes.data() + i * kGarbageEntrySize);
    if (Status s = WriteFileLocked(*g, (*g)->size, bytes); !s.ok()) return s;
  }
  // 2. Directory contents.
  for (uint32_t ino : dirty_) {
    Pnode* p = pnodes_.at(ino).get();
    if (!p->is_dir() || !p->dir_dirty) continue;
    std::vector<uint8_t> bytes;
    for (const auto& [name, child] : p->entries) {
      uint8_t hdr[6];
      Put32(hdr, child);
      hdr[4] = 0;
      hdr[5] = static_cast<uint8_t>(name.size());
      bytes.insert(bytes.end(), hdr, hdr + 6);
      bytes.insert(bytes.end(), name.begin(), name.end());
    }
    p->dir_dirty = false;
    if (Status s = TruncateLocked(p, 0); !s.ok()) return s;
    if (!bytes.empty()) {
      if (Status s = WriteFileLocked(p, 0, bytes); !s.ok()) return s;
    }
  }
  std::vector<uint32_t> inos(dirty_.begin(), dirty_.end());
  // 3. File blocks: continuous-media files to their own log.
  auto write_data = [&](bool cm) -> Status {
    for (uint32_t ino : inos) {
      Pnode* p = pnodes_.at(ino).get();
      if (p->is_cm() != cm) continue;
      for (auto& [fbn, data] : p->cache) {
        Result<uint64_t> a = AppendBlockLocked(cm ? cm_ : log_, SummaryEntry{BlockKind::kData, ino, fbn}, data.data());
        if (!a.ok()) return a.status();
        GarbageLocked(p->map[fbn], 0, kBlockSize);
        p->map[fbn] = *a;
        if (fbn >= kDirect) p->dirty_l1.insert(static_cast<uint32_t>((fbn - kDirect) / kPtrsPerBlock));
        p->dirty = true;
        dirty_bytes_ -= std::min<uint64_t>(dirty_bytes_, kBlockSize);
      }
      p->cache.clear();
    }
    return Status::Ok();
  };
  if (Status s = write_data(true); !s.ok()) return s;
  if (Status s = SealLocked(cm_); !s.ok()) return s;
  if (cm_.wrote) {
    // Barrier: CM data must be on disk before the pnodes that point at it.
    if (Status s = stripes_.Flush(); !s.ok()) return s;
    cm_.wrote = false;
  }
  if (Status s = write_data(false); !s.ok()) return s;
  // 4. Indirect blocks.
  std::vector<uint8_t> blk(kBlockSize);
  for (uint32_t ino : inos) {
    Pnode* p = pnodes_.at(ino).get();
    for (uint32_t idx : p->dirty_l1) {
      if (idx >= p->l1.size()) continue;
      bool any = false;
      for (uint32_t k = 0; k < kPtrsPerBlock; ++k) {
        uint64_t fbn = kDirect + uint64_t{idx} * kPtrsPerBlock + k;
        uint64_t a = fbn < p->map.size() ? p->map[fbn] : 0;
        Put64(blk.data() + 8 * k, a);
        any |= a != 0;
      }
      GarbageLocked(p->l1[idx], 0, kBlockSize);
      p->l1[idx] = 0;
      if (any) {
        Result<uint64_t> a = AppendBlockLocked(log_, SummaryEntry{BlockKind::kIndirect, ino, idx}, blk.data());
        if (!a.ok()) return a.status();
        p->l1[idx] = *a;
      }
      if (idx >= 1) p->dbl_dirty = true;
      p->dirty = true;
    }
    p->dirty_l1.clear();
    if (p->dbl_dirty) {
      bool any = false;
      for (uint32_t k = 0; k < kPtrsPerBlock; ++k) {
        uint64_t a = k + 1 < p->l1.size() ? p->l1[k + 1] : 0;
        Put64(blk.data() + 8 * k, a);
        any |= a != 0;
      }
      GarbageLocked(p->dbl, 0, kBlockSize);
      p->dbl = 0;
      if (any) {
        Result<uint64_t> a = AppendBlockLocked(log_, SummaryEntry{BlockKind::kDoubleIndirect, ino, 0}, blk.data());
        if (!a.ok()) return a.status();
        p->dbl = *a;
      }
      p->dbl_dirty = false;
      p->dirty = true;
    }
  }
  // 5. Pnodes (tombstones first), all in one unit.
  std::vector<PnodeRecord> records;
  for (uint32_t ino : tombstones_) {
    PnodeRecord r;
    r.ino = ino;
    r.type = PnodeType::kFree;
    records.push_back(r);
  }
  for (uint32_t ino : inos) {
    Pnode* p = pnodes_.at(ino).get();
    if (!p->dirty) continue;
    PnodeRecord r;
    EncodeRecord(*p, r);
    records.push_back(r);
  }
  if (!records.empty()) {
    const uint32_t nblocks = static_cast<uint32_t>((records.size() + kPnodesPerBlock - 1) / kPnodesPerBlock);
    if (nblocks <= kMaxUnitBlocks) {
      if (Status s = ReserveLocked(log_, nblocks); !s.ok()) return s;
    }
    for (size_t i = 0; i < records.size(); i += kPnodesPerBlock) {
      const size_t n = std::min<size_t>(kPnodesPerBlock, records.size() - i);
      std::fill(blk.begin(), blk.end(), 0);
      for (size_t k = 0; k < n; ++k) {
        EncodePnode(records[i + k], std::span<uint8_t, kPnodeSize>(blk.data() + k * kPnodeSize, kPnodeSize));
      }
      Result<uint64_t> a = AppendBlockLocked(log_, SummaryEntry{BlockKind::kPnode, 0, n}, blk.data());
      if (!a.ok()) return a.status();
      for (size_t k = 0; k < n; ++k) {
        const PnodeRecord& r = records[i + k];
        const uint64_t paddr = *a * kPnodesPerBlock + k;
        if (r.type == PnodeType::kFree) {
          GarbageLocked(*a, static_cast<uint32_t>(k * kPnodeSize), kPnodeSize);  // needed only until a checkpoint
          continue;
        }
        const uint64_t old = pmap_[r.ino];
        if (old) GarbageLocked(old / kPnodesPerBlock, static_cast<uint32_t>(old % kPnodesPerBlock) * kPnodeSize, kPnodeSize);
        pmap_[r.ino] = paddr;
        pnodes_.at(r.ino)->dirty = false;
      }
    }
  }
  tombstones_.clear();
  dirty_.clear();
  return SealLocked(log_);
}

Status FileSystem::Impl::WriteCheckpointLocked(bool durable) {
  if (Status s = FinishCheckpointLocked(/*wait=*/true); !s.ok()) return s;
  // Everything the checkpoint names must be durable before it.
  flushing_ = true;
  Status fs = FlushStepsLocked();
  if (fs.ok() && pending_garbage_.size() > kMaxPendingGarbage) fs = FlushStepsLocked();
  flushing_ = false;
  if (!fs.ok()) return fs;
  Checkpoint c;
  c.seq = ckpt_seq_ + 1;
  c.fs_id = fs_id_;
  c.log = log_.pos;
  c.cm = cm_.pos;
  c.pnode_map = pmap_;
  c.segment_used.assign((g_.segments + 7) / 8, 0);
  for (uint32_t s = 0; s < g_.segments; ++s) {
    if (used_[s] && !releasing_.count(s)) c.segment_used[s / 8] |= uint8_t(1u << (s % 8));
  }
  c.pending_garbage = pending_garbage_;
  if (Status s = durable ? stripes_.Flush() : stripes_.FlushAsync(); !s.ok()) return s;
  segs_since_ckpt_ = 0;
  pending_ckpt_ = std::move(c);  // written once the flush is done
  if (!durable) return Status::Ok();
  if (Status s = FinishCheckpointLocked(/*wait=*/true); !s.ok()) return s;
  return stripes_.Flush();
}

Status FileSystem::Impl::FinishCheckpointLocked(bool wait) {
  if (!pending_ckpt_ || (!wait && !stripes_.FlushDone())) return Status::Ok();
  Checkpoint c = std::move(*pending_ckpt_);
  pending_ckpt_.reset();
  if (Status s = stripes_.WaitFlush(); !s.ok()) return s;
  std::vector<uint8_t> blob = EncodeCheckpoint(c);
  const uint32_t region = (c.seq % 2 == 1) ? 0 : 1;
  const size_t row_bytes = size_t{g_.data_disks} * kBlockSize;
  blob.resize((blob.size() + row_bytes - 1) / row_bytes * row_bytes, 0);
  if (blob.size() > uint64_t{g_.ckpt_segs} * g_.segment_size) {
    return Status::Corruption("checkpoint of " + std::to_string(blob.size()) + " bytes does not fit its region");
  }
  for (uint32_t i = 0; i * size_t{g_.segment_size} < blob.size(); ++i) {
    const size_t off = size_t{i} * g_.segment_size;
    const size_t len = std::min<size_t>(g_.segment_size, blob.size() - off);
    Status s = stripes_.WriteRows(region * g_.ckpt_segs + i, 0, std::span<const uint8_t>(blob.data() + off, len));
    if (!s.ok()) return s;
  }
  ckpt_seq_ = c.seq;
  return Status::Ok();
}

Status FileSystem::Impl::SyncLocked(bool checkpoint) {
  if (checkpoint) return WriteCheckpointLocked();
  if (Status s = FlushLocked(); !s.ok()) return s;
  // A periodic checkpoint still waiting for its flush is written first, so this flush
  // makes it durable too.
  if (Status s = FinishCheckpointLocked(/*wait=*/true); !s.ok()) return s;
  return stripes_.Flush();
}

Status FileSystem::Impl::InitEmptyLocked() {
  pmap_.assign(pmap_.size(), 0);
  ino_used_.assign(pmap_.size(), false);
  ino_used_[0] = true;
  uint32_t segs[4];
  for (uint32_t& seg : segs) {
    Result<uint32_t> a = AllocSegmentLocked();
    if (!a.ok()) return a.status();
    seg = *a;
  }
  log_.pos = LogPosition{segs[0], 0, segs[1], 1};
  cm_.pos = LogPosition{segs[2], 0, segs[3], 1};
  for (uint32_t ino : {kGarbageIno, kRootIno}) {
    auto p = std::make_unique<Pnode>();
    p->ino = ino;
    p->type = ino == kRootIno ? PnodeType::kDir : PnodeType::kGarbage;
    p->nlink = 1;
    p->mtime = static_cast<uint64_t>(std::time(nullptr));
    p->dirty = true;
    p->dir_loaded = true;
    pnodes_[ino] = std::move(p);
    ino_used_[ino] = true;
    dirty_.insert(ino);
  }
  if (Status s = WriteCheckpointLocked(); !s.ok()) return s;
  return WriteCheckpointLocked();
}

Status FileSystem::Impl::RollForwardLocked() {
  const uint32_t d = g_.data_disks;
  std::vector<uint8_t> buf;
  uint64_t units = 0;
  std::set<uint32_t> applied;
  LogPosition& pos = log_.pos;
  const LogPosition start = pos;
  for (;;) {
    if (UnitCapacity(g_, pos) == 0) {
      if (pos.next_segment == 0) break;
      pos = LogPosition{pos.next_segment, 0, 0, pos.seq};
      MarkUsedLocked(pos.segment);
    }
    buf.resize(kBlockSize);
    const std::string where = "roll-forward at segment " + std::to_string(pos.segment) + " row " + std::to_string(pos.row);
    if (!stripes_.ReadBlocks(pos.segment, pos.row * d, 1, buf).ok()) {
      mount_log_.push_back(where + ": summary unreadable; log ends here");
      break;
    }
    Result<std::optional<Summary>> sum = DecodeSummary(std::span<const uint8_t, kBlockSize>(buf.data(), kBlockSize), where);
    if (!sum.ok()) {
      mount_log_.push_back(sum.status().message() + "; log ends here");
      break;
    }
    if (!sum->has_value()) break;
    const Summary& s = **sum;
    if (s.seq != pos.seq || s.segment != pos.segment || s.row != pos.row || s.fs_tag != static_cast<uint32_t>(fs_id_) ||
        (s.flags & kUnitFlagCm)) {
      break;  // an older unit: the end of the log
    }
    const uint32_t n = static_cast<uint32_t>(s.entries.size());
    buf.resize(size_t{n + 1} * kBlockSize);
    if (n > 0 && !stripes_.ReadBlocks(pos.segment, pos.row * d + 1, n, std::span<uint8_t>(buf.data() + kBlockSize, size_t{n} * kBlockSize)).ok()) {
      mount_log_.push_back(where + ": payload unreadable; log ends here");
      break;
    }
    if (Crc32c(std::span<const uint8_t>(buf.data() + kBlockSize, size_t{n} * kBlockSize)) != s.data_crc) {
      mount_log_.push_back(where + " (unit " + std::to_string(s.seq) + "): payload checksum mismatch, a torn write; log ends here");
      break;
    }
    for (uint32_t i = 0; i < n; ++i) {
      if (s.entries[i].kind != BlockKind::kPnode) continue;
      const uint64_t addr = Addr(pos.segment, pos.row * d + 1 + i);
      for (uint32_t k = 0; k < kPnodesPerBlock && k < s.entries[i].index; ++k) {
        const uint8_t* rp = buf.data() + size_t{i + 1} * kBlockSize + k * kPnodeSize;
        Result<std::optional<PnodeRecord>> r = DecodePnode(std::span<const uint8_t, kPnodeSize>(rp, kPnodeSize), where);
        if (!r.ok() || !r->has_value() || (*r)->ino >= pmap_.size()) continue;
        const PnodeRecord& rec = **r;
        pmap_[rec.ino] = rec.type == PnodeType::kFree ? 0 : addr * kPnodesPerBlock + k;
        if (rec.type != PnodeType::kFree) applied.insert(rec.ino); else applied.erase(rec.ino);
      }
    }
    if (s.cm.seq > cm_.pos.seq) cm_.pos = s.cm;
    MarkUsedLocked(pos.segment);
    MarkUsedLocked(s.next_segment);
    pos.row += (1 + n + d - 1) / d;
    pos.next_segment = s.next_segment;
    ++pos.seq;
    ++units;
  }
  if (pos.next_segment == 0 || pos.next_segment == pos.segment) {
    Result<uint32_t> a = AllocSegmentLocked();
    if (!a.ok()) return a.status();
    pos.next_segment = *a;
  }
  MarkUsedLocked(cm_.pos.segment);
  MarkUsedLocked(cm_.pos.next_segment);
  if (units > 0) {
    mount_log_.push_back("rolled forward " + std::to_string(units) + " log units from segment " +
                         std::to_string(start.segment) + " row " + std::to_string(start.row) + " to segment " +
                         std::to_string(pos.segment) + " row " + std::to_string(pos.row) + ", " +
                         std::to_string(applied.size()) + " pnodes updated");
  }
  // Segments that rolled-forward continuous-media files wrote into since the checkpoint.
  for (uint32_t ino : applied) {
    Result<Pnode*> p = GetPnodeLocked(ino);
    if (!p.ok()) return p.status();
    for (uint64_t a : (*p)->map) {
      if (a) MarkUsedLocked(SegOf(a));
    }
    for (uint64_t a : (*p)->l1) {
      if (a) MarkUsedLocked(SegOf(a));
    }
  }
  segs_since_ckpt_ = units > 0 ? opts_.checkpoint_interval : 0;
  return Status::Ok();
}

Result<std::unique_ptr<FileSystem::Impl>> FileSystem::Impl::MountDisks(const std::vector<Disk*>& disks,
                                                                       const MountOptions& opts) {
  if (disks.size() < 2) return Status::InvalidArgument("PFS needs at least 2 disks (data + parity), got " + std::to_string(disks.size()));
  std::vector<std::optional<DiskLabel>> labels(disks.size());
  std::vector<std::string> why(disks.size());
  std::vector<uint8_t> buf(kLabelSize);
  for (size_t i = 0; i < disks.size(); ++i) {
    const std::string where = "disk " + std::to_string(i) + " (" + disks[i]->name() + ")";
    Status s = disks[i]->Read(0, buf);
    if (!s.ok()) {
      why[i] = where + ": " + s.message();
      continue;
    }
    Result<DiskLabel> l = DecodeLabel(std::span<const uint8_t, kLabelSize>(buf.data(), kLabelSize), where);
    if (!l.ok()) {
      why[i] = l.status().message();
      continue;
    }
    labels[i] = *l;
  }
  // The label most disks agree on (by file system id) defines the array.
  std::optional<DiskLabel> ref;
  for (size_t i = 0; i < disks.size() && !ref; ++i) {
    if (!labels[i]) continue;
    size_t agree = 0;
    for (const auto& l : labels) agree += l && l->fs_id == labels[i]->fs_id;
    if (agree * 2 >= disks.size() - 1) ref = labels[i];
  }
  if (!ref) return Status::Corruption("mount refused: no file system label is shared by enough disks; nothing was written");
  if (ref->disks != disks.size()) {
    return Status::InvalidArgument("mount refused: the labels describe an array of " + std::to_string(ref->disks) +
                                   " disks but " + std::to_string(disks.size()) + " were given; nothing was written");
  }
  std::vector<bool> failed(disks.size(), false);
  std::string failures;
  uint32_t nfailed = 0;
  for (size_t i = 0; i < disks.size(); ++i) {
    const std::string where = "disk " + std::to_string(i) + " (" + disks[i]->name() + ")";
    if (labels[i] && labels[i]->fs_id != ref->fs_id) why[i] = where + ": belongs to another file system";
    if (labels[i] && labels[i]->fs_id == ref->fs_id && labels[i]->disk_index != i) {
      why[i] = where + ": is disk " + std::to_string(labels[i]->disk_index) + " of the array; give the disks in order";
      return Status::InvalidArgument("mount refused: " + why[i] + "; nothing was written");
    }
    if (!why[i].empty()) {
      failed[i] = true;
      ++nfailed;
      failures += (failures.empty() ? "" : "; ") + why[i];
    }
  }
  if (nfailed > 1) {
    return Status::Unavailable("mount refused: " + std::to_string(nfailed) + " disks are unusable and parity covers only one (" +
                               failures + "); nothing was written");
  }
  Geometry g;
  g.data_disks = ref->disks - 1;
  g.segment_size = ref->segment_size;
  g.segments = ref->segments;
  g.ckpt_segs = ref->ckpt_segs;
  for (size_t i = 0; i < disks.size(); ++i) {
    if (!failed[i] && disks[i]->size() < g.disk_bytes()) {
      return Status::InvalidArgument("mount refused: disk " + std::to_string(i) + " (" + disks[i]->name() + ") has " +
                                     std::to_string(disks[i]->size()) + " bytes, the array needs " + std::to_string(g.disk_bytes()));
    }
  }
  auto impl = std::make_unique<Impl>(disks, g, failed, ref->fs_id, opts);
  if (nfailed == 1) impl->mount_log_.push_back("degraded: " + failures);
  // Newest valid checkpoint.
  std::optional<Checkpoint> best;
  const char* names[2] = {"A", "B"};
  for (uint32_t r = 0; r < 2; ++r) {
    const std::string where = std::string("checkpoint ") + names[r] + " (segments " + std::to_string(r * g.ckpt_segs) +
                              ".." + std::to_string(r * g.ckpt_segs + g.ckpt_segs - 1) + ")";
    std::vector<uint8_t> region(size_t{g.ckpt_segs} * g.segment_size);
    Status s;
    for (uint32_t i = 0; i < g.ckpt_segs && s.ok(); ++i) {
      s = impl->stripes_.ReadBlocks(r * g.ckpt_segs + i, 0, g.blocks_per_segment(),
                                    std::span<uint8_t>(region.data() + size_t{i} * g.segment_size, g.segment_size));
    }
    if (!s.ok()) {
      impl->mount_log_.push_back(where + ": unreadable: " + s.message());
      continue;
    }
    Result<Checkpoint> c = DecodeCheckpoint(region, where);
    if (!c.ok()) {
      impl->mount_log_.push_back(c.status().message());
      continue;
    }
    if (c->fs_id != ref->fs_id || c->pnode_map.size() != ref->max_pnodes || c->segment_used.size() != (g.segments + 7) / 8) {
      impl->mount_log_.push_back(where + ": does not match the disk labels");
      continue;
    }
    if (!best || c->seq > best->seq) best = std::move(*c);
  }
  if (!best) return Status::Corruption("mount refused: neither checkpoint region is valid (" + [&] {
    std::string m;
    for (const auto& l : impl->mount_log_) m += (m.empty() ? "" : "; ") + l;
    return m;
  }() + ")");
  impl->mount_log_.push_back("using checkpoint " + std::string(names[best->seq % 2 == 1 ? 0 : 1]) + " (number " +
                             std::to_string(best->seq) + ")");
  impl->ckpt_seq_ = best->seq;
  impl->pmap_ = std::move(best->pnode_map);
  impl->ino_used_.assign(impl->pmap_.size(), false);
  impl->used_.assign(g.segments, false);
  impl->free_segments_ = 0;
  for (uint32_t s = 0; s < g.segments; ++s) {
    impl->used_[s] = s < g.first_log_segment() || (best->segment_used[s / 8] >> (s % 8) & 1);
    impl->free_segments_ += !impl->used_[s];
  }
  impl->log_.pos = best->log;
  impl->cm_.pos = best->cm;
  impl->pending_garbage_ = std::move(best->pending_garbage);
  if (Status s = impl->RollForwardLocked(); !s.ok()) return s;
  for (size_t i = 0; i < impl->pmap_.size(); ++i) impl->ino_used_[i] = impl->pmap_[i] != 0;
  impl->ino_used_[0] = true;
  if (!impl->ino_used_[kRootIno] || !impl->ino_used_[kGarbageIno]) {
    return Status::Corruption("mount refused: the root directory or the garbage file is missing from the pnode map");
  }
  return impl;
}

}  // namespace pegasus::pfs
