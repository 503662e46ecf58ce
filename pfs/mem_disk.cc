#include "pfs/include/pfs/mem_disk.h"

#include <algorithm>
#include <cstring>
#include <random>

namespace pegasus::pfs {

namespace {
constexpr uint64_t kSector = 512;
}

MemDisk::MemDisk(std::string name, uint64_t size, std::shared_ptr<PowerCut> power)
    : name_(std::move(name)), durable_(size, 0), current_(size, 0), power_(std::move(power)) {}

bool MemDisk::Hits(const std::vector<Range>& ranges, uint64_t offset, uint64_t length) {
  for (const Range& r : ranges) {
    if (offset < r.offset + r.length && r.offset < offset + length) return true;
  }
  return false;
}

Status MemDisk::Check(const char* op, uint64_t offset, uint64_t length) const {
  std::string where = "disk " + name_ + ": " + op + " of " + std::to_string(length) +
                      " bytes at offset " + std::to_string(offset);
  if (failed_) return Status::IoError(where + ": the disk has failed");
  if (power_ && power_->cut) return Status::IoError(where + ": power cut");
  if (offset + length > durable_.size()) {
    return Status::InvalidArgument(where + ": past the end of the disk (" +
                                   std::to_string(durable_.size()) + " bytes)");
  }
  return Status::Ok();
}

Status MemDisk::Read(uint64_t offset, std::span<uint8_t> out) {
  if (Status s = Check("read", offset, out.size()); !s.ok()) return s;
  if (Hits(bad_reads_, offset, out.size())) {
    return Status::IoError("disk " + name_ + ": read of " + std::to_string(out.size()) +
                           " bytes at offset " + std::to_string(offset) + ": injected media error");
  }
  ++reads_;
  std::memcpy(out.data(), current_.data() + offset, out.size());
  return Status::Ok();
}

Status MemDisk::Write(uint64_t offset, std::span<const uint8_t> data) {
  if (Status s = Check("write", offset, data.size()); !s.ok()) return s;
  if (Hits(bad_writes_, offset, data.size())) {
    return Status::IoError("disk " + name_ + ": write of " + std::to_string(data.size()) +
                           " bytes at offset " + std::to_string(offset) + ": injected write error");
  }
  ++writes_;
  if (power_ && ++power_->writes == power_->cut_at_write) {
    // Torn: a random subset of the sectors reaches the medium, then the power goes.
    std::mt19937_64 rng(power_->tear_seed);
    Pending torn{offset, std::vector<uint8_t>(current_.begin() + offset,
                                              current_.begin() + offset + data.size())};
    for (uint64_t s = 0; s < data.size(); s += kSector) {
      if (rng() & 1) {
        uint64_t n = std::min<uint64_t>(kSector, data.size() - s);
        std::memcpy(torn.data.data() + s, data.data() + s, n);
      }
    }
    std::memcpy(current_.data() + offset, torn.data.data(), torn.data.size());
    pending_.push_back(std::move(torn));
    power_->cut = true;
    return Status::IoError("disk " + name_ + ": write at offset " + std::to_string(offset) +
                           ": power cut during the write");
  }
  std::memcpy(current_.data() + offset, data.data(), data.size());
  pending_.push_back({offset, std::vector<uint8_t>(data.begin(), data.end())});
  return Status::Ok();
}

Status MemDisk::WriteGather(uint64_t offset, std::span<const std::span<const uint8_t>> pieces) {
  std::vector<uint8_t> all;
  for (std::span<const uint8_t> piece : pieces) all.insert(all.end(), piece.begin(), piece.end());
  return Write(offset, all);
}

Status MemDisk::Flush() {
  if (Status s = Check("flush", 0, 0); !s.ok()) return s;
  if (power_ && ++power_->flushes == power_->cut_at_flush) {
    power_->cut = true;
    return Status::IoError("disk " + name_ + ": power cut before flush " +
                           std::to_string(power_->flushes));
  }
  for (const Pending& p : pending_) {
    std::memcpy(durable_.data() + p.offset, current_.data() + p.offset, p.data.size());
  }
  pending_.clear();
  return Status::Ok();
}

void MemDisk::Crash(bool torn, uint64_t seed) {
  for (const Pending& p : pending_) {
    std::memcpy(current_.data() + p.offset, durable_.data() + p.offset, p.data.size());
  }
  if (torn && !pending_.empty()) {
    std::mt19937_64 rng(seed);
    size_t keep = rng() % (pending_.size() + 1);
    for (size_t i = 0; i < keep; ++i) {
      const Pending& p = pending_[i];
      if (i + 1 == keep) {  // the last surviving write is torn
        for (uint64_t s = 0; s < p.data.size(); s += kSector) {
          if (rng() & 1) {
            uint64_t n = std::min<uint64_t>(kSector, p.data.size() - s);
            std::memcpy(current_.data() + p.offset + s, p.data.data() + s, n);
          }
        }
      } else {
        std::memcpy(current_.data() + p.offset, p.data.data(), p.data.size());
      }
      std::memcpy(durable_.data() + p.offset, current_.data() + p.offset, p.data.size());
    }
  }
  pending_.clear();
}

void MemDisk::Replace() {
  std::fill(durable_.begin(), durable_.end(), 0);
  std::fill(current_.begin(), current_.end(), 0);
  pending_.clear();
  failed_ = false;
  ClearFaults();
}

void MemDisk::ClearFaults() {
  bad_reads_.clear();
  bad_writes_.clear();
}

void MemDisk::FlipBits(uint64_t offset, uint8_t mask) {
  durable_.at(offset) ^= mask;
  current_.at(offset) ^= mask;
}

}  // namespace pegasus::pfs
