// PmpSet: building a domain's PMP entries and checking an access against them, in
// plain C++ (no CSR access) so that the host tests check the encodings. Encodings
// from the RISC-V privileged specification 1.12, section 3.7.
#include "kernel/arch/pmp.h"

namespace pegasus::kernel::arch {

namespace {
constexpr uint8_t kModeTor = 1u << 3;
constexpr uint8_t kModeNapot = 3u << 3;

void SetCfg(PmpSet& s, int i, uint8_t cfg) {
  const int shift = (i % 4) * 8;
  s.cfg[i / 4] = (s.cfg[i / 4] & ~(0xFFu << shift)) | (static_cast<uint32_t>(cfg) << shift);
}
uint8_t Cfg(const PmpSet& s, int i) { return static_cast<uint8_t>(s.cfg[i / 4] >> ((i % 4) * 8)); }
}  // namespace

bool PmpSet::AddRange(uintptr_t base, uintptr_t end, uint8_t rights) {
  if (used + 2 > kPmpEntries || (base & (granule - 1)) || (end & (granule - 1))) return false;
  addr[used] = base >> 2;  // lower bound for the next entry; itself off
  SetCfg(*this, used, 0);
  addr[used + 1] = end >> 2;
  SetCfg(*this, used + 1, kModeTor | rights);
  used += 2;
  return true;
}

bool PmpSet::AddNapot(uintptr_t base, uint32_t size, uint8_t rights) {
  if (used + 1 > kPmpEntries || size < 8 || size < granule || (size & (size - 1)) ||
      (base & (size - 1)))
    return false;
  addr[used] = (base >> 2) | ((size >> 3) - 1);
  SetCfg(*this, used, kModeNapot | rights);
  ++used;
  return true;
}

bool PmpSet::SameEntries(const PmpSet& other, int count) const {
  for (int i = 0; i < count; ++i)
    if (addr[i] != other.addr[i] || Cfg(*this, i) != Cfg(other, i)) return false;
  return true;
}

bool PmpSet::Allows(uintptr_t a, uint32_t len, uint8_t rights) const {
  const uint64_t lo = a, hi = static_cast<uint64_t>(a) + len;
  for (int i = 0; i < used; ++i) {
    const uint8_t c = Cfg(*this, i);
    uint64_t rb, re;
    if ((c & kModeNapot) == kModeNapot) {
      uint32_t ones = 0;  // trailing ones of the address encode the size
      while (ones < 31 && (addr[i] >> ones) & 1) ++ones;
      const uint64_t size = 8ull << ones;
      rb = (static_cast<uint64_t>(addr[i]) << 2) & ~(size - 1);
      re = rb + size;
    } else if ((c & kModeNapot) == kModeTor) {
      rb = i == 0 ? 0 : static_cast<uint64_t>(addr[i - 1]) << 2;
      re = static_cast<uint64_t>(addr[i]) << 2;
    } else {
      continue;
    }
    if (lo >= rb && hi <= re && (c & rights) == rights) return true;
  }
  return false;
}

}  // namespace pegasus::kernel::arch
