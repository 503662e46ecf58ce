// AAL5 in RTL against the reference model host/atm/aal5:
//   - atm_aal5_seg: standard vector, cells equal to Aal5Segment for random PDUs (0, 1,
//     40, 41, 48 and 65535 bytes among them) under random back-pressure, one word a
//     cycle sustained, oversize PDUs aborted and counted;
//   - atm_aal5_reasm: standard vector, bad input (CRC, length, oversize, timeout, no
//     context, non-user cells, buffer full) counted exactly as the model counts it and
//     never delivered, the block working afterwards, one word a cycle from 64 VCs;
//   - loopback: segmenter -> interleaver over 64 VCs -> reassembler, random
//     back-pressure on every interface, every PDU delivered once, intact, in order.
// Counts scale with PEGASUS_LONG=1 (the full acceptance counts); every random choice
// comes from the harness generator, whose seed is printed (replay: PEGASUS_SEED).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include AAL5_SEG_HEADER
#include "host/atm/aal5.h"
#include "host/common/crc.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::atm {
namespace {

using Reasm = PEGASUS_RTL_MODEL;
using Seg = AAL5_SEG_MODEL;

bool LongRun() {
  const char* v = std::getenv("PEGASUS_LONG");
  return v != nullptr && v[0] != '\0' && v[0] != '0';
}

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

// ------------------------------------------------------------------ stimulus helpers

struct PduIn {
  std::vector<uint8_t> data;
  uint8_t vpi = 0;
  uint16_t vci = 0;
  uint8_t uu = 0;
  bool clp = false;
};

struct PduWord {
  uint32_t data = 0;
  uint8_t keep = 0;
  bool last = false;
  const PduIn* pdu = nullptr;
};

struct CellWord {
  uint32_t data = 0;
  bool last = false;
};

// The words of a PDU on s_pdu: whole words, the last one with leading bytes kept; a
// 0-byte PDU is one empty last word. Bytes outside tkeep are random (must be ignored).
template <typename H>
void PduWords(const PduIn& pdu, H& sim, std::deque<PduWord>* out) {
  const size_t n = pdu.data.size();
  const size_t words = n == 0 ? 1 : (n + 3) / 4;
  for (size_t w = 0; w < words; ++w) {
    PduWord pw;
    pw.pdu = &pdu;
    for (int b = 0; b < 4; ++b) {
      const size_t i = w * 4 + b;
      pw.data <<= 8;
      pw.keep <<= 1;
      if (i < n) {
        pw.data |= pdu.data[i];
        pw.keep |= 1;
      } else {
        pw.data |= static_cast<uint32_t>(sim.Random(0, 255));
      }
    }
    pw.last = w + 1 == words;
    out->push_back(pw);
  }
}

void CellWords(const Cell& cell, std::deque<CellWord>* out) {
  const auto words = cell.ToWords();
  for (int i = 0; i < kCellWords; ++i) out->push_back({words[i], i == kCellWords - 1});
}

// A source that holds valid until its word is taken; a new word is offered with
// probability p (p = 1: back to back).
template <typename Word>
struct Source {
  std::deque<Word> q;
  bool presenting = false;
  double p = 1.0;

  template <typename H>
  const Word* Offer(H& sim) {
    if (!presenting && !q.empty() &&
        (p >= 1.0 || sim.Random(0, 999'999) < static_cast<uint64_t>(p * 1e6))) {
      presenting = true;
    }
    return presenting ? &q.front() : nullptr;
  }
  void Taken() {
    q.pop_front();
    presenting = false;
  }
};

template <typename H>
bool Coin(H& sim, double p) {
  return p >= 1.0 || sim.Random(0, 999'999) < static_cast<uint64_t>(p * 1e6);
}

// ------------------------------------------------------------------ model drivers

// Drives the segmenter one cycle at a time.
class SegBench {
 public:
  SegBench(sim::Harness<Seg>& sim) : sim_(sim) {
    sim_->s_pdu_tvalid_i = 0;
    sim_->m_cell_tready_i = 0;
    sim_.Reset();
  }

  void Add(const PduIn& pdu) { PduWords(pdu, sim_, &in_.q); }

  // Sets the inputs of this cycle; call Step() after the other models' Drive().
  void Drive(bool out_ready) {
    const PduWord* w = in_.Offer(sim_);
    sim_->s_pdu_tvalid_i = w != nullptr;
    if (w != nullptr) {
      sim_->s_pdu_tdata_i = w->data;
      sim_->s_pdu_tkeep_i = w->keep;
      sim_->s_pdu_tlast_i = w->last;
      sim_->s_pdu_vpi_i = w->pdu->vpi;
      sim_->s_pdu_vci_i = w->pdu->vci;
      sim_->s_pdu_uu_i = w->pdu->uu;
      sim_->s_pdu_clp_i = w->pdu->clp;
    }
    sim_->m_cell_tready_i = out_ready;
    sim_->eval();
    in_fire_ = w != nullptr && sim_->s_pdu_tready_o;
    out_fire_ = sim_->m_cell_tvalid_o && sim_->m_cell_tready_i;
    out_word_ = {static_cast<uint32_t>(sim_->m_cell_tdata_o),
                 static_cast<bool>(sim_->m_cell_tlast_o)};
  }

  // Clocks the model; returns the cell completed this cycle, if any.
  bool Step(Cell* cell) {
    sim_.Tick();
    if (in_fire_) in_.Taken();
    if (!out_fire_) return false;
    words_[nwords_++] = out_word_.data;
    if (nwords_ == kCellWords || out_word_.last) {
      EXPECT_EQ(nwords_, kCellWords) << "tlast on word " << nwords_ - 1;
      EXPECT_TRUE(out_word_.last) << "no tlast on word 12";
      nwords_ = 0;
      *cell = Cell::FromWords(words_);
      return true;
    }
    return false;
  }

  bool in_fire() const { return in_fire_; }
  bool out_fire() const { return out_fire_; }
  Source<PduWord>& in() { return in_; }
  sim::Harness<Seg>& sim() { return sim_; }

 private:
  sim::Harness<Seg>& sim_;
  Source<PduWord> in_;
  bool in_fire_ = false;
  bool out_fire_ = false;
  CellWord out_word_;
  std::array<uint32_t, kCellWords> words_{};
  int nwords_ = 0;
};

// Drives the reassembler one cycle at a time and collects its PDUs.
class ReasmBench {
 public:
  ReasmBench(sim::Harness<Reasm>& sim, uint16_t max_pdu = 65535, uint16_t timeout = 30000)
      : sim_(sim) {
    sim_->s_cell_tvalid_i = 0;
    sim_->s_cell_tlast_i = 0;
    sim_->m_pdu_tready_i = 0;
    sim_->cfg_valid_i = 0;
    sim_->cfg_max_pdu_bytes_i = max_pdu;
    sim_->cfg_timeout_i = timeout;
    sim_->tick_i = 1;
    sim_.Reset();
  }

  // Opens or closes the context entry of a VC through the configuration port.
  void Configure(uint8_t vpi, uint16_t vci, bool open) {
    sim_->s_cell_tvalid_i = 0;
    sim_->cfg_valid_i = 1;
    sim_->cfg_open_i = open;
    sim_->cfg_vpi_i = vpi;
    sim_->cfg_vci_i = vci;
    for (int i = 0; i < 10'000; ++i) {
      sim_->eval();
      const bool done = sim_->cfg_ready_o;
      sim_.Tick();
      if (done) {
        sim_->cfg_valid_i = 0;
        return;
      }
    }
    ADD_FAILURE() << "configuration of VC " << int{vpi} << "/" << vci << " not taken";
    sim_->cfg_valid_i = 0;
  }

  void Add(const Cell& cell) { CellWords(cell, &in_.q); }

  void Drive(bool out_ready) {
    const CellWord* w = in_.Offer(sim_);
    sim_->s_cell_tvalid_i = w != nullptr;
    if (w != nullptr) {
      sim_->s_cell_tdata_i = w->data;
      sim_->s_cell_tlast_i = w->last;
    }
    sim_->m_pdu_tready_i = out_ready;
    sim_->eval();
    in_fire_ = w != nullptr && sim_->s_cell_tready_o;
    out_fire_ = sim_->m_pdu_tvalid_o && sim_->m_pdu_tready_i;
    if (out_fire_) {
      out_data_ = sim_->m_pdu_tdata_o;
      out_keep_ = sim_->m_pdu_tkeep_o;
      out_last_ = sim_->m_pdu_tlast_o;
      out_side_.vpi = sim_->m_pdu_vpi_o;
      out_side_.vci = sim_->m_pdu_vci_o;
      out_side_.index = sim_->m_pdu_index_o;
      out_side_.uu = sim_->m_pdu_uu_o;
      out_len_ = sim_->m_pdu_len_o;
    }
  }

  // Clocks the model; returns true with *pdu when a PDU's last word left.
  bool Step(Aal5Pdu* pdu) {
    sim_.Tick();
    if (in_fire_) in_.Taken();
    if (!out_fire_) return false;
    if (cur_.data.empty() && !in_pdu_) {
      cur_ = out_side_;
      cur_len_ = out_len_;
      in_pdu_ = true;
    }
    EXPECT_EQ(out_side_.vpi, cur_.vpi);
    EXPECT_EQ(out_side_.vci, cur_.vci);
    EXPECT_EQ(out_len_, cur_len_);
    static const uint8_t kKeepBytes[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 3, 4};
    const int n = kKeepBytes[out_keep_ & 0xF];
    EXPECT_TRUE(out_last_ || out_keep_ == 0xF) << "partial word before the last";
    EXPECT_TRUE(n > 0 || out_keep_ == 0) << "tkeep " << int{out_keep_} << " not leading";
    for (int b = 0; b < n; ++b) {
      cur_.data.push_back(static_cast<uint8_t>(out_data_ >> (24 - 8 * b)));
    }
    if (!out_last_) return false;
    EXPECT_EQ(cur_.data.size(), cur_len_) << "length sideband";
    *pdu = std::move(cur_);
    cur_ = Aal5Pdu{};
    in_pdu_ = false;
    return true;
  }

  Aal5Counters Counters() const {
    Aal5Counters c;
    c.pdus = sim_->stat_pdus_o;
    c.drop_crc = sim_->stat_drop_crc_o;
    c.drop_length = sim_->stat_drop_len_o;
    c.drop_oversize = sim_->stat_drop_oversize_o;
    c.drop_timeout = sim_->stat_drop_timeout_o;
    c.drop_buffer = sim_->stat_drop_buffer_o;
    c.drop_no_context = sim_->stat_drop_noctx_o;
    c.drop_not_user = sim_->stat_bad_cells_o;
    return c;
  }

  bool in_fire() const { return in_fire_; }
  bool out_fire() const { return out_fire_; }
  Source<CellWord>& in() { return in_; }
  sim::Harness<Reasm>& sim() { return sim_; }

 private:
  sim::Harness<Reasm>& sim_;
  Source<CellWord> in_;
  bool in_fire_ = false;
  bool out_fire_ = false;
  uint32_t out_data_ = 0;
  uint8_t out_keep_ = 0;
  bool out_last_ = false;
  Aal5Pdu out_side_;
  uint16_t out_len_ = 0;
  Aal5Pdu cur_;
  size_t cur_len_ = 0;
  bool in_pdu_ = false;
};

std::string Describe(const Aal5Counters& c) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "pdus %llu crc %llu length %llu oversize %llu timeout %llu buffer %llu "
                "no-context %llu bad-cells %llu",
                (unsigned long long)c.pdus, (unsigned long long)c.drop_crc,
                (unsigned long long)c.drop_length, (unsigned long long)c.drop_oversize,
                (unsigned long long)c.drop_timeout, (unsigned long long)c.drop_buffer,
                (unsigned long long)c.drop_no_context, (unsigned long long)c.drop_not_user);
  return buf;
}

template <typename H>
std::vector<uint8_t> RandomBytes(H& sim, size_t n) {
  std::vector<uint8_t> v(n);
  for (uint8_t& b : v) b = static_cast<uint8_t>(sim.Random(0, 255));
  return v;
}

// PDU lengths for random tests: mostly short, some long, the edge cases now and then.
template <typename H>
size_t RandomLength(H& sim) {
  static const size_t kEdges[] = {0, 1, 40, 41, 47, 48, 88, 89, 96};
  const uint64_t r = sim.Random(0, 9999);
  if (r < 5) return kAal5MaxPduBytes;
  if (r < 600) return kEdges[sim.Random(0, std::size(kEdges) - 1)];
  if (r < 7000) return sim.Random(0, 200);
  if (r < 9500) return sim.Random(0, 1500);
  return sim.Random(0, 9000);
}

// ------------------------------------------------------------------ segmenter

class Aal5Seg : public ::testing::Test {
 protected:
  Aal5Seg() : sim_(TestName()), bench_(sim_) {}

  // Runs until `cells` cells came out or the cycle budget is spent.
  std::vector<Cell> Run(size_t cells, double in_p, double out_p, uint64_t max_cycles) {
    bench_.in().p = in_p;
    std::vector<Cell> out;
    for (uint64_t i = 0; i < max_cycles && out.size() < cells; ++i) {
      bench_.Drive(Coin(sim_, out_p));
      Cell c;
      if (bench_.Step(&c)) out.push_back(c);
    }
    return out;
  }

  sim::Harness<Seg> sim_;
  SegBench bench_;
};

TEST_F(Aal5Seg, FortyZeroBytesGiveTheStandardCrc) {
  PduIn pdu;
  pdu.data.assign(40, 0);
  pdu.vci = 32;
  bench_.Add(pdu);
  auto cells = Run(1, 1.0, 1.0, 1000);
  ASSERT_EQ(cells.size(), 1u);
  const auto words = cells[0].ToWords();
  EXPECT_EQ(words[0], Cell::MakeHeader(0, 0, 32, kPtiAuu, false));
  EXPECT_EQ(words[11], 0x00000028u);  // UU 0, CPI 0, Length 40
  EXPECT_EQ(words[12], 0x864D7F99u);
  Crc32Aal5 crc;
  crc.Update(cells[0].payload);
  EXPECT_EQ(crc.Register(), kAal5CrcResidue);
  EXPECT_EQ(sim_->stat_pdus_o, 1u);
}

TEST_F(Aal5Seg, MatchesModelForRandomPdusUnderBackPressure) {
  const int n = LongRun() ? 3000 : 300;
  std::deque<PduIn> pdus;
  for (size_t len : {size_t{0}, size_t{1}, size_t{40}, size_t{41}, size_t{48}, kAal5MaxPduBytes}) {
    pdus.push_back({});
    pdus.back().data = RandomBytes(sim_, len);
  }
  for (int i = 0; i < n; ++i) {
    pdus.push_back({});
    pdus.back().data = RandomBytes(sim_, RandomLength(sim_));
  }
  std::vector<Cell> expected;
  for (PduIn& p : pdus) {
    p.vpi = static_cast<uint8_t>(sim_.Random(0, 255));
    p.vci = static_cast<uint16_t>(sim_.Random(0, 65535));
    p.uu = static_cast<uint8_t>(sim_.Random(0, 255));
    p.clp = sim_.Random(0, 1);
    bench_.Add(p);
    auto cells = Aal5Segment(p.data, p.vpi, p.vci, p.uu, p.clp);
    expected.insert(expected.end(), cells.begin(), cells.end());
  }
  auto got = Run(expected.size(), 0.7, 0.6, 40 * expected.size() * 13 + 1000);
  ASSERT_EQ(got.size(), expected.size()) << "seed " << sim_.seed();
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i], expected[i]) << "cell " << i << " (seed " << sim_.seed() << ")";
  }
  EXPECT_EQ(sim_->stat_pdus_o, pdus.size());
  EXPECT_EQ(sim_->stat_oversize_o, 0u);
}

TEST_F(Aal5Seg, EmptyLastWordAddsNoByte) {
  // PDUs of whole words sent with one more, empty, last word (tkeep 0000).
  std::deque<PduIn> pdus;
  std::vector<Cell> expected;
  for (size_t len : {4, 8, 36, 40, 44, 48, 88, 92, 400}) {
    pdus.push_back({});
    PduIn& p = pdus.back();
    p.data = RandomBytes(sim_, len);
    p.vci = static_cast<uint16_t>(len);
    PduWords(p, sim_, &bench_.in().q);
    bench_.in().q.back().last = false;
    PduWord empty;
    empty.pdu = &p;
    empty.last = true;
    bench_.in().q.push_back(empty);
    const auto cells = Aal5Segment(p.data, 0, p.vci);
    expected.insert(expected.end(), cells.begin(), cells.end());
  }
  auto got = Run(expected.size(), 0.8, 0.8, 100'000);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], expected[i]) << "cell " << i;
}

TEST_F(Aal5Seg, SustainsOneCellWordPerCycle) {
  std::deque<PduIn> pdus(300);
  size_t words = 0;
  size_t i = 0;
  for (PduIn& p : pdus) {
    // Runs of one-cell PDUs (the tightest case: 13 ingest cycles a cell) then mixed.
    const size_t len = i < 40 ? 0 : i < 80 ? 40 : i < 100 ? 41 : RandomLength(sim_) % 3000;
    ++i;
    p.data = RandomBytes(sim_, len);
    p.vci = 77;
    bench_.Add(p);
    words += Aal5CellCount(p.data.size()) * kCellWords;
  }
  uint64_t first = 0, last = 0, out_words = 0;
  for (uint64_t i = 0; i < 4 * words && out_words < words; ++i) {
    bench_.Drive(true);
    if (bench_.out_fire()) {
      if (out_words == 0) first = sim_.cycle();
      last = sim_.cycle();
      ++out_words;
    }
    Cell c;
    bench_.Step(&c);
  }
  ASSERT_EQ(out_words, words);
  std::printf("[aal5] segmenter: %llu cell words in %llu cycles (%.4f words/cycle)\n",
              (unsigned long long)words, (unsigned long long)(last - first + 1),
              double(words) / double(last - first + 1));
  EXPECT_EQ(last - first + 1, words) << "bubbles in the cell output";
}

TEST_F(Aal5Seg, OversizePduIsAbortedCountedAndTheNextOneIsFine) {
  PduIn big, small;
  big.data = RandomBytes(sim_, 70001);
  big.vci = 5;
  small.data = RandomBytes(sim_, 100);
  small.vci = 6;
  bench_.Add(big);
  bench_.Add(small);
  auto expected = Aal5Segment(big.data, 0, 5);
  const auto tail = Aal5Segment(small.data, 0, 6);
  expected.insert(expected.end(), tail.begin(), tail.end());
  EXPECT_EQ(Aal5Trailer::FromCell(expected[expected.size() - tail.size() - 1]).length, 0u);
  auto got = Run(expected.size(), 0.9, 0.9, 200'000);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], expected[i]) << "cell " << i;
  EXPECT_EQ(sim_->stat_oversize_o, 1u);
  EXPECT_EQ(sim_->stat_pdus_o, 2u);
  EXPECT_TRUE(bench_.in().q.empty()) << "the aborted PDU's input was not drained";
}

// ------------------------------------------------------------------ reassembler

class Aal5Reasm : public ::testing::Test {
 protected:
  Aal5Reasm() : sim_(TestName()) {}

  // Runs until the input is empty and `idle` further cycles passed with nothing out.
  void Drain(ReasmBench& b, double out_p, std::vector<Aal5Pdu>* got, uint64_t idle = 200) {
    uint64_t quiet = 0;
    for (uint64_t i = 0; i < 50'000'000 && quiet < idle; ++i) {
      b.Drive(Coin(sim_, out_p));
      Aal5Pdu p;
      const bool busy = !b.in().q.empty();
      const bool moved = b.out_fire();
      if (b.Step(&p)) got->push_back(std::move(p));
      quiet = (busy || moved) ? 0 : quiet + 1;
    }
  }

  // Idles for `cycles` cycles (output ready), collecting anything delivered.
  void Idle(ReasmBench& b, uint64_t cycles, std::vector<Aal5Pdu>* got) {
    for (uint64_t i = 0; i < cycles; ++i) {
      b.Drive(true);
      Aal5Pdu p;
      if (b.Step(&p)) got->push_back(std::move(p));
    }
  }

  sim::Harness<Reasm> sim_;
};

void ExpectSamePdus(const std::vector<Aal5Pdu>& got, std::vector<Aal5Pdu> want,
                    uint64_t seed) {
  ASSERT_EQ(got.size(), want.size()) << "seed " << seed;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].vpi, want[i].vpi) << "PDU " << i;
    EXPECT_EQ(got[i].vci, want[i].vci) << "PDU " << i;
    EXPECT_EQ(got[i].index, want[i].index) << "PDU " << i;
    EXPECT_EQ(got[i].uu, want[i].uu) << "PDU " << i;
    ASSERT_EQ(got[i].data, want[i].data) << "PDU " << i << " (seed " << seed << ")";
  }
}

TEST_F(Aal5Reasm, StandardCellIsDelivered) {
  ReasmBench b(sim_);
  b.Configure(0, 32, true);
  std::vector<uint8_t> zeros(40, 0);
  auto cells = Aal5Segment(zeros, 0, 32);
  ASSERT_EQ(cells.size(), 1u);
  EXPECT_EQ(Aal5Trailer::FromCell(cells[0]).crc, 0x864D7F99u);
  b.Add(cells[0]);
  std::vector<Aal5Pdu> got;
  Drain(b, 1.0, &got);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].data, zeros);
  EXPECT_EQ(got[0].vci, 32);
  EXPECT_EQ(got[0].index, 32u);
  EXPECT_EQ(b.Counters().pdus, 1u);
}

TEST_F(Aal5Reasm, MalformedCellsAreDroppedAndCounted) {
  ReasmBench b(sim_);
  b.Configure(1, 33, true);
  auto data = RandomBytes(sim_, 30);
  const auto cells = Aal5Segment(data, 1, 33);
  // A cell cut short by tlast on word 5, then the good PDU.
  auto words = cells[0].ToWords();
  for (int i = 0; i <= 5; ++i) b.in().q.push_back({words[i], i == 5});
  b.Add(cells[0]);
  // A cell without tlast on word 12: its words and the next three are dropped up to a
  // tlast, then the good PDU again.
  for (int i = 0; i < 13; ++i) b.in().q.push_back({words[i], false});
  for (int i = 0; i < 3; ++i) b.in().q.push_back({words[i], i == 2});
  b.Add(cells[0]);
  std::vector<Aal5Pdu> got;
  Drain(b, 1.0, &got);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].data, data);
  EXPECT_EQ(got[1].data, data);
  EXPECT_EQ(b.Counters().drop_not_user, 2u);
  EXPECT_EQ(b.Counters().pdus, 2u);
}

// Cells of several PDUs per VC, interleaved cell by cell at random, order per VC kept.
template <typename H>
std::vector<Cell> Interleave(H& sim, std::map<uint32_t, std::deque<Cell>> per_vc) {
  std::vector<Cell> out;
  std::vector<uint32_t> keys;
  for (auto& [k, q] : per_vc) {
    if (!q.empty()) keys.push_back(k);
  }
  while (!keys.empty()) {
    const size_t i = sim.Random(0, keys.size() - 1);
    auto& q = per_vc[keys[i]];
    out.push_back(q.front());
    q.pop_front();
    if (q.empty()) {
      keys[i] = keys.back();
      keys.pop_back();
    }
  }
  return out;
}

// Rewrites the trailer of a PDU's last cell with another Length and a CRC that is right
// for it, so that only the length check can catch it.
void SetLength(std::vector<Cell>* cells, uint16_t length) {
  Cell& last = cells->back();
  last.payload[42] = static_cast<uint8_t>(length >> 8);
  last.payload[43] = static_cast<uint8_t>(length);
  Crc32Aal5 crc;
  for (size_t i = 0; i + 1 < cells->size(); ++i) crc.Update((*cells)[i].payload);
  crc.Update(std::span<const uint8_t>(last.payload.data(), 44));
  const uint32_t v = crc.Value();
  for (int i = 0; i < 4; ++i) last.payload[44 + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}

TEST_F(Aal5Reasm, BadInputIsCountedNeverDeliveredAndTheBlockKeepsWorking) {
  constexpr uint16_t kMax = 3000;
  constexpr uint16_t kTimeout = 4000;
  ReasmBench b(sim_, kMax, kTimeout);
  Aal5ReassemblerConfig cfg;
  cfg.num_cells = 4096;
  cfg.max_pdu_bytes = kMax;
  cfg.timeout_ticks = kTimeout;
  Aal5Reassembler model(cfg);
  b.in().p = 0.8;

  constexpr int kVcs = 8;
  auto vpi_of = [](int v) { return static_cast<uint8_t>(10 + v); };
  auto vci_of = [](int v) { return static_cast<uint16_t>(0x200 + v); };
  for (int v = 0; v < kVcs; ++v) {
    b.Configure(vpi_of(v), vci_of(v), true);
    ASSERT_TRUE(model.Open(vpi_of(v), vci_of(v)).ok());
  }

  std::vector<Aal5Pdu> got, want;
  uint64_t epoch = 0;
  const int rounds = LongRun() ? 20 : 4;
  for (int round = 0; round < rounds; ++round) {
    // Phase 1: good and bad PDUs on every VC, plus stray cells, all interleaved.
    std::map<uint32_t, std::deque<Cell>> per_vc;
    for (int v = 0; v < kVcs; ++v) {
      for (int k = 0; k < 12; ++k) {
        // The last PDU of a VC always has its end cell, so that no partial PDU waits
        // behind the others long enough to time out before the planned silence.
        const uint64_t kind = k == 11 ? 0 : sim_.Random(0, 9);
        size_t len = sim_.Random(0, 1200);
        if (kind == 5) len = sim_.Random(kMax + 1, 2 * kMax);   // oversize by cells
        if (kind == 6) len = sim_.Random(kMax + 1, kMax + 30);  // oversize by Length only
        auto data = RandomBytes(sim_, len);
        auto cells = Aal5Segment(data, vpi_of(v), vci_of(v),
                                 static_cast<uint8_t>(sim_.Random(0, 255)));
        switch (kind) {
          case 2: {  // corrupted payload bit
            Cell& c = cells[sim_.Random(0, cells.size() - 1)];
            c.payload[sim_.Random(0, 47)] ^= static_cast<uint8_t>(1u << sim_.Random(0, 7));
            break;
          }
          case 3: {  // Length too large or too small for the cells, CRC right
            const size_t ncells = cells.size();
            uint16_t bad = static_cast<uint16_t>(
                sim_.Random(0, 1) ? ncells * 48 - 8 + sim_.Random(1, 200)
                                  : (ncells >= 2 ? sim_.Random(0, (ncells - 1) * 48 - 8) : 41));
            if (ncells == 1 && bad <= 40) bad = 41;
            SetLength(&cells, bad);
            break;
          }
          case 4:  // a PDU that ends mid-way: its end cell is lost (merges with the next)
            if (cells.size() > 1) cells.pop_back();
            break;
          default:
            break;
        }
        for (Cell& c : cells) per_vc[v].push_back(c);
      }
    }
    // Stray cells: a closed index, an open index with the wrong VPI, OAM cells.
    for (int k = 0; k < 10; ++k) {
      Cell c;
      c.header = Cell::MakeHeader(0, 1, 0x300 + k, 0, false);
      per_vc[100].push_back(c);
      c.header = Cell::MakeHeader(0, 99, vci_of(k % kVcs), 0, false);
      per_vc[101].push_back(c);
      c.header = Cell::MakeHeader(0, vpi_of(k % kVcs), vci_of(k % kVcs), 4 + k % 2, false);
      per_vc[102].push_back(c);
    }
    // Abandoned PDUs (no end cell) on two VCs, sent last: they must time out.
    std::map<uint32_t, std::deque<Cell>> tails;
    for (int v : {1, 5}) {
      auto cells = Aal5Segment(RandomBytes(sim_, 500), vpi_of(v), vci_of(v));
      cells.pop_back();
      for (Cell& c : cells) tails[v].push_back(c);
    }
    auto seq = Interleave(sim_, per_vc);
    auto tail_seq = Interleave(sim_, tails);
    seq.insert(seq.end(), tail_seq.begin(), tail_seq.end());
    for (const Cell& c : seq) {
      b.Add(c);
      model.Push(c, epoch);
    }
    Drain(b, 0.6, &got);
    // Re-opening a VC drops its partial PDU without counting it (abandoned PDU of VC 5),
    // and a closed VC takes no cells until it is opened again.
    b.Configure(vpi_of(5), vci_of(5), false);
    ASSERT_TRUE(model.Close(vpi_of(5), vci_of(5)).ok());
    for (const Cell& c : Aal5Segment(RandomBytes(sim_, 100), vpi_of(5), vci_of(5))) {
      b.Add(c);
      model.Push(c, epoch);
    }
    Drain(b, 0.6, &got);
    b.Configure(vpi_of(5), vci_of(5), true);
    ASSERT_TRUE(model.Open(vpi_of(5), vci_of(5)).ok());
    // Phase 2: silence past the timeout and a sweep, then every partial PDU is gone.
    Idle(b, kTimeout + 2000, &got);
    epoch += kTimeout + 1;
    model.Sweep(epoch);
    // Phase 3: good PDUs on every VC are all delivered.
    per_vc.clear();
    for (int v = 0; v < kVcs; ++v) {
      for (int k = 0; k < 4; ++k) {
        for (const Cell& c : Aal5Segment(RandomBytes(sim_, sim_.Random(0, 2000)), vpi_of(v),
                                         vci_of(v), 7)) {
          per_vc[v].push_back(c);
        }
      }
    }
    for (const Cell& c : Interleave(sim_, per_vc)) {
      b.Add(c);
      model.Push(c, epoch);
    }
    Drain(b, 0.6, &got);
    while (auto p = model.Pop()) want.push_back(std::move(*p));
    ASSERT_EQ(Describe(b.Counters()), Describe(model.counters()))
        << "round " << round << " (seed " << sim_.seed() << ")";
  }
  ExpectSamePdus(got, want, sim_.seed());
  const Aal5Counters c = b.Counters();
  std::printf("[aal5] bad input, %d rounds: %s\n", rounds, Describe(c).c_str());
  EXPECT_GT(c.drop_crc, 0u);
  EXPECT_GT(c.drop_length, 0u);
  EXPECT_GT(c.drop_oversize, 0u);
  EXPECT_GE(c.drop_timeout, 1u * rounds);
  EXPECT_GT(c.drop_no_context, 0u);
  EXPECT_GT(c.drop_not_user, 0u);
}

TEST_F(Aal5Reasm, TimeoutFiresWhileAnotherVcStreams) {
  constexpr uint16_t kTimeout = 3000;
  ReasmBench b(sim_, 65535, kTimeout);
  b.Configure(1, 0x101, true);  // index 1: abandoned
  b.Configure(2, 0x202, true);  // index 2: streams back to back
  auto partial = Aal5Segment(RandomBytes(sim_, 300), 1, 0x101);
  partial.pop_back();
  for (const Cell& c : partial) b.Add(c);
  size_t sent = 0;
  std::vector<Aal5Pdu> got;
  uint64_t cycles = 0;
  while (cycles < 4 * kTimeout) {
    if (b.in().q.size() < 100) {
      const auto data = RandomBytes(sim_, sim_.Random(0, 500));
      for (const Cell& c : Aal5Segment(data, 2, 0x202)) b.Add(c);
      ++sent;
    }
    b.Drive(true);
    Aal5Pdu p;
    if (b.Step(&p)) got.push_back(std::move(p));
    ++cycles;
  }
  EXPECT_EQ(b.Counters().drop_timeout, 1u) << "no timeout during the other VC's traffic";
  Drain(b, 1.0, &got);
  EXPECT_EQ(got.size(), sent);
  EXPECT_EQ(b.Counters().pdus, sent);
}

// The sweep drops a partial PDU once its last cell is more than the timeout old (one
// tick a cycle here), never earlier, and within one sweep over the 64 contexts (two
// cycles each while the input is idle) after that; up to the largest timeout the
// header allows (the timeout plus the sweep period below 2**15 ticks).
TEST_F(Aal5Reasm, TimeoutDropsAtTheTimeoutAgeNotBefore) {
  for (const uint16_t timeout : {uint16_t{40}, uint16_t{777}, uint16_t{20000}, uint16_t{32500}}) {
    ReasmBench b(sim_, 65535, timeout);
    b.Configure(1, 0x101, true);
    auto partial = Aal5Segment(RandomBytes(sim_, 200), 1, 0x101);
    partial.pop_back();
    for (const Cell& c : partial) b.Add(c);
    uint64_t cycle = 0, last_in = 0, dropped = 0;
    Aal5Pdu p;
    while (dropped == 0 && cycle < 40'000) {
      b.Drive(true);
      if (b.in_fire()) last_in = cycle;
      EXPECT_FALSE(b.Step(&p)) << "an abandoned PDU was delivered";
      ++cycle;
      if (b.Counters().drop_timeout != 0) dropped = cycle;
    }
    ASSERT_NE(dropped, 0u) << "timeout " << timeout << ": never dropped";
    const uint64_t age = dropped - last_in;
    EXPECT_GT(age, timeout) << "dropped before its timeout";
    EXPECT_LE(age, timeout + 2u * 64u + 8u) << "dropped later than one sweep after it";
    EXPECT_EQ(b.Counters().drop_timeout, 1u);
    std::printf("[aal5] timeout %u: dropped at age %llu cycles\n", unsigned{timeout},
                static_cast<unsigned long long>(age));
  }
}

TEST_F(Aal5Reasm, FullBufferDropsPdusAndRecovers) {
  ReasmBench b(sim_);
  Aal5ReassemblerConfig cfg;
  cfg.num_cells = 4096;
  Aal5Reassembler model(cfg);
  b.in().p = 0.9;
  std::map<uint32_t, std::deque<Cell>> per_vc, ends;
  for (int v = 0; v < 64; ++v) {
    const uint16_t vci = static_cast<uint16_t>(64 + v);
    b.Configure(3, vci, true);
    ASSERT_TRUE(model.Open(3, vci).ok());
    // 72 cells a VC: 64 x 71 = 4544 cells without their end cells, for a pool of 4096.
    auto cells = Aal5Segment(RandomBytes(sim_, 71 * 48), 3, vci);
    ends[v].push_back(cells.back());
    cells.pop_back();
    for (const Cell& c : cells) per_vc[v].push_back(c);
  }
  std::vector<Aal5Pdu> got, want;
  auto seq = Interleave(sim_, per_vc);
  auto end_seq = Interleave(sim_, ends);
  seq.insert(seq.end(), end_seq.begin(), end_seq.end());
  for (const Cell& c : seq) {
    b.Add(c);
    model.Push(c, 0);
  }
  Drain(b, 0.5, &got);
  // Afterwards every VC works again.
  per_vc.clear();
  for (int v = 0; v < 64; ++v) {
    for (const Cell& c : Aal5Segment(RandomBytes(sim_, sim_.Random(0, 3000)), 3,
                                     static_cast<uint16_t>(64 + v))) {
      per_vc[v].push_back(c);
    }
  }
  for (const Cell& c : Interleave(sim_, per_vc)) {
    b.Add(c);
    model.Push(c, 0);
  }
  Drain(b, 0.5, &got);
  while (auto p = model.Pop()) want.push_back(std::move(*p));
  EXPECT_EQ(Describe(b.Counters()), Describe(model.counters())) << "seed " << sim_.seed();
  std::printf("[aal5] full buffer: %s\n", Describe(b.Counters()).c_str());
  EXPECT_GT(b.Counters().drop_buffer, 0u);
  EXPECT_GE(b.Counters().pdus, 64u);
  ExpectSamePdus(got, want, sim_.seed());
}

TEST_F(Aal5Reasm, TakesOneWordPerCycleFromSixtyFourVcs) {
  ReasmBench b(sim_);
  std::map<uint32_t, std::deque<Cell>> per_vc;
  size_t pdus = 0;
  for (int v = 0; v < 64; ++v) {
    const uint16_t vci = static_cast<uint16_t>(0x1000 + v);
    b.Configure(static_cast<uint8_t>(v), vci, true);
    for (int k = 0; k < 6; ++k, ++pdus) {
      for (const Cell& c : Aal5Segment(RandomBytes(sim_, RandomLength(sim_) % 4000),
                                       static_cast<uint8_t>(v), vci)) {
        per_vc[v].push_back(c);
      }
    }
  }
  const auto seq = Interleave(sim_, per_vc);
  for (const Cell& c : seq) b.Add(c);
  const uint64_t words = seq.size() * kCellWords;
  uint64_t taken = 0, first = 0, last = 0;
  std::vector<Aal5Pdu> got;
  for (uint64_t i = 0; i < 4 * words && taken < words; ++i) {
    b.Drive(true);
    if (b.in_fire()) {
      if (taken == 0) first = sim_.cycle();
      last = sim_.cycle();
      ++taken;
    }
    Aal5Pdu p;
    if (b.Step(&p)) got.push_back(std::move(p));
  }
  Drain(b, 1.0, &got);
  ASSERT_EQ(taken, words);
  const double rate = double(words) / double(last - first + 1);
  std::printf("[aal5] reassembler: %llu cell words from 64 VCs in %llu cycles (%.4f words/cycle)\n",
              (unsigned long long)words, (unsigned long long)(last - first + 1), rate);
  EXPECT_EQ(last - first + 1, words) << "bubbles in the cell input";
  EXPECT_EQ(got.size(), pdus);
  EXPECT_EQ(b.Counters().pdus, pdus);
}

// ------------------------------------------------------------------ loopback

TEST(Aal5Loopback, SixtyFourVcsRandomBackPressure) {
  const size_t total = LongRun() ? 100'000 : 3'000;
  sim::SimOptions options = sim::SimOptions::Global();
  options.timeout_cycles = UINT64_MAX;
  sim::Harness<Reasm> rsim("Aal5Loopback", 10'000, options);
  options.seed = rsim.seed();  // one seed replays the whole loopback
  sim::Harness<Seg> ssim("Aal5Loopback.seg", 10'000, options);
  ReasmBench reasm(rsim);
  SegBench seg(ssim);
  auto& rng = rsim;  // every random choice of the test comes from this seed

  constexpr int kVcs = 64;
  std::vector<uint8_t> vpis(kVcs);
  std::vector<uint16_t> vcis(kVcs);
  for (int v = 0; v < kVcs; ++v) {
    vpis[v] = static_cast<uint8_t>(rng.Random(0, 255));
    vcis[v] = static_cast<uint16_t>((rng.Random(0, 1023) << 6) | v);
    reasm.Configure(vpis[v], vcis[v], true);
  }
  // PDUs are generated as the segmenter's input runs low; the edge lengths go first.
  std::deque<PduIn> inputs;  // stable storage for the words' sideband pointers
  std::vector<std::deque<std::vector<uint8_t>>> expect(kVcs);
  std::vector<size_t> first_lengths = {0, 1, 40, 41, 48, kAal5MaxPduBytes};
  size_t generated = 0, delivered = 0;
  auto generate = [&]() {
    PduIn p;
    const int v = static_cast<int>(rng.Random(0, kVcs - 1));
    const size_t len =
        generated < first_lengths.size() ? first_lengths[generated] : RandomLength(rng);
    p.data = RandomBytes(rng, len);
    p.vpi = vpis[v];
    p.vci = vcis[v];
    p.uu = static_cast<uint8_t>(rng.Random(0, 255));
    p.clp = rng.Random(0, 1);
    expect[v].push_back(p.data);
    inputs.push_back(std::move(p));
    seg.Add(inputs.back());
    ++generated;
  };
  seg.in().p = 0.8;
  reasm.in().p = 0.85;

  // Cells between the two models, per VC; the interleaver picks a VC at random.
  std::vector<std::deque<Cell>> middle(kVcs);
  std::vector<int> pending;  // VCs with cells in `middle`
  size_t middle_cells = 0;
  constexpr size_t kMiddleCap = 600;
  std::map<uint32_t, int> vc_of_index;
  for (int v = 0; v < kVcs; ++v) vc_of_index[vcis[v] & 63] = v;

  const auto start = std::chrono::steady_clock::now();
  uint64_t cycles = 0, last_delivery = 0;
  while (delivered < total) {
    ASSERT_LT(cycles - last_delivery, 2'000'000u)
        << "no PDU for 2,000,000 cycles after " << delivered << " (seed " << rsim.seed() << ")";
    while (generated < total && seg.in().q.size() < 64) generate();
    // Feed the reassembler one cell at a time from a random VC.
    if (reasm.in().q.empty() && !pending.empty()) {
      const size_t i = rng.Random(0, pending.size() - 1);
      const int v = pending[i];
      reasm.Add(middle[v].front());
      middle[v].pop_front();
      --middle_cells;
      if (middle[v].empty()) {
        pending[i] = pending.back();
        pending.pop_back();
      }
    }
    seg.Drive(middle_cells < kMiddleCap && Coin(rng, 0.8));
    reasm.Drive(Coin(rng, 0.7));
    Cell cell;
    if (seg.Step(&cell)) {
      const int v = vc_of_index.at(cell.vci() & 63);
      if (middle[v].empty()) pending.push_back(v);
      middle[v].push_back(cell);
      ++middle_cells;
    }
    Aal5Pdu pdu;
    if (reasm.Step(&pdu)) {
      auto it = vc_of_index.find(pdu.index);
      ASSERT_NE(it, vc_of_index.end()) << "PDU on index " << pdu.index;
      const int v = it->second;
      ASSERT_EQ(pdu.vpi, vpis[v]);
      ASSERT_EQ(pdu.vci, vcis[v]);
      ASSERT_FALSE(expect[v].empty()) << "PDU delivered twice or from nowhere on VC " << v
                                      << " (seed " << rsim.seed() << ")";
      ASSERT_EQ(pdu.data, expect[v].front())
          << "VC " << v << ", PDU " << delivered << " (seed " << rsim.seed() << ")";
      expect[v].pop_front();
      ++delivered;
      last_delivery = cycles;
    }
    ++cycles;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Aal5Counters c = reasm.Counters();
  std::printf("[aal5] loopback: %zu PDUs over %d VCs in %llu cycles, %.1f s (seed %llu): %s\n",
              delivered, kVcs, (unsigned long long)cycles, secs,
              (unsigned long long)rsim.seed(), Describe(c).c_str());
  EXPECT_EQ(delivered, total) << "seed " << rsim.seed();
  for (int v = 0; v < kVcs; ++v) EXPECT_TRUE(expect[v].empty()) << "VC " << v;
  Aal5Counters want;
  want.pdus = total;
  EXPECT_EQ(Describe(c), Describe(want));
  EXPECT_EQ(ssim->stat_pdus_o, total);
}

}  // namespace
}  // namespace pegasus::atm
