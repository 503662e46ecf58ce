// CLINT timer and software interrupt; see clint.h. Addresses from the generated map.
#include "kernel/arch/clint.h"

#include "firmware/lib/mmio.h"
#include "kernel/config.h"
#include "pegasus/memory_map.h"

namespace pegasus::kernel::arch {

using fw::Read32;
using fw::Write32;

namespace {
constexpr uintptr_t kMtimeLo = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_LO;
constexpr uintptr_t kMtimeHi = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_HI;
constexpr uintptr_t kCmpLo = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIMECMP_LO;
constexpr uintptr_t kCmpHi = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIMECMP_HI;
constexpr uint32_t kNsPerTick = 1'000'000'000 / kMtimeHz;
static_assert(1'000'000'000 % kMtimeHz == 0, "whole nanoseconds per tick");
// Kept together so the hot paths reach every field from one base address.
struct State {
  // The last reading of Now(), in ticks and in nanoseconds, so SetTimer can turn a
  // (short) time from now into ticks with a 32-bit division by a constant.
  uint64_t last_ticks = 0;
  Time last_ns = 0;
  // What mtimecmp holds: the time it was set for, and its high word (unknown until
  // the first SetTimer, which writes both words).
  Time timer_at = -1;
  uint32_t cmp_hi = 0;
  bool cmp_known = false;
};
State st;
}  // namespace

uint64_t ReadMtime() {
  uint32_t hi, lo;
  do {
    hi = Read32(kMtimeHi);
    lo = Read32(kMtimeLo);
  } while (Read32(kMtimeHi) != hi);
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

uint32_t ReadMtimeLo() { return Read32(kMtimeLo); }

Time Now() {
  st.last_ticks = ReadMtime();
  st.last_ns = static_cast<Time>(st.last_ticks * kNsPerTick);
  return st.last_ns;
}

uint32_t LastMtimeLo() { return static_cast<uint32_t>(st.last_ticks); }

void SetTimer(Time when) {
  if (when == st.timer_at) return;
  st.timer_at = when;
  // Round up so that the interrupt never comes before the decision is due.
  uint64_t ticks;
  const Time ahead = when - st.last_ns;  // when >= 0 and last_ns >= 0: no overflow
  if (when == kForever) {
    ticks = ~0ull;
  } else if (ahead <= 0) {
    ticks = st.last_ticks;
  } else if (ahead < 0xFFFF0000) {
    ticks = st.last_ticks + (static_cast<uint32_t>(ahead) + kNsPerTick - 1) / kNsPerTick;
  } else {
    ticks = static_cast<uint64_t>((when + kNsPerTick - 1) / kNsPerTick);
  }
  const uint32_t hi = static_cast<uint32_t>(ticks >> 32);
  if (st.cmp_known && hi == st.cmp_hi) {
    // Same high word: one store moves the compare value, never through a wrong one.
    Write32(kCmpLo, static_cast<uint32_t>(ticks));
    return;
  }
  // No spurious interrupt while the halves change: high word to all ones first.
  Write32(kCmpHi, 0xFFFFFFFFu);
  Write32(kCmpLo, static_cast<uint32_t>(ticks));
  Write32(kCmpHi, hi);
  st.cmp_hi = hi;
  st.cmp_known = true;
}

void ClearSoftwareInterrupt() { Write32(PEGASUS_CLINT_BASE + PEGASUS_CLINT_MSIP, 0); }

}  // namespace pegasus::kernel::arch
