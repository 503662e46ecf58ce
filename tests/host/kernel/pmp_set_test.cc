// PMP set encodings (TOR pair, NAPOT) and the access check the kernel applies to
// pointers from domains. Addresses are plain numbers here; nothing is mapped.
#include "kernel/arch/pmp.h"

#include <gtest/gtest.h>

namespace pegasus::kernel::arch {
namespace {

constexpr uintptr_t kCode = 0x80002000u, kCodeEnd = 0x80005000u;
constexpr uintptr_t kBlock = 0x80006000u;

TEST(PmpSet, TorPairCoversTheSharedCode) {
  PmpSet s;
  ASSERT_TRUE(s.AddRange(kCode, kCodeEnd, kPmpR | kPmpX));
  EXPECT_EQ(s.used, 2);
  EXPECT_EQ(s.addr[0], kCode >> 2);
  EXPECT_EQ(s.addr[1], kCodeEnd >> 2);
  EXPECT_EQ(s.cfg[0], 0x0Du << 8) << "entry 0 off, entry 1 TOR|X|R";
  EXPECT_TRUE(s.Allows(kCode, 4, kPmpX));
  EXPECT_TRUE(s.Allows(kCodeEnd - 4, 4, kPmpR));
  EXPECT_FALSE(s.Allows(kCodeEnd, 4, kPmpR));
  EXPECT_FALSE(s.Allows(kCode - 4, 4, kPmpR));
  EXPECT_FALSE(s.Allows(kCode, 4, kPmpW));
}

TEST(PmpSet, NapotEncodesSizeInTrailingOnes) {
  PmpSet s;
  ASSERT_TRUE(s.AddNapot(kBlock, 4096, kPmpR | kPmpW));
  EXPECT_EQ(s.addr[0], (kBlock >> 2) | 0x1FFu);
  EXPECT_EQ(s.cfg[0], 0x1Bu);  // NAPOT|W|R
  EXPECT_TRUE(s.Allows(kBlock, 4096, kPmpR | kPmpW));
  EXPECT_FALSE(s.Allows(kBlock + 4096, 4, kPmpR));
  EXPECT_FALSE(s.Allows(kBlock - 1, 2, kPmpR)) << "straddles the lower edge";
  EXPECT_FALSE(s.Allows(kBlock, 4, kPmpX));
  ASSERT_TRUE(s.AddNapot(0x0200BFF8u, 8, kPmpR));  // the smallest: 8 bytes
  EXPECT_EQ(s.addr[1], 0x0200BFF8u >> 2);
  EXPECT_TRUE(s.Allows(0x0200BFF8u, 8, kPmpR));
  EXPECT_FALSE(s.Allows(0x0200BFF8u, 4, kPmpW));
}

TEST(PmpSet, AnAccessMustLieInOneRegion) {
  PmpSet s;
  ASSERT_TRUE(s.AddNapot(kBlock, 4096, kPmpR));
  ASSERT_TRUE(s.AddNapot(kBlock + 4096, 4096, kPmpR));
  EXPECT_TRUE(s.Allows(kBlock + 4096, 4, kPmpR));
  EXPECT_FALSE(s.Allows(kBlock + 4094, 4, kPmpR)) << "two regions, not one";
}

TEST(PmpSet, RejectsWhatNapotCannotExpress) {
  PmpSet s;
  EXPECT_FALSE(s.AddNapot(kBlock + 8, 4096, kPmpR)) << "not naturally aligned";
  EXPECT_FALSE(s.AddNapot(kBlock, 3000, kPmpR)) << "not a power of two";
  EXPECT_FALSE(s.AddNapot(kBlock, 4, kPmpR)) << "below 8 bytes";
  EXPECT_FALSE(s.AddRange(kCode + 1, kCodeEnd, kPmpR));
  EXPECT_EQ(s.used, 0);
}

// A hart with 4 KiB granules (the soft core's UP5K build) would round anything finer
// to whole granules and grant more than asked: such entries are refused.
TEST(PmpSet, RejectsWhatTheGranuleWouldWiden) {
  PmpSet s;
  s.granule = 4096;
  EXPECT_FALSE(s.AddRange(kCode, kCodeEnd + 4, kPmpR)) << "end inside a granule";
  EXPECT_FALSE(s.AddRange(kCode + 0x800, kCodeEnd, kPmpR)) << "base inside a granule";
  EXPECT_FALSE(s.AddNapot(kBlock, 2048, kPmpR)) << "smaller than a granule";
  EXPECT_FALSE(s.AddNapot(0x0200BFF8u, 8, kPmpR));
  EXPECT_EQ(s.used, 0);
  ASSERT_TRUE(s.AddRange(kCode, kCodeEnd, kPmpR | kPmpX));
  ASSERT_TRUE(s.AddNapot(kBlock, 4096, kPmpR | kPmpW));
  ASSERT_TRUE(s.AddNapot(0x0200B000u, 4096, kPmpR));
  EXPECT_EQ(s.used, 4);
  EXPECT_TRUE(s.Allows(0x0200BFF8u, 8, kPmpR));
}

TEST(PmpSet, SameEntriesComparesAddressesAndConfiguration) {
  PmpSet a, b;
  ASSERT_TRUE(a.AddRange(kCode, kCodeEnd, kPmpR | kPmpX));
  ASSERT_TRUE(b.AddRange(kCode, kCodeEnd, kPmpR | kPmpX));
  ASSERT_TRUE(a.AddNapot(kBlock, 4096, kPmpR | kPmpW));
  ASSERT_TRUE(b.AddNapot(kBlock + 4096, 4096, kPmpR | kPmpW));
  EXPECT_TRUE(a.SameEntries(b, 2)) << "the shared-code pair";
  EXPECT_FALSE(a.SameEntries(b, 3)) << "different blocks";
  PmpSet c;
  ASSERT_TRUE(c.AddRange(kCode, kCodeEnd, kPmpR));
  EXPECT_FALSE(a.SameEntries(c, 2)) << "same addresses, other rights";
}

TEST(PmpSet, FillsAllSixteenEntriesAndNoMore) {
  PmpSet s;
  for (int i = 0; i < kPmpEntries; ++i) ASSERT_TRUE(s.AddNapot(kBlock + 8 * i, 8, kPmpR));
  EXPECT_FALSE(s.AddNapot(kBlock, 8, kPmpR));
  EXPECT_EQ(s.cfg[3] >> 24, 0x19u) << "entry 15: NAPOT|R";
}

}  // namespace
}  // namespace pegasus::kernel::arch
