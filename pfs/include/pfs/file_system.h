// FileSystem: the Pegasus File Server core. A log-structured file system (Sprite LFS) whose
// log of segments is striped with parity over D + 1 disks (StripeSet). Ordinary data,
// directories, indirect blocks and pnodes go to the log; continuous-media files put their
// data in a separate log of their own segments, their pnodes in the normal log. Every
// superseded or deleted extent is appended to the garbage file (pnode 1); Clean() reads
// the garbage file up to a mark, sorts it by segment and cleans those segments in one
// pass. Two checkpoint regions alternate; Mount() takes the newest valid one and rolls
// the log forward from it.
//
// Thread safety: every method may be called from any thread; one mutex guards the state.
// Clean() takes it per segment, so clients run between the segments it cleans.
#ifndef PEGASUS_PFS_INCLUDE_PFS_FILE_SYSTEM_H_
#define PEGASUS_PFS_INCLUDE_PFS_FILE_SYSTEM_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "host/common/status.h"
#include "pfs/include/pfs/disk.h"

namespace pegasus::pfs {

struct MkfsOptions {
  uint32_t segment_size = 1 << 20;  // bytes; a multiple of data disks * 4096
  uint32_t max_pnodes = 65536;      // files and directories, fixed at mkfs
  uint64_t fs_id = 0;               // 0: chosen from the clock
};

struct MountOptions {
  // Data written since the last flush (cached, or whole blocks already in the log's
  // open unit) that triggers a flush of the cache, indirect blocks and pnodes.
  uint64_t dirty_limit = 4 << 20;
  // A checkpoint is written after this many segments of log.
  uint32_t checkpoint_interval = 64;
};

// Called with (done, total) during long operations.
using Progress = std::function<void(uint64_t, uint64_t)>;

struct StatInfo {
  uint32_t ino = 0;
  bool is_dir = false;
  bool continuous_media = false;
  uint64_t size = 0;
  uint64_t mtime = 0;
  uint32_t nlink = 0;
  uint64_t blocks = 0;  // 4 KB blocks allocated in the log
};

struct DirEntry {
  std::string name;
  uint32_t ino = 0;
  bool is_dir = false;
};

struct StatFs {
  uint64_t block_size = 0;
  uint64_t segment_size = 0;
  uint64_t segments = 0;      // log segments
  uint64_t free_segments = 0;
  uint64_t total_bytes = 0;   // log capacity
  uint64_t free_bytes = 0;
  uint64_t pnodes = 0;        // in use
  uint64_t max_pnodes = 0;
  uint64_t garbage_entries = 0;
  uint32_t data_disks = 0;
  uint32_t failed_disks = 0;
};

struct CleanStats {
  uint64_t garbage_entries = 0;  // entries read before the mark
  uint64_t garbage_bytes = 0;
  uint64_t segments_cleaned = 0;
  uint64_t live_blocks_moved = 0;
  uint64_t entries_deferred = 0;  // for segments not cleaned this pass
};

struct ScrubReport {
  uint64_t segments_checked = 0;
  uint64_t rows_checked = 0;
  std::vector<std::string> problems;  // each says what and where
};

struct FsckReport {
  uint64_t pnodes = 0;
  uint64_t directories = 0;
  uint64_t files = 0;
  uint64_t blocks = 0;
  std::vector<std::string> problems;  // empty when clean
  bool clean() const { return problems.empty(); }
};

class FileSystem {
 public:
  // Writes labels, an empty root directory and both checkpoints. disks: data disks then
  // the parity disk, at least 2 in all, all at least as large as the smallest.
  static Status Mkfs(const std::vector<Disk*>& disks, const MkfsOptions& options);
  // Reads the labels (one disk may be missing or blank: degraded), the newest valid
  // checkpoint, and rolls the log forward. Refuses when two disks are unusable.
  static Result<std::unique_ptr<FileSystem>> Mount(const std::vector<Disk*>& disks,
                                                   const MountOptions& options = {});
  ~FileSystem();  // does no I/O: call Unmount() to write a checkpoint

  // Writes everything and a checkpoint, then flushes the disks.
  Status Unmount();
  // Like Unmount but the file system stays mounted.
  Status Sync();

  Result<uint32_t> Create(const std::string& path, bool continuous_media = false);
  Result<uint32_t> Open(const std::string& path);
  Result<uint64_t> Read(uint32_t ino, uint64_t offset, std::span<uint8_t> out);
  Status Write(uint32_t ino, uint64_t offset, std::span<const uint8_t> data);
  Status Truncate(uint32_t ino, uint64_t size);
  Status Fsync(uint32_t ino);
  Status Rename(const std::string& from, const std::string& to);
  Status Unlink(const std::string& path);  // a file, or an empty directory
  Status Mkdir(const std::string& path);
  Result<std::vector<DirEntry>> Readdir(const std::string& path);
  Result<StatInfo> Stat(const std::string& path);
  Result<StatFs> Statfs();

  // One pass of the cleaner over the garbage recorded so far. Segments with less than
  // min_garbage_fraction of their bytes dead keep their entries for a later pass.
  Result<CleanStats> Clean(double min_garbage_fraction = 0.0, const Progress& progress = nullptr);
  // Checks every log unit's summary and payload checksums and every row's parity.
  Result<ScrubReport> Scrub(const Progress& progress = nullptr);
  // Rebuilds disk i (a blank replacement or a missing disk brought back).
  Status Rebuild(uint32_t disk, const Progress& progress = nullptr);
  // Checks the namespace, every pnode and every block pointer.
  Result<FsckReport> Fsck(const Progress& progress = nullptr);

  // The log address (segment * blocks per segment + block) of each 4 KB block of a file,
  // 0 for holes and for blocks not yet written to the log.
  Result<std::vector<uint64_t>> BlockAddresses(uint32_t ino);
  uint32_t blocks_per_segment() const;

  // What Mount found and did (which checkpoint, how many units rolled forward, which disk
  // is missing), one line each.
  const std::vector<std::string>& mount_log() const;

  class Impl;

 private:
  explicit FileSystem(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_INCLUDE_PFS_FILE_SYSTEM_H_
