// Helpers shared by the PFS tests: arrays of MemDisks, seeds, long-run scaling, and a
// reader for a whole namespace.
#ifndef PEGASUS_TESTS_HOST_PFS_PFS_TEST_UTIL_H_
#define PEGASUS_TESTS_HOST_PFS_PFS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pfs/include/pfs/file_system.h"
#include "pfs/include/pfs/mem_disk.h"

namespace pegasus::pfs::testing {

// Seed from PFS_SEED if set, else `fallback`; printed so a failure can be replayed.
inline uint64_t Seed(uint64_t fallback) {
  const char* env = std::getenv("PFS_SEED");
  uint64_t seed = env ? std::strtoull(env, nullptr, 0) : fallback;
  std::printf("seed %llu (replay with PFS_SEED=%llu)\n", static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(seed));
  return seed;
}

inline bool Long() {
  const char* env = std::getenv("PEGASUS_LONG");
  return env && env[0] == '1';
}

struct MemArray {
  std::shared_ptr<PowerCut> power;
  std::vector<std::unique_ptr<MemDisk>> disks;

  MemArray(uint32_t n, uint64_t size) {
    for (uint32_t i = 0; i < n; ++i) disks.push_back(std::make_unique<MemDisk>("mem" + std::to_string(i), size));
  }
  std::vector<Disk*> ptrs() const {
    std::vector<Disk*> v;
    for (const auto& d : disks) v.push_back(d.get());
    return v;
  }
  // From now on a shared PowerCut counts this array's writes and flushes.
  void ArmPower(std::shared_ptr<PowerCut> p) {
    power = std::move(p);
    for (auto& d : disks) d->set_power(power);
  }
  // The power comes back: unflushed writes are lost (some kept and torn if asked).
  void Crash(bool torn, uint64_t seed) {
    for (size_t i = 0; i < disks.size(); ++i) {
      disks[i]->set_power(nullptr);
      disks[i]->Crash(torn, seed * 31 + i);
    }
  }
};

inline MkfsOptions SmallMkfs(uint32_t segment_size = 64 * 1024) {
  MkfsOptions o;
  o.segment_size = segment_size;
  o.max_pnodes = 256;
  o.fs_id = 0x5045474153555331ull;
  return o;
}

inline MountOptions SmallMount() {
  MountOptions o;
  o.dirty_limit = 64 * 1024;
  o.checkpoint_interval = 4;
  return o;
}

using Tree = std::map<std::string, std::string>;  // path -> contents; directories end in '/'

// Reads every file and directory under `dir` into tree.
inline Status ReadTree(FileSystem& fs, const std::string& dir, Tree& tree) {
  Result<std::vector<DirEntry>> list = fs.Readdir(dir);
  if (!list.ok()) return list.status();
  for (const DirEntry& e : *list) {
    const std::string path = (dir == "/" ? "" : dir) + "/" + e.name;
    if (e.is_dir) {
      tree[path + "/"] = "";
      if (Status s = ReadTree(fs, path, tree); !s.ok()) return s;
      continue;
    }
    Result<StatInfo> st = fs.Stat(path);
    if (!st.ok()) return st.status();
    std::string data(st->size, '\0');
    Result<uint64_t> n = fs.Read(e.ino, 0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(data.data()), data.size()));
    if (!n.ok()) return n.status();
    if (*n != st->size) return Status::Corruption(path + ": short read");
    tree[path] = data;
  }
  return Status::Ok();
}

inline std::span<const uint8_t> Bytes(const std::string& s) {
  return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

}  // namespace pegasus::pfs::testing

#endif  // PEGASUS_TESTS_HOST_PFS_PFS_TEST_UTIL_H_
