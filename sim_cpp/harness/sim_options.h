// SimOptions: how a simulation run is observed and bounded — FST tracing for a cycle
// window, a cycle timeout and the seed of randomised stimulus. Every value comes from
// (in rising priority) its default, an environment variable, or a command-line flag,
// so any RTL test can be traced or replayed without being rebuilt:
//
//   flag                 environment               meaning
//   --trace[=FILE]       PEGASUS_TRACE=1|FILE      write an FST waveform
//   --trace-start=N      PEGASUS_TRACE_START=N     first cycle dumped (default 0)
//   --trace-end=N        PEGASUS_TRACE_END=N       last cycle dumped (default: no end)
//   --trace-dir=DIR      PEGASUS_TRACE_DIR=DIR     folder for default trace names
//   --timeout=N          PEGASUS_TIMEOUT=N         cycles before a run is abandoned
//   --seed=N             PEGASUS_SEED=N            seed for randomised tests
#ifndef PEGASUS_SIM_CPP_HARNESS_SIM_OPTIONS_H_
#define PEGASUS_SIM_CPP_HARNESS_SIM_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>

namespace pegasus::sim {

struct SimOptions {
  // Empty: no trace. Otherwise the FST file to write.
  std::string trace_path;
  // Set when tracing was asked for without a file name: the harness names the file
  // after the simulation (<trace_dir>/<name>.fst).
  bool trace_default_name = false;
  std::string trace_dir = ".";
  uint64_t trace_start = 0;
  uint64_t trace_end = UINT64_MAX;
  // Cycles of the primary clock after which a run stops with SimTimeout.
  uint64_t timeout_cycles = 10'000'000;
  // Unset: a fresh seed is drawn and printed.
  std::optional<uint64_t> seed;

  // Defaults overridden by PEGASUS_* environment variables.
  static SimOptions FromEnvironment();

  // Applies the flags above found in argv and removes them from it, leaving the rest
  // (for example GoogleTest's flags) in place. Returns an error message, or "".
  std::string ParseArgs(int* argc, char** argv);

  // Options shared by every harness in the process: FromEnvironment() plus the flags
  // given to the test's main(). Tests construct harnesses with these by default.
  static SimOptions& Global();
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_HARNESS_SIM_OPTIONS_H_
