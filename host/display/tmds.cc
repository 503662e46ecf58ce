#include "host/display/tmds.h"

#include <bit>

namespace pegasus::display {

uint16_t TmdsEncoder::Encode(uint8_t d, bool de, uint8_t c) {
  if (!de) {
    cnt_ = 0;
    static constexpr uint16_t kTokens[4] = {0b1101010100, 0b0010101011, 0b0101010100,
                                            0b1010101011};
    return kTokens[c & 3];
  }
  const int n1d = std::popcount(d);
  const bool use_xnor = n1d > 4 || (n1d == 4 && (d & 1) == 0);
  uint32_t qm = d & 1;
  for (int i = 1; i < 8; ++i) {
    const uint32_t prev = (qm >> (i - 1)) & 1, bit = (d >> i) & 1;
    qm |= (use_xnor ? (~(prev ^ bit) & 1) : (prev ^ bit)) << i;
  }
  const uint32_t qm8 = use_xnor ? 0 : 1;
  const int n1 = std::popcount(qm & 0xFF), n0 = 8 - n1;
  uint32_t q;
  if (cnt_ == 0 || n1 == n0) {
    q = ((qm8 ^ 1) << 9) | (qm8 << 8) | (qm8 ? (qm & 0xFF) : (~qm & 0xFF));
    cnt_ += qm8 ? (n1 - n0) : (n0 - n1);
  } else if ((cnt_ > 0 && n1 > n0) || (cnt_ < 0 && n0 > n1)) {
    q = (1u << 9) | (qm8 << 8) | (~qm & 0xFF);
    cnt_ += 2 * int(qm8) + (n0 - n1);
  } else {
    q = (qm8 << 8) | (qm & 0xFF);
    cnt_ += -2 * int(qm8 ^ 1) + (n1 - n0);
  }
  return static_cast<uint16_t>(q);
}

uint8_t TmdsDecode(uint16_t s) {
  uint32_t d = (s & 0x200) ? (~s & 0xFF) : (s & 0xFF);
  uint32_t out = d & 1;
  for (int i = 1; i < 8; ++i) {
    const uint32_t a = (d >> i) & 1, b = (d >> (i - 1)) & 1;
    out |= ((s & 0x100) ? (a ^ b) : (~(a ^ b) & 1)) << i;
  }
  return static_cast<uint8_t>(out);
}

}  // namespace pegasus::display
