// Measuring from inside a domain how much processor it receives, for the test
// images. A domain spins reading mtime (nemesis::Now); consecutive readings closer than
// kGap count as running, a longer step means it was off the processor. Periods are
// told apart by the deadline the kernel writes into the DIB at each dispatch (a
// decision never runs past the domain's own deadline, so every new period begins
// with a dispatch). User mode; state on the caller's stack only.
#ifndef PEGASUS_KERNEL_IMAGES_MEASURE_H_
#define PEGASUS_KERNEL_IMAGES_MEASURE_H_

#include "kernel/user/nemesis.h"

namespace pegasus::kernel::images {

inline constexpr Time kGap = 20 * kUs;

struct PeriodStats {
  int periods = 0;
  int outside = 0;  // periods whose processor time is outside [low, high]
  Time min = kForever, max = 0, sum = 0;
};

// Measures `count` whole periods (the first, partial, one is skipped).
inline PeriodStats MeasurePeriods(Dib* dib, int count, Time low, Time high) {
  PeriodStats st;
  Time last = nemesis::Now();
  Time run = 0;
  uint32_t deadline = dib->deadline;
  int seen = -1;
  for (;;) {
    const Time t = nemesis::Now();
    if (t - last <= kGap) run += t - last;
    last = t;
    if (dib->deadline != deadline) {
      if (seen >= 0) {
        ++st.periods;
        st.sum += run;
        if (run < st.min) st.min = run;
        if (run > st.max) st.max = run;
        if (run < low || run > high) ++st.outside;
      }
      run = 0;
      deadline = dib->deadline;
      if (++seen == count) return st;
    }
  }
}

}  // namespace pegasus::kernel::images

#endif  // PEGASUS_KERNEL_IMAGES_MEASURE_H_
