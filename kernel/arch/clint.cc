// CLINT timer: the uncommon cases of SetTimer (clint.h). Addresses from the
// generated map.
#include "kernel/arch/clint.h"

namespace pegasus::kernel::arch {

ClintState clint;

void SetTimerSlow(Time when) {
  ClintState& st = clint;
  const uint64_t last = (static_cast<uint64_t>(st.last_hi) << 32) | st.last_lo;
  // Round up so that the interrupt never comes before the decision is due.
  uint64_t ticks;
  const Time ahead = when - st.last_ns;
  if (when == kForever) {
    ticks = ~0ull;
  } else if (ahead <= 0) {
    ticks = last;
  } else if (ahead < INT32_MAX) {
    ticks = last + NsToTicks(static_cast<uint32_t>(ahead) + kNsPerTick - 1);
  } else {
    ticks = static_cast<uint64_t>((when + kNsPerTick - 1) / kNsPerTick);
  }
  const uint32_t hi = static_cast<uint32_t>(ticks >> 32);
  if (st.cmp_known && hi == st.cmp_hi) {
    // Same high word: one store moves the compare value, never through a wrong one.
    fw::Write32(kMtimecmpLo, static_cast<uint32_t>(ticks));
    return;
  }
  // No spurious interrupt while the halves change: high word to all ones first.
  fw::Write32(kMtimecmpHi, 0xFFFFFFFFu);
  fw::Write32(kMtimecmpLo, static_cast<uint32_t>(ticks));
  fw::Write32(kMtimecmpHi, hi);
  st.cmp_hi = hi;
  st.cmp_known = true;
}

}  // namespace pegasus::kernel::arch
