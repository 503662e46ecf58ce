// Link throughput of the RTL at full line rate, measured in simulation:
//   - BM_LinkTxBytesPerCycle: atm_link_tx fed user cells back to back with the link
//     always ready; line bytes per cycle, and the share of them that carry user cells
//     (the rest are idle cells sent while the next cell is not yet buffered).
//   - BM_LinkRxBytesPerCycle: atm_link_rx fed a byte every cycle (a wire cannot wait)
//     from the C++ transmitter, output always ready; bytes per cycle and user cells
//     delivered per 53 bytes, with any overflow drop reported.
// Fixed seed: figures are reproducible.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include LINK_TX_HEADER
#include LINK_RX_HEADER
#include "host/atm/cell.h"
#include "host/atm/link.h"
#include "sim_cpp/harness/sim_harness.h"
#include "tests/bench/bench_sim_options.h"

namespace {

using pegasus::atm::Cell;

Cell RandomCell(std::mt19937_64& rng) {
  Cell cell;
  cell.header = Cell::MakeHeader(0, rng() & 0xFF, 32 + rng() % 1000, 0, false);
  for (auto& b : cell.payload) b = static_cast<uint8_t>(rng());
  return cell;
}

void BM_LinkTxBytesPerCycle(benchmark::State& state) {
  pegasus::sim::Harness<LINK_TX_MODEL> sim("bench_link_tx", 10'000,
                                           pegasus::sim::BenchSimOptions());
  sim->link_ready_i = 1;
  sim->scramble_i = 0;
  sim.Reset();
  std::mt19937_64 rng(1);
  uint64_t bytes = 0, cycles = 0;
  const uint64_t idle_before = sim->idle_sent_o, cells_before = sim->cells_sent_o;
  for (auto _ : state) {
    for (int c = 0; c < 200; ++c) {
      const auto words = RandomCell(rng).ToWords();
      for (size_t w = 0; w < words.size();) {
        sim->s_cell_tdata_i = words[w];
        sim->s_cell_tvalid_i = 1;
        sim->s_cell_tlast_i = w + 1 == words.size();
        sim->eval();
        const bool taken = sim->s_cell_tready_o;
        bytes += sim->link_valid_o ? 1 : 0;
        sim.Tick();
        ++cycles;
        if (taken) ++w;
      }
    }
  }
  sim->s_cell_tvalid_i = 0;
  const double cells = double(sim->cells_sent_o - cells_before);
  const double idles = double(sim->idle_sent_o - idle_before);
  state.counters["bytes_per_cycle"] = double(bytes) / double(cycles);
  state.counters["user_cell_share"] = cells / (cells + idles);
}
BENCHMARK(BM_LinkTxBytesPerCycle)->Unit(benchmark::kMillisecond);

void BM_LinkRxBytesPerCycle(benchmark::State& state) {
  pegasus::sim::Harness<LINK_RX_MODEL> sim("bench_link_rx", 10'000,
                                           pegasus::sim::BenchSimOptions());
  sim->m_cell_tready_i = 1;
  sim->descramble_i = 0;
  sim->hec_correct_i = 1;
  sim->link_valid_i = 0;
  sim.Reset();
  std::mt19937_64 rng(2);
  pegasus::atm::LinkTransmitter tx;
  uint64_t bytes = 0, cycles = 0;
  const uint64_t delivered_before = sim->delivered_o;
  for (auto _ : state) {
    std::vector<uint8_t> line;
    for (int c = 0; c < 200; ++c) tx.SendCell(RandomCell(rng), &line);
    for (uint8_t b : line) {
      sim->link_data_i = b;
      sim->link_valid_i = 1;
      sim.Tick();
      ++cycles;
      ++bytes;
    }
  }
  state.counters["bytes_per_cycle"] = double(bytes) / double(cycles);
  state.counters["cells_per_53_bytes"] =
      double(sim->delivered_o - delivered_before) / (double(bytes) / 53.0);
  state.counters["overflow_drops"] = double(sim->overflow_o);
}
BENCHMARK(BM_LinkRxBytesPerCycle)->Unit(benchmark::kMillisecond);

}  // namespace
