#include "host/common/crc.h"

#include <array>

namespace pegasus {
namespace {

// Table of the register change caused by each value of the register's top byte.
constexpr std::array<uint32_t, 256> MakeCrc32Table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t r = i << 24;
    for (int bit = 0; bit < 8; ++bit) {
      r = (r & 0x80000000u) ? (r << 1) ^ kAal5CrcPoly : r << 1;
    }
    table[i] = r;
  }
  return table;
}

constexpr std::array<uint8_t, 256> MakeCrc8Table() {
  std::array<uint8_t, 256> table{};
  for (unsigned i = 0; i < 256; ++i) {
    uint8_t r = static_cast<uint8_t>(i);
    for (int bit = 0; bit < 8; ++bit) {
      r = (r & 0x80) ? static_cast<uint8_t>((r << 1) ^ kHecPoly)
                     : static_cast<uint8_t>(r << 1);
    }
    table[i] = r;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kCrc32Table = MakeCrc32Table();
constexpr std::array<uint8_t, 256> kCrc8Table = MakeCrc8Table();

}  // namespace

void Crc32Aal5::Update(uint8_t byte) {
  reg_ = (reg_ << 8) ^ kCrc32Table[((reg_ >> 24) ^ byte) & 0xFF];
}

void Crc32Aal5::Update(std::span<const uint8_t> bytes) {
  uint32_t r = reg_;
  for (uint8_t b : bytes) r = (r << 8) ^ kCrc32Table[((r >> 24) ^ b) & 0xFF];
  reg_ = r;
}

uint32_t Crc32Aal5Of(std::span<const uint8_t> bytes) {
  Crc32Aal5 crc;
  crc.Update(bytes);
  return crc.Value();
}

uint8_t Hec(std::span<const uint8_t, 4> header) {
  uint8_t r = 0;
  for (uint8_t b : header) r = kCrc8Table[r ^ b];
  return r ^ kHecCoset;
}

uint8_t HecOfWord(uint32_t header_word) {
  const uint8_t bytes[4] = {
      static_cast<uint8_t>(header_word >> 24), static_cast<uint8_t>(header_word >> 16),
      static_cast<uint8_t>(header_word >> 8), static_cast<uint8_t>(header_word)};
  return Hec(bytes);
}

}  // namespace pegasus
