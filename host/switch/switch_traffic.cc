#include "host/switch/switch_traffic.h"

#include <algorithm>
#include <random>
#include <vector>

namespace pegasus::sw {

Result<TrafficFigures> MeasureTraffic(const TrafficConfig& t) {
  SwitchConfig cfg;
  cfg.ports = t.ports;
  cfg.buf_cells = t.buf_cells;
  cfg.clp_threshold = t.buf_cells;
  cfg.scheduler = t.scheduler;
  SwitchModel m(cfg);
  for (int i = 0; i < t.ports; ++i) {
    for (int o = 0; o < t.ports; ++o) {
      Connection c;
      c.out_mask = 1u << o;
      c.out_vpi_vci.assign(t.ports, SwitchModel::VpiVci(0, o));
      if (Status s = m.SetEntry(i, 0, o, c); !s.ok()) return s;
    }
  }
  std::mt19937_64 rng(t.seed);
  std::bernoulli_distribution arrive(t.load);
  std::bernoulli_distribution hot(0.5);
  std::uniform_int_distribution<int> dest(0, t.ports - 1);
  const std::vector<bool> ready(t.ports, true);
  std::vector<uint64_t> delays;
  uint64_t out = 0, hot_out = 0, offered = 0, dropped = 0;
  for (int slot = 0; slot < t.warm_slots + t.measure_slots; ++slot) {
    const bool measure = slot >= t.warm_slots;
    for (int i = 0; i < t.ports; ++i) {
      if (!arrive(rng)) continue;
      const int o = (t.hotspot && hot(rng)) ? 0 : dest(rng);
      ModelCell cell;
      cell.header = static_cast<uint32_t>(o) << 4;
      const DropReason r = m.Arrive(i, cell);
      if (measure) {
        ++offered;
        dropped += r != DropReason::kNone;
      }
    }
    for (const Departure& d : m.Step(ready)) {
      if (!measure) continue;
      ++out;
      hot_out += d.out == 0;
      delays.push_back(d.depart_slot - d.arrival_slot);
    }
  }
  TrafficFigures f;
  const double slots = static_cast<double>(t.measure_slots);
  f.throughput = static_cast<double>(out) / (slots * t.ports);
  f.hot_throughput = static_cast<double>(hot_out) / slots;
  f.loss = offered ? static_cast<double>(dropped) / static_cast<double>(offered) : 0;
  if (!delays.empty()) {
    double sum = 0;
    for (uint64_t d : delays) sum += static_cast<double>(d);
    f.mean_delay = sum / static_cast<double>(delays.size());
    std::sort(delays.begin(), delays.end());
    f.p99_delay = static_cast<double>(delays[delays.size() * 99 / 100]);
  }
  return f;
}

}  // namespace pegasus::sw
