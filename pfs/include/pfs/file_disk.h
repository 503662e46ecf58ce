// FileDisk: a Disk backed by a regular file (created sparse at the size asked for) or a
// block device, with pread/pwrite(v) and fdatasync.
#ifndef PEGASUS_PFS_INCLUDE_PFS_FILE_DISK_H_
#define PEGASUS_PFS_INCLUDE_PFS_FILE_DISK_H_

#include <memory>
#include <string>

#include "pfs/include/pfs/disk.h"

namespace pegasus::pfs {

class FileDisk : public Disk {
 public:
  // Opens path. With create_size > 0 a missing or shorter regular file is created or
  // extended (sparse) to create_size bytes.
  static Result<std::unique_ptr<FileDisk>> Open(const std::string& path, uint64_t create_size = 0);
  ~FileDisk() override;
  FileDisk(const FileDisk&) = delete;
  FileDisk& operator=(const FileDisk&) = delete;

  Status Read(uint64_t offset, std::span<uint8_t> out) override;
  Status Write(uint64_t offset, std::span<const uint8_t> data) override;
  Status WriteGather(uint64_t offset, std::span<const std::span<const uint8_t>> pieces) override;  // pwritev
  Status Flush() override;                                 // fdatasync
  bool ConcurrentFlush() const override { return true; }  // fdatasync beside pwrite
  uint64_t size() const override { return size_; }
  const std::string& name() const override { return path_; }

 private:
  FileDisk(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_;
  uint64_t size_;
};

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_INCLUDE_PFS_FILE_DISK_H_
