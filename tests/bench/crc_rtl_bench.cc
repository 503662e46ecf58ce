// Simulation speed of a Verilated model through the shared harness: common_crc32_aal5
// at one 32-bit word a cycle. Reports simulated cycles per second of wall time, the
// figure every RTL test and the desk-area-network simulator depend on.
#include <benchmark/benchmark.h>

#include PEGASUS_RTL_HEADER
#include "sim_cpp/harness/sim_harness.h"
#include "tests/bench/bench_sim_options.h"

namespace {

void BM_Crc32RtlCycles(benchmark::State& state) {
  pegasus::sim::Harness<PEGASUS_RTL_MODEL> sim("bench_crc_rtl", 10'000,
                                                pegasus::sim::BenchSimOptions());
  sim->keep_i = 0xF;
  sim.Reset();
  uint32_t word = 0x12345678;
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) {
      sim->data_i = word;
      sim->valid_i = 1;
      sim->start_i = (i % 12) == 0;
      sim.Tick();
      word = word * 1664525u + 1013904223u;
    }
    benchmark::DoNotOptimize(sim->crc_o);
  }
  state.counters["cycles_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * 1000, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Crc32RtlCycles);

}  // namespace

BENCHMARK_MAIN();
