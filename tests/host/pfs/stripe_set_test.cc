// Full-stripe writes with parity, degraded reads, chunk rebuild and parity checks.
#include "pfs/stripe_set.h"

#include <gtest/gtest.h>

#include <random>

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

}  // namespace
}  // namespace pegasus::pfs
