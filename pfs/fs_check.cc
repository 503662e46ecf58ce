// fsck, scrub and rebuild.
#include <algorithm>
#include <deque>
#include <unordered_map>

#include "pfs/crc32c.h"
#include "pfs/fs_impl.h"

namespace pegasus::pfs {

Status FileSystem::Impl::WalkUnitsLocked(uint32_t seg, const std::vector<uint8_t>& bytes,
                                         const std::function<void(uint32_t, const Summary&)>& fn,
                                         std::vector<std::string>* problems) {
  const uint32_t d = g_.data_disks;
  uint64_t prev_seq = 0;
  uint32_t row = 0;
  while (row < g_.rows_per_segment() && g_.blocks_per_segment() - row * d > 1) {
    const uint8_t* p = bytes.data() + size_t{row} * d * kBlockSize;
    const std::string where = "segment " + std::to_string(seg) + " row " + std::to_string(row) + " (disk offset " +
                              std::to_string(g_.RowOffset(seg, row)) + ")";
    Result<std::optional<Summary>> r = DecodeSummary(std::span<const uint8_t, kBlockSize>(p, kBlockSize), where);
    if (!r.ok()) {
      problems->push_back(r.status().message());
      return Status::Ok();
    }
    if (!r->has_value()) return Status::Ok();
    const Summary& s = **r;
    if (s.segment != seg || s.row != row || s.fs_tag != static_cast<uint32_t>(fs_id_) || s.seq <= prev_seq) {
      return Status::Ok();  // left over from an earlier use of the segment
    }
    const uint32_t n = static_cast<uint32_t>(s.entries.size());
    const uint32_t rows = (1 + n + d - 1) / d;
    if (row + rows > g_.rows_per_segment()) {
      problems->push_back(where + ": unit of " + std::to_string(n) + " blocks runs past the segment end");
      return Status::Ok();
    }
    if (Crc32c(std::span<const uint8_t>(p + kBlockSize, size_t{n} * kBlockSize)) != s.data_crc) {
      problems->push_back(where + " (unit " + std::to_string(s.seq) + "): payload checksum mismatch");
      return Status::Ok();
    }
    fn(row, s);
    prev_seq = s.seq;
    row += rows;
  }
  return Status::Ok();
}

Result<ScrubReport> FileSystem::Impl::Scrub(const Progress& progress) {
  ScrubReport rep;
  uint32_t nsegs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stripes_.failed_count() > 0) {
      return Status::Unavailable("scrub needs every disk; rebuild the missing one first");
    }
    if (Status s = SyncLocked(false); !s.ok()) return s;
    nsegs = g_.segments;
  }
  const uint32_t d = g_.data_disks;
  std::vector<uint8_t> bytes(g_.segment_size);
  for (uint32_t seg = 0; seg < nsegs; ++seg) {
    std::lock_guard<std::mutex> lock(mu_);
    if (progress && seg % 64 == 0) progress(seg, nsegs);
    if (!used_[seg]) continue;
    ++rep.segments_checked;
    auto check_rows = [&](uint32_t row, uint32_t n) -> Status {
      Result<std::vector<uint32_t>> bad = stripes_.ScrubRows(seg, row, n);
      if (!bad.ok()) return bad.status();
      rep.rows_checked += n;
      for (uint32_t r : *bad) {
        rep.problems.push_back("segment " + std::to_string(seg) + " row " + std::to_string(r) + " (disk offset " +
                               std::to_string(g_.RowOffset(seg, r)) + "): parity mismatch");
      }
      return Status::Ok();
    };
    if (seg < g_.first_log_segment()) {
      if (Status s = check_rows(0, g_.rows_per_segment()); !s.ok()) return s;
      continue;
    }
    if (Status s = stripes_.ReadBlocks(seg, 0, g_.blocks_per_segment(), bytes); !s.ok()) return s;
    Status inner;
    Status walk = WalkUnitsLocked(seg, bytes, [&](uint32_t row, const Summary& s) {
      if (inner.ok()) inner = check_rows(row, static_cast<uint32_t>((1 + s.entries.size() + d - 1) / d));
    }, &rep.problems);
    if (!walk.ok()) return walk;
    if (!inner.ok()) return inner;
  }
  if (progress) progress(nsegs, nsegs);
  return rep;
}

Status FileSystem::Impl::Rebuild(uint32_t disk, const Progress& progress) {
  std::lock_guard<std::mutex> lock(mu_);
  if (disk >= stripes_.disk_count()) {
    return Status::InvalidArgument("no disk " + std::to_string(disk) + "; the array has " + std::to_string(stripes_.disk_count()));
  }
  for (uint32_t k = 0; k < stripes_.disk_count(); ++k) {
    if (k != disk && stripes_.failed(k)) {
      return Status::Unavailable("cannot rebuild " + stripes_.DiskName(disk) + ": " + stripes_.DiskName(k) + " is missing too");
    }
  }
  if (Status s = SyncLocked(false); !s.ok()) return s;
  if (stripes_.disk(disk)->size() < g_.disk_bytes()) {
    return Status::InvalidArgument("replacement " + stripes_.DiskName(disk) + " has " + std::to_string(stripes_.disk(disk)->size()) +
                                   " bytes, needs " + std::to_string(g_.disk_bytes()));
  }
  DiskLabel l;
  l.fs_id = fs_id_;
  l.disk_index = disk;
  l.disks = stripes_.disk_count();
  l.segment_size = g_.segment_size;
  l.segments = g_.segments;
  l.ckpt_segs = g_.ckpt_segs;
  l.max_pnodes = static_cast<uint32_t>(pmap_.size());
  if (Status s = stripes_.WriteLabel(disk, l); !s.ok()) return s;
  uint64_t done = 0, total = 0;
  for (uint32_t s = 0; s < g_.segments; ++s) total += used_[s];
  for (uint32_t s = 0; s < g_.segments; ++s) {
    if (!used_[s]) continue;
    if (Status st = stripes_.RebuildChunk(disk, s); !st.ok()) {
      return Status::IoError("rebuild of " + stripes_.DiskName(disk) + " stopped at segment " + std::to_string(s) + ": " + st.message());
    }
    if (progress && (++done % 16 == 0 || done == total)) progress(done, total);
  }
  if (Status s = stripes_.disk(disk)->Flush(); !s.ok()) return s;
  stripes_.MarkWorking(disk);
  mount_log_.push_back("rebuilt " + stripes_.DiskName(disk) + ": " + std::to_string(total) + " segments");
  return Status::Ok();
}

Result<FsckReport> FileSystem::Impl::Fsck(const Progress& progress) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = SyncLocked(true); !s.ok()) return s;
  pnodes_.clear();  // check what is on disk, not what is cached
  FsckReport rep;
  std::unordered_map<uint64_t, uint32_t> owner;
  const uint32_t n = static_cast<uint32_t>(pmap_.size());
  auto claim = [&](uint64_t a, uint32_t ino, const std::string& what) {
    if (a == 0) return;
    ++rep.blocks;
    const std::string who = "pnode " + std::to_string(ino) + " " + what;
    if (!ValidLogAddr(a)) {
      rep.problems.push_back(who + " points outside the log (address " + std::to_string(a) + ")");
      return;
    }
    if (!used_[SegOf(a)]) rep.problems.push_back(who + " at " + AddrName(a) + " lies in a segment marked free");
    auto [it, fresh] = owner.emplace(a, ino);
    if (!fresh) rep.problems.push_back(who + " at " + AddrName(a) + " is also used by pnode " + std::to_string(it->second));
  };
  for (uint32_t ino = 1; ino < n; ++ino) {
    if (progress && ino % 4096 == 0) progress(ino, n);
    if (pmap_[ino] == 0) continue;
    Result<Pnode*> r = GetPnodeLocked(ino);
    if (!r.ok()) {
      rep.problems.push_back(r.status().message());
      continue;
    }
    Pnode* p = *r;
    ++rep.pnodes;
    if (p->is_dir()) ++rep.directories; else if (p->type == PnodeType::kFile) ++rep.files;
    if ((ino == kRootIno) != (p->type == PnodeType::kDir && ino == kRootIno) ||
        (ino == kGarbageIno) != (p->type == PnodeType::kGarbage)) {
      rep.problems.push_back("pnode " + std::to_string(ino) + " has the wrong type for its number");
    }
    for (size_t f = 0; f < p->map.size(); ++f) claim(p->map[f], ino, "block " + std::to_string(f));
    for (size_t j = 0; j < p->l1.size(); ++j) claim(p->l1[j], ino, "indirect block " + std::to_string(j));
    claim(p->dbl, ino, "double-indirect block");
  }
  // The namespace.
  std::vector<uint32_t> refs(n, 0);
  std::vector<bool> seen(n, false);
  std::deque<std::pair<uint32_t, std::string>> queue{{kRootIno, ""}};
  seen[kRootIno] = true;
  while (!queue.empty()) {
    auto [dino, path] = queue.front();
    queue.pop_front();
    auto it = pnodes_.find(dino);
    if (it == pnodes_.end()) continue;
    for (const auto& [name, child] : it->second->entries) {
      const std::string cpath = path + "/" + name;
      if (child >= n || pmap_[child] == 0 || child <= kRootIno) {
        rep.problems.push_back("directory '" + (path.empty() ? "/" : path) + "' entry '" + name + "' names pnode " +
                               std::to_string(child) + ", which is not an allocated file");
        continue;
      }
      ++refs[child];
      auto c = pnodes_.find(child);
      if (c != pnodes_.end() && c->second->is_dir()) {
        if (seen[child]) {
          rep.problems.push_back("directory pnode " + std::to_string(child) + " appears twice ('" + cpath + "')");
        } else {
          seen[child] = true;
          queue.emplace_back(child, cpath);
        }
      }
    }
  }
  for (uint32_t ino = kRootIno + 1; ino < n; ++ino) {
    if (pmap_[ino] == 0) continue;
    auto it = pnodes_.find(ino);
    if (it == pnodes_.end()) continue;
    if (refs[ino] == 0) {
      rep.problems.push_back("pnode " + std::to_string(ino) + " is in no directory (orphan)");
    } else if (refs[ino] != it->second->nlink) {
      rep.problems.push_back("pnode " + std::to_string(ino) + " has link count " + std::to_string(it->second->nlink) +
                             " but " + std::to_string(refs[ino]) + " directory entries");
    }
  }
  if (progress) progress(n, n);
  return rep;
}

}  // namespace pegasus::pfs
