// The garbage file and the cleaner: space comes back, data survives, clients keep
// working during a pass, and only segments named by garbage are touched.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "pfs/include/pfs/file_system.h"
#include "tests/host/pfs/pfs_test_util.h"

namespace pegasus::pfs {
namespace {

using testing::Bytes;
using testing::MemArray;
using testing::Tree;

TEST(CleanerTest, OverwritesAndDeletesBecomeFreeSegmentsAndDataSurvives) {
  MemArray a(5, 8 << 20);
  ASSERT_TRUE(FileSystem::Mkfs(a.ptrs(), testing::SmallMkfs()).ok());
  auto fs = std::move(*FileSystem::Mount(a.ptrs(), testing::SmallMount()));
  std::mt19937_64 rng(testing::Seed(31));
  Tree want;
  const uint64_t free0 = fs->Statfs()->free_segments;
  for (int round = 0; round < 6; ++round) {
    for (int i = 0; i < 6; ++i) {
      const std::string path = "/f" + std::to_string(i);
      std::string data(150000 + rng() % 50000, static_cast<char>('a' + round));
      Result<uint32_t> ino = fs->Open(path);
      if (!ino.ok()) ino = fs->Create(path);
      ASSERT_TRUE(fs->Truncate(*ino, 0).ok());
      ASSERT_TRUE(fs->Write(*ino, 0, Bytes(data)).ok());
      want[path] = data;
    }
  }
  ASSERT_TRUE(fs->Unlink("/f5").ok());
  want.erase("/f5");
  ASSERT_TRUE(fs->Sync().ok());
  const uint64_t before = fs->Statfs()->free_segments;
  EXPECT_GT(fs->Statfs()->garbage_entries, 100u);
  Result<CleanStats> st = fs->Clean();
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_GT(st->segments_cleaned, 10u);
  const uint64_t after = fs->Statfs()->free_segments;
  EXPECT_GT(after, before + 10) << "cleaned " << st->segments_cleaned;
  EXPECT_GT(after + 30, free0);  // live data is ~5 x 200 KB = 16 segments
  Tree got;
  ASSERT_TRUE(testing::ReadTree(*fs, "/", got).ok());
  EXPECT_EQ(got, want);
  ASSERT_TRUE(fs->Unmount().ok());
  fs = std::move(*FileSystem::Mount(a.ptrs(), testing::SmallMount()));
  got.clear();
  ASSERT_TRUE(testing::ReadTree(*fs, "/", got).ok());
  EXPECT_EQ(got, want);
  Result<FsckReport> r = fs->Fsck();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->clean()) << r->problems.front();
  // A second pass right away finds little to do.
  Result<CleanStats> again = fs->Clean();
  ASSERT_TRUE(again.ok());
  EXPECT_LT(again->segments_cleaned, st->segments_cleaned / 3);
}

TEST(CleanerTest, ClientsKeepWritingAndReadingDuringAPass) {
  MemArray a(5, 8 << 20);
  ASSERT_TRUE(FileSystem::Mkfs(a.ptrs(), testing::SmallMkfs()).ok());
  auto fs = std::move(*FileSystem::Mount(a.ptrs(), testing::SmallMount()));
  std::vector<uint32_t> inos;
  for (int i = 0; i < 4; ++i) {
    inos.push_back(*fs->Create("/c" + std::to_string(i)));
    for (int k = 0; k < 8; ++k) ASSERT_TRUE(fs->Write(inos[i], 0, Bytes(std::string(100000, 'x'))).ok());
  }
  ASSERT_TRUE(fs->Sync().ok());
  std::atomic<bool> stop{false};
  std::atomic<int> ops{0};
  std::string last(100000, 'y');
  std::thread client([&] {
    int n = 0;
    while (!stop) {
      std::string data(100000, static_cast<char>('A' + n % 26));
      ASSERT_TRUE(fs->Write(inos[0], 0, Bytes(data)).ok());
      std::string back(100000, '\0');
      Result<uint64_t> r = fs->Read(inos[0], 0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(back.data()), back.size()));
      ASSERT_TRUE(r.ok());
      ASSERT_EQ(back, data);
      last = data;
      ++n;
      ++ops;
    }
  });
  Result<CleanStats> st = fs->Clean();
  while (ops < 5) std::this_thread::yield();
  stop = true;
  client.join();
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_GT(st->segments_cleaned, 0u);
  std::string back(100000, '\0');
  ASSERT_TRUE(fs->Read(inos[0], 0, std::span<uint8_t>(reinterpret_cast<uint8_t*>(back.data()), back.size())).ok());
  EXPECT_EQ(back, last);
  Result<FsckReport> r = fs->Fsck();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->clean()) << r->problems.front();
}

TEST(CleanerTest, SegmentsBelowTheThresholdKeepTheirEntries) {
  MemArray a(5, 8 << 20);
  ASSERT_TRUE(FileSystem::Mkfs(a.ptrs(), testing::SmallMkfs()).ok());
  auto fs = std::move(*FileSystem::Mount(a.ptrs(), testing::SmallMount()));
  uint32_t ino = *fs->Create("/f");
  ASSERT_TRUE(fs->Write(ino, 0, Bytes(std::string(400000, 'z'))).ok());
  ASSERT_TRUE(fs->Sync().ok());
  ASSERT_TRUE(fs->Write(ino, 8192, Bytes("small overwrite")).ok());
  ASSERT_TRUE(fs->Sync().ok());
  Result<CleanStats> st = fs->Clean(0.5);
  ASSERT_TRUE(st.ok());
  EXPECT_GT(st->entries_deferred, 0u);
  EXPECT_GT(fs->Statfs()->garbage_entries, 0u);
}

}  // namespace
}  // namespace pegasus::pfs
