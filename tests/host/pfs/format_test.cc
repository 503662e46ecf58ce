// The on-disk codecs: round trips, and flipped bits caught by the checksums.
#include "pfs/pfs_format.h"

#include <cstdio>

#include <gtest/gtest.h>

#include "pfs/crc32c.h"

namespace pegasus::pfs {
namespace {

TEST(FormatTest, Crc32cMatchesTheStandardCheckValue) {
  const std::string s = "123456789";
  EXPECT_EQ(Crc32c(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size())), 0xE3069283u);
  std::vector<uint8_t> zeros(32, 0);
  EXPECT_EQ(Crc32c(zeros), 0x8A9136AAu);  // RFC 3720 B.4
  EXPECT_EQ(Crc32cExtend(Crc32c(std::span<const uint8_t>(zeros).subspan(0, 5)), std::span<const uint8_t>(zeros).subspan(5)),
            Crc32c(zeros));
  EXPECT_EQ(Crc32cExtendPortable(0, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size())),
            0xE3069283u);
  EXPECT_EQ(Crc32cExtendPortable(0, zeros), 0x8A9136AAu);
}

// The instruction path (three interleaved streams joined by tables) and the portable
// slicing-by-8 path agree on every length around the stream boundaries, at every
// alignment, and when a buffer is checksummed in two pieces.
TEST(FormatTest, Crc32cHardwareAndPortableMethodsAgree) {
  std::printf("CRC-32C: %s\n", Crc32cUsesHardware() ? "crc32 instruction and portable tables compared"
                                                     : "no crc32 instruction here; portable tables only");
  std::vector<uint8_t> buf(3 * 8192 + 64);
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (auto& b : buf) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    b = static_cast<uint8_t>(x);
  }
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= 64; ++n) lengths.push_back(n);
  for (size_t n : {4080u, 4095u, 4096u, 4097u, 8160u, 8192u, 3 * 8192u}) {
    for (size_t d = 0; d < 9; ++d) lengths.push_back(n - 4 + d);
  }
  for (size_t n : lengths) {
    for (size_t off = 0; off < 8; ++off) {
      if (off + n > buf.size()) continue;
      std::span<const uint8_t> piece(buf.data() + off, n);
      const uint32_t want = Crc32cExtendPortable(0x12345678u, piece);
      ASSERT_EQ(Crc32cExtend(0x12345678u, piece), want) << "length " << n << " offset " << off;
      const size_t cut = n / 3;
      ASSERT_EQ(Crc32cExtend(Crc32cExtend(0x12345678u, piece.subspan(0, cut)), piece.subspan(cut)), want)
          << "length " << n << " cut at " << cut;
    }
  }
}

TEST(FormatTest, SummaryRoundTripsAndDetectsFlippedBits) {
  Summary s;
  s.flags = kUnitFlagCm;
  s.seq = 77;
  s.segment = 9;
  s.row = 3;
  s.next_segment = 12;
  s.data_crc = 0xDEADBEEF;
  s.cm = LogPosition{20, 4, 21, 5};
  s.fs_tag = 0x1234;
  s.entries = {{BlockKind::kData, 5, 100}, {BlockKind::kPnode, 0, 3}};
  std::vector<uint8_t> blk(kBlockSize);
  EncodeSummary(s, std::span<uint8_t, kBlockSize>(blk.data(), kBlockSize));
  auto r = DecodeSummary(std::span<const uint8_t, kBlockSize>(blk.data(), kBlockSize), "here");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->seq, 77u);
  EXPECT_EQ((*r)->cm.next_segment, 21u);
  EXPECT_EQ((*r)->cm.seq, 5u);
  EXPECT_EQ((*r)->fs_tag, 0x1234u);
  ASSERT_EQ((*r)->entries.size(), 2u);
  EXPECT_EQ((*r)->entries[0].index, 100u);
  for (size_t byte : {size_t{9}, size_t{40}, size_t{70}}) {
    std::vector<uint8_t> bad = blk;
    bad[byte] ^= 0x04;
    auto e = DecodeSummary(std::span<const uint8_t, kBlockSize>(bad.data(), kBlockSize), "segment 9 row 3");
    ASSERT_FALSE(e.ok()) << "byte " << byte;
    EXPECT_NE(e.status().message().find("segment 9 row 3"), std::string::npos);
  }
}

TEST(FormatTest, PnodeAndLabelAndCheckpointDetectFlippedBits) {
  PnodeRecord p;
  p.ino = 42;
  p.type = PnodeType::kFile;
  p.size = 123456;
  p.direct[3] = 999;
  p.dbl = 77;
  std::vector<uint8_t> rec(kPnodeSize);
  EncodePnode(p, std::span<uint8_t, kPnodeSize>(rec.data(), kPnodeSize));
  auto ok = DecodePnode(std::span<const uint8_t, kPnodeSize>(rec.data(), kPnodeSize), "x");
  ASSERT_TRUE(ok.ok() && ok->has_value());
  EXPECT_EQ((*ok)->direct[3], 999u);
  EXPECT_EQ((*ok)->dbl, 77u);
  rec[60] ^= 1;
  EXPECT_FALSE(DecodePnode(std::span<const uint8_t, kPnodeSize>(rec.data(), kPnodeSize), "x").ok());

  DiskLabel l{7, 2, 5, 1 << 20, 100, 1, 256};
  std::vector<uint8_t> lb(kLabelSize);
  EncodeLabel(l, std::span<uint8_t, kLabelSize>(lb.data(), kLabelSize));
  auto lr = DecodeLabel(std::span<const uint8_t, kLabelSize>(lb.data(), kLabelSize), "disk 2");
  ASSERT_TRUE(lr.ok());
  EXPECT_EQ(lr->disk_index, 2u);
  lb[20] ^= 2;
  EXPECT_FALSE(DecodeLabel(std::span<const uint8_t, kLabelSize>(lb.data(), kLabelSize), "disk 2").ok());

  Checkpoint c;
  c.seq = 5;
  c.fs_id = 7;
  c.log = LogPosition{10, 2, 11, 99};
  c.pnode_map = {0, 16, 32, 0};
  c.segment_used = {0xFF, 0x01};
  c.pending_garbage = {{10, 4096, 256}};
  std::vector<uint8_t> blob = EncodeCheckpoint(c);
  blob.resize(blob.size() + 100, 0);  // the region is larger than the checkpoint
  auto cr = DecodeCheckpoint(blob, "checkpoint A");
  ASSERT_TRUE(cr.ok()) << cr.status().ToString();
  EXPECT_EQ(cr->log.seq, 99u);
  EXPECT_EQ(cr->pnode_map[2], 32u);
  EXPECT_EQ(cr->pending_garbage[0].offset, 4096u);
  blob[130] ^= 0x80;
  auto bad = DecodeCheckpoint(blob, "checkpoint A");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("checkpoint A"), std::string::npos);
}

}  // namespace
}  // namespace pegasus::pfs
