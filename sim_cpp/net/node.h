// Node: a device of the desk-area network as the simulator runs it — a
// Verilated RTL model driven through its top-level ports only, and its link
// ports (LinkPort). The per-cycle work is plain C++: Run(start, n) clocks the
// model for n cycles, feeding the cell streams from the link receivers and
// handing cells to the link transmitters. The SystemC top (systemc_top.h) and
// the plain runner (Network::RunPlain) call, once a quantum: BeginQuantum(),
// Run(T, quantum), EndQuantum().
//
// WishboneMaster: the management bus of a node, a queue of register accesses
// (write, read, poll until a field has a value) carried out one at a time on
// the model's wb_* slave ports (Wishbone B4 classic: strobe held until ack, one
// idle cycle after).
#ifndef PEGASUS_SIM_CPP_NET_NODE_H_
#define PEGASUS_SIM_CPP_NET_NODE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "host/atm/aal5.h"
#include "sim_cpp/net/link_port.h"
#include "sim_cpp/net/wave.h"

class VerilatedContext;

namespace pegasus::net {

enum class NodeKind { kSwitch, kCamera, kDisplay, kAudio, kSoc, kBridge };

class Node {
 public:
  Node(std::string name, NodeKind kind, int ports);
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  const std::string& name() const { return name_; }
  NodeKind kind() const { return kind_; }
  int num_ports() const { return static_cast<int>(ports_.size()); }
  LinkPort& port(int p) { return *ports_.at(static_cast<size_t>(p)); }
  const LinkPort& port(int p) const { return *ports_.at(static_cast<size_t>(p)); }

  // Clocks the model through cycles [start, start + n).
  virtual void Run(uint64_t start, uint64_t n) = 0;
  // True while the node has management work in hand (bus accesses queued).
  virtual bool Busy() const { return false; }
  // One line of the node's own counters for the summary.
  virtual std::string Stats() const { return ""; }

  void BeginQuantum() {
    for (auto& p : ports_) p->BeginQuantum();
  }
  void EndQuantum() {
    for (auto& p : ports_) p->EndQuantum();
  }

  // Writes an FST of the node's models to `path` for cycles [first, last] (wave.h);
  // throws std::runtime_error when the file cannot be written or the node has no
  // model to trace. The network's context must trace (NetworkConfig::wave).
  void OpenWave(const std::string& path, uint64_t first, uint64_t last, uint64_t clock_hz);
  // Completes and closes the file.
  void CloseWave() { wave_.reset(); }

 protected:
  // Adds the node's Verilated models to a trace file (each model's trace()).
  virtual void TraceModels(VerilatedFstC& fst);
  // Run() calls this after cycle c's evaluation with the clock low and after its
  // rising edge; one test of a pointer when no wave is open.
  void Wave(uint64_t c, bool high) {
    if (wave_) wave_->Sample(c, high);
  }

 private:
  std::string name_;
  NodeKind kind_;
  std::vector<std::unique_ptr<LinkPort>> ports_;
  std::unique_ptr<NodeWave> wave_;
};

// The counters of an atm_aal5_reasm model (its stat_* ports) as host/atm's.
template <typename R>
atm::Aal5Counters ReasmCounters(const R& r) {
  atm::Aal5Counters c;
  c.pdus = r.stat_pdus_o;
  c.drop_crc = r.stat_drop_crc_o;
  c.drop_length = r.stat_drop_len_o;
  c.drop_oversize = r.stat_drop_oversize_o;
  c.drop_timeout = r.stat_drop_timeout_o;
  c.drop_buffer = r.stat_drop_buffer_o;
  c.drop_no_context = r.stat_drop_noctx_o;
  c.drop_not_user = r.stat_bad_cells_o;
  return c;
}

// An atm_aal5_reasm model's inputs before reset: no cell, no configuration, no tick;
// PDUs up to max_pdu_bytes, partial ones abandoned after timeout_ticks ticks.
template <typename R>
void ReasmInputsAtRest(R& r, uint16_t max_pdu_bytes, uint16_t timeout_ticks, bool pdu_ready) {
  r.s_cell_tvalid_i = 0;
  r.m_pdu_tready_i = pdu_ready;
  r.cfg_valid_i = 0;
  r.cfg_max_pdu_bytes_i = max_pdu_bytes;
  r.cfg_timeout_i = timeout_ticks;
  r.tick_i = 0;
}

// Holds a model's reset (rst_ni, and pix_rst_ni where the model has a pixel clock,
// which then runs with clk_i) low for `cycles` clock cycles, then releases it; inputs
// are those the caller set.
template <typename M>
void ResetModel(M& m, int cycles = 4) {
  constexpr bool kPixClock = requires { m.pix_clk_i; };
  m.clk_i = 0;
  m.rst_ni = 0;
  if constexpr (kPixClock) {
    m.pix_clk_i = 0;
    m.pix_rst_ni = 0;
  }
  for (int i = 0; i < cycles; ++i) {
    m.eval();
    m.clk_i = 1;
    if constexpr (kPixClock) m.pix_clk_i = 1;
    m.eval();
    m.clk_i = 0;
    if constexpr (kPixClock) m.pix_clk_i = 0;
  }
  m.rst_ni = 1;
  if constexpr (kPixClock) m.pix_rst_ni = 1;
  m.eval();
}

class WishboneMaster {
 public:
  using Done = std::function<void(uint32_t)>;

  void Write(uint32_t addr, uint32_t data, Done done = nullptr) {
    ops_.push_back(Op{true, addr, data, 0xF, false, 0, 0, std::move(done), nullptr});
  }
  void Read(uint32_t addr, Done done) {
    ops_.push_back(Op{false, addr, 0, 0xF, false, 0, 0, std::move(done), nullptr});
  }
  // One access with byte selects (another master's, passed on).
  void Access(bool write, uint32_t addr, uint32_t data, uint8_t sel, Done done) {
    ops_.push_back(Op{write, addr, data, sel, false, 0, 0, std::move(done), nullptr});
  }
  // Reads addr until (value & mask) == want.
  void PollUntil(uint32_t addr, uint32_t mask, uint32_t want, Done done = nullptr) {
    ops_.push_back(Op{false, addr, 0, 0xF, true, mask, want, std::move(done), nullptr});
  }
  // Runs fn once every access queued before it has completed.
  void Then(std::function<void()> fn) {
    ops_.push_back(Op{false, 0, 0, 0, false, 0, 0, nullptr, std::move(fn)});
  }
  bool idle() const { return ops_.empty() && !active_; }
  uint64_t accesses() const { return accesses_; }

  // Before the clock edge (clock low): drives wb_* for the coming edge.
  template <typename M>
  void Drive(M& m) {
    while (!active_ && !gap_ && !ops_.empty() && ops_.front().marker) {
      auto fn = std::move(ops_.front().marker);
      ops_.pop_front();
      fn();
    }
    if (!active_ && !gap_ && !ops_.empty()) {
      const Op& op = ops_.front();
      active_ = true;
      m.wb_cyc_i = 1;
      m.wb_stb_i = 1;
      m.wb_we_i = op.write;
      m.wb_adr_i = static_cast<uint16_t>(op.addr);
      m.wb_dat_i = op.data;
      m.wb_sel_i = op.sel;
      return;
    }
    if (!active_) {
      gap_ = false;
      m.wb_cyc_i = 0;
      m.wb_stb_i = 0;
      m.wb_we_i = 0;
    }
  }
  // After the rising edge: completes the access on ack.
  template <typename M>
  void Sample(M& m) {
    if (!active_ || !m.wb_ack_o) return;
    const uint32_t value = static_cast<uint32_t>(m.wb_dat_o);
    active_ = false;
    gap_ = true;
    ++accesses_;
    m.wb_cyc_i = 0;
    m.wb_stb_i = 0;
    m.wb_we_i = 0;
    Op& op = ops_.front();
    if (op.poll && (value & op.mask) != op.want) return;  // read again
    Done done = std::move(op.done);
    ops_.pop_front();
    if (done) done(value);
  }

 private:
  struct Op {
    bool write;
    uint32_t addr;
    uint32_t data;
    uint8_t sel;
    bool poll;
    uint32_t mask;
    uint32_t want;
    Done done;
    std::function<void()> marker;
  };
  std::deque<Op> ops_;
  bool active_ = false;
  bool gap_ = false;
  uint64_t accesses_ = 0;
};

// Cell-stream glue between a LinkPort and a model's s_cell_* / m_cell_* ports,
// one word a cycle: Feeder offers the words of the receiver's oldest cell,
// Collector gathers words into cells for the transmitter.
class CellFeeder {
 public:
  // The word to offer this cycle, if any.
  bool Offer(const LinkPort& port, uint32_t* data, bool* last) const {
    if (port.RxEmpty()) return false;
    const atm::Cell& c = port.RxFront();
    if (word_ == 0) {
      *data = c.header;
    } else {
      const int b = (word_ - 1) * 4;
      *data = (uint32_t{c.payload[b]} << 24) | (uint32_t{c.payload[b + 1]} << 16) |
              (uint32_t{c.payload[b + 2]} << 8) | c.payload[b + 3];
    }
    *last = word_ == atm::kCellWords - 1;
    return true;
  }
  // The offered word was taken.
  void Taken(LinkPort& port) {
    if (++word_ == atm::kCellWords) {
      word_ = 0;
      port.RxPop();
    }
  }
  // Drives a model's s_cell_* input with the word to offer (valid low when none);
  // returns whether one is offered.
  template <typename M>
  bool Drive(M& m, const LinkPort& port) const {
    uint32_t data = 0;
    bool last = false;
    const bool offer = Offer(port, &data, &last);
    m.s_cell_tvalid_i = offer;
    m.s_cell_tdata_i = data;
    m.s_cell_tlast_i = last;
    return offer;
  }
  // After the model's evaluation: the word Drive offered was taken if s_cell_tready_o.
  template <typename M>
  void Sample(const M& m, LinkPort& port, bool offered) {
    if (offered && m.s_cell_tready_o) Taken(port);
  }

 private:
  int word_ = 0;
};

// Requests for an atm_aal5_reasm model's configuration port (open or close a VC),
// carried out one at a time in order.
class ReasmConfigQueue {
 public:
  void Open(uint8_t vpi, uint16_t vci) { ops_.push_back(Op{true, vpi, vci}); }
  bool empty() const { return ops_.empty(); }
  // Drives cfg_* with the request at the head; returns whether one is offered.
  template <typename R>
  bool Drive(R& r) const {
    const bool v = !ops_.empty();
    r.cfg_valid_i = v;
    if (v) {
      r.cfg_open_i = ops_.front().open;
      r.cfg_vpi_i = ops_.front().vpi;
      r.cfg_vci_i = ops_.front().vci;
    }
    return v;
  }
  // After the model's evaluation: the request Drive offered was taken if cfg_ready_o.
  template <typename R>
  void Sample(const R& r, bool offered) {
    if (offered && r.cfg_ready_o) ops_.pop_front();
  }

 private:
  struct Op {
    bool open;
    uint8_t vpi;
    uint16_t vci;
  };
  std::deque<Op> ops_;
};

class CellCollector {
 public:
  // A word moved; returns true when it completed a well-formed cell (then in
  // cell()).
  bool Push(uint32_t data, bool last) {
    if (n_ < atm::kCellWords) words_[static_cast<size_t>(n_)] = data;
    ++n_;
    if (!last) return false;
    const bool ok = n_ == atm::kCellWords;
    n_ = 0;
    if (!ok) ++malformed_;
    return ok;
  }
  atm::Cell cell() const {
    return atm::Cell::FromWords(std::span<const uint32_t, atm::kCellWords>(words_));
  }
  uint64_t malformed() const { return malformed_; }
  // After a model's evaluation with m_cell_tready_i = ready: takes the word on its
  // m_cell_* output, and hands a completed cell to the link transmitter.
  template <typename M>
  void Sample(const M& m, LinkPort& port, bool ready) {
    if (ready && m.m_cell_tvalid_o && Push(m.m_cell_tdata_o, m.m_cell_tlast_o)) {
      port.Transmit(cell());
    }
  }

 private:
  std::array<uint32_t, atm::kCellWords> words_{};
  int n_ = 0;
  uint64_t malformed_ = 0;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_NODE_H_
