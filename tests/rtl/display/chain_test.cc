// Cells -> atm_aal5_reasm -> display_top: camera tile PDUs of three VCs segmented into
// cells (host/atm Aal5Segment), and window commands on the display's control VC,
// interleaved cell by cell, reassembled by the RTL reassembler and drawn (or applied) by
// the display. Every PDU the display takes must be the PDU sent on its VC, and the
// framebuffer must match the model at every frame boundary.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <vector>

#include REASM_HEADER
#include "host/atm/aal5.h"
#include "tests/rtl/display/display_tb.h"

namespace pegasus::display::test {
namespace {

TEST(DisplayChain, CellsThroughReassemblerIntoWindows) {
  // The reassembler is built first and destroyed last: Verilator 5.006 erases the
  // display model's public scopes (display.vlt) through the thread's current context,
  // which is the context of the model built last.
  sim::Harness<REASM_MODEL> reasm("display_chain_reasm");
  DisplayTb tb("display_chain");
  reasm->cfg_max_pdu_bytes_i = 65535;
  reasm->cfg_timeout_i = 30000;
  reasm->tick_i = 0;
  reasm.Reset();
  // VCIs 64+3, 64+5, 64+9: context indices 3, 5, 9 -> windows 3, 5 (enabled), 9 (not);
  // VCI 64+33: the display's control VC (context index 33).
  const uint16_t vcis[] = {64 + 3, 64 + 5, 64 + 9, 64 + 33};
  constexpr int kVcs = 4;
  for (uint16_t vci : vcis) {
    reasm->cfg_valid_i = 1;
    reasm->cfg_open_i = 1;
    reasm->cfg_vpi_i = 0;
    reasm->cfg_vci_i = vci;
    bool done = false;
    for (int i = 0; i < 1000 && !done; ++i) {
      reasm->eval();
      done = reasm->cfg_ready_o;
      reasm.Tick();
    }
    ASSERT_TRUE(done);
  }
  reasm->cfg_valid_i = 0;
  WindowDesc a;
  a.x1 = 31;
  a.y1 = 47;
  a.enable = true;
  tb.SetWindow(3, a);
  WindowDesc b = a;
  b.off_x = 32;
  b.x0 = 32;
  b.x1 = 63;
  tb.SetWindow(5, b);
  tb.SetControlVc(33);
  tb.WaitSwap();

  // PDUs per VC, and their cells interleaved at random.
  std::map<uint32_t, std::deque<std::vector<uint8_t>>> sent;
  std::vector<std::deque<atm::Cell>> per_vc(kVcs);
  int ctl_pdus = 0;
  for (int n = 0; n < 30; ++n) {
    for (int v = 0; v < kVcs; ++v) {
      if (v == 3) {
        // Move window 3 or 5 (or, now and then, send a command for a window that does
        // not exist: dropped).
        const uint16_t x0 = uint16_t(tb.sim.Random(0, 40)), y0 = uint16_t(tb.sim.Random(0, 30));
        const uint8_t win = tb.sim.Random(0, 9) == 0 ? 16 : (tb.sim.Random(0, 1) ? 3 : 5);
        const std::vector<media::WindowCommand> cmds = {media::SetDescriptorCommand(
            win, int16_t(tb.sim.Random(0, 40) - 10), int16_t(tb.sim.Random(0, 20) - 5), x0, y0,
            uint16_t(x0 + tb.sim.Random(0, 30)), uint16_t(y0 + tb.sim.Random(0, 20)),
            uint8_t(tb.sim.Random(0, 2)), true)};
        const auto bytes = media::EncodeWindowCommands(cmds);
        sent[vcis[v] & 63].push_back(bytes);
        for (const auto& c : atm::Aal5Segment(bytes, 0, vcis[v])) per_vc[size_t(v)].push_back(c);
        ++ctl_pdus;
        continue;
      }
      const uint8_t k = uint8_t(tb.sim.Random(1, 8));
      media::TilePdu p = RandomTiles(tb.sim, uint16_t(tb.sim.Random(0, 8 - k)),
                              uint16_t(tb.sim.Random(0, 5)), k);
      if (tb.sim.Random(0, 9) == 0) p.format = 1;  // malformed now and then
      const auto bytes = media::EncodeTilePdu(p);
      sent[vcis[v] & 63].push_back(bytes);
      for (const auto& c : atm::Aal5Segment(bytes, 0, vcis[v])) per_vc[size_t(v)].push_back(c);
    }
  }
  std::deque<std::pair<uint32_t, bool>> cell_words;
  auto cells_left = [&] {
    for (const auto& q : per_vc) {
      if (!q.empty()) return true;
    }
    return false;
  };
  while (cells_left()) {
    const size_t v = size_t(tb.sim.Random(0, kVcs - 1));
    if (per_vc[v].empty()) continue;
    const auto w = per_vc[v].front().ToWords();
    per_vc[v].pop_front();
    for (size_t i = 0; i < w.size(); ++i) cell_words.push_back({w[i], i + 1 == w.size()});
  }

  std::vector<uint8_t> got;
  bool pdu_taken = false, last = false;
  uint32_t index = 0;
  int pdus_in = 0;
  tb.external = true;
  tb.pre_tick = [&] {
    reasm->m_pdu_tready_i = tb.sim->s_pdu_tready_o;
    const bool offer = !cell_words.empty();
    reasm->s_cell_tvalid_i = offer;
    if (offer) {
      reasm->s_cell_tdata_i = cell_words.front().first;
      reasm->s_cell_tlast_i = cell_words.front().second;
    }
    reasm->eval();
    tb.sim->s_pdu_tdata_i = reasm->m_pdu_tdata_o;
    tb.sim->s_pdu_tkeep_i = reasm->m_pdu_tkeep_o;
    tb.sim->s_pdu_tvalid_i = reasm->m_pdu_tvalid_o;
    tb.sim->s_pdu_tlast_i = reasm->m_pdu_tlast_o;
    tb.sim->s_pdu_index_i = reasm->m_pdu_index_o;
    tb.sim->s_pdu_len_i = reasm->m_pdu_len_o;
    pdu_taken = reasm->m_pdu_tvalid_o && reasm->m_pdu_tready_i;
    last = reasm->m_pdu_tlast_o;
    index = reasm->m_pdu_index_o;
    if (pdu_taken) {
      for (int i = 0; i < 4; ++i) {
        if ((reasm->m_pdu_tkeep_o >> (3 - i)) & 1) {
          got.push_back(uint8_t(reasm->m_pdu_tdata_o >> (24 - 8 * i)));
        }
      }
    }
    const bool cell_taken = offer && reasm->s_cell_tready_o;
    reasm.Tick();
    if (cell_taken) cell_words.pop_front();
  };
  tb.post_tick = [&] {
    if (pdu_taken && last) {
      ASSERT_FALSE(sent[index].empty());
      EXPECT_EQ(got, sent[index].front()) << "PDU " << pdus_in << " on index " << index;
      sent[index].pop_front();
      tb.model.Receive(index, got);
      got.clear();
      ++pdus_in;
    }
  };
  const int pdus_sent = 30 * kVcs;
  for (int i = 0; i < 400'000 && (pdus_in < pdus_sent || tb.model.queued() > 0); ++i) tb.Step();
  tb.Step();
  tb.Step();
  EXPECT_EQ(pdus_in, pdus_sent);
  tb.WaitSwap();
  const DisplayCounters c = tb.model.counters();
  EXPECT_EQ(tb.RtlCounters(), c);
  EXPECT_EQ(c.pdus + c.drop_nowin + c.drop_malformed, uint64_t(pdus_sent - ctl_pdus));
  EXPECT_EQ(c.ctl_msgs + c.ctl_drop, uint64_t(ctl_pdus));
  EXPECT_GT(c.ctl_msgs, 0u);
  EXPECT_EQ(c.drop_nowin + c.drop_malformed > 0, true);
  EXPECT_GE(tb.fb_checks, 2u);
}

}  // namespace
}  // namespace pegasus::display::test
