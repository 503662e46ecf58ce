#include "pfs/crc32c.h"

#include <array>
#include <cstring>

namespace pegasus::pfs {

namespace {

constexpr uint32_t kPoly = 0x82F63B78;

constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr std::array<uint32_t, 256> kTable = MakeTable();

uint32_t SoftwareExtend(uint32_t reg, const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) reg = kTable[(reg ^ p[i]) & 0xFF] ^ (reg >> 8);
  return reg;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t HardwareExtend(uint32_t reg, const uint8_t* p, size_t n) {
  uint64_t r = reg;
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    r = __builtin_ia32_crc32di(r, w);
    p += 8;
    n -= 8;
  }
  uint32_t r32 = static_cast<uint32_t>(r);
  while (n--) r32 = __builtin_ia32_crc32qi(r32, *p++);
  return r32;
}
bool HaveSse42() {
  static const bool have = __builtin_cpu_supports("sse4.2");
  return have;
}
#endif

}  // namespace

uint32_t Crc32cExtend(uint32_t crc, std::span<const uint8_t> bytes) {
  uint32_t reg = ~crc;
#if defined(__x86_64__)
  if (HaveSse42()) return ~HardwareExtend(reg, bytes.data(), bytes.size());
#endif
  return ~SoftwareExtend(reg, bytes.data(), bytes.size());
}

}  // namespace pegasus::pfs
