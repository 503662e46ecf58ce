// bench_switch: scheduling figures of the switch fabric, measured on host/switch's
// SwitchModel, which runs the same prioritised iSLIP as rtl/switch one cell time at a
// time (the RTL tests check the RTL against the same model's routing; the README
// compares the RTL's own figures). Every input offers a cell each cell time with
// probability `load` (Bernoulli), to a uniformly chosen output (or, for the hotspot,
// to output 0 with probability 1/2). Counters, per benchmark:
//   throughput   cells out per output and cell time (1.0 = line rate), after warm-up
//   mean_delay, p99_delay   cell times from arrival to departure (minimum 1)
//   loss         fraction of offered cells dropped (input buffer full)
// The baseline ("fifo") is the same switch with one FIFO per input (head-of-line
// blocking) instead of VOQs. buf is the input buffer in cells: 16 is the RTL default,
// 1024 approximates unlimited buffers (at 100% load a finite buffer overflows and the
// throughput then depends on its size).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <vector>

#include "host/switch/switch_model.h"

namespace pegasus::sw {
namespace {

constexpr int kWarmSlots = 5000;
constexpr int kSlots = 100000;

struct Result {
  double throughput = 0;
  double mean_delay = 0;
  double p99_delay = 0;
  double loss = 0;
  double hot_throughput = 0;
};

Result Run(int ports, Scheduler scheduler, int buf, double load, bool hotspot, uint64_t seed) {
  SwitchConfig cfg;
  cfg.ports = ports;
  cfg.buf_cells = buf;
  cfg.clp_threshold = buf;
  cfg.scheduler = scheduler;
  SwitchModel m(cfg);
  for (int i = 0; i < ports; ++i) {
    for (int o = 0; o < ports; ++o) {
      Connection c;
      c.out_mask = 1u << o;
      c.out_vpi_vci.assign(ports, SwitchModel::VpiVci(0, o));
      if (!m.SetEntry(i, 0, o, c).ok()) return {};
    }
  }
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution arrive(load);
  std::bernoulli_distribution hot(0.5);
  std::uniform_int_distribution<int> dest(0, ports - 1);
  const std::vector<bool> ready(ports, true);
  std::vector<uint64_t> delays;
  uint64_t out = 0, hot_out = 0, offered = 0, dropped = 0;
  for (int t = 0; t < kWarmSlots + kSlots; ++t) {
    const bool measure = t >= kWarmSlots;
    for (int i = 0; i < ports; ++i) {
      if (!arrive(rng)) continue;
      const int o = (hotspot && hot(rng)) ? 0 : dest(rng);
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
  Result r;
  r.throughput = static_cast<double>(out) / (static_cast<double>(kSlots) * ports);
  r.hot_throughput = static_cast<double>(hot_out) / kSlots;
  r.loss = offered ? static_cast<double>(dropped) / static_cast<double>(offered) : 0;
  if (!delays.empty()) {
    double sum = 0;
    for (uint64_t d : delays) sum += static_cast<double>(d);
    r.mean_delay = sum / static_cast<double>(delays.size());
    std::sort(delays.begin(), delays.end());
    r.p99_delay = static_cast<double>(delays[delays.size() * 99 / 100]);
  }
  return r;
}

// Args: ports, scheduler (0 iSLIP, 1 FIFO), buffer cells, load in percent, hotspot.
void BM_Switch(benchmark::State& state) {
  const int ports = static_cast<int>(state.range(0));
  const Scheduler s = state.range(1) ? Scheduler::kFifo : Scheduler::kIslip;
  const int buf = static_cast<int>(state.range(2));
  const double load = static_cast<double>(state.range(3)) / 100.0;
  const bool hotspot = state.range(4) != 0;
  Result r;
  for (auto _ : state) {
    r = Run(ports, s, buf, load, hotspot, 1234);
  }
  state.counters["throughput"] = r.throughput;
  state.counters["mean_delay"] = r.mean_delay;
  state.counters["p99_delay"] = r.p99_delay;
  state.counters["loss"] = r.loss;
  if (hotspot) state.counters["hotspot_output_throughput"] = r.hot_throughput;
  state.SetLabel(std::string(s == Scheduler::kFifo ? "fifo" : "islip") + " n=" +
                 std::to_string(ports) + " buf=" + std::to_string(buf) + " load=" +
                 std::to_string(state.range(3)) + "%" + (hotspot ? " hotspot" : ""));
}

void Args(benchmark::internal::Benchmark* b) {
  for (int n : {4, 8}) {
    for (int buf : {16, 1024}) {
      // Throughput at 100% uniform load: iSLIP and the FIFO baseline.
      b->Args({n, 0, buf, 100, 0});
      b->Args({n, 1, buf, 100, 0});
      // Delay at 50, 80, 95%.
      for (int load : {50, 80, 95}) b->Args({n, 0, buf, load, 0});
      // Hotspot: half of all cells to output 0, 100% load.
      b->Args({n, 0, buf, 100, 1});
      b->Args({n, 1, buf, 100, 1});
    }
  }
}

BENCHMARK(BM_Switch)
    ->ArgNames({"ports", "fifo", "buf", "load", "hotspot"})
    ->Apply(Args)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pegasus::sw

BENCHMARK_MAIN();
