// Text appenders; see text.h.
#include "kernel/policy/text.h"

namespace pegasus::kernel {

Text& Text::Add(const char* s) {
  while (*s && len_ < kCapacity - 1) buf_[len_++] = *s++;
  buf_[len_] = 0;
  return *this;
}

Text& Text::AddDec(uint64_t v) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  char s[24];
  for (int i = 0; i < n; ++i) s[i] = digits[n - 1 - i];
  s[n] = 0;
  return Add(s);
}

Text& Text::AddDuration(Time t) {
  if (t < 0) {
    Add("-");
    t = -t;
  }
  if (t != 0 && t % kMs == 0) return AddDec(static_cast<uint64_t>(t / kMs)).Add(" ms");
  if (t != 0 && t % kUs == 0) return AddDec(static_cast<uint64_t>(t / kUs)).Add(" us");
  return AddDec(static_cast<uint64_t>(t)).Add(" ns");
}

Text& Text::AddPercent(uint32_t ppm) {
  const uint32_t tenths = (ppm + 500) / 1000;
  AddDec(tenths / 10);
  if (tenths % 10) {
    const char frac[3] = {'.', static_cast<char>('0' + tenths % 10), 0};
    Add(frac);
  }
  return Add("%");
}

}  // namespace pegasus::kernel
