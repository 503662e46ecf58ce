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
constexpr Time kNsPerTick = 1'000'000'000 / kMtimeHz;
// The last mtime reading of Now(), so SetTimer can turn a (short) time from now into
// ticks with a 32-bit division instead of a 64-bit one.
uint64_t last_ticks = 0;
// What mtimecmp holds, so that setting the same time again costs nothing.
Time timer_at = -1;
}  // namespace

uint64_t ReadMtime() {
  uint32_t hi, lo;
  do {
    hi = Read32(kMtimeHi);
    lo = Read32(kMtimeLo);
  } while (Read32(kMtimeHi) != hi);
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

Time Now() {
  last_ticks = ReadMtime();
  return static_cast<Time>(last_ticks) * kNsPerTick;
}

void SetTimer(Time when) {
  if (when == timer_at) return;
  timer_at = when;
  // Round up so that the interrupt never comes before the decision is due.
  uint64_t ticks;
  const Time last = static_cast<Time>(last_ticks) * kNsPerTick;
  if (when == kForever) {
    ticks = ~0ull;
  } else if (when <= last) {
    ticks = last_ticks;
  } else if (when - last < 0xFFFF0000) {
    ticks = last_ticks + (static_cast<uint32_t>(when - last) + kNsPerTick - 1) / kNsPerTick;
  } else {
    ticks = static_cast<uint64_t>((when + kNsPerTick - 1) / kNsPerTick);
  }
  // No spurious interrupt while the halves change: high word to all ones first.
  Write32(kCmpHi, 0xFFFFFFFFu);
  Write32(kCmpLo, static_cast<uint32_t>(ticks));
  Write32(kCmpHi, static_cast<uint32_t>(ticks >> 32));
}

void ClearSoftwareInterrupt() { Write32(PEGASUS_CLINT_BASE + PEGASUS_CLINT_MSIP, 0); }

}  // namespace pegasus::kernel::arch
