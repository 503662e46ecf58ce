// Long runs of the randomised RTL tests: PEGASUS_LONG set multiplies their counts by
// ten, or by N for PEGASUS_LONG=N with N > 1 (`make test-long`). Seeds are the
// harness's (PEGASUS_SEED); this only scales how much traffic a test sends.
#ifndef PEGASUS_SIM_CPP_HARNESS_LONG_RUN_H_
#define PEGASUS_SIM_CPP_HARNESS_LONG_RUN_H_

#include <cstdlib>

namespace pegasus::sim {

// 1 normally; 10, or N for PEGASUS_LONG=N (N > 1), when PEGASUS_LONG is set.
inline int LongRunScale() {
  const char* env = std::getenv("PEGASUS_LONG");
  if (!env) return 1;
  return std::atoi(env) > 1 ? std::atoi(env) : 10;
}

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_HARNESS_LONG_RUN_H_
