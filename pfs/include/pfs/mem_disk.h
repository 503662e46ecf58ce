// MemDisk: an in-memory Disk that injects the faults PFS must survive.
//   - Power cut: writes since the last Flush() are lost (Crash()), optionally keeping a
//     random prefix of them in order with the last one torn at 512-byte sectors.
//   - A PowerCut shared by the disks of one array counts writes and flushes over all of
//     them and cuts the power at a chosen flush or write; after the cut every operation
//     fails, as if the machine had stopped.
//   - Read and write errors on byte ranges, a whole disk failing, a disk replaced by a
//     blank one, bits flipped on the medium.
#ifndef PEGASUS_PFS_INCLUDE_PFS_MEM_DISK_H_
#define PEGASUS_PFS_INCLUDE_PFS_MEM_DISK_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pfs/include/pfs/disk.h"

namespace pegasus::pfs {

// Counts writes and flushes across the disks that share it and cuts the power at one.
struct PowerCut {
  int64_t writes = 0;
  int64_t flushes = 0;
  int64_t cut_at_write = -1;  // the write with this number (1-based) is torn, then the cut
  int64_t cut_at_flush = -1;  // the flush with this number (1-based) never happens
  bool cut = false;
  uint64_t tear_seed = 1;  // chooses the sectors of the torn write that reach the medium
};

class MemDisk : public Disk {
 public:
  MemDisk(std::string name, uint64_t size, std::shared_ptr<PowerCut> power = nullptr);

  Status Read(uint64_t offset, std::span<uint8_t> out) override;
  Status Write(uint64_t offset, std::span<const uint8_t> data) override;
  // One write of the concatenation, so a gather counts (and tears) as one write.
  Status WriteGather(uint64_t offset, std::span<const std::span<const uint8_t>> pieces) override;
  Status Flush() override;
  uint64_t size() const override { return durable_.size(); }
  const std::string& name() const override { return name_; }

  // Power returns: unflushed writes are lost. With torn, a random prefix of them (chosen
  // by seed) survives, the last of that prefix torn at sector granularity.
  void Crash(bool torn = false, uint64_t seed = 0);
  // The disk stops answering: every operation fails with an I/O error naming it.
  void Fail() { failed_ = true; }
  // The failed disk answers again with what it held.
  void Revive() { failed_ = false; }
  // The failed disk is swapped for a blank one of the same size.
  void Replace();
  // Reads or writes touching [offset, offset + length) fail.
  void FailReads(uint64_t offset, uint64_t length) { bad_reads_.push_back({offset, length}); }
  void FailWrites(uint64_t offset, uint64_t length) { bad_writes_.push_back({offset, length}); }
  void ClearFaults();
  // Flips bits on the medium (both the durable and the visible copy).
  void FlipBits(uint64_t offset, uint8_t mask);
  void set_power(std::shared_ptr<PowerCut> power) { power_ = std::move(power); }

  uint64_t reads() const { return reads_; }
  uint64_t writes() const { return writes_; }

 private:
  struct Range {
    uint64_t offset, length;
  };
  struct Pending {
    uint64_t offset;
    std::vector<uint8_t> data;
  };
  static bool Hits(const std::vector<Range>& ranges, uint64_t offset, uint64_t length);
  Status Check(const char* op, uint64_t offset, uint64_t length) const;

  std::string name_;
  std::vector<uint8_t> durable_;  // what survives a power cut
  std::vector<uint8_t> current_;  // what reads see
  std::vector<Pending> pending_;  // writes since the last flush, in order
  std::shared_ptr<PowerCut> power_;
  std::vector<Range> bad_reads_, bad_writes_;
  bool failed_ = false;
  uint64_t reads_ = 0, writes_ = 0;
};

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_INCLUDE_PFS_MEM_DISK_H_
