// The public FileSystem: argument checks and locking around FileSystem::Impl.
#include "pfs/include/pfs/file_system.h"

#include <chrono>

#include "pfs/fs_impl.h"

namespace pegasus::pfs {

namespace {

Status ValidName(const std::string& name, const std::string& path) {
  if (name.empty() || name.size() > kMaxNameLength) {
    return Status::InvalidArgument("'" + path + "': names are 1 to 255 bytes");
  }
  return Status::Ok();
}

// "/a//b/" -> "/a/b".
std::string Normalize(const std::string& path) {
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out += "/" + path.substr(i, j - i);
    i = j + 1;
  }
  return out;
}

}  // namespace

FileSystem::FileSystem(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileSystem::~FileSystem() = default;

Status FileSystem::Mkfs(const std::vector<Disk*>& disks, const MkfsOptions& o) {
  if (disks.size() < 2) return Status::InvalidArgument("mkfs: PFS needs at least 2 disks (data + parity), got " + std::to_string(disks.size()));
  Geometry g;
  g.data_disks = static_cast<uint32_t>(disks.size() - 1);
  g.segment_size = o.segment_size;
  const uint64_t row = uint64_t{g.data_disks} * kBlockSize;
  if (o.segment_size == 0 || o.segment_size % row != 0 || o.segment_size / row < 2) {
    return Status::InvalidArgument("mkfs: segment size " + std::to_string(o.segment_size) + " must be a multiple of " +
                                   std::to_string(row) + " (data disks x 4096) and at least two rows");
  }
  if (o.max_pnodes < 16) return Status::InvalidArgument("mkfs: at least 16 pnodes");
  uint64_t smallest = UINT64_MAX;
  for (Disk* d : disks) smallest = std::min(smallest, d->size());
  if (smallest <= kLabelSize) return Status::InvalidArgument("mkfs: a disk is too small");
  const uint64_t segs = (smallest - kLabelSize) / g.chunk_size();
  if (segs > UINT32_MAX / 2) return Status::InvalidArgument("mkfs: too many segments; use larger segments");
  g.segments = static_cast<uint32_t>(segs);
  g.ckpt_segs = static_cast<uint32_t>((CheckpointBound(o.max_pnodes, g.segments) + g.segment_size - 1) / g.segment_size);
  if (g.segments < g.first_log_segment() + 16) {
    return Status::InvalidArgument("mkfs: the disks hold " + std::to_string(g.segments) + " segments of " +
                                   std::to_string(g.segment_size) + " bytes; at least " +
                                   std::to_string(g.first_log_segment() + 16) + " are needed");
  }
  DiskLabel l;
  l.fs_id = o.fs_id ? o.fs_id
                    : static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) | 1;
  l.disks = static_cast<uint32_t>(disks.size());
  l.segment_size = g.segment_size;
  l.segments = g.segments;
  l.ckpt_segs = g.ckpt_segs;
  l.max_pnodes = o.max_pnodes;
  Impl impl(disks, g, std::vector<bool>(disks.size(), false), l.fs_id, MountOptions{});
  for (uint32_t i = 0; i < disks.size(); ++i) {
    l.disk_index = i;
    if (Status s = impl.stripes_.WriteLabel(i, l); !s.ok()) return s;
  }
  impl.pmap_.assign(o.max_pnodes, 0);
  std::lock_guard<std::mutex> lock(impl.mu_);
  return impl.InitEmptyLocked();
}

Result<std::unique_ptr<FileSystem>> FileSystem::Mount(const std::vector<Disk*>& disks, const MountOptions& options) {
  Result<std::unique_ptr<Impl>> impl = Impl::MountDisks(disks, options);
  if (!impl.ok()) return impl.status();
  return std::unique_ptr<FileSystem>(new FileSystem(std::move(*impl)));
}

const std::vector<std::string>& FileSystem::mount_log() const { return impl_->mount_log_; }

Status FileSystem::Unmount() {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  return impl_->SyncLocked(true);
}

Status FileSystem::Sync() {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  return impl_->SyncLocked(true);
}

Result<uint32_t> FileSystem::Create(const std::string& path, bool continuous_media) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  if (Status s = impl_->CheckSpaceLocked(); !s.ok()) return s;
  auto parent = impl_->ResolveParentLocked(path);
  if (!parent.ok()) return parent.status();
  if (Status s = ValidName(parent->second, path); !s.ok()) return s;
  Pnode* d = *impl_->GetPnodeLocked(parent->first);
  if (d->entries.count(parent->second)) return Status::InvalidArgument("'" + path + "' already exists");
  Result<uint32_t> ino = impl_->NewPnodeLocked(PnodeType::kFile, continuous_media ? kPnodeFlagCm : 0);
  if (!ino.ok()) return ino;
  d = *impl_->GetPnodeLocked(parent->first);
  d->entries[parent->second] = *ino;
  d->dir_dirty = d->dirty = true;
  impl_->dirty_.insert(d->ino);
  return ino;
}

Result<uint32_t> FileSystem::Open(const std::string& path) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Result<uint32_t> ino = impl_->ResolveLocked(path);
  if (!ino.ok()) return ino;
  Result<Pnode*> p = impl_->GetPnodeLocked(*ino);
  if (!p.ok()) return p.status();
  if ((*p)->is_dir()) return Status::InvalidArgument("'" + path + "' is a directory");
  return ino;
}

Result<uint64_t> FileSystem::Read(uint32_t ino, uint64_t offset, std::span<uint8_t> out) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Result<Pnode*> p = impl_->GetPnodeLocked(ino);
  if (!p.ok()) return p.status();
  return impl_->ReadFileLocked(*p, offset, out);
}

Status FileSystem::Write(uint32_t ino, uint64_t offset, std::span<const uint8_t> data) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  if (ino <= kRootIno) return Status::InvalidArgument("pnode " + std::to_string(ino) + " is not a user file");
  if (Status s = impl_->CheckSpaceLocked(); !s.ok()) return s;
  Result<Pnode*> p = impl_->GetPnodeLocked(ino);
  if (!p.ok()) return p.status();
  if ((*p)->is_dir()) return Status::InvalidArgument("pnode " + std::to_string(ino) + " is a directory");
  return impl_->WriteFileLocked(*p, offset, data);
}

Status FileSystem::Truncate(uint32_t ino, uint64_t size) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  if (ino <= kRootIno) return Status::InvalidArgument("pnode " + std::to_string(ino) + " is not a user file");
  Result<Pnode*> p = impl_->GetPnodeLocked(ino);
  if (!p.ok()) return p.status();
  if ((*p)->is_dir()) return Status::InvalidArgument("pnode " + std::to_string(ino) + " is a directory");
  return impl_->TruncateLocked(*p, size);
}

Status FileSystem::Fsync(uint32_t ino) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Result<Pnode*> p = impl_->GetPnodeLocked(ino);
  if (!p.ok()) return p.status();
  return impl_->SyncLocked(false);
}

Status FileSystem::Rename(const std::string& from, const std::string& to) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Impl& m = *impl_;
  auto fp = m.ResolveParentLocked(from);
  if (!fp.ok()) return fp.status();
  auto tp = m.ResolveParentLocked(to);
  if (!tp.ok()) return tp.status();
  if (Status s = ValidName(tp->second, to); !s.ok()) return s;
  Pnode* fd = *m.GetPnodeLocked(fp->first);
  auto it = fd->entries.find(fp->second);
  if (it == fd->entries.end()) return Status::NotFound("'" + from + "' does not exist");
  const uint32_t src = it->second;
  Result<Pnode*> sp = m.GetPnodeLocked(src);
  if (!sp.ok()) return sp.status();
  const bool src_dir = (*sp)->is_dir();
  if (src_dir) {
    // The target may not lie inside the directory being moved.
    const std::string prefix = Normalize(from) + "/";
    if (Normalize(to).compare(0, prefix.size(), prefix) == 0) {
      return Status::InvalidArgument("cannot move '" + from + "' into itself ('" + to + "')");
    }
  }
  Pnode* td = *m.GetPnodeLocked(tp->first);
  if (auto t = td->entries.find(tp->second); t != td->entries.end()) {
    if (t->second == src) return Status::Ok();
    Result<Pnode*> dp = m.GetPnodeLocked(t->second);
    if (!dp.ok()) return dp.status();
    if ((*dp)->is_dir() != src_dir) {
      return Status::InvalidArgument("cannot rename '" + from + "' over '" + to + "': one is a directory, the other not");
    }
    if ((*dp)->is_dir() && !(*dp)->entries.empty()) {
      return Status::InvalidArgument("cannot rename over '" + to + "': directory not empty");
    }
    const uint32_t victim = t->second;
    td->entries.erase(t);
    if (Status s = m.FreePnodeLocked(victim); !s.ok()) return s;
    fd = *m.GetPnodeLocked(fp->first);
    td = *m.GetPnodeLocked(tp->first);
  }
  fd->entries.erase(fp->second);
  td->entries[tp->second] = src;
  for (Pnode* d : {fd, td}) {
    d->dir_dirty = d->dirty = true;
    m.dirty_.insert(d->ino);
  }
  return Status::Ok();
}

Status FileSystem::Unlink(const std::string& path) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Impl& m = *impl_;
  auto parent = m.ResolveParentLocked(path);
  if (!parent.ok()) return parent.status();
  Pnode* d = *m.GetPnodeLocked(parent->first);
  auto it = d->entries.find(parent->second);
  if (it == d->entries.end()) return Status::NotFound("'" + path + "' does not exist");
  Result<Pnode*> p = m.GetPnodeLocked(it->second);
  if (!p.ok()) return p.status();
  if ((*p)->is_dir() && !(*p)->entries.empty()) return Status::InvalidArgument("'" + path + "': directory not empty");
  const uint32_t ino = it->second;
  d->entries.erase(it);
  d->dir_dirty = d->dirty = true;
  m.dirty_.insert(d->ino);
  return m.FreePnodeLocked(ino);
}

Status FileSystem::Mkdir(const std::string& path) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Impl& m = *impl_;
  if (Status s = m.CheckSpaceLocked(); !s.ok()) return s;
  auto parent = m.ResolveParentLocked(path);
  if (!parent.ok()) return parent.status();
  if (Status s = ValidName(parent->second, path); !s.ok()) return s;
  if ((*m.GetPnodeLocked(parent->first))->entries.count(parent->second)) {
    return Status::InvalidArgument("'" + path + "' already exists");
  }
  Result<uint32_t> ino = m.NewPnodeLocked(PnodeType::kDir, 0);
  if (!ino.ok()) return ino.status();
  Pnode* d = *m.GetPnodeLocked(parent->first);
  d->entries[parent->second] = *ino;
  d->dir_dirty = d->dirty = true;
  m.dirty_.insert(d->ino);
  return Status::Ok();
}

Result<std::vector<DirEntry>> FileSystem::Readdir(const std::string& path) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Result<uint32_t> ino = impl_->ResolveLocked(path);
  if (!ino.ok()) return ino.status();
  Result<Pnode*> d = impl_->GetPnodeLocked(*ino);
  if (!d.ok()) return d.status();
  if (!(*d)->is_dir()) return Status::InvalidArgument("'" + path + "' is not a directory");
  std::vector<std::pair<std::string, uint32_t>> list((*d)->entries.begin(), (*d)->entries.end());
  std::vector<DirEntry> out;
  for (const auto& [name, child] : list) {
    Result<Pnode*> c = impl_->GetPnodeLocked(child);
    if (!c.ok()) return c.status();
    out.push_back(DirEntry{name, child, (*c)->is_dir()});
  }
  return out;
}

Result<StatInfo> FileSystem::Stat(const std::string& path) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Result<uint32_t> ino = impl_->ResolveLocked(path);
  if (!ino.ok()) return ino.status();
  Result<Pnode*> r = impl_->GetPnodeLocked(*ino);
  if (!r.ok()) return r.status();
  const Pnode* p = *r;
  StatInfo st;
  st.ino = p->ino;
  st.is_dir = p->is_dir();
  st.continuous_media = p->is_cm();
  st.size = p->size;
  st.mtime = p->mtime;
  st.nlink = p->nlink;
  for (uint64_t a : p->map) st.blocks += a != 0;
  return st;
}

Result<StatFs> FileSystem::Statfs() {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Impl& m = *impl_;
  StatFs s;
  s.block_size = kBlockSize;
  s.segment_size = m.g_.segment_size;
  s.segments = m.g_.segments - m.g_.first_log_segment();
  s.free_segments = m.free_segments_;
  s.total_bytes = s.segments * s.segment_size;
  s.free_bytes = s.free_segments * s.segment_size;
  for (bool u : m.ino_used_) s.pnodes += u;
  s.pnodes -= 1;  // pnode 0 is never used
  s.max_pnodes = m.pmap_.size();
  Result<Pnode*> g = impl_->GetPnodeLocked(kGarbageIno);
  if (!g.ok()) return g.status();
  s.garbage_entries = (*g)->size / kGarbageEntrySize;
  s.data_disks = m.g_.data_disks;
  s.failed_disks = m.stripes_.failed_count();
  return s;
}

Result<std::vector<uint64_t>> FileSystem::BlockAddresses(uint32_t ino) {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Result<Pnode*> p = impl_->GetPnodeLocked(ino);
  if (!p.ok()) return p.status();
  return (*p)->map;
}

uint32_t FileSystem::blocks_per_segment() const { return impl_->g_.blocks_per_segment(); }

Result<CleanStats> FileSystem::Clean(double min_garbage_fraction, const Progress& progress) {
  return impl_->Clean(min_garbage_fraction, progress);
}
Result<ScrubReport> FileSystem::Scrub(const Progress& progress) { return impl_->Scrub(progress); }
Status FileSystem::Rebuild(uint32_t disk, const Progress& progress) { return impl_->Rebuild(disk, progress); }
Result<FsckReport> FileSystem::Fsck(const Progress& progress) { return impl_->Fsck(progress); }

}  // namespace pegasus::pfs
