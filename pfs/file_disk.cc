#include "pfs/include/pfs/file_disk.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

namespace pegasus::pfs {

namespace {
std::string Errno() { return std::strerror(errno); }
}  // namespace

Result<std::unique_ptr<FileDisk>> FileDisk::Open(const std::string& path, uint64_t create_size) {
  int flags = O_RDWR | O_CLOEXEC | (create_size > 0 ? O_CREAT : 0);
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return Status::IoError("disk " + path + ": cannot open: " + Errno());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::IoError("disk " + path + ": fstat: " + Errno());
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (S_ISBLK(st.st_mode)) {
    if (::ioctl(fd, BLKGETSIZE64, &size) != 0) {
      ::close(fd);
      return Status::IoError("disk " + path + ": cannot read block device size: " + Errno());
    }
  } else if (create_size > size) {
    if (::ftruncate(fd, static_cast<off_t>(create_size)) != 0) {
      ::close(fd);
      return Status::IoError("disk " + path + ": cannot extend to " + std::to_string(create_size) +
                             " bytes: " + Errno());
    }
    size = create_size;
  }
  return std::unique_ptr<FileDisk>(new FileDisk(path, fd, size));
}

FileDisk::~FileDisk() { ::close(fd_); }

Status FileDisk::Read(uint64_t offset, std::span<uint8_t> out) {
  if (offset + out.size() > size_) {
    return Status::InvalidArgument("disk " + path_ + ": read of " + std::to_string(out.size()) +
                                   " bytes at offset " + std::to_string(offset) + " is past its end " +
                                   std::to_string(size_));
  }
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("disk " + path_ + ": read at offset " + std::to_string(offset + done) + ": " + Errno());
    if (n == 0) {  // A sparse regular file shorter than its label says: reads as zeros.
      std::memset(out.data() + done, 0, out.size() - done);
      break;
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status FileDisk::Write(uint64_t offset, std::span<const uint8_t> data) {
  if (offset + data.size() > size_) {
    return Status::InvalidArgument("disk " + path_ + ": write of " + std::to_string(data.size()) +
                                   " bytes at offset " + std::to_string(offset) + " is past its end " +
                                   std::to_string(size_));
  }
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::IoError("disk " + path_ + ": write at offset " + std::to_string(offset + done) + ": " + Errno());
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status FileDisk::WriteGather(uint64_t offset, std::span<const std::span<const uint8_t>> pieces) {
  uint64_t total = 0;
  for (std::span<const uint8_t> piece : pieces) total += piece.size();
  if (offset + total > size_) {
    return Status::InvalidArgument("disk " + path_ + ": write of " + std::to_string(total) + " bytes at offset " +
                                   std::to_string(offset) + " is past its end " + std::to_string(size_));
  }
  // pwritev takes at most IOV_MAX pieces a call and may write less than asked for.
  std::vector<iovec> iov;
  size_t next = 0;   // first piece not yet in iov
  size_t skip = 0;   // bytes of pieces[next] already written
  uint64_t done = 0;
  while (done < total) {
    iov.clear();
    for (size_t i = next; i < pieces.size() && iov.size() < IOV_MAX; ++i) {
      const size_t from = i == next ? skip : 0;
      if (pieces[i].size() > from) {
        iov.push_back({const_cast<uint8_t*>(pieces[i].data()) + from, pieces[i].size() - from});
      }
    }
    ssize_t n = ::pwritev(fd_, iov.data(), static_cast<int>(iov.size()), static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::IoError("disk " + path_ + ": write at offset " + std::to_string(offset + done) + ": " + Errno());
    done += static_cast<uint64_t>(n);
    for (size_t left = static_cast<size_t>(n); left > 0 && next < pieces.size();) {
      const size_t rest = pieces[next].size() - skip;
      if (left < rest) {
        skip += left;
        left = 0;
      } else {
        left -= rest;
        ++next;
        skip = 0;
      }
    }
    while (next < pieces.size() && pieces[next].size() == skip) {  // empty pieces
      ++next;
      skip = 0;
    }
  }
  return Status::Ok();
}

Status FileDisk::Flush() {
  if (::fdatasync(fd_) != 0) return Status::IoError("disk " + path_ + ": fdatasync: " + Errno());
  return Status::Ok();
}

}  // namespace pegasus::pfs
