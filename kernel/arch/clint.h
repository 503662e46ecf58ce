// The CLINT as the kernel uses it: mtime as the clock (converted to the policy's
// nanoseconds), mtimecmp as a one-shot timer for Atropos's next decision, and the
// software-interrupt bit as a device interrupt line (interrupts arrive as events).
// Called with interrupts off (trap handler or boot). The clock and the common case of
// the timer are inline: they are on every scheduling decision.
#ifndef PEGASUS_KERNEL_ARCH_CLINT_H_
#define PEGASUS_KERNEL_ARCH_CLINT_H_

#include <stdint.h>

#include "firmware/lib/mmio.h"
#include "kernel/config.h"
#include "kernel/policy/time.h"
#include "pegasus/memory_map.h"

namespace pegasus::kernel::arch {

inline constexpr uintptr_t kMtimeLo = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_LO;
inline constexpr uintptr_t kMtimeHi = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_HI;
inline constexpr uintptr_t kMtimecmpLo = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIMECMP_LO;
inline constexpr uintptr_t kMtimecmpHi = PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIMECMP_HI;
inline constexpr uint32_t kNsPerTick = 1'000'000'000 / kMtimeHz;
static_assert(1'000'000'000 % kMtimeHz == 0, "whole nanoseconds per tick");

// x / kNsPerTick for any 32-bit x as a multiply-high and a shift (the soft core
// divides in 34 cycles, multiplies in one): m = ceil(2^s / d) with the smallest s
// whose error m*d - 2^s is at most 2^(s-32), which makes the quotient exact.
struct Reciprocal {
  uint32_t multiplier;
  int shift;  // beyond the 32 bits that the multiply-high drops
};
constexpr Reciprocal FindReciprocal(uint64_t d) {
  for (int s = 32; s < 64; ++s) {
    const uint64_t m = ((uint64_t{1} << s) + d - 1) / d;
    if (m >> 32) break;
    if (m * d - (uint64_t{1} << s) <= (uint64_t{1} << (s - 32)))
      return {static_cast<uint32_t>(m), s - 32};
  }
  return {0, -1};
}
inline constexpr Reciprocal kTickReciprocal = FindReciprocal(kNsPerTick);
static_assert(kTickReciprocal.shift >= 0, "no 32-bit reciprocal for kNsPerTick");
inline uint32_t NsToTicks(uint32_t ns) {
  return static_cast<uint32_t>((static_cast<uint64_t>(ns) * kTickReciprocal.multiplier) >> 32) >>
         kTickReciprocal.shift;
}

// Kept together so the hot paths reach every field from one base address.
struct ClintState {
  // The last reading of Now(), in ticks and in nanoseconds, so SetTimer can turn a
  // (short) time from now into ticks without a 64-bit division.
  uint32_t last_lo = 0;
  uint32_t last_hi = 0;
  Time last_ns = 0;
  // mtimecmp's high word (unknown until the first SetTimer, which writes both words).
  uint32_t cmp_hi = 0;
  bool cmp_known = false;
};
extern ClintState clint;

inline uint64_t ReadMtime() {
  uint32_t hi, lo;
  do {
    hi = fw::Read32(kMtimeHi);
    lo = fw::Read32(kMtimeLo);
  } while (fw::Read32(kMtimeHi) != hi);
  return (static_cast<uint64_t>(hi) << 32) | lo;
}
// The low word of mtime alone: one load, for 32-bit differences (processor-time
// accounting) over spans shorter than 2^32 ticks (seven minutes at 10 MHz).
inline uint32_t ReadMtimeLo() { return fw::Read32(kMtimeLo); }
// mtime in nanoseconds since reset.
inline Time Now() {
  const uint64_t ticks = ReadMtime();
  clint.last_lo = static_cast<uint32_t>(ticks);
  clint.last_hi = static_cast<uint32_t>(ticks >> 32);
  clint.last_ns = static_cast<Time>(ticks * kNsPerTick);
  return clint.last_ns;
}
// The low word of the mtime reading behind the last Now().
inline uint32_t LastMtimeLo() { return clint.last_lo; }

// Every case SetTimerFast does not handle.
void SetTimerSlow(Time when);
// The common case of SetTimer: a time within two seconds of the last Now() whose
// compare value keeps the high word that mtimecmp already holds: one store. False
// (nothing done) otherwise.
inline bool SetTimerFast(Time when) {
  ClintState& st = clint;
  const Time ahead = when - st.last_ns;  // when >= 0 and last_ns >= 0: no overflow
  if (ahead <= 0 || ahead >= INT32_MAX || !st.cmp_known || st.last_hi != st.cmp_hi) return false;
  // Round up so that the interrupt never comes before the decision is due.
  const uint32_t lo = st.last_lo + NsToTicks(static_cast<uint32_t>(ahead) + kNsPerTick - 1);
  if (lo < st.last_lo) return false;  // a carry into the high word
  fw::Write32(kMtimecmpLo, lo);
  return true;
}
// One shot: the timer interrupt becomes pending at `when` (kForever: never).
inline void SetTimer(Time when) {
  if (!SetTimerFast(when)) SetTimerSlow(when);
}
// The software-interrupt line: raised by a device domain, cleared by the kernel.
inline void ClearSoftwareInterrupt() { fw::Write32(PEGASUS_CLINT_BASE + PEGASUS_CLINT_MSIP, 0); }

}  // namespace pegasus::kernel::arch

#endif  // PEGASUS_KERNEL_ARCH_CLINT_H_
