#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::sim {

uint64_t AnnounceSeed(const std::string& name, const SimOptions& options) {
  uint64_t seed = 0;
  if (options.seed) {
    seed = *options.seed;
  } else {
    std::random_device device;
    seed = (static_cast<uint64_t>(device()) << 32) ^ device();
  }
  std::fprintf(stderr, "[harness] %s: seed %llu (replay with PEGASUS_SEED=%llu)\n",
               name.c_str(), static_cast<unsigned long long>(seed),
               static_cast<unsigned long long>(seed));
  return seed;
}

}  // namespace pegasus::sim
