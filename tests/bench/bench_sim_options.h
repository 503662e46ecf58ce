// Harness options shared by the RTL benchmarks: a fixed seed, so that runs compare, and
// no cycle timeout, since a benchmark runs as long as Google Benchmark asks.
#ifndef PEGASUS_TESTS_BENCH_BENCH_SIM_OPTIONS_H_
#define PEGASUS_TESTS_BENCH_BENCH_SIM_OPTIONS_H_

#include <cstdint>

#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::sim {

inline SimOptions BenchSimOptions(uint64_t seed = 1) {
  SimOptions options;
  options.seed = seed;
  options.timeout_cycles = UINT64_MAX;
  return options;
}

}  // namespace pegasus::sim

#endif  // PEGASUS_TESTS_BENCH_BENCH_SIM_OPTIONS_H_
