// AAL5 (ITU-T I.363.5) reference model: segmentation of a PDU into cells and a
// multi-VC reassembler with the same checks, limits and counters as the RTL
// (rtl/atm/atm_aal5_seg.v, rtl/atm/atm_aal5_reasm.v; format in doc/wire_formats.md,
// "AAL5").
//
// A PDU of 0..65535 bytes is followed by 0..47 zero pad bytes and the 8-byte trailer
// (UU, CPI = 0, Length big-endian, CRC-32 big-endian) so that the whole fills a whole
// number of 48-byte cell payloads; the CRC covers everything but itself. The last cell
// has PTI bit 0 (AUU) set.
//
// The reassembler keys a VC by the low IndexBits of its VCI (a direct map, as the RTL's
// context table) and checks the full VPI/VCI against the entry opened there. Time is
// in ticks of the RTL's tick_i; a partial PDU whose last cell is older than
// timeout_ticks is dropped by Sweep(). The cell pool (num_cells) holds the cells of
// partial PDUs; a cell that finds it full drops its PDU (buffer full). Cells of PDUs
// already checked and waiting for the output do not count: the RTL stalls its input
// until the output has freed them rather than drop.
#ifndef PEGASUS_HOST_ATM_AAL5_H_
#define PEGASUS_HOST_ATM_AAL5_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "host/atm/cell.h"
#include "host/common/status.h"

namespace pegasus::atm {

inline constexpr size_t kAal5TrailerBytes = 8;
inline constexpr size_t kAal5MaxPduBytes = 65535;
// PTI bit 0 of a user-data cell: set on the last cell of an AAL5 PDU.
inline constexpr uint32_t kPtiAuu = 0x1;
// PTI bit 2: set for OAM and resource-management cells (not user data).
inline constexpr uint32_t kPtiNotUser = 0x4;

// Cells of a PDU of `bytes` bytes (payload, pad and trailer).
constexpr size_t Aal5CellCount(size_t bytes) {
  return (bytes + kAal5TrailerBytes + kPayloadBytes - 1) / kPayloadBytes;
}

// Segments a PDU into cells: GFC 0, PTI 000 except 001 on the last cell, CLP as given.
// A PDU longer than 65535 bytes is aborted as the RTL segmenter aborts it: the cells
// carry its first 65532 bytes (the whole 32-bit words that fit), then pad and a
// trailer whose Length is 0, which every receiver rejects.
std::vector<Cell> Aal5Segment(std::span<const uint8_t> pdu, uint8_t vpi, uint16_t vci,
                              uint8_t uu = 0, bool clp = false);

// The 8 trailer bytes as they end the last cell.
struct Aal5Trailer {
  uint8_t uu = 0;
  uint8_t cpi = 0;
  uint16_t length = 0;
  uint32_t crc = 0;
  // Reads the trailer from the last 8 bytes of a cell payload.
  static Aal5Trailer FromCell(const Cell& cell);
};

// A reassembled PDU as the RTL delivers it.
struct Aal5Pdu {
  uint8_t vpi = 0;
  uint16_t vci = 0;
  // Context index (low IndexBits of the VCI).
  uint32_t index = 0;
  uint8_t uu = 0;
  std::vector<uint8_t> data;
};

struct Aal5ReassemblerConfig {
  // Context table entries are 1 << index_bits (the RTL's IndexBits).
  int index_bits = 6;
  // Cells in the shared buffer pool (the RTL's NumCells).
  size_t num_cells = 2048;
  // Largest PDU accepted, bytes (the RTL's cfg_max_pdu_bytes_i).
  size_t max_pdu_bytes = kAal5MaxPduBytes;
  // Ticks after its last cell at which a partial PDU is abandoned (cfg_timeout_i).
  uint64_t timeout_ticks = 30000;
};

// Drop and delivery counters, named as the RTL's stat_* outputs.
struct Aal5Counters {
  uint64_t pdus = 0;           // PDUs delivered
  uint64_t drop_crc = 0;       // PDUs: CRC-32 residue wrong
  uint64_t drop_length = 0;    // PDUs: Length field does not match the cells received
  uint64_t drop_oversize = 0;  // PDUs: more cells, or a Length, than the size limit
  uint64_t drop_timeout = 0;   // PDUs: abandoned (no cell within the timeout)
  uint64_t drop_buffer = 0;    // PDUs: the cell pool was full
  uint64_t drop_no_context = 0;  // cells: no VC open for their VPI/VCI
  uint64_t drop_not_user = 0;    // cells: OAM/RM (PTI 1xx)
  bool operator==(const Aal5Counters&) const = default;
};

class Aal5Reassembler {
 public:
  explicit Aal5Reassembler(const Aal5ReassemblerConfig& config = {});

  // Opens (or re-opens) the VC; the entry at the VCI's index is replaced and any
  // partial PDU there is dropped without being counted.
  Status Open(uint8_t vpi, uint16_t vci);
  // Closes the VC at this VPI/VCI (its partial PDU is dropped, not counted).
  Status Close(uint8_t vpi, uint16_t vci);

  // Takes one cell arriving at time `now` (ticks).
  void Push(const Cell& cell, uint64_t now);
  // Drops every partial PDU whose last cell arrived more than timeout_ticks before now.
  void Sweep(uint64_t now);

  // Delivered PDUs in order of their last cells.
  bool HasPdu() const { return !ready_.empty(); }
  std::optional<Aal5Pdu> Pop();

  const Aal5Counters& counters() const { return counters_; }
  // Cells held by partial PDUs.
  size_t cells_in_use() const { return cells_in_use_; }

 private:
  enum class State { kIdle, kActive, kDiscard };
  struct Context {
    bool open = false;
    uint8_t vpi = 0;
    uint16_t vci = 0;
    State state = State::kIdle;
    std::vector<Cell> cells;
    uint64_t stamp = 0;
  };

  uint32_t IndexOf(uint16_t vci) const { return vci & ((1u << config_.index_bits) - 1); }
  void Abandon(Context& ctx);

  Aal5ReassemblerConfig config_;
  std::vector<Context> contexts_;
  std::deque<Aal5Pdu> ready_;
  Aal5Counters counters_;
  size_t cells_in_use_ = 0;
};

}  // namespace pegasus::atm

#endif  // PEGASUS_HOST_ATM_AAL5_H_
