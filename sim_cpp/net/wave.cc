#include "sim_cpp/net/wave.h"

#include <cstdio>
#include <stdexcept>

#include "verilated.h"
#include "verilated_fst_c.h"

namespace pegasus::net {

NodeWave::NodeWave(const std::string& path, const std::function<void(VerilatedFstC&)>& add_models,
                   uint64_t first, uint64_t last, uint64_t clock_hz)
    : fst_(std::make_unique<VerilatedFstC>()),
      first_(first),
      last_(last),
      period_ps_(1'000'000'000'000ull / clock_hz) {
  if (first > last) {
    throw std::runtime_error("wave " + path + ": window starts at cycle " +
                             std::to_string(first) + " after its end " + std::to_string(last));
  }
  // Test the path first: VerilatedFstC reports an unwritable file only on stderr.
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fclose(f);
  } else {
    throw std::runtime_error("wave: cannot write " + path);
  }
  add_models(*fst_);
  fst_->open(path.c_str());
}

NodeWave::~NodeWave() { fst_->close(); }

void NodeWave::Dump(uint64_t time_ps) { fst_->dump(time_ps); }

}  // namespace pegasus::net
