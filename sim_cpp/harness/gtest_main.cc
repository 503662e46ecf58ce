// main() for RTL tests: GoogleTest's flags, then the harness flags of SimOptions
// (--trace, --trace-start, --trace-end, --trace-dir, --timeout, --seed).
#include <cstdio>

#include <gtest/gtest.h>

#include "sim_cpp/harness/sim_options.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::string err = pegasus::sim::SimOptions::Global().ParseArgs(&argc, argv);
  if (!err.empty()) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 2;
  }
  if (argc > 1) {
    std::fprintf(stderr, "unknown argument: %s\n", argv[1]);
    return 2;
  }
  return RUN_ALL_TESTS();
}
