// AAL5 throughput of the RTL, measured in simulation with no back-pressure:
//   - BM_Aal5SegWordsPerCycle: atm_aal5_seg fed PDUs back to back (lengths 0..1500
//     and some 9000), cell-stream words out per cycle (1.0 is the design's target);
//   - BM_Aal5ReasmWordsPerCycle64Vcs: atm_aal5_reasm fed cells of 64 VCs interleaved
//     cell by cell at random, cell words taken per cycle (target 1.0, no bubbles), with
//     the PDU output always ready (pool of 4096 cells, the size the RTL tests use; with
//     the default 2048 the 9000-byte PDUs of 64 VCs can fill it and drop PDUs).
// Both also report simulated cycles per second. Fixed seed: figures are reproducible.
#include <benchmark/benchmark.h>

#include <deque>
#include <string>
#include <random>
#include <vector>

#include PEGASUS_RTL_HEADER
#include AAL5_SEG_HEADER
#include "host/atm/aal5.h"
#include "sim_cpp/harness/sim_harness.h"
#include "tests/bench/bench_sim_options.h"

namespace {

using pegasus::atm::Aal5Segment;
using pegasus::atm::Cell;
using Reasm = PEGASUS_RTL_MODEL;
using Seg = AAL5_SEG_MODEL;

size_t Length(std::mt19937_64& rng) {
  return (rng() % 20 == 0) ? 9000 : rng() % 1501;
}

void BM_Aal5SegWordsPerCycle(benchmark::State& state) {
  pegasus::sim::Harness<Seg> sim("bench_aal5_seg", 10'000, pegasus::sim::BenchSimOptions());
  sim->m_cell_tready_i = 1;
  sim.Reset();
  std::mt19937_64 rng(1);
  uint64_t words_out = 0, cycles = 0;
  for (auto _ : state) {
    // 100 PDUs as one stream of words (tkeep on the last word of each).
    struct Word { uint32_t data; uint8_t keep; bool last; };
    std::deque<Word> in;
    for (int p = 0; p < 100; ++p) {
      const size_t n = Length(rng);
      const size_t words = n == 0 ? 1 : (n + 3) / 4;
      for (size_t w = 0; w < words; ++w) {
        const size_t left = n - std::min(n, w * 4);
        const uint8_t keep = left >= 4 ? 0xF : static_cast<uint8_t>((0xF0 >> left) & 0xF);
        in.push_back({static_cast<uint32_t>(rng()), keep, w + 1 == words});
      }
    }
    while (!in.empty()) {
      sim->s_pdu_tvalid_i = 1;
      sim->s_pdu_tdata_i = in.front().data;
      sim->s_pdu_tkeep_i = in.front().keep;
      sim->s_pdu_tlast_i = in.front().last;
      sim->s_pdu_vci_i = 100;
      sim->eval();
      const bool taken = sim->s_pdu_tready_o;
      words_out += sim->m_cell_tvalid_o ? 1 : 0;
      sim.Tick();
      ++cycles;
      if (taken) in.pop_front();
    }
  }
  state.counters["words_per_cycle"] = double(words_out) / double(cycles);
  state.counters["cycles_per_second"] =
      benchmark::Counter(static_cast<double>(cycles), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Aal5SegWordsPerCycle)->Unit(benchmark::kMillisecond);

void BM_Aal5ReasmWordsPerCycle64Vcs(benchmark::State& state) {
  pegasus::sim::Harness<Reasm> sim("bench_aal5_reasm", 10'000, pegasus::sim::BenchSimOptions());
  sim->cfg_max_pdu_bytes_i = 65535;
  sim->cfg_timeout_i = 30000;
  sim->tick_i = 1;
  sim->m_pdu_tready_i = 1;
  sim.Reset();
  for (int v = 0; v < 64; ++v) {
    sim->cfg_valid_i = 1;
    sim->cfg_open_i = 1;
    sim->cfg_vpi_i = static_cast<uint8_t>(v);
    sim->cfg_vci_i = static_cast<uint16_t>(0x400 + v);
    do {
      sim->eval();
      const bool done = sim->cfg_ready_o;
      sim.Tick();
      if (done) break;
    } while (true);
  }
  sim->cfg_valid_i = 0;
  std::mt19937_64 rng(2);
  uint64_t words_in = 0, cycles = 0, pdus_out = 0;
  // Cycles the input was held off, by the word of the cell it was held on.
  uint64_t stall_at[13] = {};
  for (auto _ : state) {
    std::vector<std::deque<Cell>> per_vc(64);
    size_t cells = 0;
    for (int v = 0; v < 64; ++v) {
      for (int k = 0; k < 3; ++k) {
        std::vector<uint8_t> data(Length(rng));
        for (auto& b : data) b = static_cast<uint8_t>(rng());
        for (const Cell& c : Aal5Segment(data, static_cast<uint8_t>(v),
                                         static_cast<uint16_t>(0x400 + v))) {
          per_vc[v].push_back(c);
          ++cells;
        }
      }
    }
    std::deque<uint32_t> in;
    std::vector<int> live;
    for (int v = 0; v < 64; ++v) live.push_back(v);
    while (cells-- > 0) {
      size_t i = rng() % live.size();
      while (per_vc[live[i]].empty()) {
        live[i] = live.back();
        live.pop_back();
        i = rng() % live.size();
      }
      for (uint32_t w : per_vc[live[i]].front().ToWords()) in.push_back(w);
      per_vc[live[i]].pop_front();
    }
    int pos = 0;
    while (!in.empty()) {
      sim->s_cell_tvalid_i = 1;
      sim->s_cell_tdata_i = in.front();
      sim->s_cell_tlast_i = pos == 12;
      sim->eval();
      const bool taken = sim->s_cell_tready_o;
      pdus_out += (sim->m_pdu_tvalid_o && sim->m_pdu_tlast_o) ? 1 : 0;
      sim.Tick();
      ++cycles;
      if (!taken) ++stall_at[pos];
      if (taken) {
        in.pop_front();
        ++words_in;
        pos = pos == 12 ? 0 : pos + 1;
      }
    }
  }
  state.counters["words_per_cycle"] = double(words_in) / double(cycles);
  state.counters["pdus"] = static_cast<double>(pdus_out);
  for (int i = 0; i < 13; ++i) {
    if (stall_at[i] != 0) state.counters["stall_word" + std::to_string(i)] = double(stall_at[i]);
  }
  state.counters["pdus_dropped"] = static_cast<double>(
      sim->stat_drop_crc_o + sim->stat_drop_len_o + sim->stat_drop_oversize_o +
      sim->stat_drop_timeout_o + sim->stat_drop_buffer_o);
  state.counters["cycles_per_second"] =
      benchmark::Counter(static_cast<double>(cycles), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Aal5ReasmWordsPerCycle64Vcs)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
