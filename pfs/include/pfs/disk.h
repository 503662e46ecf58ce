// Disk: the small I/O interface under the Pegasus File Server. Everything PFS stores goes
// through it, so tests can swap the file-backed disk for MemDisk, which injects power
// cuts, torn writes, read/write errors and whole-disk failure. Offsets and lengths are in
// bytes; PFS always uses multiples of 4096. Errors name the disk and the offset.
#ifndef PEGASUS_PFS_INCLUDE_PFS_DISK_H_
#define PEGASUS_PFS_INCLUDE_PFS_DISK_H_

#include <cstdint>
#include <span>
#include <string>

#include "host/common/status.h"

namespace pegasus::pfs {

class Disk {
 public:
  virtual ~Disk() = default;
  // Reads out.size() bytes at offset.
  virtual Status Read(uint64_t offset, std::span<uint8_t> out) = 0;
  // Writes data at offset; durable only after a successful Flush().
  virtual Status Write(uint64_t offset, std::span<const uint8_t> data) = 0;
  // Writes the pieces one after another from offset, as one write of their
  // concatenation (a gather write, so callers need not copy scattered blocks together).
  // This default writes them piece by piece.
  virtual Status WriteGather(uint64_t offset, std::span<const std::span<const uint8_t>> pieces) {
    for (std::span<const uint8_t> piece : pieces) {
      if (Status s = Write(offset, piece); !s.ok()) return s;
      offset += piece.size();
    }
    return Status::Ok();
  }
  // Makes every earlier write durable.
  virtual Status Flush() = 0;
  // True when Flush may run on another thread while this one goes on reading and writing
  // (StripeSet::FlushAsync then flushes in the background); false runs it in place.
  virtual bool ConcurrentFlush() const { return false; }
  virtual uint64_t size() const = 0;
  virtual const std::string& name() const = 0;
};

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_INCLUDE_PFS_DISK_H_
