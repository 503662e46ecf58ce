#include "pfs/crc32c.h"

#include <array>
#include <cstring>

namespace pegasus::pfs {

namespace {

constexpr uint32_t kPoly = 0x82F63B78;

// kTables[0] advances the CRC register over one byte; kTables[k][i] is the register
// after byte i followed by k zero bytes, so eight bytes take eight independent lookups.
using Tables = std::array<std::array<uint32_t, 256>, 8>;
constexpr Tables MakeTables() {
  Tables t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
    t[0][i] = c;
  }
  for (size_t k = 1; k < 8; ++k) {
    for (uint32_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
  }
  return t;
}
constexpr Tables kTables = MakeTables();

// The register (no preset or final XOR) after n more bytes.
uint32_t PortableRegister(uint32_t reg, const uint8_t* p, size_t n) {
  for (; n >= 8; n -= 8, p += 8) {
    const uint32_t lo = reg ^ (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24);
    reg = kTables[7][lo & 0xFF] ^ kTables[6][(lo >> 8) & 0xFF] ^ kTables[5][(lo >> 16) & 0xFF] ^
          kTables[4][lo >> 24] ^ kTables[3][p[4]] ^ kTables[2][p[5]] ^ kTables[1][p[6]] ^ kTables[0][p[7]];
  }
  for (; n > 0; --n) reg = kTables[0][(reg ^ *p++) & 0xFF] ^ (reg >> 8);
  return reg;
}

#if defined(__x86_64__)
// Length of each of the three interleaved streams: three of them and 16 bytes make a
// 4 KB block, the unit every log payload CRC is taken over.
constexpr size_t kStream = 1360;

// Tables that advance a register over kStream zero bytes. The step is linear over
// GF(2), so it is the XOR of one lookup per byte of the register.
using ShiftTables = std::array<std::array<uint32_t, 256>, 4>;
constexpr ShiftTables MakeShiftTables() {
  std::array<uint32_t, 32> basis{};
  for (int bit = 0; bit < 32; ++bit) {
    uint32_t reg = uint32_t{1} << bit;
    for (size_t i = 0; i < kStream; ++i) reg = kTables[0][reg & 0xFF] ^ (reg >> 8);
    basis[bit] = reg;
  }
  ShiftTables t{};
  for (int byte = 0; byte < 4; ++byte) {
    for (uint32_t v = 0; v < 256; ++v) {
      uint32_t r = 0;
      for (int bit = 0; bit < 8; ++bit) {
        if (v >> bit & 1) r ^= basis[byte * 8 + bit];
      }
      t[byte][v] = r;
    }
  }
  return t;
}
constexpr ShiftTables kShift = MakeShiftTables();

uint32_t ShiftOverStream(uint32_t reg) {
  return kShift[0][reg & 0xFF] ^ kShift[1][(reg >> 8) & 0xFF] ^ kShift[2][(reg >> 16) & 0xFF] ^ kShift[3][reg >> 24];
}

uint64_t Load64(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

__attribute__((target("sse4.2"))) uint32_t HardwareRegister(uint32_t reg, const uint8_t* p, size_t n) {
  // Three independent streams keep the instruction's pipeline full (latency 3, one
  // issued per cycle); stream a continues the register, b and c start from zero, and
  // a, b, c joined give the register over all 3 * kStream bytes.
  for (; n >= 3 * kStream; n -= 3 * kStream, p += 3 * kStream) {
    uint64_t a = reg, b = 0, c = 0;
    for (size_t i = 0; i < kStream; i += 8) {
      a = __builtin_ia32_crc32di(a, Load64(p + i));
      b = __builtin_ia32_crc32di(b, Load64(p + kStream + i));
      c = __builtin_ia32_crc32di(c, Load64(p + 2 * kStream + i));
    }
    reg = ShiftOverStream(ShiftOverStream(static_cast<uint32_t>(a)) ^ static_cast<uint32_t>(b)) ^
          static_cast<uint32_t>(c);
  }
  uint64_t r = reg;
  for (; n >= 8; n -= 8, p += 8) r = __builtin_ia32_crc32di(r, Load64(p));
  reg = static_cast<uint32_t>(r);
  for (; n > 0; --n) reg = __builtin_ia32_crc32qi(reg, *p++);
  return reg;
}

bool HaveSse42() {
  static const bool have = __builtin_cpu_supports("sse4.2");
  return have;
}
#endif

}  // namespace

uint32_t Crc32cExtendPortable(uint32_t crc, std::span<const uint8_t> bytes) {
  return ~PortableRegister(~crc, bytes.data(), bytes.size());
}

bool Crc32cUsesHardware() {
#if defined(__x86_64__)
  return HaveSse42();
#else
  return false;
#endif
}

uint32_t Crc32cExtend(uint32_t crc, std::span<const uint8_t> bytes) {
#if defined(__x86_64__)
  if (HaveSse42()) return ~HardwareRegister(~crc, bytes.data(), bytes.size());
#endif
  return Crc32cExtendPortable(crc, bytes);
}

}  // namespace pegasus::pfs
