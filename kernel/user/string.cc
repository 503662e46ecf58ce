// memset, memcpy and memmove for freestanding code (the compiler emits calls to them
// for structure copies and zeroing). Shared code: the kernel and every domain use it;
// it touches only what the caller passes.
#include <stddef.h>
#include <stdint.h>

extern "C" {

void* memset(void* d, int c, size_t n) {
  auto* p = static_cast<uint8_t*>(d);
  while (n--) *p++ = static_cast<uint8_t>(c);
  return d;
}

void* memcpy(void* d, const void* s, size_t n) {
  auto* p = static_cast<uint8_t*>(d);
  const auto* q = static_cast<const uint8_t*>(s);
  if (((reinterpret_cast<uintptr_t>(p) | reinterpret_cast<uintptr_t>(q) | n) & 3) == 0) {
    for (; n; n -= 4, p += 4, q += 4) *reinterpret_cast<uint32_t*>(p) = *reinterpret_cast<const uint32_t*>(q);
    return d;
  }
  while (n--) *p++ = *q++;
  return d;
}

void* memmove(void* d, const void* s, size_t n) {
  auto* p = static_cast<uint8_t*>(d);
  const auto* q = static_cast<const uint8_t*>(s);
  if (p < q) return memcpy(d, s, n);
  while (n--) p[n] = q[n];
  return d;
}

}  // extern "C"
