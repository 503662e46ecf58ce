// Paths, directories and the file operations on a mounted PFS.
#include <algorithm>
#include <cstring>
#include <ctime>

#include "pfs/fs_impl.h"

namespace pegasus::pfs {

namespace {

Result<std::vector<std::string>> SplitPath(const std::string& path) {
  if (path.empty() || path[0] != '/') return Status::InvalidArgument("path '" + path + "' is not absolute");
  std::vector<std::string> parts;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string c = path.substr(i, j - i);
    if (c == "." || c == "..") return Status::InvalidArgument("path '" + path + "': '.' and '..' are not supported");
    if (c.size() > kMaxNameLength) return Status::InvalidArgument("path '" + path + "': a name is longer than 255 bytes");
    if (!c.empty()) parts.push_back(std::move(c));
    i = j + 1;
  }
  return parts;
}

uint64_t Now() { return static_cast<uint64_t>(std::time(nullptr)); }

}  // namespace

Status FileSystem::Impl::LoadDirLocked(Pnode* p) {
  std::vector<uint8_t> bytes(p->size);
  Result<uint64_t> n = ReadFileLocked(p, 0, bytes);
  if (!n.ok()) return n.status();
  p->entries.clear();
  size_t off = 0;
  while (off < bytes.size()) {
    if (off + 6 > bytes.size() || off + 6 + bytes[off + 5] > bytes.size() || bytes[off + 5] == 0) {
      return Status::Corruption("directory pnode " + std::to_string(p->ino) + ": entry at offset " + std::to_string(off) +
                                " is malformed or runs past the end (" + std::to_string(bytes.size()) + " bytes)");
    }
    const uint32_t ino = Get32(bytes.data() + off);
    std::string name(reinterpret_cast<const char*>(bytes.data() + off + 6), bytes[off + 5]);
    p->entries[name] = ino;
    off += 6 + name.size();
  }
  p->dir_loaded = true;
  return Status::Ok();
}

Result<uint32_t> FileSystem::Impl::ResolveLocked(const std::string& path) {
  Result<std::vector<std::string>> parts = SplitPath(path);
  if (!parts.ok()) return parts.status();
  uint32_t ino = kRootIno;
  std::string walked;
  for (const std::string& c : *parts) {
    Result<Pnode*> d = GetPnodeLocked(ino);
    if (!d.ok()) return d.status();
    if (!(*d)->is_dir()) return Status::NotFound("'" + walked + "' in '" + path + "' is not a directory");
    auto it = (*d)->entries.find(c);
    walked += "/" + c;
    if (it == (*d)->entries.end()) return Status::NotFound("'" + walked + "' does not exist");
    ino = it->second;
  }
  return ino;
}

Result<std::pair<uint32_t, std::string>> FileSystem::Impl::ResolveParentLocked(const std::string& path) {
  Result<std::vector<std::string>> parts = SplitPath(path);
  if (!parts.ok()) return parts.status();
  if (parts->empty()) return Status::InvalidArgument("'" + path + "' is the root directory");
  std::string parent;
  for (size_t i = 0; i + 1 < parts->size(); ++i) parent += "/" + (*parts)[i];
  Result<uint32_t> pino = ResolveLocked(parent.empty() ? "/" : parent);
  if (!pino.ok()) return pino.status();
  Result<Pnode*> p = GetPnodeLocked(*pino);
  if (!p.ok()) return p.status();
  if (!(*p)->is_dir()) return Status::NotFound("'" + parent + "' is not a directory");
  return std::make_pair(*pino, parts->back());
}

Status FileSystem::Impl::CheckSpaceLocked() const {
  if (!in_cleaner_ && free_segments_ < reserve_segments_) {
    return Status::IoError("file system full: " + std::to_string(free_segments_) + " free segments, " +
                           std::to_string(reserve_segments_) + " are kept for the cleaner; run the cleaner");
  }
  return Status::Ok();
}

Result<uint32_t> FileSystem::Impl::NewPnodeLocked(PnodeType type, uint8_t flags) {
  const uint32_t n = static_cast<uint32_t>(ino_used_.size());
  for (uint32_t i = 0; i + kRootIno + 1 < n; ++i) {
    uint32_t ino = kRootIno + 1 + (ino_hint_ - kRootIno - 1 + i) % (n - kRootIno - 1);
    if (ino_used_[ino]) continue;
    ino_used_[ino] = true;
    ino_hint_ = ino + 1 >= n ? kRootIno + 1 : ino + 1;
    auto p = std::make_unique<Pnode>();
    p->ino = ino;
    p->type = type;
    p->flags = flags;
    p->nlink = 1;
    p->mtime = Now();
    p->dirty = true;
    p->dir_loaded = true;
    pnodes_[ino] = std::move(p);
    dirty_.insert(ino);
    return ino;
  }
  return Status::IoError("no free pnode: all " + std::to_string(n) + " pnodes are in use (fixed at mkfs)");
}

Status FileSystem::Impl::FreePnodeLocked(uint32_t ino) {
  Result<Pnode*> r = GetPnodeLocked(ino);
  if (!r.ok()) return r.status();
  Pnode* p = *r;
  for (uint64_t a : p->map) GarbageLocked(a, 0, kBlockSize);
  for (uint64_t a : p->l1) GarbageLocked(a, 0, kBlockSize);
  GarbageLocked(p->dbl, 0, kBlockSize);
  if (pmap_[ino]) {
    GarbageLocked(pmap_[ino] / kPnodesPerBlock, static_cast<uint32_t>(pmap_[ino] % kPnodesPerBlock) * kPnodeSize, kPnodeSize);
    tombstones_.insert(ino);
  }
  dirty_bytes_ -= std::min<uint64_t>(dirty_bytes_, p->cache.size() * kBlockSize);
  pnodes_.erase(ino);
  dirty_.erase(ino);
  pmap_[ino] = 0;
  ino_used_[ino] = false;
  return Status::Ok();
}

Result<uint64_t> FileSystem::Impl::ReadFileLocked(Pnode* p, uint64_t offset, std::span<uint8_t> out) {
  if (offset >= p->size) return uint64_t{0};
  const uint64_t n = std::min<uint64_t>(out.size(), p->size - offset);
  const uint64_t end = offset + n;
  std::vector<uint8_t> tmp;
  uint64_t fbn = offset / kBlockSize;
  while (fbn * kBlockSize < end) {
    const uint64_t bstart = fbn * kBlockSize;
    auto piece = [&](uint64_t f, const uint8_t* src) {
      const uint64_t bs = f * kBlockSize;
      const uint64_t lo = std::max(offset, bs), hi = std::min(end, bs + kBlockSize);
      if (src) {
        std::memcpy(out.data() + (lo - offset), src + (lo - bs), hi - lo);
      } else {
        std::memset(out.data() + (lo - offset), 0, hi - lo);
      }
    };
    if (auto it = p->cache.find(fbn); it != p->cache.end()) {
      piece(fbn, it->second.data());
      ++fbn;
      continue;
    }
    const uint64_t a = fbn < p->map.size() ? p->map[fbn] : 0;
    if (a == 0) {
      piece(fbn, nullptr);
      ++fbn;
      continue;
    }
    if (const uint8_t* open = OpenUnitBlockLocked(a)) {  // written, its unit not yet sealed
      piece(fbn, open);
      ++fbn;
      continue;
    }
    // A run of blocks contiguous in one segment: one read per disk.
    uint32_t run = 1;
    while ((fbn + run) * kBlockSize < end && fbn + run < p->map.size() && p->map[fbn + run] == a + run &&
           SegOf(a + run) == SegOf(a) && !p->cache.count(fbn + run) && !OpenUnitBlockLocked(a + run)) {
      ++run;
    }
    // Whole blocks go straight into the caller's buffer.
    const bool direct = offset <= fbn * kBlockSize && (fbn + run) * kBlockSize <= end;
    if (!direct) tmp.resize(size_t{run} * kBlockSize);
    std::span<uint8_t> dst = direct ? out.subspan(fbn * kBlockSize - offset, size_t{run} * kBlockSize)
                                    : std::span<uint8_t>(tmp.data(), size_t{run} * kBlockSize);
    if (Status s = stripes_.ReadBlocks(SegOf(a), BlkOf(a), run, dst); !s.ok()) {
      return Status::IoError("pnode " + std::to_string(p->ino) + " block " + std::to_string(fbn) + " at " + AddrName(a) +
                             ": " + s.message());
    }
    if (!direct) {
      for (uint32_t i = 0; i < run; ++i) piece(fbn + i, tmp.data() + size_t{i} * kBlockSize);
    }
    (void)bstart;
    fbn += run;
  }
  return n;
}

static uint64_t L1Count(uint64_t nblocks) {
  return nblocks <= kDirect ? 0 : (nblocks - kDirect + kPtrsPerBlock - 1) / kPtrsPerBlock;
}

Status FileSystem::Impl::WriteFileLocked(Pnode* p, uint64_t offset, std::span<const uint8_t> data) {
  if (data.empty()) return Status::Ok();
  const uint64_t end = offset + data.size();
  if ((end + kBlockSize - 1) / kBlockSize > kMaxFileBlocks) {
    return Status::InvalidArgument("pnode " + std::to_string(p->ino) + ": a write ending at byte " + std::to_string(end) +
                                   " exceeds the largest file (" + std::to_string(kMaxFileBlocks * kBlockSize) + " bytes)");
  }
  const uint64_t nblocks = (std::max(end, p->size) + kBlockSize - 1) / kBlockSize;
  if (nblocks > p->map.size()) p->map.resize(nblocks, 0);
  if (L1Count(nblocks) > p->l1.size()) p->l1.resize(L1Count(nblocks), 0);
  // Whole blocks of ordinary files go straight to the normal log (PlaceRunLocked): the
  // units a run of them fills are sealed from data itself, the rest is copied into the
  // open unit (sealed when full or at the next flush). A block still in the open unit
  // is overwritten there. Partial blocks, continuous-media files (whose blocks a flush
  // writes stream by stream), directories and the garbage file use the cache.
  const bool place = p->type == PnodeType::kFile && !p->is_cm();
  for (uint64_t fbn = offset / kBlockSize; fbn * kBlockSize < end; ++fbn) {
    const uint64_t bs = fbn * kBlockSize;
    const uint64_t lo = std::max(offset, bs) - bs, hi = std::min(end, bs + kBlockSize) - bs;
    const uint8_t* src = data.data() + (bs + lo - offset);
    auto it = p->cache.find(fbn);
    auto in_open_unit = [&](uint64_t f) { return p->map[f] != 0 && OpenUnitBlockLocked(p->map[f]) != nullptr; };
    if (it == p->cache.end() && in_open_unit(fbn)) {
      std::memcpy(OpenUnitBlockForWriteLocked(p->map[fbn]) + lo, src, hi - lo);
      continue;
    }
    if (it == p->cache.end() && place && lo == 0 && hi == kBlockSize) {
      // The run of whole blocks from here that are neither cached nor in the open unit.
      uint64_t n = 1;
      while ((fbn + n + 1) * kBlockSize <= end && !p->cache.count(fbn + n) && !in_open_unit(fbn + n)) ++n;
      if (Status s = PlaceRunLocked(p, fbn, n, src); !s.ok()) return s;
      fbn += n - 1;
      continue;
    }
    if (it == p->cache.end()) {
      std::vector<uint8_t> blk(kBlockSize, 0);
      if (!(lo == 0 && hi == kBlockSize) && p->map[fbn] != 0) {
        if (Status s = ReadBlockLocked(p->map[fbn], blk); !s.ok()) return s;
      }
      it = p->cache.emplace(fbn, std::move(blk)).first;
      dirty_bytes_ += kBlockSize;
    }
    std::memcpy(it->second.data() + lo, src, hi - lo);
  }
  p->size = std::max(p->size, end);
  p->mtime = Now();
  p->dirty = true;
  dirty_.insert(p->ino);
  if (dirty_bytes_ + placed_bytes_ > opts_.dirty_limit && !flushing_) return FlushLocked();
  return Status::Ok();
}

Status FileSystem::Impl::TruncateLocked(Pnode* p, uint64_t size) {
  if ((size + kBlockSize - 1) / kBlockSize > kMaxFileBlocks) {
    return Status::InvalidArgument("pnode " + std::to_string(p->ino) + ": size " + std::to_string(size) + " exceeds the largest file");
  }
  const uint64_t keep = (size + kBlockSize - 1) / kBlockSize;
  if (size < p->size) {
    for (uint64_t fbn = keep; fbn < p->map.size(); ++fbn) GarbageLocked(p->map[fbn], 0, kBlockSize);
    for (auto it = p->cache.lower_bound(keep); it != p->cache.end();) {
      it = p->cache.erase(it);
      dirty_bytes_ -= std::min<uint64_t>(dirty_bytes_, kBlockSize);
    }
    p->map.resize(keep);
    if (size % kBlockSize) {
      const uint64_t fbn = keep - 1;
      auto it = p->cache.find(fbn);
      if (it == p->cache.end()) {
        std::vector<uint8_t> blk(kBlockSize, 0);
        if (p->map[fbn]) {
          if (Status s = ReadBlockLocked(p->map[fbn], blk); !s.ok()) return s;
        }
        it = p->cache.emplace(fbn, std::move(blk)).first;
        dirty_bytes_ += kBlockSize;
      }
      std::memset(it->second.data() + size % kBlockSize, 0, kBlockSize - size % kBlockSize);
    }
    const uint64_t nl1 = L1Count(keep);
    for (uint64_t j = nl1; j < p->l1.size(); ++j) {
      GarbageLocked(p->l1[j], 0, kBlockSize);
      p->dirty_l1.erase(static_cast<uint32_t>(j));
    }
    if (nl1 < p->l1.size()) {
      p->l1.resize(nl1);
      if (nl1 > 0) p->dirty_l1.insert(static_cast<uint32_t>(nl1 - 1));
      p->dbl_dirty = true;
    }
  } else if (size > p->size) {
    p->map.resize(keep, 0);
    if (L1Count(keep) > p->l1.size()) p->l1.resize(L1Count(keep), 0);
  }
  p->size = size;
  p->mtime = Now();
  p->dirty = true;
  dirty_.insert(p->ino);
  return Status::Ok();
}

}  // namespace pegasus::pfs
