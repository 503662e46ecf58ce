// Crash consistency. A seeded workload runs on fault-injecting disks; the power is cut at
// every flush (and, with torn writes, at random writes in between); the array is mounted
// again and must hold exactly one of the states the workload passed through since its last
// acknowledged fsync, and fsck must find nothing wrong.
#include <gtest/gtest.h>

#include <random>

#include "pfs/include/pfs/file_system.h"
#include "pfs/pfs_format.h"
#include "tests/host/pfs/pfs_test_util.h"

namespace pegasus::pfs {
namespace {

using testing::Bytes;
using testing::MemArray;
using testing::Tree;

constexpr uint64_t kDiskSize = 2 << 20;

// Every state that may be on disk after a crash: the last acknowledged one and each later.
struct Possible {
  std::vector<Tree> states;
};

Status RunWorkload(FileSystem& fs, uint64_t seed, int ops, Possible& possible) {
  std::mt19937_64 rng(seed);
  Tree m{{"/d/", ""}};
  possible.states = {Tree{}};
  possible.states.push_back(m);
  if (Status s = fs.Mkdir("/d"); !s.ok()) return s;
  if (Status s = fs.Fsync(kRootIno); !s.ok()) return s;
  possible.states = {m};
  auto files = [&] {
    std::vector<std::string> v;
    for (const auto& [p, c] : m) {
      if (p.back() != '/') v.push_back(p);
    }
    return v;
  };
  auto name = [&] { return std::string(rng() % 2 ? "/d/f" : "/f") + std::to_string(rng() % 6); };
  for (int i = 0; i < ops; ++i) {
    const int op = static_cast<int>(rng() % 10);
    std::vector<std::string> fv = files();
    Tree next = m;
    Status s;
    if (op <= 3 || fv.empty()) {  // write (creating if needed)
      const std::string path = fv.empty() || rng() % 4 == 0 ? name() : fv[rng() % fv.size()];
      // One write in four is large (up to 64 KB, a segment of SmallMkfs), so whole units
      // and row-aligned tails go to the disks straight from the caller's buffer.
      const uint64_t off = rng() % 40000, len = 1 + rng() % (rng() % 4 == 0 ? 65536 : 12000);
      std::string data(len, '\0');
      for (auto& c : data) c = static_cast<char>(rng());
      std::string& content = next[path];
      if (content.size() < off + len) content.resize(off + len, '\0');
      content.replace(off, len, data);
      possible.states.push_back(next);
      Result<uint32_t> ino = m.count(path) ? fs.Open(path) : fs.Create(path);
      if (!ino.ok()) return ino.status();
      s = fs.Write(*ino, off, Bytes(data));
    } else if (op == 4) {  // truncate
      const std::string path = fv[rng() % fv.size()];
      const uint64_t size = rng() % 30000;
      next[path].resize(size, '\0');
      possible.states.push_back(next);
      Result<uint32_t> ino = fs.Open(path);
      if (!ino.ok()) return ino.status();
      s = fs.Truncate(*ino, size);
    } else if (op == 5) {  // rename
      const std::string from = fv[rng() % fv.size()], to = name();
      if (from == to) continue;
      next[to] = next[from];
      next.erase(from);
      possible.states.push_back(next);
      s = fs.Rename(from, to);
    } else if (op == 6) {  // unlink
      const std::string path = fv[rng() % fv.size()];
      next.erase(path);
      possible.states.push_back(next);
      s = fs.Unlink(path);
    } else {  // fsync: acknowledged
      s = fs.Fsync(kRootIno);
      if (s.ok()) {
        m = next;
        possible.states = {m};
        continue;
      }
    }
    if (!s.ok()) return s;
    m = next;
  }
  return fs.Unmount();
}

void CheckRecovered(MemArray& a, const Possible& possible, const std::string& what) {
  Result<std::unique_ptr<FileSystem>> fs = FileSystem::Mount(a.ptrs(), testing::SmallMount());
  ASSERT_TRUE(fs.ok()) << what << ": " << fs.status().ToString();
  Tree got;
  Status s = testing::ReadTree(**fs, "/", got);
  ASSERT_TRUE(s.ok()) << what << ": " << s.ToString();
  bool match = false;
  for (const Tree& t : possible.states) match |= t == got;
  if (!match) {
    std::string files;
    for (const auto& [p, c] : got) files += p + "(" + std::to_string(c.size()) + ") ";
    std::string log;
    for (const auto& l : (*fs)->mount_log()) log += l + "; ";
    FAIL() << what << ": recovered state is none of the " << possible.states.size()
           << " allowed states; got " << files << "; mount: " << log;
  }
  Result<FsckReport> r = (*fs)->Fsck();
  ASSERT_TRUE(r.ok()) << what << ": " << r.status().ToString();
  EXPECT_TRUE(r->clean()) << what << ": " << r->problems.front();
}

std::unique_ptr<MemArray> Fresh() {
  auto a = std::make_unique<MemArray>(5, kDiskSize);
  EXPECT_TRUE(FileSystem::Mkfs(a->ptrs(), testing::SmallMkfs()).ok());
  return a;
}

TEST(CrashTest, PowerCutAtEveryFlushPoint) {
  const uint64_t seed = testing::Seed(1234);
  const int ops = testing::Long() ? 300 : 80;
  // A dry run counts the flushes.
  auto dry = Fresh();
  auto power = std::make_shared<PowerCut>();
  dry->ArmPower(power);
  {
    auto fs = std::move(*FileSystem::Mount(dry->ptrs(), testing::SmallMount()));
    Possible p;
    ASSERT_TRUE(RunWorkload(*fs, seed, ops, p).ok());
  }
  const int64_t flushes = power->flushes;
  ASSERT_GT(flushes, 10);
  std::printf("%lld flush points\n", static_cast<long long>(flushes));
  for (int64_t k = 1; k <= flushes; ++k) {
    auto a = Fresh();
    auto cut = std::make_shared<PowerCut>();
    cut->cut_at_flush = k;
    a->ArmPower(cut);
    Possible p;
    {
      auto fs = std::move(*FileSystem::Mount(a->ptrs(), testing::SmallMount()));
      // The cut may look like one failed disk to the array (it runs on degraded), so
      // the workload can even finish; what is on disk is checked either way.
      (void)RunWorkload(*fs, seed, ops, p);
    }
    a->Crash(false, 0);
    CheckRecovered(*a, p, "cut at flush " + std::to_string(k) + " of " + std::to_string(flushes) + ", seed " + std::to_string(seed));
    if (HasFatalFailure()) return;
  }
}

TEST(CrashTest, PowerCutAtRandomWritesWithTornWrites) {
  const uint64_t seed = testing::Seed(4321);
  const int ops = 80;
  auto dry = Fresh();
  auto power = std::make_shared<PowerCut>();
  dry->ArmPower(power);
  {
    auto fs = std::move(*FileSystem::Mount(dry->ptrs(), testing::SmallMount()));
    Possible p;
    ASSERT_TRUE(RunWorkload(*fs, seed, ops, p).ok());
  }
  const int64_t writes = power->writes;
  std::mt19937_64 rng(seed);
  const int trials = testing::Long() ? 1000 : 120;
  for (int t = 0; t < trials; ++t) {
    const int64_t at = 1 + static_cast<int64_t>(rng() % writes);
    auto a = Fresh();
    auto cut = std::make_shared<PowerCut>();
    cut->cut_at_write = at;
    cut->tear_seed = rng();
    a->ArmPower(cut);
    Possible p;
    {
      auto fs = std::move(*FileSystem::Mount(a->ptrs(), testing::SmallMount()));
      (void)RunWorkload(*fs, seed, ops, p);
    }
    const uint64_t crash_seed = rng();
    a->Crash(true, crash_seed);
    CheckRecovered(*a, p, "torn write " + std::to_string(at) + " of " + std::to_string(writes) + ", trial " +
                              std::to_string(t) + ", seed " + std::to_string(seed));
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace pegasus::pfs
