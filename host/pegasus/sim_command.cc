#include "host/pegasus/sim_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "host/pegasus/exit_codes.h"

namespace pegasus::tool {

const char kSimHelp[] =
    "usage: pegasus sim [--net] [--firmware=ELF] [--port=N] [--detach] [--log=FILE]\n"
    "                   [--png=DIR] [--pcap=NODE[.PORT]:FILE ...] [--wave[=NODES]]\n"
    "                   [--wave-window=A:B] [--wave-dir=DIR]\n"
    "                   [--sim-binary=PATH] [-- simulator options]\n"
    "\n"
    "Starts pegasus-sim running ELF (default: the hcpd image of this build) with its\n"
    "UART bridged to TCP on 127.0.0.1:N (default 0: a free port), and prints the\n"
    "address as its first line of output, for `pegasus --tcp ADDRESS <command>`.\n"
    "Without --detach it stays in the foreground with the simulator's console on stdout\n"
    "until the simulator ends (Ctrl-C stops it). With --detach it prints a second line,\n"
    "`pid PID`, and returns, leaving the simulator running in its own session with its\n"
    "console in FILE (default: discarded); stop it with `kill PID`.\n"
    "\n"
    "With --net it starts the desk-area network simulator instead, pegasus-net --soc\n"
    "(soc0, sw0, camera0, display0) with soc0 running ELF (default: this build's\n"
    "pegasusd, the connection manager) and its UART on TCP: `pegasus connect`,\n"
    "`window`, `disconnect` and `stats` then drive the network. Screen PNGs are off\n"
    "unless given: --png=DIR writes display0's screen after every frame it draws.\n"
    "--pcap=NODE[.PORT]:FILE (--net) captures the AAL5 PDUs arriving at a node's port\n"
    "(default 0) for Wireshark/tshark: soc0 (what the NIC receives), display0, audio1,\n"
    "or a switch port (sw0.2); give it once per capture.\n"
    "\n"
    "--wave writes FST waveforms for `pegasus wave`, into DIR (--wave-dir, default\n"
    "waves): without --net the SoC's (DIR/soc.fst); with --net one file per node named\n"
    "(default soc0; e.g. --wave=sw0,display0 gives DIR/sw0.fst and DIR/display0.fst).\n"
    "--wave-window=A:B keeps only cycles A..B (default: the whole run; waveforms of a\n"
    "long run are large).\n";

namespace {

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

int RunSim(int argc, char** argv) {
  bool net = false;
  for (int i = 0; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    if (std::strcmp(argv[i], "--net") == 0) net = true;
  }
  std::string firmware = net ? PEGASUS_NET_FIRMWARE : PEGASUS_DEFAULT_FIRMWARE;
  std::string sim_binary = net ? PEGASUS_NET_BINARY : PEGASUS_SIM_BINARY;
  if (const char* env = std::getenv(net ? "PEGASUS_NET" : "PEGASUS_SIM")) sim_binary = env;
  std::string port = "0";
  std::string log;
  bool detach = false;
  std::string png;
  std::vector<std::string> pcaps;
  bool wave = false;
  std::string wave_nodes = "soc0", wave_dir = "waves";
  unsigned long long wave_first = 0, wave_last = 0;
  bool wave_window = false;
  std::vector<std::string> extra;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (StartsWith(a, "--firmware=")) {
      firmware = a.substr(11);
    } else if (StartsWith(a, "--port=")) {
      port = a.substr(7);
    } else if (StartsWith(a, "--log=")) {
      log = a.substr(6);
    } else if (StartsWith(a, "--sim-binary=")) {
      sim_binary = a.substr(13);
    } else if (a == "--net") {
      // taken above
    } else if (a == "--detach") {
      detach = true;
    } else if (StartsWith(a, "--png=")) {
      png = a.substr(6);
      if (!net || png.empty()) {
        std::fprintf(stderr, "pegasus sim: --png=DIR needs --net (the network has the screen)\n");
        return kExitUsage;
      }
    } else if (StartsWith(a, "--pcap=")) {
      if (!net || a.find(':') == std::string::npos) {
        std::fprintf(stderr, "pegasus sim: --pcap=NODE[.PORT]:FILE needs --net\n");
        return kExitUsage;
      }
      pcaps.push_back(a);
    } else if (a == "--wave" || StartsWith(a, "--wave=")) {
      wave = true;
      if (a.size() > 7) wave_nodes = a.substr(7);
    } else if (StartsWith(a, "--wave-dir=")) {
      wave_dir = a.substr(11);
    } else if (StartsWith(a, "--wave-window=")) {
      char tail = 0;
      if (std::sscanf(a.c_str() + 14, "%llu:%llu%c", &wave_first, &wave_last, &tail) != 2 ||
          wave_first > wave_last) {
        std::fprintf(stderr, "pegasus sim: --wave-window wants A:B cycles, A <= B, not %s\n",
                     a.c_str() + 14);
        return kExitUsage;
      }
      wave_window = true;
    } else if (a == "--") {
      for (++i; i < argc; ++i) extra.emplace_back(argv[i]);
    } else {
      std::fprintf(stderr, "pegasus sim: unknown option %s\n%s", a.c_str(), kSimHelp);
      return kExitUsage;
    }
  }
  if (::access(sim_binary.c_str(), X_OK) != 0) {
    std::fprintf(stderr,
                 "pegasus sim: cannot run %s (build it with `ninja %s`, or "
                 "give --sim-binary)\n",
                 sim_binary.c_str(), net ? "pegasus-net" : "pegasus-sim");
    return kExitIo;
  }
  if (::access(firmware.c_str(), R_OK) != 0) {
    std::fprintf(stderr,
                 "pegasus sim: cannot read the firmware %s (build it with `ninja "
                 "firmware`, or give --firmware)\n",
                 firmware.c_str());
    return kExitIo;
  }
  std::vector<std::string> args;
  if (net) {
    args = {sim_binary, "--soc=" + firmware, "--uart-tcp=" + port, "--out=" + png};
    args.insert(args.end(), pcaps.begin(), pcaps.end());
    if (wave) {
      args.push_back("--wave=" + wave_nodes);
      args.push_back("--wave-dir=" + wave_dir);
      if (wave_window) {
        args.push_back("--wave-window=" + std::to_string(wave_first) + ":" +
                       std::to_string(wave_last));
      }
    }
    args.insert(args.end(), extra.begin(), extra.end());
  } else {
    args = {sim_binary, "--uart-tcp=" + port, "--quiet"};
    if (wave) {
      if (wave_nodes != "soc0") {
        std::fprintf(stderr, "pegasus sim: without --net the waveform is the SoC's; "
                             "--wave takes no nodes\n");
        return kExitUsage;
      }
      std::error_code ec;
      std::filesystem::create_directories(wave_dir, ec);
      if (ec) {
        std::fprintf(stderr, "pegasus sim: cannot create %s: %s\n", wave_dir.c_str(),
                     ec.message().c_str());
        return kExitIo;
      }
      args.push_back("--trace=" + wave_dir + "/soc.fst");
      if (wave_window) {
        args.push_back("--trace-start=" + std::to_string(wave_first));
        args.push_back("--trace-end=" + std::to_string(wave_last));
      }
    }
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(firmware);
  }

  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    std::perror("pegasus sim: pipe");
    return kExitIo;
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("pegasus sim: fork");
    return kExitIo;
  }
  if (pid == 0) {
    ::dup2(err_pipe[1], STDERR_FILENO);
    if (detach) {
      ::setsid();
      const int out =
          ::open(log.empty() ? "/dev/null" : log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out >= 0) ::dup2(out, STDOUT_FILENO);
      // Once the tool has gone, the simulator's stderr has no reader: ignoring SIGPIPE
      // (kept across exec) turns its writes into harmless errors.
      ::signal(SIGPIPE, SIG_IGN);
    } else if (!log.empty()) {
      const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (out >= 0) ::dup2(out, STDOUT_FILENO);
    }
    std::vector<char*> cargs;
    for (std::string& s : args) cargs.push_back(s.data());
    cargs.push_back(nullptr);
    ::execv(sim_binary.c_str(), cargs.data());
    std::fprintf(stderr, "pegasus sim: cannot run %s: %s\n", sim_binary.c_str(),
                 std::strerror(errno));
    ::_exit(127);
  }
  ::close(err_pipe[1]);

  // Reads the simulator's stderr until it names its port (or it dies first).
  const char kMarker[] = "uart-tcp listening on ";
  std::string seen;
  std::string address;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (address.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{err_pipe[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buf[512];
    const ssize_t n = ::read(err_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
    const size_t at = seen.find(kMarker);
    const size_t eol = at == std::string::npos ? at : seen.find('\n', at);
    if (eol != std::string::npos)
      address = seen.substr(at + sizeof kMarker - 1, eol - at - (sizeof kMarker - 1));
  }
  if (address.empty()) {
    std::fprintf(stderr, "pegasus sim: the simulator did not open its TCP port:\n%s", seen.c_str());
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
    return kExitIo;
  }
  std::printf("%s\n", address.c_str());
  if (detach) {
    std::printf("pid %d\n", static_cast<int>(pid));
    std::fflush(stdout);
    return kExitOk;
  }
  std::fflush(stdout);
  // Foreground: pass the simulator's stderr on until it ends.
  for (;;) {
    char buf[512];
    const ssize_t n = ::read(err_pipe[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (::write(STDERR_FILENO, buf, static_cast<size_t>(n)) < 0) break;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return kExitIo;
}

}  // namespace pegasus::tool
