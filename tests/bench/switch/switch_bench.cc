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
// blocking) instead of VOQs. buf is the input buffer in cells: 256 is the RTL default,
// 16 the small configuration that fits an iCE40 UP5K, 512 what twice the block RAM
// buys at full load, 1024 approximates unlimited
// buffers (at 100% load a finite buffer overflows and the throughput then depends on
// its size). The traffic and the figures come from
// host/switch/switch_traffic.h, which the model's test measures with too.
#include <benchmark/benchmark.h>

#include <string>

#include "host/switch/switch_traffic.h"

namespace pegasus::sw {
namespace {

// Args: ports, scheduler (0 iSLIP, 1 FIFO), buffer cells, load in percent, hotspot.
void BM_Switch(benchmark::State& state) {
  const int ports = static_cast<int>(state.range(0));
  const Scheduler s = state.range(1) ? Scheduler::kFifo : Scheduler::kIslip;
  const int buf = static_cast<int>(state.range(2));
  const double load = static_cast<double>(state.range(3)) / 100.0;
  const bool hotspot = state.range(4) != 0;
  TrafficConfig t;
  t.ports = ports;
  t.scheduler = s;
  t.buf_cells = buf;
  t.load = load;
  t.hotspot = hotspot;
  t.warm_slots = 5000;
  t.measure_slots = 100000;
  t.seed = 1234;
  TrafficFigures r;
  for (auto _ : state) {
    Result<TrafficFigures> run = MeasureTraffic(t);
    if (!run.ok()) {
      state.SkipWithError(run.status().ToString().c_str());
      return;
    }
    r = *run;
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
    for (int buf : {16, 256, 512, 1024}) {
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
