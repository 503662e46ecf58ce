// CLINT timer: the uncommon cases of SetTimer (clint.h). Addresses from the
// generated map.
#include "kernel/arch/clint.h"

namespace pegasus::kernel::arch {

uint32_t mtimecmp_hi = UINT32_MAX;

void SetTimerSlow(Time when) {
  const uint64_t ticks = when < 0 ? 0 : static_cast<uint64_t>(when);
  const uint32_t hi = static_cast<uint32_t>(ticks >> 32);
  // No spurious interrupt while the halves change: high word to all ones first.
  fw::Write32(kMtimecmpHi, 0xFFFFFFFFu);
  fw::Write32(kMtimecmpLo, static_cast<uint32_t>(ticks));
  fw::Write32(kMtimecmpHi, hi);
  mtimecmp_hi = hi;
}

}  // namespace pegasus::kernel::arch
