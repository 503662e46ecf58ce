// SwitchModel: the reference model of the Pegasus ATM switch fabric (rtl/switch,
// rtl/switch/README.md). It keeps the same translation tables as the RTL (one per
// input port, 2^table_bits entries indexed by VCI[table_bits-1:0], each holding the full
// VPI/VCI as a tag, the output set, the class and a new VPI/VCI per output) and the same
// drop rules (no entry, buffer full, CLP=1 above the threshold, counted per port,
// reason and class). Time advances in cell times (Step): the model keeps per-input
// buffers of buf_cells slots shared by virtual output queues per (output, class),
// matches inputs to outputs with the same prioritised iSLIP as switch_islip (or, as
// the baseline, serves one FIFO per input with head-of-line blocking), and gives each
// output a queue of out_cells cells that drains one cell per cell time while the
// output is ready. Cell-for-cell timing is not the RTL's (the RTL takes a cell in over
// 13 cycles and matches at a fixed point of the cell time), but routing, translation,
// order per VC and output, and the scheduling policy are the same.
#ifndef PEGASUS_HOST_SWITCH_SWITCH_MODEL_H_
#define PEGASUS_HOST_SWITCH_SWITCH_MODEL_H_

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "host/common/status.h"

namespace pegasus::sw {

enum class Scheduler { kIslip, kFifo };

// The defaults are switch_top's (rtl/switch/switch_top.v).
struct SwitchConfig {
  int ports = 4;
  int table_bits = 6;
  // Cell slots per input buffer, shared by that input's queues.
  int buf_cells = 256;
  // Cells held at or above which CLP=1 cells are dropped.
  int clp_threshold = 128;
  int iterations = 4;
  int out_cells = 2;
  Scheduler scheduler = Scheduler::kIslip;
  // Dynamic threshold (Choudhury and Hahne): a cell is dropped as "full" when one of
  // its queues already holds alpha x (free slots) cells or more, so one congested
  // output cannot take the whole buffer of an input. 0 turns it off; the FIFO
  // baseline does not use it.
  int voq_alpha = 2;
};

enum class DropReason { kNone, kNoVc, kFormat, kFull, kClp };

// Class index into the per-class counters.
inline constexpr int kBestEffort = 0;
inline constexpr int kGuaranteed = 1;

struct PortCounters {
  uint64_t in = 0;
  uint64_t out = 0;
  uint64_t drop_no_vc = 0;
  uint64_t drop_format = 0;
  std::array<uint64_t, 2> drop_full{};  // by class
  std::array<uint64_t, 2> drop_clp{};   // by class
};

// A translation entry: where cells of one incoming VC go.
struct Connection {
  uint32_t out_mask = 0;  // bit n: a copy goes to output n
  bool guaranteed = false;
  // New (VPI << 16 | VCI) per output port; entries for outputs not in out_mask unused.
  std::vector<uint32_t> out_vpi_vci;
};

// One copy of a routed cell.
struct Copy {
  int out = 0;
  uint32_t header = 0;
};

struct Route {
  DropReason reason = DropReason::kNone;  // kNone or kNoVc
  bool guaranteed = false;
  std::vector<Copy> copies;  // in output order
};

struct ModelCell {
  uint32_t header = 0;
  std::array<uint32_t, 12> payload{};
  uint64_t id = 0;  // caller's tag, returned with each copy
};

struct Departure {
  int in = 0;
  int out = 0;
  bool guaranteed = false;
  ModelCell cell;             // header translated
  uint64_t arrival_slot = 0;  // cell time of Arrive
  uint64_t depart_slot = 0;   // cell time it left the output
};

class SwitchModel {
 public:
  explicit SwitchModel(const SwitchConfig& config);

  const SwitchConfig& config() const { return config_; }

  // (VPI, VCI) pair as the tables and registers hold it.
  static constexpr uint32_t VpiVci(uint32_t vpi, uint32_t vci) {
    return ((vpi & 0xFF) << 16) | (vci & 0xFFFF);
  }
  // The header with VPI/VCI replaced; GFC, PTI and CLP kept.
  static constexpr uint32_t Translate(uint32_t header, uint32_t vpi_vci) {
    return (header & 0xF000000Fu) | ((vpi_vci & 0xFFFFFF) << 4);
  }
  // The table index of a VCI.
  int IndexOf(uint32_t vci) const { return static_cast<int>(vci & ((1u << config_.table_bits) - 1)); }

  // Adds or changes the entry of (vpi, vci) on input in_port. Like the RTL, it takes
  // the entry at VCI's index whatever VC held it before.
  Status SetEntry(int in_port, uint32_t vpi, uint32_t vci, const Connection& connection);
  // Removes the entry at VCI's index of input in_port.
  Status RemoveEntry(int in_port, uint32_t vpi, uint32_t vci);
  // The entry that a cell with this header on in_port would use, if any.
  const Connection* Lookup(int in_port, uint32_t header) const;
  // Where a cell with this header on in_port goes, with its translated headers.
  Route RouteOf(int in_port, uint32_t header) const;

  // A cell arrives on in_port in the current cell time: counted, dropped (returned
  // reason) or buffered and queued to every output of its set.
  DropReason Arrive(int in_port, const ModelCell& cell);
  // Ends the current cell time: each output whose out_ready bit is set sends one
  // cell, then inputs are matched to outputs and matched cells cross. Returns the
  // cells that left.
  std::vector<Departure> Step(const std::vector<bool>& out_ready);

  uint64_t slot() const { return slot_; }
  const PortCounters& counters(int port) const { return counters_[port]; }
  // Cells held in input in_port's buffer.
  int Buffered(int in_port) const;
  // Cells anywhere in the switch (input buffers and output queues).
  int Occupancy() const;

 private:
  struct Entry {
    bool valid = false;
    uint32_t tag = 0;  // VpiVci
    Connection connection;
  };
  struct Desc {
    int slot = 0;
    uint32_t header = 0;  // translated
  };
  struct Input {
    std::vector<Entry> table;
    std::vector<int> refs;                  // per buffer slot
    std::vector<int> free_slots;            // slots with refs 0, lowest last
    int used = 0;
    std::vector<ModelCell> cells;           // per buffer slot
    std::vector<uint64_t> arrival;          // per buffer slot
    std::vector<bool> guaranteed;           // per buffer slot
    std::vector<std::deque<Desc>> voq;      // [out * 2 + class]
    std::deque<std::pair<int, Desc>> fifo;  // baseline: (out, desc) in arrival order
    std::array<int, 2> accept_ptr{};
  };
  struct Output {
    std::deque<Departure> queue;
    std::array<int, 2> grant_ptr{};
    int fifo_ptr = 0;
  };
  struct Match {
    int in = -1;
    bool guaranteed = false;
  };

  // One matching; iSLIP moves its pointers on first-iteration accepts.
  std::vector<Match> MatchIslip();
  std::vector<Match> MatchFifo();
  void Transfer(int in, int out, bool guaranteed);

  SwitchConfig config_;
  std::vector<Input> inputs_;
  std::vector<Output> outputs_;
  std::vector<PortCounters> counters_;
  uint64_t slot_ = 0;
};

}  // namespace pegasus::sw

#endif  // PEGASUS_HOST_SWITCH_SWITCH_MODEL_H_
