#include "host/pegasus/wave_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "host/pegasus/exit_codes.h"

namespace pegasus::tool {

const char kWaveHelp[] =
    "usage: pegasus wave [--print] [--save=GTKW] [FILE.fst | DIR]\n"
    "\n"
    "Opens an FST waveform in GTKWave: FILE, or the newest .fst file in DIR (default:\n"
    "the current folder). `pegasus sim --wave=...` writes them (pegasus-sim: the SoC;\n"
    "--net: one file per node named, e.g. sw0.fst, all on the same time base: cycle c\n"
    "of the design clock is the rising edge at (c + 1) clock periods). --save gives\n"
    "GTKWave a save file of signals to show. --print prints the command instead of\n"
    "running it. The viewer is $PEGASUS_WAVE_VIEWER if set, else gtkwave; with no\n"
    "graphical display (DISPLAY or WAYLAND_DISPLAY unset) it refuses with exit 7.\n";

namespace {

namespace fs = std::filesystem;

// FST files open with a header block: block type 0 and a 64-bit length of 329.
bool LooksLikeFst(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  unsigned char head[9] = {};
  if (!in.read(reinterpret_cast<char*>(head), sizeof head)) return false;
  uint64_t len = 0;
  for (int i = 1; i < 9; ++i) len = len << 8 | head[i];
  return head[0] == 0 && len == 329;
}

// The newest regular .fst file in dir, or an empty path.
fs::path NewestFst(const fs::path& dir, std::error_code& ec) {
  fs::path best;
  fs::file_time_type best_time{};
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file() || e.path().extension() != ".fst") continue;
    const fs::file_time_type t = e.last_write_time();
    if (best.empty() || t > best_time) {
      best = e.path();
      best_time = t;
    }
  }
  return best;
}

// The viewer program found on PATH (or as given with a slash), or empty.
std::string FindProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

}  // namespace

int RunWave(int argc, char** argv) {
  bool print = false;
  std::string save;
  std::string target;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--print") {
      print = true;
    } else if (a.rfind("--save=", 0) == 0) {
      save = a.substr(7);
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "pegasus wave: unknown option %s\n%s", a.c_str(), kWaveHelp);
      return kExitUsage;
    } else if (target.empty()) {
      target = a;
    } else {
      std::fprintf(stderr, "pegasus wave: one FILE or DIR, not %s too\n%s", a.c_str(), kWaveHelp);
      return kExitUsage;
    }
  }
  fs::path file = target.empty() ? fs::path(".") : fs::path(target);
  std::error_code ec;
  if (fs::is_directory(file, ec)) {
    const fs::path dir = file;
    file = NewestFst(dir, ec);
    if (ec) {
      std::fprintf(stderr, "pegasus wave: cannot read %s: %s\n", dir.c_str(), ec.message().c_str());
      return kExitIo;
    }
    if (file.empty()) {
      std::fprintf(stderr,
                   "pegasus wave: no .fst file in %s (write one with `pegasus sim "
                   "--wave=...`)\n",
                   dir.c_str());
      return kExitIo;
    }
  } else if (!fs::is_regular_file(file, ec)) {
    std::fprintf(stderr, "pegasus wave: no file %s\n", file.c_str());
    return kExitIo;
  }
  if (!LooksLikeFst(file)) {
    std::fprintf(stderr, "pegasus wave: %s is not an FST waveform (no FST header block)\n",
                 file.c_str());
    return kExitIo;
  }
  if (!save.empty() && !fs::is_regular_file(save, ec)) {
    std::fprintf(stderr, "pegasus wave: no save file %s\n", save.c_str());
    return kExitIo;
  }
  const char* env = std::getenv("PEGASUS_WAVE_VIEWER");
  const std::string viewer_name = env && *env ? env : "gtkwave";
  std::vector<std::string> args = {viewer_name, file.string()};
  if (!save.empty()) args.push_back(save);
  if (print) {
    for (size_t i = 0; i < args.size(); ++i) std::printf("%s%s", i ? " " : "", args[i].c_str());
    std::printf("\n");
    return kExitOk;
  }
  const std::string viewer = FindProgram(viewer_name);
  if (viewer.empty()) {
    std::fprintf(stderr,
                 "pegasus wave: %s not found (scripts/setup installs GTKWave; or set "
                 "PEGASUS_WAVE_VIEWER)\n",
                 viewer_name.c_str());
    return kExitIo;
  }
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((display == nullptr || !*display) && (wayland == nullptr || !*wayland)) {
    std::fprintf(stderr,
                 "pegasus wave: no graphical display (DISPLAY and WAYLAND_DISPLAY unset); "
                 "copy %s to a machine with GTKWave, or use --print\n",
                 file.c_str());
    return kExitIo;
  }
  std::vector<char*> cargs;
  for (std::string& s : args) cargs.push_back(s.data());
  cargs.push_back(nullptr);
  std::fflush(stdout);
  ::execv(viewer.c_str(), cargs.data());
  std::fprintf(stderr, "pegasus wave: cannot run %s: %s\n", viewer.c_str(), std::strerror(errno));
  return kExitIo;
}

}  // namespace pegasus::tool
