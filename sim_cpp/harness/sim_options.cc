#include "sim_cpp/harness/sim_options.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace pegasus::sim {
namespace {

// Parses a decimal or 0x-prefixed number; false if text is not entirely a number.
bool ParseU64(std::string_view text, uint64_t* out) {
  if (text.empty()) return false;
  std::string s(text);
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s.c_str(), &end, 0);
  if (errno != 0 || end == s.c_str() || *end != '\0') return false;
  *out = v;
  return true;
}

// Sets the trace request from "1"/"" (default name) or a file name.
void SetTrace(SimOptions* o, std::string_view value) {
  if (value.empty() || value == "1") {
    o->trace_default_name = true;
    o->trace_path.clear();
  } else if (value == "0") {
    o->trace_default_name = false;
    o->trace_path.clear();
  } else {
    o->trace_default_name = false;
    o->trace_path = std::string(value);
  }
}

// Applies one setting by its flag name (without "--"); returns an error or "".
std::string Apply(SimOptions* o, std::string_view key, std::string_view value,
                  std::string_view origin) {
  uint64_t n = 0;
  auto number = [&](uint64_t* field) -> std::string {
    if (!ParseU64(value, &n)) {
      return std::string(origin) + ": '" + std::string(value) + "' is not a number";
    }
    *field = n;
    return "";
  };
  if (key == "trace") {
    SetTrace(o, value);
    return "";
  }
  if (key == "trace-dir") {
    o->trace_dir = std::string(value);
    return "";
  }
  if (key == "trace-start") return number(&o->trace_start);
  if (key == "trace-end") return number(&o->trace_end);
  if (key == "timeout") return number(&o->timeout_cycles);
  if (key == "seed") {
    uint64_t seed = 0;
    std::string err = number(&seed);
    if (err.empty()) o->seed = seed;
    return err;
  }
  return "unknown option";
}

}  // namespace

SimOptions SimOptions::FromEnvironment() {
  SimOptions o;
  static constexpr struct {
    const char* env;
    const char* key;
  } kVars[] = {
      {"PEGASUS_TRACE", "trace"},           {"PEGASUS_TRACE_DIR", "trace-dir"},
      {"PEGASUS_TRACE_START", "trace-start"}, {"PEGASUS_TRACE_END", "trace-end"},
      {"PEGASUS_TIMEOUT", "timeout"},       {"PEGASUS_SEED", "seed"},
  };
  for (const auto& var : kVars) {
    const char* value = std::getenv(var.env);
    if (value == nullptr) continue;
    std::string err = Apply(&o, var.key, value, var.env);
    if (!err.empty()) {
      // The environment is an edge of the process: a bad value is reported, not fatal.
      std::fprintf(stderr, "[harness] ignoring %s\n", err.c_str());
    }
  }
  return o;
}

std::string SimOptions::ParseArgs(int* argc, char** argv) {
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string_view arg(argv[i]);
    bool ours = false;
    if (arg.substr(0, 2) == "--") {
      std::string_view body = arg.substr(2);
      size_t eq = body.find('=');
      std::string_view key = body.substr(0, eq);
      std::string_view value =
          eq == std::string_view::npos ? std::string_view() : body.substr(eq + 1);
      std::string err = Apply(this, key, value, arg);
      if (err != "unknown option") {
        if (!err.empty()) return err;
        ours = true;
      }
    }
    if (!ours) argv[kept++] = argv[i];
  }
  *argc = kept;
  argv[kept] = nullptr;
  return "";
}

SimOptions& SimOptions::Global() {
  static SimOptions options = FromEnvironment();
  return options;
}

}  // namespace pegasus::sim
