// SwitchTb: drives switch_top (rtl/switch) at any NumPorts. Per port, a cell source
// with random gaps in tvalid and a sink with random back-pressure on tready (the
// shared sim_cpp/bfm/cell_stream.h drives one port of scalar signals; switch_top's
// ports are flattened vectors), a Wishbone master for the management registers that
// keeps the cell streams running while it waits, and a scoreboard: every cell carries
// a unique id in its payload, and the expected copies (output, translated header) come
// from host/switch's SwitchModel, whose tables the test keeps in step with the RTL's.
// The scoreboard checks each copy that leaves (known id, expected output, header,
// payload, not seen before, ids increasing per input VC and output) and, at the end,
// that every expected copy has left.
#ifndef PEGASUS_TESTS_RTL_SWITCH_SWITCH_TB_H_
#define PEGASUS_TESTS_RTL_SWITCH_SWITCH_TB_H_

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include PEGASUS_RTL_HEADER
#include "host/switch/switch_model.h"
#include "pegasus/memory_map.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::sw {

using Model = PEGASUS_RTL_MODEL;
constexpr int kPorts = PEGASUS_PARAM_NumPorts;
constexpr int kCellWords = 13;
// Cycles of one cell time (one word a cycle).
constexpr int kCellTime = 13;

inline constexpr uint32_t Hdr(uint32_t vpi, uint32_t vci, bool clp = false, uint32_t gfc = 0,
                              uint32_t pti = 0) {
  return (gfc << 28) | ((vpi & 0xFF) << 20) | ((vci & 0xFFFF) << 4) | ((pti & 7) << 1) |
         (clp ? 1u : 0u);
}

// Payload word k of cell id: recomputable by the scoreboard.
inline uint32_t PayloadWord(uint64_t id, int k) {
  uint64_t x = id * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(k) * 0xBF58476D1CE4E5B9ull;
  x ^= x >> 31;
  return static_cast<uint32_t>(x);
}

template <typename T>
inline void SetBit(T& v, int bit, bool on) {
  if (on) {
    v = static_cast<T>(v | (T{1} << bit));
  } else {
    v = static_cast<T>(v & ~(T{1} << bit));
  }
}
template <typename T>
inline bool GetBit(const T& v, int bit) {
  return (v >> bit) & 1;
}

class SwitchTb {
 public:
  struct Sent {
    int in = 0;
    uint32_t header = 0;
    uint64_t hdr_cycle = 0;             // cycle its header word was taken
    std::map<int, uint32_t> expect;     // out -> translated header (from the model)
    std::map<int, uint64_t> out_cycle;  // out -> cycle its first word left
    // Header taken while a commit for its VC was in progress: it may use the new
    // entry instead (alt), but then for all of its copies.
    bool ambiguous = false;
    // May be dropped (best effort under overload); if it leaves, it is checked.
    bool may_drop = false;
    std::map<int, uint32_t> alt;
  };

  explicit SwitchTb(const std::string& name) : sim_(name), model_(ModelConfig()) {
    Model& m = sim_.model();
    m.s_cell_tvalid_i = 0;
    m.s_cell_tlast_i = 0;
    m.m_cell_tready_i = 0;
    m.wb_cyc_i = 0;
    m.wb_stb_i = 0;
    m.wb_we_i = 0;
    m.wb_adr_i = 0;
    m.wb_dat_i = 0;
    m.wb_sel_i = 0;
    in_.resize(kPorts);
    out_.resize(kPorts);
    valid_percent_.assign(kPorts, 100);
    ready_percent_.assign(kPorts, 100);
    sim_.Reset();
  }

  // The model's defaults, except where the test target sets the RTL's parameters.
  static SwitchConfig ModelConfig() {
    SwitchConfig c;
    c.ports = kPorts;
#ifdef PEGASUS_PARAM_BufCells
    c.buf_cells = PEGASUS_PARAM_BufCells;
#endif
#ifdef PEGASUS_PARAM_TableBits
    c.table_bits = PEGASUS_PARAM_TableBits;
#endif
#ifdef PEGASUS_PARAM_ClpThreshold
    c.clp_threshold = PEGASUS_PARAM_ClpThreshold;
#endif
    return c;
  }

  sim::Harness<Model>& sim() { return sim_; }
  SwitchModel& model() { return model_; }
  uint64_t cycle() const { return sim_.cycle(); }
  std::map<uint64_t, Sent>& sent() { return sent_; }
  void set_valid_percent(int port, int p) { valid_percent_[port] = p; }
  void set_ready_percent(int port, int p) { ready_percent_[port] = p; }
  // Called for each copy that leaves, after the scoreboard checks.
  std::function<void(int out, uint64_t id, uint32_t header)> on_copy;

  // ---- management (Wishbone classic, one request at a time)
  uint32_t Access(bool we, uint32_t offset, uint32_t data) {
    Model& m = sim_.model();
    m.wb_cyc_i = 1;
    m.wb_stb_i = 1;
    m.wb_we_i = we;
    m.wb_adr_i = static_cast<uint16_t>(offset);
    m.wb_dat_i = data;
    m.wb_sel_i = 0xF;
    for (int i = 0; i < 100; ++i) {
      Cycle();
      if (m.wb_ack_o) break;
    }
    EXPECT_TRUE(m.wb_ack_o) << "no Wishbone ack at offset " << offset;
    const uint32_t r = m.wb_dat_o;
    m.wb_cyc_i = 0;
    m.wb_stb_i = 0;
    m.wb_we_i = 0;
    Cycle();
    return r;
  }
  // A header taken while a commit for its VC is pending may use either entry.
  void MarkAmbiguous(int in, uint32_t header, Sent& sent) {
    if (pending_.in != in || ((header >> 4) & 0xFFFFFF) != pending_.tag) return;
    sent.ambiguous = true;
    for (int o = 0; o < kPorts; ++o) {
      if ((pending_.connection.out_mask >> o) & 1) {
        sent.alt[o] = SwitchModel::Translate(header, pending_.connection.out_vpi_vci[o]);
      }
    }
  }
  void Write(uint32_t offset, uint32_t data) { Access(true, offset, data); }
  uint32_t Read(uint32_t offset) { return Access(false, offset, 0); }

  void WaitNotBusy() {
    for (int i = 0; i < 10000; ++i) {
      if ((Read(PEGASUS_SWITCH_TBL_STATUS) & 1) == 0) return;
    }
    ADD_FAILURE() << "TBL_STATUS.BUSY stuck";
  }

  // Enables the switch once the tables are cleared.
  void Start() {
    for (int i = 0; i < 1000 && !(Read(PEGASUS_SWITCH_TBL_STATUS) & 2); ++i) {
    }
    Write(PEGASUS_SWITCH_CTRL, 1);
  }

  // Stages and commits an entry on the RTL and the model; returns the cycle of the
  // TBL_CMD write and sets *done to the cycle BUSY was seen clear.
  uint64_t SetEntry(int in, uint32_t vpi, uint32_t vci, const Connection& c,
                    uint64_t* done = nullptr) {
    Write(PEGASUS_SWITCH_TBL_KEY, Hdr(vpi, vci));
    Write(PEGASUS_SWITCH_TBL_MASK, c.out_mask);
    Write(PEGASUS_SWITCH_TBL_CLASS, c.guaranteed);
    for (int o = 0; o < kPorts; ++o) {
      Write(PEGASUS_SWITCH_TBL_OUT_SEL, o);
      Write(PEGASUS_SWITCH_TBL_OUT_HDR, c.out_vpi_vci[o] << 4);
    }
    const uint64_t cmd = cycle();
    pending_ = PendingCommit{true, in, SwitchModel::VpiVci(vpi, vci), c};
    Write(PEGASUS_SWITCH_TBL_CMD, (1u << 8) | static_cast<uint32_t>(in));
    WaitNotBusy();
    pending_.active = false;
    if (done) *done = cycle();
    EXPECT_TRUE(model_.SetEntry(in, vpi, vci, c).ok());
    return cmd;
  }
  uint64_t RemoveEntry(int in, uint32_t vpi, uint32_t vci, uint64_t* done = nullptr) {
    Write(PEGASUS_SWITCH_TBL_KEY, Hdr(vpi, vci));
    const uint64_t cmd = cycle();
    pending_ = PendingCommit{true, in, SwitchModel::VpiVci(vpi, vci), Connection{}};
    Write(PEGASUS_SWITCH_TBL_CMD, (2u << 8) | static_cast<uint32_t>(in));
    WaitNotBusy();
    pending_.active = false;
    if (done) *done = cycle();
    EXPECT_TRUE(model_.RemoveEntry(in, vpi, vci).ok());
    return cmd;
  }
  uint32_t Counter(int port, uint32_t offset) {
    Write(PEGASUS_SWITCH_CNT_SEL, port);
    return Read(offset);
  }
  // The build's input buffer size and CLP threshold, from BUF_INFO.
  int BufCells() {
    return static_cast<int>((Read(PEGASUS_SWITCH_BUF_INFO) & PEGASUS_SWITCH_BUF_INFO_CELLS_MASK) >>
                            PEGASUS_SWITCH_BUF_INFO_CELLS_LSB);
  }
  int ClpThreshold() {
    return static_cast<int>(
        (Read(PEGASUS_SWITCH_BUF_INFO) & PEGASUS_SWITCH_BUF_INFO_CLP_THRESHOLD_MASK) >>
        PEGASUS_SWITCH_BUF_INFO_CLP_THRESHOLD_LSB);
  }

  // ---- traffic
  // Queues a cell on input `in`; its id goes in payload word 1, the rest follows.
  uint64_t Send(int in, uint32_t header) {
    const uint64_t id = next_id_++;
    std::array<uint32_t, kCellWords> w{};
    w[0] = header;
    w[1] = static_cast<uint32_t>(id);
    for (int k = 2; k < kCellWords; ++k) w[k] = PayloadWord(id, k);
    for (int k = 0; k < kCellWords; ++k) in_[in].words.push_back({w[k], k == kCellWords - 1, id});
    Sent s;
    s.in = in;
    s.header = header;
    sent_[id] = s;
    return id;
  }
  // Queues raw words (malformed cells); they carry no id.
  void SendWords(int in, const std::vector<uint32_t>& words) {
    for (size_t k = 0; k < words.size(); ++k) {
      in_[in].words.push_back({words[k], k + 1 == words.size(), UINT64_MAX});
    }
  }
  size_t Pending(int in) const { return in_[in].words.size(); }
  bool SourcesIdle() const {
    for (const auto& s : in_) {
      if (!s.words.empty()) return false;
    }
    return true;
  }

  // One clock cycle: drive sources, sinks; account handshakes; tick.
  void Cycle() {
    Model& m = sim_.model();
    for (int p = 0; p < kPorts; ++p) {
      Source& s = in_[p];
      if (!s.offering && !s.words.empty() &&
          static_cast<int>(sim_.Random(0, 99)) < valid_percent_[p]) {
        s.offering = true;
      }
      SetBit(m.s_cell_tvalid_i, p, s.offering);
      m.s_cell_tdata_i[p] = s.offering ? s.words.front().data : 0;
      SetBit(m.s_cell_tlast_i, p, s.offering && s.words.front().last);
      out_[p].ready = static_cast<int>(sim_.Random(0, 99)) < ready_percent_[p];
      SetBit(m.m_cell_tready_i, p, out_[p].ready);
    }
    m.eval();
    for (int p = 0; p < kPorts; ++p) {
      Source& s = in_[p];
      if (s.offering && GetBit(m.s_cell_tready_o, p)) {
        const Word w = s.words.front();
        s.words.pop_front();
        s.offering = false;
        if (w.id != UINT64_MAX && !s.in_cell) {
          // The header word: the table is read now; the model routes it now.
          Sent& sent = sent_[w.id];
          sent.hdr_cycle = sim_.cycle();
          const Route r = model_.RouteOf(p, w.data);
          for (const Copy& c : r.copies) sent.expect[c.out] = c.header;
          if (pending_.active) MarkAmbiguous(p, w.data, sent);
        }
        s.in_cell = !w.last;
      }
      Sink& k = out_[p];
      if (k.ready && GetBit(m.m_cell_tvalid_o, p)) {
        if (k.words.empty()) k.first_cycle = sim_.cycle();
        k.words.push_back(m.m_cell_tdata_o[p]);
        if (GetBit(m.m_cell_tlast_o, p)) {
          CheckCopy(p);
          k.words.clear();
        }
      }
    }
    sim_.Tick();
  }

  void Run(uint64_t cycles) {
    for (uint64_t i = 0; i < cycles; ++i) Cycle();
  }

  // Runs until the sources are empty and the switch holds no cell: every input's
  // CNT_BUFFERED is 0 (so no transfer is under way either) and no output offers a
  // word (the output FIFOs show their head word within two cycles).
  void Drain(uint64_t max_cycles = 400000) {
    const uint64_t end = cycle() + max_cycles;
    while (!SourcesIdle() && cycle() < end) Cycle();
    for (;;) {
      Run(2 * kCellTime);
      bool empty = true;
      for (int p = 0; p < kPorts && empty; ++p) {
        empty = Counter(p, PEGASUS_SWITCH_CNT_BUFFERED) == 0;
      }
      for (int p = 0; p < kPorts && empty; ++p) {
        empty = !GetBit(sim_.model().m_cell_tvalid_o, p) && out_[p].words.empty();
      }
      if (empty) break;
      if (cycle() >= end) {
        ADD_FAILURE() << "switch did not drain";
        break;
      }
    }
  }

  // Every expected copy of every cell sent has left (call after Drain).
  void ExpectAllDelivered() {
    int missing = 0;
    for (const auto& [id, s] : sent_) {
      if (s.may_drop) continue;
      // Taken during a commit that removed its entry, no copy left: it used the new
      // (empty) entry, for all of its copies.
      if (s.ambiguous && s.alt.empty() && s.out_cycle.empty()) continue;
      for (const auto& [out, hdr] : s.expect) {
        if (!s.out_cycle.count(out)) {
          if (++missing < 10) {
            ADD_FAILURE() << "cell " << id << " from input " << s.in << " header 0x" << std::hex
                          << s.header << std::dec << " never left output " << out;
          }
        }
      }
    }
    EXPECT_EQ(missing, 0);
  }

  uint64_t copies() const { return copies_; }

 private:
  struct Word {
    uint32_t data;
    bool last;
    uint64_t id;
  };
  struct Source {
    std::deque<Word> words;
    bool offering = false;
    bool in_cell = false;
  };
  struct Sink {
    bool ready = false;
    std::vector<uint32_t> words;
    uint64_t first_cycle = 0;
  };

  void CheckCopy(int out) {
    const Sink& k = out_[out];
    ++copies_;
    ASSERT_EQ(k.words.size(), static_cast<size_t>(kCellWords)) << "output " << out;
    const uint64_t id = k.words[1];
    auto it = sent_.find(id);
    ASSERT_NE(it, sent_.end()) << "output " << out << " sent a cell nobody sent (id " << id
                               << ", header 0x" << std::hex << k.words[0] << ")";
    Sent& s = it->second;
    if (s.ambiguous && s.out_cycle.empty() &&
        (!s.expect.count(out) || s.expect[out] != k.words[0])) {
      s.expect = s.alt;  // this cell used the new entry
    }
    s.ambiguous = false;
    ASSERT_TRUE(s.expect.count(out)) << "cell " << id << " from input " << s.in << " header 0x"
                                     << std::hex << s.header << std::dec
                                     << " left on output " << out << ", not in its set";
    ASSERT_FALSE(s.out_cycle.count(out)) << "cell " << id << " duplicated on output " << out;
    EXPECT_EQ(k.words[0], s.expect[out]) << "cell " << id << " header on output " << out;
    for (int w = 2; w < kCellWords; ++w) {
      ASSERT_EQ(k.words[w], PayloadWord(id, w)) << "cell " << id << " payload word " << w;
    }
    s.out_cycle[out] = k.first_cycle;
    // Order per input VC and output: ids rise.
    auto& last = last_id_[{s.in, (s.header >> 4) & 0xFFFFFF, out}];
    EXPECT_TRUE(last == 0 || id > last) << "cell " << id << " overtook cell " << last
                                        << " of the same VC on output " << out;
    last = id;
    if (on_copy) on_copy(out, id, k.words[0]);
  }

  struct PendingCommit {
    bool active = false;
    int in = 0;
    uint32_t tag = 0;
    Connection connection;
  };

  sim::Harness<Model> sim_;
  SwitchModel model_;
  PendingCommit pending_;
  std::vector<Source> in_;
  std::vector<Sink> out_;
  std::vector<int> valid_percent_;
  std::vector<int> ready_percent_;
  std::map<uint64_t, Sent> sent_;
  std::map<std::tuple<int, uint32_t, int>, uint64_t> last_id_;
  uint64_t next_id_ = 1;
  uint64_t copies_ = 0;
};

// A connection from the model's point of view: outputs in `mask`, new VPI/VCI per
// output derived from (in, vci, out) so every copy is recognisable.
inline Connection MakeConnection(int in, uint32_t vci, uint32_t mask, bool guar) {
  Connection c;
  c.out_mask = mask;
  c.guaranteed = guar;
  for (int o = 0; o < kPorts; ++o) {
    c.out_vpi_vci.push_back(SwitchModel::VpiVci(0x80 | (in << 3) | (o & 7),
                                                (vci << 4) ^ static_cast<uint32_t>(o * 0x111)));
  }
  return c;
}

}  // namespace pegasus::sw

#endif  // PEGASUS_TESTS_RTL_SWITCH_SWITCH_TB_H_
