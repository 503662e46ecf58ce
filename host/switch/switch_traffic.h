// Uniform and hotspot traffic through a SwitchModel, and the figures measured on it
// (rtl/switch/README.md, "Figures"). Every input offers a cell each cell time with
// probability `load` (Bernoulli), to a uniformly chosen output or, for the hotspot, to
// output 0 with probability 1/2. The first warm_slots cell times fill the queues and
// are not counted; figures cover the measure_slots after them. Shared by the model's
// test (iSLIP reaches line rate) and bench_switch, so both measure the same way.
#ifndef PEGASUS_HOST_SWITCH_SWITCH_TRAFFIC_H_
#define PEGASUS_HOST_SWITCH_SWITCH_TRAFFIC_H_

#include <cstdint>

#include "host/common/status.h"
#include "host/switch/switch_model.h"

namespace pegasus::sw {

struct TrafficConfig {
  int ports = 4;
  Scheduler scheduler = Scheduler::kIslip;
  // Input buffer in cells (also the CLP threshold; the traffic has no CLP=1 cells):
  // the RTL default unless set; 1024 approximates unlimited buffers, so that the
  // scheduler, not the buffer, is measured.
  int buf_cells = SwitchConfig{}.buf_cells;
  double load = 1.0;
  bool hotspot = false;
  int warm_slots = 5000;
  int measure_slots = 100000;
  uint64_t seed = 1;
};

struct TrafficFigures {
  // Cells out per output and cell time (1.0 = line rate).
  double throughput = 0;
  // Cell times from arrival to departure (minimum 1).
  double mean_delay = 0;
  double p99_delay = 0;
  // Fraction of offered cells dropped.
  double loss = 0;
  // Cells out of output 0 per cell time (the hotspot's output).
  double hot_throughput = 0;
};

// Sets up one unicast VC per (input, output) pair, VCI = output, and runs the traffic.
Result<TrafficFigures> MeasureTraffic(const TrafficConfig& config);

}  // namespace pegasus::sw

#endif  // PEGASUS_HOST_SWITCH_SWITCH_TRAFFIC_H_
