// Full-stripe writes with parity, degraded reads, chunk rebuild and parity checks.
#include "pfs/stripe_set.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>

#include "pfs/include/pfs/file_disk.h"

#include "tests/host/pfs/pfs_test_util.h"

namespace pegasus::pfs {
namespace {

using testing::MemArray;

Geometry SmallGeometry() {
  Geometry g;
  g.data_disks = 4;
  g.segment_size = 64 * 1024;
  g.segments = 16;
  g.ckpt_segs = 1;
  return g;
}

TEST(StripeSetTest, DegradedReadsMatchWithAnyOneDiskMissing) {
  const Geometry g = SmallGeometry();
  MemArray a(5, g.disk_bytes());
  std::mt19937_64 rng(testing::Seed(11));
  std::vector<uint8_t> seg(g.segment_size);
  for (auto& b : seg) b = static_cast<uint8_t>(rng());
  {
    StripeSet s(a.ptrs(), g, {});
    ASSERT_TRUE(s.WriteRows(3, 0, seg).ok());
  }
  for (uint32_t missing = 0; missing < 5; ++missing) {
    std::vector<bool> failed(5, false);
    failed[missing] = true;
    StripeSet s(a.ptrs(), g, failed);
    std::vector<uint8_t> out(g.segment_size);
    ASSERT_TRUE(s.ReadBlocks(3, 0, g.blocks_per_segment(), out).ok());
    EXPECT_EQ(out, seg) << "disk " << missing << " missing";
    std::vector<uint8_t> one(kBlockSize);
    ASSERT_TRUE(s.ReadBlocks(3, 5, 1, one).ok());
    EXPECT_TRUE(std::equal(one.begin(), one.end(), seg.begin() + 5 * kBlockSize));
  }
  // A media error on one disk is repaired from parity on the fly.
  a.disks[2]->FailReads(g.RowOffset(3, 0), kBlockSize);
  StripeSet s(a.ptrs(), g, {});
  std::vector<uint8_t> out(g.segment_size);
  ASSERT_TRUE(s.ReadBlocks(3, 0, g.blocks_per_segment(), out).ok());
  EXPECT_EQ(out, seg);
  // Two bad disks: an error naming both.
  a.disks[3]->FailReads(g.RowOffset(3, 0), kBlockSize);
  Status two = s.ReadBlocks(3, 0, 4, out);
  EXPECT_FALSE(two.ok());
  EXPECT_NE(two.message().find("segment 3"), std::string::npos) << two.message();
}

TEST(StripeSetTest, RebuildRestoresAReplacedDiskAndScrubFindsParityErrors) {
  const Geometry g = SmallGeometry();
  MemArray a(5, g.disk_bytes());
  std::vector<uint8_t> seg(g.segment_size);
  for (size_t i = 0; i < seg.size(); ++i) seg[i] = static_cast<uint8_t>(i * 7 + 3);
  StripeSet s(a.ptrs(), g, {});
  ASSERT_TRUE(s.WriteRows(4, 0, seg).ok());
  Result<std::vector<uint32_t>> clean = s.ScrubRows(4, 0, g.rows_per_segment());
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->empty());
  a.disks[1]->Replace();
  ASSERT_TRUE(s.RebuildChunk(1, 4).ok());
  std::vector<uint8_t> out(g.segment_size);
  ASSERT_TRUE(s.ReadBlocks(4, 0, g.blocks_per_segment(), out).ok());
  EXPECT_EQ(out, seg);
  a.disks[4]->FlipBits(g.RowOffset(4, 2) + 100, 0x10);
  Result<std::vector<uint32_t>> bad = s.ScrubRows(4, 0, g.rows_per_segment());
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(*bad, std::vector<uint32_t>{2});
}

TEST(StripeSetTest, AWriteErrorDegradesTheArrayASecondOneStopsIt) {
  const Geometry g = SmallGeometry();
  MemArray a(5, g.disk_bytes());
  StripeSet s(a.ptrs(), g, {});
  std::vector<uint8_t> seg(g.segment_size, 0x5A);
  a.disks[0]->Fail();
  ASSERT_TRUE(s.WriteRows(5, 0, seg).ok());
  EXPECT_TRUE(s.failed(0));
  std::vector<uint8_t> out(g.segment_size);
  ASSERT_TRUE(s.ReadBlocks(5, 0, g.blocks_per_segment(), out).ok());
  EXPECT_EQ(out, seg);
  a.disks[3]->Fail();
  Status st = s.WriteRows(6, 0, seg);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("second disk"), std::string::npos) << st.message();
}

// Rows in segment order, as the log writes them: blocks[r * D + k] points into seg.
std::vector<const uint8_t*> RowBlocks(const Geometry& g, const std::vector<uint8_t>& seg, uint32_t row, uint32_t n) {
  std::vector<const uint8_t*> v;
  for (uint32_t b = row * g.data_disks; b < (row + n) * g.data_disks; ++b) {
    v.push_back(seg.data() + size_t{b} * kBlockSize);
  }
  return v;
}

// Unit writes that follow on from each other (across adjacent segments too) are held and
// go to each disk as one write, with the parity worked out on the way, before any read,
// flush or write elsewhere; the caller's blocks may be reused at once.
TEST(StripeSetTest, WriteBehindGathersFollowingRowsIntoOneWritePerDisk) {
  const Geometry g = SmallGeometry();  // 16 KB chunks: 64 of them fill the buffer
  MemArray a(5, g.disk_bytes());
  StripeSet s(a.ptrs(), g, {});
  std::mt19937_64 rng(testing::Seed(13));
  std::vector<std::vector<uint8_t>> segs(3, std::vector<uint8_t>(g.segment_size));
  for (auto& seg : segs) {
    for (auto& b : seg) b = static_cast<uint8_t>(rng());
  }
  auto write = [&](uint32_t seg, uint32_t row, uint32_t n) {
    std::vector<uint8_t> copy = segs[seg - 4];  // freed and scribbled on after the call
    std::vector<const uint8_t*> blocks = RowBlocks(g, copy, row, n);
    Status st = s.WriteUnitRows(seg, row, n, blocks.data());
    std::fill(copy.begin(), copy.end(), 0xEE);
    return st;
  };
  // Segments 4, 5 and 6 in pieces, in log order.
  ASSERT_TRUE(write(4, 0, 1).ok());
  ASSERT_TRUE(write(4, 1, 3).ok());
  ASSERT_TRUE(write(5, 0, 2).ok());
  ASSERT_TRUE(write(5, 2, 2).ok());
  ASSERT_TRUE(write(6, 0, 4).ok());
  for (const auto& d : a.disks) EXPECT_EQ(d->writes(), 0u) << "written before the buffer was needed";
  std::vector<uint8_t> out(g.segment_size);
  ASSERT_TRUE(s.ReadBlocks(5, 0, g.blocks_per_segment(), out).ok());  // a read writes it out first
  EXPECT_EQ(out, segs[1]);
  for (const auto& d : a.disks) EXPECT_EQ(d->writes(), 1u) << "one write per disk";
  Result<std::vector<uint32_t>> bad = s.ScrubRows(4, 0, 3 * g.rows_per_segment());
  ASSERT_TRUE(bad.ok());
  EXPECT_TRUE(bad->empty());
  // A write that does not follow on writes out what is held; a flush writes the rest.
  ASSERT_TRUE(write(4, 0, 4).ok());
  ASSERT_TRUE(write(6, 0, 4).ok());
  for (const auto& d : a.disks) EXPECT_EQ(d->writes(), 2u);
  ASSERT_TRUE(s.Flush().ok());
  for (const auto& d : a.disks) EXPECT_EQ(d->writes(), 3u);
  ASSERT_TRUE(s.ReadBlocks(6, 0, g.blocks_per_segment(), out).ok());
  EXPECT_EQ(out, segs[2]);
  // A write error shows when the buffer is written: the disk is marked failed, the
  // array runs degraded and reads rebuild the block.
  a.disks[2]->FailWrites(0, g.disk_bytes());
  ASSERT_TRUE(write(5, 0, 4).ok());
  ASSERT_TRUE(s.Flush().ok());
  EXPECT_TRUE(s.failed(2));
  ASSERT_TRUE(s.ReadBlocks(5, 0, g.blocks_per_segment(), out).ok());
  EXPECT_EQ(out, segs[1]);
}

// FlushAsync on file disks: writing and reading go on while the disks flush on another
// thread; WaitFlush reports the result and FlushDone says when it has finished.
TEST(StripeSetTest, FlushAsyncLetsWritesGoOnWhileFileDisksFlush) {
  const Geometry g = SmallGeometry();
  char tmpl[] = "/tmp/pfs_flush_async_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::vector<std::unique_ptr<FileDisk>> owned;
  std::vector<Disk*> disks;
  for (int i = 0; i < 5; ++i) {
    Result<std::unique_ptr<FileDisk>> d = FileDisk::Open(std::string(tmpl) + "/d" + std::to_string(i), g.disk_bytes());
    ASSERT_TRUE(d.ok());
    owned.push_back(std::move(*d));
    disks.push_back(owned.back().get());
  }
  {
    StripeSet s(disks, g, {});
    std::mt19937_64 rng(testing::Seed(17));
    std::vector<std::vector<uint8_t>> segs(8, std::vector<uint8_t>(g.segment_size));
    for (uint32_t i = 0; i < segs.size(); ++i) {
      for (auto& b : segs[i]) b = static_cast<uint8_t>(rng());
      std::vector<const uint8_t*> blocks = RowBlocks(g, segs[i], 0, g.rows_per_segment());
      ASSERT_TRUE(s.WriteUnitRows(4 + i, 0, g.rows_per_segment(), blocks.data()).ok());
      if (i % 3 == 0) {
        ASSERT_TRUE(s.FlushAsync().ok());  // waits for the one before, if any
      }
    }
    std::vector<uint8_t> out(g.segment_size);
    for (uint32_t i = 0; i < segs.size(); ++i) {
      ASSERT_TRUE(s.ReadBlocks(4 + i, 0, g.blocks_per_segment(), out).ok());
      EXPECT_EQ(out, segs[i]) << "segment " << 4 + i;
    }
    ASSERT_TRUE(s.WaitFlush().ok());
    EXPECT_TRUE(s.FlushDone());
    EXPECT_EQ(s.failed_count(), 0u);
  }
  owned.clear();
  std::filesystem::remove_all(tmpl);
}

}  // namespace
}  // namespace pegasus::pfs
