// pegasus-sim: runs a firmware ELF on the Verilated Pegasus SoC.
//
//   pegasus-sim [--max-cycles=N] [--trace-commit=FILE] [--input=TEXT] [--quiet]
//               [--nic=loopback|open] [harness flags] image.elf
//
// The console (UART) output goes to stdout. The exit status is the program's: 0 when it
// writes PASS to the test finisher (or tohost = 1), the CODE of FAIL (or tohost >> 1),
// 124 when --max-cycles pass first, 2 for usage or load errors. --trace-commit writes
// one line per retired instruction (pc, instruction, register written and its value,
// memory written) and per trap. The harness flags (--trace[=FILE], --trace-start=N,
// --trace-end=N) write an FST waveform for a cycle window. A summary (cycles,
// instructions, CPI) goes to stderr. --input offers TEXT (with \n for newlines) to the
// UART's receiver, one byte at a time. --nic=loopback (the default) sends the NIC's
// cells back to its own input; --nic=open leaves its cell ports unconnected (cells
// sent are dropped, none arrive).
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim_cpp/harness/sim_options.h"
#include "sim_cpp/soc/soc_sim.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: pegasus-sim [--max-cycles=N] [--trace-commit=FILE] [--input=TEXT] "
               "[--quiet] [--nic=loopback|open] [--trace[=FILE] --trace-start=N "
               "--trace-end=N] image.elf\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace pegasus::sim;
  SimOptions& options = SimOptions::Global();
  const std::string err = options.ParseArgs(&argc, argv);
  if (!err.empty()) {
    std::fprintf(stderr, "pegasus-sim: %s\n", err.c_str());
    return 2;
  }
  uint64_t max_cycles = 100'000'000;
  std::string commit_path;
  std::string elf;
  std::string input;
  bool quiet = false;
  bool nic_loopback = true;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (std::strncmp(a, "--max-cycles=", 13) == 0) {
      max_cycles = std::strtoull(a + 13, nullptr, 0);
    } else if (std::strncmp(a, "--trace-commit=", 15) == 0) {
      commit_path = a + 15;
    } else if (std::strncmp(a, "--input=", 8) == 0) {
      for (const char* p = a + 8; *p != '\0'; ++p) {
        if (p[0] == '\\' && p[1] == 'n') {
          input.push_back('\n');
          ++p;
        } else {
          input.push_back(*p);
        }
      }
    } else if (std::strcmp(a, "--nic=loopback") == 0) {
      nic_loopback = true;
    } else if (std::strcmp(a, "--nic=open") == 0) {
      nic_loopback = false;
    } else if (std::strncmp(a, "--nic=", 6) == 0) {
      std::fprintf(stderr, "pegasus-sim: --nic takes loopback or open, not %s\n", a + 6);
      return Usage();
    } else if (std::strcmp(a, "--quiet") == 0) {
      quiet = true;
    } else if (a[0] == '-') {
      std::fprintf(stderr, "pegasus-sim: unknown option %s\n", a);
      return Usage();
    } else if (elf.empty()) {
      elf = a;
    } else {
      return Usage();
    }
  }
  if (elf.empty()) return Usage();
  // The run is bounded by --max-cycles, not by the harness's test timeout.
  options.timeout_cycles = UINT64_MAX;

  SocSim sim("pegasus_sim", options);
  const std::string load_error = sim.LoadElf(elf);
  if (!load_error.empty()) {
    std::fprintf(stderr, "pegasus-sim: %s\n", load_error.c_str());
    return 2;
  }
  FILE* commit = nullptr;
  if (!commit_path.empty()) {
    commit = std::fopen(commit_path.c_str(), "w");
    if (commit == nullptr) {
      std::fprintf(stderr, "pegasus-sim: cannot write %s\n", commit_path.c_str());
      return 2;
    }
    sim.OnCommit([commit](const CommitEvent& e) {
      std::fprintf(commit, "%s\n", FormatCommit(e).c_str());
    });
  }
  sim.SetConsoleInput(input);
  sim.SetNicLoopback(nic_loopback);
  sim.OnConsole([](char c) {
    std::fputc(c, stdout);
    if (c == '\n') std::fflush(stdout);
  });
  const SocRunResult r = sim.Run(max_cycles);
  std::fflush(stdout);
  if (commit != nullptr) std::fclose(commit);
  if (!quiet) {
    std::fprintf(stderr,
                 "pegasus-sim: %s after %" PRIu64 " cycles, %" PRIu64
                 " instructions, CPI %.3f\n",
                 r.finished ? (r.exit_code == 0 ? "passed" : "failed") : "no finish",
                 r.cycles, r.instret,
                 r.instret ? static_cast<double>(r.cycles) / static_cast<double>(r.instret) : 0.0);
  }
  if (!r.finished) {
    std::fprintf(stderr, "pegasus-sim: %s did not finish within %" PRIu64 " cycles\n",
                 elf.c_str(), max_cycles);
    return 124;
  }
  return r.exit_code;
}
