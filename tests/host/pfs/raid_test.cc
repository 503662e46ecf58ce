// Disk failures and corrupted metadata: degraded operation, rebuild, scrub, refusal to
// mount with two disks gone, and checksums that say where the damage is.
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

constexpr uint64_t kChunk = 16 * 1024;  // 64 KB segments over 4 data disks
uint64_t RowOffset(uint64_t seg, uint64_t row) { return 4096 + seg * kChunk + row * 4096; }

Tree Populate(FileSystem& fs, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Tree t;
  EXPECT_TRUE(fs.Mkdir("/d").ok());
  t["/d/"] = "";
  for (int i = 0; i < 8; ++i) {
    const std::string path = (i % 2 ? "/d/f" : "/f") + std::to_string(i);
    std::string data(rng() % 200000, '\0');
    for (auto& c : data) c = static_cast<char>(rng());
    Result<uint32_t> ino = fs.Create(path, i == 3);
    EXPECT_TRUE(ino.ok());
    EXPECT_TRUE(fs.Write(*ino, 0, Bytes(data)).ok());
    t[path] = data;
  }
  return t;
}

std::unique_ptr<FileSystem> MountOk(MemArray& a) {
  Result<std::unique_ptr<FileSystem>> m = FileSystem::Mount(a.ptrs(), testing::SmallMount());
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? std::move(*m) : nullptr;
}

TEST(RaidTest, EachDiskFailedInTurnReadsBackThenRebuildAndScrubAreClean) {
  MemArray a(5, 8 << 20);
  ASSERT_TRUE(FileSystem::Mkfs(a.ptrs(), testing::SmallMkfs()).ok());
  Tree want;
  {
    auto fs = MountOk(a);
    want = Populate(*fs, testing::Seed(21));
    ASSERT_TRUE(fs->Unmount().ok());
  }
  for (uint32_t d = 0; d < 5; ++d) {
    SCOPED_TRACE("disk " + std::to_string(d));
    a.disks[d]->Fail();
    {
      auto fs = MountOk(a);
      ASSERT_TRUE(fs);
      ASSERT_FALSE(fs->mount_log().empty());
      EXPECT_NE(fs->mount_log()[0].find("degraded"), std::string::npos) << fs->mount_log()[0];
      Tree got;
      ASSERT_TRUE(testing::ReadTree(*fs, "/", got).ok());
      EXPECT_EQ(got, want);
      // Writing while degraded works too.
      Result<uint32_t> ino = fs->Create("/degraded" + std::to_string(d));
      ASSERT_TRUE(ino.ok());
      ASSERT_TRUE(fs->Write(*ino, 0, Bytes("written with disk " + std::to_string(d) + " missing")).ok());
      want["/degraded" + std::to_string(d)] = "written with disk " + std::to_string(d) + " missing";
      EXPECT_EQ(fs->Scrub().status().code(), Status::Code::kUnavailable);
      ASSERT_TRUE(fs->Unmount().ok());
    }
    a.disks[d]->Replace();  // a blank disk in its place
    {
      auto fs = MountOk(a);
      ASSERT_TRUE(fs);
      uint64_t last = 0;
      ASSERT_TRUE(fs->Rebuild(d, [&](uint64_t done, uint64_t) { last = done; }).ok());
      EXPECT_GT(last, 0u);
      Result<ScrubReport> scrub = fs->Scrub();
      ASSERT_TRUE(scrub.ok()) << scrub.status().ToString();
      EXPECT_TRUE(scrub->problems.empty()) << scrub->problems.front();
      EXPECT_GT(scrub->rows_checked, 0u);
      Result<FsckReport> fsck = fs->Fsck();
      ASSERT_TRUE(fsck.ok());
      EXPECT_TRUE(fsck->clean()) << fsck->problems.front();
      ASSERT_TRUE(fs->Unmount().ok());
    }
    // The rebuilt disk carries its share: fail a different one and read again.
    a.disks[(d + 1) % 5]->Fail();
    {
      auto fs = MountOk(a);
      ASSERT_TRUE(fs);
      Tree got;
      ASSERT_TRUE(testing::ReadTree(*fs, "/", got).ok());
      EXPECT_EQ(got, want);
    }
    a.disks[(d + 1) % 5]->Revive();
  }
}

TEST(RaidTest, TwoFailedDisksRefuseToMountAndNothingIsWritten) {
  MemArray a(5, 8 << 20);
  ASSERT_TRUE(FileSystem::Mkfs(a.ptrs(), testing::SmallMkfs()).ok());
  {
    auto fs = MountOk(a);
    Populate(*fs, 3);
    ASSERT_TRUE(fs->Unmount().ok());
  }
  a.disks[1]->Fail();
  a.disks[3]->Replace();
  std::vector<uint64_t> writes;
  for (auto& d : a.disks) writes.push_back(d->writes());
  Result<std::unique_ptr<FileSystem>> m = FileSystem::Mount(a.ptrs(), testing::SmallMount());
  ASSERT_FALSE(m.ok());
  const std::string msg = m.status().message();
  EXPECT_NE(msg.find("mount refused"), std::string::npos) << msg;
  EXPECT_NE(msg.find("disk 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("disk 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("nothing was written"), std::string::npos) << msg;
  for (size_t i = 0; i < a.disks.size(); ++i) EXPECT_EQ(a.disks[i]->writes(), writes[i]);
}

// Finds every copy of pnode `ino`'s record on the data disks.
std::vector<std::pair<uint32_t, uint64_t>> FindPnodeRecords(MemArray& a, uint32_t ino) {
  std::vector<std::pair<uint32_t, uint64_t>> out;
  std::vector<uint8_t> rec(256);
  for (uint32_t d = 0; d < 4; ++d) {
    for (uint64_t off = 4096; off + 256 <= a.disks[d]->size(); off += 256) {
      EXPECT_TRUE(a.disks[d]->Read(off, rec).ok());
      if (Get32(rec.data()) == kPnodeMagic && Get32(rec.data() + 4) == ino) out.emplace_back(d, off);
    }
  }
  return out;
}

TEST(RaidTest, CorruptedPnodeIsRepairedFromParityOrReportedWithItsPlace) {
  MemArray a(5, 4 << 20);
  ASSERT_TRUE(FileSystem::Mkfs(a.ptrs(), testing::SmallMkfs()).ok());
  uint32_t ino;
  {
    auto fs = MountOk(a);
    ino = *fs->Create("/victim");
    ASSERT_TRUE(fs->Write(ino, 0, Bytes("precious")).ok());
    ASSERT_TRUE(fs->Unmount().ok());
  }
  auto copies = FindPnodeRecords(a, ino);
  ASSERT_FALSE(copies.empty());
  for (auto [d, off] : copies) a.disks[d]->FlipBits(off + 40, 0x01);
  {
    // One disk's copy is bad: the parity path recovers it.
    auto fs = MountOk(a);
    Result<StatInfo> st = fs->Stat("/victim");
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    bool noted = false;
    for (const auto& l : fs->mount_log()) noted |= l.find("recovered from parity") != std::string::npos;
    EXPECT_TRUE(noted);
  }
  // Bad on the data disk and in parity: reported with its place, and fsck says so.
  for (auto [d, off] : copies) {
    a.disks[4]->FlipBits(off + 44, 0x02);
    a.disks[d]->FlipBits(off + 44, 0x02);
  }
  auto fs = MountOk(a);
  Result<StatInfo> st = fs->Stat("/victim");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.status().code(), Status::Code::kCorruption);
  const std::string msg = st.status().message();
  EXPECT_NE(msg.find("pnode " + std::to_string(ino)), std::string::npos) << msg;
  EXPECT_NE(msg.find("segment"), std::string::npos) << msg;
  EXPECT_NE(msg.find("checksum"), std::string::npos) << msg;
}

TEST(RaidTest, CorruptedSummaryIsReportedByScrub) {
  MemArray a(5, 4 << 20);
  ASSERT_TRUE(FileSystem::Mkfs(a.ptrs(), testing::SmallMkfs()).ok());
  uint64_t seg;
  {
    auto fs = MountOk(a);
    uint32_t ino = *fs->Create("/f");
    ASSERT_TRUE(fs->Write(ino, 0, Bytes(std::string(200000, 'q'))).ok());
    ASSERT_TRUE(fs->Fsync(ino).ok());
    seg = (*fs->BlockAddresses(ino))[40] / fs->blocks_per_segment();
    ASSERT_TRUE(fs->Unmount().ok());
  }
  a.disks[0]->FlipBits(RowOffset(seg, 0) + 20, 0x08);  // the first unit's summary
  auto fs = MountOk(a);
  Result<ScrubReport> r = fs->Scrub();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->problems.empty());
  const std::string want = "segment " + std::to_string(seg) + " row 0";
  bool found = false;
  for (const auto& p : r->problems) found |= p.find(want) != std::string::npos && p.find("summary checksum") != std::string::npos;
  EXPECT_TRUE(found) << r->problems.front();
}

TEST(RaidTest, CorruptedCheckpointFallsBackToTheOtherAndRollsForward) {
  MemArray a(5, 4 << 20);
  ASSERT_TRUE(FileSystem::Mkfs(a.ptrs(), testing::SmallMkfs()).ok());
  Tree want;
  std::string newest;
  {
    auto fs = MountOk(a);
    want = Populate(*fs, 9);
    ASSERT_TRUE(fs->Unmount().ok());
  }
  {
    auto fs = MountOk(a);
    newest = fs->mount_log().back();
  }
  // The newest checkpoint region: the one whose header carries the highest number.
  uint64_t region_seg = 0, best = 0;
  std::vector<uint8_t> hdr(64);
  for (uint64_t seg = 0; seg < 8; ++seg) {
    ASSERT_TRUE(a.disks[0]->Read(RowOffset(seg, 0), hdr).ok());
    if (Get32(hdr.data()) == kCheckpointMagic && Get64(hdr.data() + 8) > best) {
      best = Get64(hdr.data() + 8);
      region_seg = seg;
    }
  }
  ASSERT_NE(newest.find("number " + std::to_string(best)), std::string::npos) << newest;
  const int region = newest.find("checkpoint A") != std::string::npos ? 0 : 1;
  a.disks[0]->FlipBits(RowOffset(region_seg, 0) + 200, 0x40);
  auto fs = MountOk(a);
  ASSERT_TRUE(fs);
  std::string log;
  for (const auto& l : fs->mount_log()) log += l + "\n";
  EXPECT_NE(log.find(std::string("checkpoint ") + (region == 0 ? "A" : "B") + " (segments"), std::string::npos) << log;
  EXPECT_NE(log.find("checksum mismatch"), std::string::npos) << log;
  EXPECT_NE(log.find(std::string("using checkpoint ") + (region == 0 ? "B" : "A")), std::string::npos) << log;
  Tree got;
  ASSERT_TRUE(testing::ReadTree(*fs, "/", got).ok());
  EXPECT_EQ(got, want);
  Result<FsckReport> r = fs->Fsck();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->clean()) << r->problems.front();
}

}  // namespace
}  // namespace pegasus::pfs
