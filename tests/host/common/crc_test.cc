// Known answers for the AAL5 CRC-32 and the ATM HEC, and the properties the link and
// AAL5 layers rely on (residue of a valid PDU, one syndrome per single-bit error).
#include "host/common/crc.h"

#include <array>
#include <cstring>
#include <set>
#include <vector>

#include <gtest/gtest.h>

namespace pegasus {
namespace {

std::vector<uint8_t> Bytes(const char* text) {
  return std::vector<uint8_t>(text, text + std::strlen(text));
}

TEST(Crc32Aal5, CheckValueOf123456789) {
  EXPECT_EQ(Crc32Aal5Of(Bytes("123456789")), 0xFC891918u);
}

TEST(Crc32Aal5, CellOfFortyZeroBytesAndTrailer) {
  // 40 zero bytes, UU = 0, CPI = 0, length = 0x0028: the CRC over these 44 bytes.
  std::vector<uint8_t> cell(44, 0);
  cell[42] = 0x00;
  cell[43] = 0x28;
  EXPECT_EQ(Crc32Aal5Of(cell), 0x864D7F99u);
}

TEST(Crc32Aal5, ValidPduLeavesResidue) {
  std::vector<uint8_t> pdu(44, 0);
  pdu[43] = 0x28;
  uint32_t crc = Crc32Aal5Of(pdu);
  for (int shift = 24; shift >= 0; shift -= 8) pdu.push_back(static_cast<uint8_t>(crc >> shift));
  Crc32Aal5 reg;
  reg.Update(pdu);
  EXPECT_EQ(reg.Register(), kAal5CrcResidue);
  EXPECT_TRUE(reg.ResidueOk());
  pdu[7] ^= 0x10;
  reg.Reset();
  reg.Update(pdu);
  EXPECT_FALSE(reg.ResidueOk());
}

TEST(Crc32Aal5, IncrementalEqualsWhole) {
  std::vector<uint8_t> data = Bytes("Pegasus desk-area network");
  Crc32Aal5 crc;
  for (uint8_t b : data) crc.Update(b);
  EXPECT_EQ(crc.Value(), Crc32Aal5Of(data));
}

TEST(Hec, KnownHeaders) {
  const std::array<uint8_t, 4> zero = {0, 0, 0, 0};
  const std::array<uint8_t, 4> idle = {0, 0, 0, 1};
  EXPECT_EQ(Hec(zero), 0x55);
  EXPECT_EQ(Hec(idle), 0x52);
  EXPECT_EQ(HecOfWord(0x00000001), 0x52);
}

// Every single-bit error in the 40 bits of header and HEC gives a distinct, non-zero
// syndrome: the property that lets the receiver correct it (ITU-T I.432).
TEST(Hec, SingleBitErrorsHaveDistinctSyndromes) {
  const uint32_t header = 0x00000202;
  const uint8_t hec = HecOfWord(header);
  std::set<uint8_t> syndromes;
  for (int bit = 0; bit < 40; ++bit) {
    uint32_t h = header;
    uint8_t e = hec;
    if (bit < 32) h ^= 1u << bit; else e ^= static_cast<uint8_t>(1u << (bit - 32));
    uint8_t syndrome = HecOfWord(h) ^ e;
    EXPECT_NE(syndrome, 0) << "bit " << bit;
    syndromes.insert(syndrome);
  }
  EXPECT_EQ(syndromes.size(), 40u);
}

}  // namespace
}  // namespace pegasus
