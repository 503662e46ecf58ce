// The disk layer: MemDisk's faults and FileDisk.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "pfs/include/pfs/file_disk.h"
#include "pfs/include/pfs/mem_disk.h"

namespace pegasus::pfs {
namespace {

std::vector<uint8_t> Fill(size_t n, uint8_t v) { return std::vector<uint8_t>(n, v); }

TEST(MemDiskTest, FlushedWritesSurviveAPowerCutUnflushedOnesDoNot) {
  MemDisk d("m", 64 * 1024);
  ASSERT_TRUE(d.Write(0, Fill(4096, 1)).ok());
  ASSERT_TRUE(d.Flush().ok());
  ASSERT_TRUE(d.Write(4096, Fill(4096, 2)).ok());
  std::vector<uint8_t> out(4096);
  ASSERT_TRUE(d.Read(4096, out).ok());
  EXPECT_EQ(out[0], 2);  // visible before the cut
  d.Crash();
  ASSERT_TRUE(d.Read(0, out).ok());
  EXPECT_EQ(out, Fill(4096, 1));
  ASSERT_TRUE(d.Read(4096, out).ok());
  EXPECT_EQ(out, Fill(4096, 0));
}

TEST(MemDiskTest, TornCrashKeepsAPrefixWithTheLastWriteTornBySectors) {
  bool saw_torn = false;
  for (uint64_t seed = 1; seed < 40 && !saw_torn; ++seed) {
    MemDisk d("m", 64 * 1024);
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(d.Write(i * 8192, Fill(8192, uint8_t(i + 1))).ok());
    d.Crash(true, seed);
    std::vector<uint8_t> out(8192);
    bool zero_seen = false;
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(d.Read(i * 8192, out).ok());
      size_t written = 0;
      for (size_t s = 0; s < 8192; s += 512) {
        bool all = true;
        for (size_t k = s; k < s + 512; ++k) all &= out[k] == i + 1;
        bool none = true;
        for (size_t k = s; k < s + 512; ++k) none &= out[k] == 0;
        ASSERT_TRUE(all || none) << "sector tear inside a sector";
        written += all;
      }
      if (written > 0) {
        EXPECT_FALSE(zero_seen) << "writes kept out of order";
      }
      if (written < 16) zero_seen = true;
      if (written > 0 && written < 16) saw_torn = true;
    }
  }
  EXPECT_TRUE(saw_torn);
}

TEST(MemDiskTest, InjectedErrorsNameTheDiskAndOffset) {
  MemDisk d("disk-x", 64 * 1024);
  d.FailReads(8192, 100);
  d.FailWrites(16384, 1);
  std::vector<uint8_t> out(4096);
  Status r = d.Read(8192, out);
  EXPECT_EQ(r.code(), Status::Code::kIoError);
  EXPECT_NE(r.message().find("disk-x"), std::string::npos);
  EXPECT_NE(r.message().find("8192"), std::string::npos);
  EXPECT_TRUE(d.Read(0, out).ok());
  EXPECT_FALSE(d.Write(16384, out).ok());
  d.Fail();
  Status f = d.Read(0, out);
  EXPECT_NE(f.message().find("failed"), std::string::npos);
  d.Replace();
  EXPECT_TRUE(d.Read(0, out).ok());
  EXPECT_FALSE(d.Read(64 * 1024 - 10, out).ok());  // past the end
}

TEST(MemDiskTest, PowerCutAtAFlushStopsEverything) {
  auto power = std::make_shared<PowerCut>();
  power->cut_at_flush = 2;
  MemDisk a("a", 16384, power), b("b", 16384, power);
  ASSERT_TRUE(a.Write(0, Fill(4096, 7)).ok());
  ASSERT_TRUE(a.Flush().ok());
  ASSERT_TRUE(b.Write(0, Fill(4096, 8)).ok());
  EXPECT_FALSE(b.Flush().ok());
  EXPECT_TRUE(power->cut);
  EXPECT_FALSE(a.Write(4096, Fill(4096, 9)).ok());
  a.Crash();
  b.Crash();
  std::vector<uint8_t> out(4096);
  a.set_power(nullptr);
  b.set_power(nullptr);
  ASSERT_TRUE(a.Read(0, out).ok());
  EXPECT_EQ(out[0], 7);
  ASSERT_TRUE(b.Read(0, out).ok());
  EXPECT_EQ(out[0], 0);
}

// Creates an empty temporary file and returns its path ("" if that failed).
std::string TempFile() {
  char tmpl[] = "/tmp/pfs_file_disk_XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0) return "";
  close(fd);
  return tmpl;
}

TEST(FileDiskTest, CreatesSparseFileReadsBackAndReportsErrors) {
  const std::string tmpl = TempFile();
  ASSERT_FALSE(tmpl.empty());
  {
    Result<std::unique_ptr<FileDisk>> d = FileDisk::Open(tmpl, 1 << 20);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ((*d)->size(), 1u << 20);
    ASSERT_TRUE((*d)->Write(4096, Fill(4096, 5)).ok());
    ASSERT_TRUE((*d)->Flush().ok());
    Status past = (*d)->Write((1 << 20) - 100, Fill(4096, 5));
    EXPECT_FALSE(past.ok());
    EXPECT_NE(past.message().find(tmpl), std::string::npos);
  }
  Result<std::unique_ptr<FileDisk>> d = FileDisk::Open(tmpl);
  ASSERT_TRUE(d.ok());
  std::vector<uint8_t> out(4096);
  ASSERT_TRUE((*d)->Read(4096, out).ok());
  EXPECT_EQ(out, Fill(4096, 5));
  ASSERT_TRUE((*d)->Read(0, out).ok());
  EXPECT_EQ(out, Fill(4096, 0));
  unlink(tmpl.c_str());
  EXPECT_FALSE(FileDisk::Open("/nonexistent/dir/disk").ok());
}

// A gather write lands exactly like one write of the concatenated pieces, also with more
// pieces than one pwritev call takes (IOV_MAX, 1024 on Linux) and with empty pieces.
TEST(FileDiskTest, GatherWriteEqualsOneWriteOfTheConcatenation) {
  const std::string tmpl = TempFile();
  ASSERT_FALSE(tmpl.empty());
  Result<std::unique_ptr<FileDisk>> d = FileDisk::Open(tmpl, 4 << 20);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  std::vector<std::vector<uint8_t>> bufs;
  std::vector<uint8_t> want;
  for (int i = 0; i < 1500; ++i) {
    bufs.push_back(Fill(static_cast<size_t>((i * 37) % 1000), static_cast<uint8_t>(i)));
    want.insert(want.end(), bufs.back().begin(), bufs.back().end());
  }
  std::vector<std::span<const uint8_t>> pieces(bufs.begin(), bufs.end());
  ASSERT_TRUE((*d)->WriteGather(12345, pieces).ok());
  std::vector<uint8_t> got(want.size());
  ASSERT_TRUE((*d)->Read(12345, got).ok());
  EXPECT_EQ(got, want);
  MemDisk m("m", 4 << 20);
  ASSERT_TRUE(m.WriteGather(12345, pieces).ok());
  std::fill(got.begin(), got.end(), 0);
  ASSERT_TRUE(m.Read(12345, got).ok());
  EXPECT_EQ(got, want);
  Status past = (*d)->WriteGather((4 << 20) - want.size() + 1, pieces);
  EXPECT_FALSE(past.ok());
  EXPECT_NE(past.message().find("past its end"), std::string::npos);
  unlink(tmpl.c_str());
}

}  // namespace
}  // namespace pegasus::pfs
