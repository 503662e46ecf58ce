// pegasus-sim: runs a firmware ELF on the Verilated Pegasus SoC.
//
//   pegasus-sim [--max-cycles=N] [--trace-commit=FILE] [--input=TEXT] [--quiet]
//               [--nic=loopback|open] [--uart-tcp=PORT] [harness flags] image.elf
//
// The console (UART) output goes to stdout. The exit status is the program's: 0 when it
// writes PASS to the test finisher (or tohost = 1), the CODE of FAIL (or tohost >> 1),
// 124 when --max-cycles pass first, 0 when SIGINT or SIGTERM stopped it (the summary is
// printed and an FST waveform completed), 2 for usage or load errors. --trace-commit writes
// one line per retired instruction (pc, instruction, register written and its value,
// memory written) and per trap. The harness flags (--trace[=FILE], --trace-start=N,
// --trace-end=N) write an FST waveform for a cycle window. A summary (cycles,
// instructions, CPI) goes to stderr. --input offers TEXT (with \n for newlines) to the
// UART's receiver, one byte at a time. --nic=loopback (the default) sends the NIC's
// cells back to its own input; --nic=open leaves its cell ports unconnected (cells
// sent are dropped, none arrive). --uart-tcp=PORT bridges the UART to a TCP server on
// 127.0.0.1:PORT (0: a free port; the line "pegasus-sim: uart-tcp listening on
// 127.0.0.1:N" on stderr says which) for the pegasus tool's --tcp transport, and runs
// without a cycle limit unless --max-cycles is given; stdout then shows the console text
// without the host control protocol's frames.
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "host/control/hcp_codec.h"
#include "sim_cpp/bfm/uart_tcp.h"
#include "sim_cpp/harness/sim_options.h"
#include "sim_cpp/soc/soc_sim.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: pegasus-sim [--max-cycles=N] [--trace-commit=FILE] [--input=TEXT] "
               "[--quiet] [--nic=loopback|open] [--uart-tcp=PORT] [--trace[=FILE] "
               "--trace-start=N --trace-end=N] image.elf\n");
  return 2;
}

// The UART bridged to a UartTcp: polled from the commit stream every kPollCycles
// cycles (one compare per retired instruction; the socket is touched once a poll), the
// bytes received appended to the UART receiver's input.
class UartBridge {
 public:
  static constexpr uint64_t kPollCycles = 2000;

  explicit UartBridge(pegasus::sim::SocSim* sim) : sim_(sim) {}
  pegasus::sim::UartTcp& tcp() { return tcp_; }

  void OnCommit(const pegasus::sim::CommitEvent& e) {
    if (e.cycle < next_poll_) return;
    next_poll_ = e.cycle + kPollCycles;
    const uint64_t clients = tcp_.clients_accepted();
    tcp_.Poll();
    if (tcp_.clients_accepted() != clients) {
      std::fprintf(stderr, "pegasus-sim: uart-tcp client connected\n");
    }
    if (tcp_.received() > 0) sim_->AppendConsoleInput(tcp_.TakeReceived(SIZE_MAX));
  }

  // Every transmitted byte goes to the client; stdout gets the console text only.
  void OnConsole(char c) {
    tcp_.Transmit(static_cast<uint8_t>(c));
    if (filter_.Push(static_cast<uint8_t>(c)) == pegasus::hcp::Decoder::Event::kText) {
      std::fputc(c, stdout);
      if (c == '\n') std::fflush(stdout);
    }
  }

 private:
  pegasus::sim::SocSim* sim_;
  pegasus::sim::UartTcp tcp_;
  pegasus::hcp::Decoder filter_;
  uint64_t next_poll_ = 0;
};

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
  bool max_cycles_given = false;
  long uart_tcp_port = -1;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (std::strncmp(a, "--max-cycles=", 13) == 0) {
      max_cycles = std::strtoull(a + 13, nullptr, 0);
      max_cycles_given = true;
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
    } else if (std::strncmp(a, "--uart-tcp=", 11) == 0) {
      char* end = nullptr;
      uart_tcp_port = std::strtol(a + 11, &end, 10);
      if (a[11] == '\0' || *end != '\0' || uart_tcp_port < 0 || uart_tcp_port > 65535) {
        std::fprintf(stderr,
                     "pegasus-sim: --uart-tcp takes a port 0..65535 (0: any free one), not %s\n",
                     a + 11);
        return Usage();
      }
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
  std::unique_ptr<UartBridge> bridge;
  if (uart_tcp_port >= 0) {
    if (commit != nullptr) {
      std::fprintf(stderr, "pegasus-sim: --uart-tcp and --trace-commit cannot be used together\n");
      return 2;
    }
    bridge = std::make_unique<UartBridge>(&sim);
    const std::string listen_error = bridge->tcp().Listen(static_cast<uint16_t>(uart_tcp_port));
    if (!listen_error.empty()) {
      std::fprintf(stderr, "pegasus-sim: %s\n", listen_error.c_str());
      return 2;
    }
    if (!max_cycles_given) max_cycles = UINT64_MAX;
    std::fprintf(stderr, "pegasus-sim: uart-tcp listening on 127.0.0.1:%u\n",
                 static_cast<unsigned>(bridge->tcp().port()));
    std::fflush(stderr);
    UartBridge* b = bridge.get();
    sim.OnCommit([b](const CommitEvent& e) { b->OnCommit(e); });
    sim.OnConsole([b](char c) { b->OnConsole(c); });
  } else {
    sim.OnConsole([](char c) {
      std::fputc(c, stdout);
      if (c == '\n') std::fflush(stdout);
    });
  }
  // SIGINT/SIGTERM end the run at the next check (SocSim::SetStopFlag), so the summary
  // is printed and an FST waveform (--trace) is completed (`pegasus sim` is stopped so).
  static volatile std::sig_atomic_t stop_signal = 0;
  std::signal(SIGINT, [](int sig) { stop_signal = sig; });
  std::signal(SIGTERM, [](int sig) { stop_signal = sig; });
  sim.SetStopFlag(&stop_signal);
  const SocRunResult r = sim.Run(max_cycles);
  std::fflush(stdout);
  if (commit != nullptr) std::fclose(commit);
  if (!quiet) {
    std::fprintf(stderr,
                 "pegasus-sim: %s after %" PRIu64 " cycles, %" PRIu64
                 " instructions, CPI %.3f\n",
                 r.finished ? (r.exit_code == 0 ? "passed" : "failed")
                            : (r.stopped ? "stopped" : "no finish"),
                 r.cycles, r.instret,
                 r.instret ? static_cast<double>(r.cycles) / static_cast<double>(r.instret) : 0.0);
  }
  if (r.stopped) {
    std::fprintf(stderr, "pegasus-sim: stopped by %s after %" PRIu64 " cycles\n",
                 stop_signal == SIGINT ? "SIGINT" : "SIGTERM", r.cycles);
    return 0;
  }
  if (!r.finished) {
    std::fprintf(stderr, "pegasus-sim: %s did not finish within %" PRIu64 " cycles\n",
                 elf.c_str(), max_cycles);
    return 124;
  }
  return r.exit_code;
}
