// The garbage file and the one-pass cleaner.
//
// Every superseded or deleted extent was appended to the garbage file (pnode 1) as
// (segment, offset, length). A pass: flush, mark the garbage file's end, read the entries
// before the mark, sort them by segment, and clean the chosen segments one at a time
// (reading each once, moving its live blocks to the log head). Liveness is decided from
// the pnodes alone (does the owner still point here?), so the pass costs O(entries +
// cleaned segments), independent of the size of the file system. Clients run between
// segments; their new holes go after the mark. At the end the garbage file is rewritten
// as (entries after the mark) + (entries of segments not cleaned this time), and two
// checkpoints are written before the cleaned segments are handed out again.
#include <algorithm>
#include <cstring>

#include "pfs/fs_impl.h"

namespace pegasus::pfs {

Status FileSystem::Impl::CleanSegmentLocked(uint32_t seg, CleanStats& stats) {
  std::vector<uint8_t> bytes(g_.segment_size);
  if (Status s = stripes_.ReadBlocks(seg, 0, g_.blocks_per_segment(), bytes); !s.ok()) return s;
  std::vector<std::string> problems;
  Status result;
  Status walk = WalkUnitsLocked(seg, bytes, [&](uint32_t row, const Summary& sum) {
    if (!result.ok()) return;
    for (uint32_t i = 0; i < sum.entries.size(); ++i) {
      const SummaryEntry& e = sum.entries[i];
      const uint32_t blk = row * g_.data_disks + 1 + i;
      const uint64_t addr = Addr(seg, blk);
      const uint8_t* data = bytes.data() + size_t{blk} * kBlockSize;
      if (e.kind == BlockKind::kPnode) {
        for (uint32_t k = 0; k < kPnodesPerBlock && k < e.index; ++k) {
          Result<std::optional<PnodeRecord>> r =
              DecodePnode(std::span<const uint8_t, kPnodeSize>(data + k * kPnodeSize, kPnodeSize), AddrName(addr));
          if (!r.ok() || !r->has_value()) continue;
          const uint32_t ino = (*r)->ino;
          if (ino >= pmap_.size() || pmap_[ino] != addr * kPnodesPerBlock + k) continue;
          Result<Pnode*> p = GetPnodeLocked(ino);
          if (!p.ok()) {
            result = p.status();
            return;
          }
          (*p)->dirty = true;
          dirty_.insert(ino);
          ++stats.live_blocks_moved;
        }
        continue;
      }
      if (e.ino >= pmap_.size() || !ino_used_[e.ino]) continue;
      Result<Pnode*> r = GetPnodeLocked(e.ino);
      if (!r.ok()) {
        if (r.status().code() == Status::Code::kNotFound) continue;
        result = r.status();
        return;
      }
      Pnode* p = *r;
      bool live = false;
      if (e.kind == BlockKind::kData) {
        if (e.index < p->map.size() && p->map[e.index] == addr) {
          live = true;
          if (!p->cache.count(e.index)) {
            p->cache.emplace(e.index, std::vector<uint8_t>(data, data + kBlockSize));
            dirty_bytes_ += kBlockSize;
          }
        }
      } else if (e.kind == BlockKind::kIndirect) {
        if (e.index < p->l1.size() && p->l1[e.index] == addr) {
          live = true;
          p->dirty_l1.insert(static_cast<uint32_t>(e.index));
        }
      } else if (e.kind == BlockKind::kDoubleIndirect) {
        if (p->dbl == addr) {
          live = true;
          p->dbl_dirty = true;
        }
      }
      if (live) {
        p->dirty = true;
        dirty_.insert(p->ino);
        ++stats.live_blocks_moved;
      }
    }
  }, &problems);
  if (!walk.ok()) return walk;
  if (!result.ok()) return result;
  if (!problems.empty()) {
    return Status::Corruption("cannot clean segment " + std::to_string(seg) + ": " + problems.front());
  }
  // Moved blocks wait in the cache like any dirty data; the segment is released only
  // after the final flush and checkpoints of the pass.
  if (dirty_bytes_ > opts_.dirty_limit) return FlushLocked();
  return Status::Ok();
}

Result<CleanStats> FileSystem::Impl::Clean(double min_fraction, const Progress& progress) {
  CleanStats stats;
  std::vector<GarbageEntry> entries;
  uint64_t mark = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (in_cleaner_) return Status::Unavailable("the cleaner is already running");
    if (Status s = FlushLocked(); !s.ok()) return s;
    Result<Pnode*> g = GetPnodeLocked(kGarbageIno);
    if (!g.ok()) return g.status();
    mark = (*g)->size / kGarbageEntrySize * kGarbageEntrySize;
    in_cleaner_ = true;
  }
  struct Done {  // clears in_cleaner_ on every path
    Impl* self;
    ~Done() {
      std::lock_guard<std::mutex> lock(self->mu_);
      self->in_cleaner_ = false;
      self->cleaning_.clear();
    }
  } done{this};
  // Read the entries before the mark, a piece at a time so clients can run.
  constexpr uint64_t kPiece = 256 * 1024;
  std::vector<uint8_t> buf;
  for (uint64_t off = 0; off < mark; off += kPiece) {
    std::lock_guard<std::mutex> lock(mu_);
    Result<Pnode*> g = GetPnodeLocked(kGarbageIno);
    if (!g.ok()) return g.status();
    buf.resize(std::min(kPiece, mark - off));
    Result<uint64_t> n = ReadFileLocked(*g, off, buf);
    if (!n.ok()) return n.status();
    for (uint64_t i = 0; i + kGarbageEntrySize <= *n; i += kGarbageEntrySize) entries.push_back(DecodeGarbage(buf.data() + i));
  }
  stats.garbage_entries = entries.size();
  std::sort(entries.begin(), entries.end(), [](const GarbageEntry& a, const GarbageEntry& b) {
    return a.segment != b.segment ? a.segment < b.segment : a.offset < b.offset;
  });
  // Per segment: dead bytes. Choose segments; the rest keep their entries.
  struct Candidate {
    uint32_t seg;
    uint64_t dead;
    size_t first, last;
  };
  std::vector<Candidate> cands;
  std::vector<GarbageEntry> deferred;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < entries.size();) {
      size_t j = i;
      uint64_t dead = 0;
      while (j < entries.size() && entries[j].segment == entries[i].segment) dead += entries[j++].length;
      stats.garbage_bytes += dead;
      const uint32_t seg = entries[i].segment;
      if (seg < g_.first_log_segment() || seg >= g_.segments || !used_[seg]) {
        // Stale: the segment was cleaned already.
      } else if (IsHeadSegment(seg) || dead < min_fraction * g_.segment_size) {
        deferred.insert(deferred.end(), entries.begin() + i, entries.begin() + j);
      } else {
        cands.push_back({seg, dead, i, j});
      }
      i = j;
    }
    // Most garbage first; stop when the live data to move would not fit in free space.
    std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) { return a.dead > b.dead; });
    uint64_t live_budget = free_segments_ > reserve_segments_ / 2
                               ? uint64_t{free_segments_ - reserve_segments_ / 2} * g_.segment_size
                               : 0;
    size_t keep = 0;
    uint64_t live_total = 0;
    for (; keep < cands.size(); ++keep) {
      const uint64_t live = g_.segment_size - std::min<uint64_t>(g_.segment_size, cands[keep].dead);
      if (live_total + live > live_budget) break;
      live_total += live;
    }
    for (size_t k = keep; k < cands.size(); ++k) {
      deferred.insert(deferred.end(), entries.begin() + cands[k].first, entries.begin() + cands[k].last);
    }
    cands.resize(keep);
    std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) { return a.seg < b.seg; });
    for (const Candidate& c : cands) cleaning_.insert(c.seg);
  }
  // The pass: one segment at a time under the lock.
  std::vector<uint32_t> cleaned;
  for (size_t k = 0; k < cands.size(); ++k) {
    std::lock_guard<std::mutex> lock(mu_);
    Status s = CleanSegmentLocked(cands[k].seg, stats);
    if (!s.ok()) {
      if (s.code() != Status::Code::kCorruption) return s;
      // Keep the segment and its entries; report through the mount log.
      mount_log_.push_back("cleaner: " + s.message());
      cleaning_.erase(cands[k].seg);
      deferred.insert(deferred.end(), entries.begin() + cands[k].first, entries.begin() + cands[k].last);
      continue;
    }
    cleaned.push_back(cands[k].seg);
    if (progress) progress(k + 1, cands.size());
  }
  // Rewrite the garbage file: what came after the mark, then the deferred entries.
  std::lock_guard<std::mutex> lock(mu_);
  Result<Pnode*> gr = GetPnodeLocked(kGarbageIno);
  if (!gr.ok()) return gr.status();
  Pnode* g = *gr;
  std::vector<uint8_t> tail(g->size > mark ? g->size - mark : 0);
  if (!tail.empty()) {
    Result<uint64_t> n = ReadFileLocked(g, mark, tail);
    if (!n.ok()) return n.status();
  }
  std::vector<uint8_t> rewritten;
  rewritten.reserve(tail.size() + deferred.size() * kGarbageEntrySize);
  for (size_t i = 0; i + kGarbageEntrySize <= tail.size(); i += kGarbageEntrySize) {
    GarbageEntry e = DecodeGarbage(tail.data() + i);
    if (cleaning_.count(e.segment)) continue;
    rewritten.insert(rewritten.end(), tail.data() + i, tail.data() + i + kGarbageEntrySize);
  }
  for (const GarbageEntry& e : deferred) {
    uint8_t b[kGarbageEntrySize];
    EncodeGarbage(e, b);
    rewritten.insert(rewritten.end(), b, b + kGarbageEntrySize);
  }
  stats.entries_deferred = deferred.size();
  stats.segments_cleaned = cleaned.size();
  if (Status s = TruncateLocked(g, 0); !s.ok()) return s;
  if (Status s = WriteFileLocked(g, 0, rewritten); !s.ok()) return s;
  if (Status s = FlushLocked(); !s.ok()) return s;
  // Nothing points into the cleaned segments any more. They are free in the next two
  // checkpoints and handed out only after both are on disk.
  for (uint32_t s : cleaned) releasing_.insert(s);
  cleaning_.clear();
  if (Status s = WriteCheckpointLocked(); !s.ok()) return s;
  if (Status s = WriteCheckpointLocked(); !s.ok()) return s;
  for (uint32_t s : releasing_) {
    if (used_[s]) {
      used_[s] = false;
      ++free_segments_;
    }
  }
  releasing_.clear();
  return stats;
}

}  // namespace pegasus::pfs
