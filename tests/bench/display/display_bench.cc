// Display figures on the RTL, cells -> atm_aal5_reasm -> display_top, window 3
// covering the whole 320x240 screen, camera PDUs of 5 tiles (664 bytes, 14 cells):
//   - BM_DisplayBlitPixelsPerCycle: cells of 200 PDUs offered back to back; pixels
//     written to the framebuffer a cycle from the first pixel write to the last
//     (target >= 1), and simulated cycles a second;
//   - BM_DisplayPduLatency: one PDU at a time into an idle display; cycles from the
//     last cell word taken by the reassembler to the last pixel of the PDU written to
//     the framebuffer (latency_cycles), and from the PDU's last word taken by the
//     display (display_latency_cycles).
// Fixed seed: the figures are reproducible.
#include <benchmark/benchmark.h>

#include <deque>
#include <random>
#include <vector>

#include PEGASUS_RTL_HEADER
#include REASM_HEADER
#include "host/atm/aal5.h"
#include "host/display/display_model.h"
#include "host/media/tile_decoder.h"
#include "pegasus/memory_map.h"
#include "sim_cpp/harness/sim_harness.h"

namespace {

using Display = PEGASUS_RTL_MODEL;
using Reasm = REASM_MODEL;
using pegasus::media::EncodeTilePdu;
using pegasus::media::TilePdu;

pegasus::sim::SimOptions Options() {
  pegasus::sim::SimOptions options;
  options.seed = 1;
  options.timeout_cycles = UINT64_MAX;
  return options;
}

constexpr uint16_t kVci = 64 + 3;  // context index 3 -> window 3

class Chain {
 public:
  Chain() : reasm_("bench_display_reasm", 10'000, Options()),
            disp_("bench_display", 10'000, Options()) {
    disp_.AddClock(&disp_->pix_clk_i, 39'722, 3'000);
    disp_->pix_rst_ni = 0;
    reasm_->cfg_max_pdu_bytes_i = 65535;
    reasm_->cfg_timeout_i = 30000;
    reasm_->tick_i = 0;
    reasm_.Reset();
    disp_.Reset();
    disp_->pix_rst_ni = 1;
    reasm_->cfg_valid_i = 1;
    reasm_->cfg_open_i = 1;
    reasm_->cfg_vpi_i = 0;
    reasm_->cfg_vci_i = kVci;
    for (int i = 0; i < 10'000; ++i) {
      reasm_->eval();
      const bool done = reasm_->cfg_ready_o;
      Tick();
      if (done) break;
    }
    reasm_->cfg_valid_i = 0;
    Write(PEGASUS_DISPLAY_CTRL, 1);
    Write(PEGASUS_DISPLAY_WIN_SEL, 3);
    Write(PEGASUS_DISPLAY_WIN_CLIP_MAX, (239u << 16) | 319u);
    Write(PEGASUS_DISPLAY_WIN_CTRL, 1);
    const uint64_t frames = Read(PEGASUS_DISPLAY_FRAMES);
    while (Read(PEGASUS_DISPLAY_FRAMES) == frames) {
      for (int i = 0; i < 1000; ++i) Tick();
    }
  }

  // One cycle of both models: the reassembler's PDU stream into the display.
  void Tick() {
    reasm_->m_pdu_tready_i = disp_->s_pdu_tready_o;
    reasm_->eval();
    disp_->s_pdu_tdata_i = reasm_->m_pdu_tdata_o;
    disp_->s_pdu_tkeep_i = reasm_->m_pdu_tkeep_o;
    disp_->s_pdu_tvalid_i = reasm_->m_pdu_tvalid_o;
    disp_->s_pdu_tlast_i = reasm_->m_pdu_tlast_o;
    disp_->s_pdu_index_i = reasm_->m_pdu_index_o;
    disp_->s_pdu_len_i = reasm_->m_pdu_len_o;
    pdu_last_taken = reasm_->m_pdu_tvalid_o && reasm_->m_pdu_tready_i && reasm_->m_pdu_tlast_o;
    // Cells in.
    const bool offer = !cell_words_.empty();
    reasm_->s_cell_tvalid_i = offer;
    if (offer) {
      reasm_->s_cell_tdata_i = cell_words_.front().data;
      reasm_->s_cell_tlast_i = cell_words_.front().last;
    }
    reasm_->eval();
    const bool taken = offer && reasm_->s_cell_tready_o;
    last_cell_word_taken = taken && cell_words_.front().pdu_end;
    reasm_.Tick();
    disp_.Tick();
    ++cycle;
    if (taken) cell_words_.pop_front();
  }

  void Write(uint32_t adr, uint32_t data) {
    disp_->wb_cyc_i = 1;
    disp_->wb_stb_i = 1;
    disp_->wb_we_i = 1;
    disp_->wb_adr_i = static_cast<uint16_t>(adr);
    disp_->wb_dat_i = data;
    disp_->wb_sel_i = 0xF;
    Tick();
    while (!disp_->wb_ack_o) Tick();
    disp_->wb_cyc_i = 0;
    disp_->wb_stb_i = 0;
    disp_->wb_we_i = 0;
    Tick();
  }
  uint32_t Read(uint32_t adr) {
    disp_->wb_cyc_i = 1;
    disp_->wb_stb_i = 1;
    disp_->wb_we_i = 0;
    disp_->wb_adr_i = static_cast<uint16_t>(adr);
    Tick();
    while (!disp_->wb_ack_o) Tick();
    const uint32_t v = disp_->wb_dat_o;
    disp_->wb_cyc_i = 0;
    disp_->wb_stb_i = 0;
    Tick();
    return v;
  }

  // Queues the cells of one 5-tile PDU at tile (tx, ty).
  void SendPdu(std::mt19937_64& rng, uint16_t tx, uint16_t ty) {
    TilePdu p;
    p.tile_x = tx;
    p.tile_y = ty;
    p.count = 5;
    p.pixels.resize(5 * 64);
    for (auto& px : p.pixels) px = static_cast<uint16_t>(rng());
    const auto bytes = EncodeTilePdu(p);
    const auto cells = pegasus::atm::Aal5Segment(bytes, 0, kVci);
    for (size_t c = 0; c < cells.size(); ++c) {
      const auto words = cells[c].ToWords();
      for (size_t i = 0; i < words.size(); ++i) {
        const bool last = i + 1 == words.size();
        cell_words_.push_back({words[i], last, last && c + 1 == cells.size()});
      }
    }
  }
  bool CellsLeft() const { return !cell_words_.empty(); }

  Display* disp() { return &disp_.model(); }
  uint64_t cycle = 0;
  bool pdu_last_taken = false;
  bool last_cell_word_taken = false;

 private:
  pegasus::sim::Harness<Reasm> reasm_;
  pegasus::sim::Harness<Display> disp_;
  struct CellWord {
    uint32_t data;
    bool last;     // word 12 of a cell
    bool pdu_end;  // ... of the PDU's last cell
  };
  std::deque<CellWord> cell_words_;
};

void BM_DisplayBlitPixelsPerCycle(benchmark::State& state) {
  Chain chain;
  std::mt19937_64 rng(1);
  constexpr int kPdus = 200;
  uint64_t pixels = 0, cycles = 0, sim_cycles = 0;
  for (auto _ : state) {
    for (int n = 0; n < kPdus; ++n) {
      chain.SendPdu(rng, uint16_t(5 * (n % 8)), uint16_t((n / 8) % 30));
    }
    // Steady state: from the first PDU's last pixel to the last PDU's, every PDU
    // writes 320 pixels (the window covers the screen).
    uint64_t first = 0, last = 0;
    int done = 0;
    const uint64_t start = chain.cycle;
    while (done < kPdus) {
      chain.Tick();
      if (chain.disp()->evt_done_o) {
        if (done == 0) first = chain.cycle;
        last = chain.cycle;
        ++done;
      }
      if (chain.cycle - start > 10'000'000) break;
    }
    pixels += uint64_t(kPdus - 1) * 320;
    cycles += last - first;
    sim_cycles += chain.cycle - start;
  }
  state.counters["pixels_per_cycle"] = double(pixels) / double(cycles);
  state.counters["cycles_per_second"] =
      benchmark::Counter(static_cast<double>(sim_cycles), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DisplayBlitPixelsPerCycle)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_DisplayPduLatency(benchmark::State& state) {
  Chain chain;
  std::mt19937_64 rng(2);
  uint64_t total = 0, total_disp = 0, n = 0;
  for (auto _ : state) {
    for (int k = 0; k < 20; ++k) {
      chain.SendPdu(rng, uint16_t(5 * (k % 8)), uint16_t(k / 8));
      uint64_t cell_end = 0, pdu_end = 0;
      for (uint64_t i = 0; i < 100'000; ++i) {
        chain.Tick();
        if (chain.last_cell_word_taken && !chain.CellsLeft()) cell_end = chain.cycle;
        if (chain.pdu_last_taken) pdu_end = chain.cycle;
        if (chain.disp()->evt_done_o) {
          // The last pixel write is on the port; it lands at the next edge.
          total += chain.cycle + 1 - cell_end;
          total_disp += chain.cycle + 1 - pdu_end;
          ++n;
          break;
        }
      }
      for (int i = 0; i < 50; ++i) chain.Tick();
    }
  }
  state.counters["latency_cycles"] = double(total) / double(n);
  state.counters["display_latency_cycles"] = double(total_disp) / double(n);
}
BENCHMARK(BM_DisplayPduLatency)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
