// NodeWave: an FST waveform of one node's Verilated models for a window of cycles.
//
// Nodes run a quantum at a time each, so the network cannot share one trace file
// between nodes (its time would step back at every node change); each traced node
// writes its own file, and all files use the same time base, so GTKWave shows them
// side by side: cycle c's inputs are dumped at c * P + P/2 with the clock low and its
// registers after the rising edge at (c + 1) * P, P the design clock's period in
// picoseconds. The models must have been built with FST tracing (pegasus_verilate
// does) and the network's VerilatedContext must have tracing on before the file is
// opened (Network does this when NetworkConfig::wave names a node).
#ifndef PEGASUS_SIM_CPP_NET_WAVE_H_
#define PEGASUS_SIM_CPP_NET_WAVE_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

class VerilatedFstC;

namespace pegasus::net {

// Which nodes a network traces and when.
struct WaveConfig {
  // Node names; each writes <dir>/<name>.fst.
  std::vector<std::string> nodes;
  std::string dir = ".";
  // Cycles [first, last] are written.
  uint64_t first = 0;
  uint64_t last = std::numeric_limits<uint64_t>::max();
};

class NodeWave {
 public:
  // Opens `path` for the models add_models puts in (each model's trace()); throws
  // std::runtime_error when the file cannot be written.
  NodeWave(const std::string& path, const std::function<void(VerilatedFstC&)>& add_models,
           uint64_t first, uint64_t last, uint64_t clock_hz);
  ~NodeWave();
  NodeWave(const NodeWave&) = delete;
  NodeWave& operator=(const NodeWave&) = delete;

  // After cycle c's evaluation with the clock low (high = false) or after its rising
  // edge (high = true).
  void Sample(uint64_t c, bool high) {
    if (c >= first_ && c <= last_) Dump(c * period_ps_ + (high ? period_ps_ : period_ps_ / 2));
  }

 private:
  void Dump(uint64_t time_ps);

  std::unique_ptr<VerilatedFstC> fst_;
  uint64_t first_, last_, period_ps_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_WAVE_H_
