// The link layer of Pegasus (doc/wire_formats.md, "Link"): the C++ reference model of
// rtl/atm/atm_link_tx.v and rtl/atm/atm_link_rx.v, byte for byte and counter for
// counter. The RTL tests compare the two; the simulator's link models and the tools
// use it to put cells on, and take them off, a byte-serial link.
//
// On the wire a cell is 53 bytes: the four header bytes, the HEC (host/common/crc.h),
// and the 48 payload bytes. A link never pauses between cells: with nothing to send it
// sends idle cells (header 00 00 00 01, HEC 0x52, payload 0x6A, ITU-T I.432). The
// payload of every cell (idle cells too) may be scrambled with the self-synchronising
// x^43 + 1 scrambler; headers and HECs never are. The receiver finds cell boundaries by
// HEC (HUNT / PRESYNC / SYNC), corrects or discards errored headers (correction and
// detection modes), drops idle cells and descrambles.
#ifndef PEGASUS_HOST_ATM_LINK_H_
#define PEGASUS_HOST_ATM_LINK_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "host/atm/cell.h"

namespace pegasus::atm {

inline constexpr int kLinkCellBytes = 53;
// Byte index of the HEC in a cell on the wire; the payload follows it.
inline constexpr int kHecIndex = 4;
inline constexpr uint32_t kIdleHeader = 0x00000001;
inline constexpr uint8_t kIdleHec = 0x52;
inline constexpr uint8_t kIdlePayloadByte = 0x6A;
// Correct HECs, after the one found in HUNT, that PRESYNC needs before SYNC (I.432 DELTA).
inline constexpr int kSyncDelta = 6;
// Consecutive incorrect HECs in SYNC that lose cell delineation (I.432 ALPHA).
inline constexpr int kSyncAlpha = 7;

// The self-synchronising scrambler with generator x^43 + 1, one byte at a time, most
// significant bit first: a line bit is the data bit XOR the line bit 43 bits earlier.
// Its state is the last 43 line bits, kept whether scrambling is on or off, so a
// descrambler follows a scrambler that is switched on or off within 43 bits.
class Scrambler43 {
 public:
  // Data byte in, line byte out.
  uint8_t Scramble(uint8_t data, bool enable = true);
  // Line byte in, data byte out.
  uint8_t Descramble(uint8_t line, bool enable = true);

 private:
  uint8_t Key() const { return static_cast<uint8_t>(history_ >> 35); }
  void Shift(uint8_t line) { history_ = ((history_ << 8) | line) & ((1ull << 43) - 1); }

  uint64_t history_ = 0;  // bit 0 is the latest line bit
};

// The header correction a syndrome (computed HEC XOR received HEC) calls for when it
// marks a single-bit error: the mask to XOR into the header word (0 when the error is
// in the HEC byte itself). Empty when the syndrome is zero or marks a multi-bit error.
std::optional<uint32_t> SingleBitCorrection(uint8_t syndrome);

struct LinkTxCounters {
  uint64_t cells_sent = 0;
  uint64_t idle_sent = 0;
};

class LinkTransmitter {
 public:
  explicit LinkTransmitter(bool scramble = false) : scramble_(scramble) {}
  void set_scramble(bool scramble) { scramble_ = scramble; }

  // Appends the 53 wire bytes of a cell, or of an idle cell.
  void SendCell(const Cell& cell, std::vector<uint8_t>* out);
  void SendIdle(std::vector<uint8_t>* out);

  const LinkTxCounters& counters() const { return counters_; }

 private:
  void Send(const Cell& cell, std::vector<uint8_t>* out);

  bool scramble_;
  Scrambler43 scrambler_;
  LinkTxCounters counters_;
};

enum class Delineation { kHunt = 0, kPresync = 1, kSync = 2 };
enum class HecMode { kCorrection = 0, kDetection = 1 };

// The receiver's counters, as the RTL's counter outputs. Every cell whose HEC arrives
// in SYNC is received, and then exactly one of delivered, idle_discarded,
// hec_discarded or overflow_drops. hec_corrected counts corrected headers (those cells
// are then delivered or, if idle, discarded as idle).
struct LinkRxCounters {
  uint64_t received = 0;
  uint64_t delivered = 0;
  uint64_t hec_corrected = 0;
  uint64_t hec_discarded = 0;
  uint64_t idle_discarded = 0;
  uint64_t sync_losses = 0;
  // Cells the RTL could not queue because its output was not ready; always 0 here.
  uint64_t overflow_drops = 0;

  bool operator==(const LinkRxCounters&) const = default;
};

class LinkReceiver {
 public:
  explicit LinkReceiver(bool descramble = false) : descramble_(descramble) {}
  void set_descramble(bool descramble) { descramble_ = descramble; }
  // With correction off (the RTL's hec_correct_i low) every errored header is
  // discarded, as in detection mode; the modes still change as I.432 says.
  void set_correction(bool correct) { correct_ = correct; }

  void Push(uint8_t byte);
  void Push(std::span<const uint8_t> bytes) {
    for (uint8_t b : bytes) Push(b);
  }
  // Cells delivered so far, oldest first (whole cells only); empties the list.
  std::vector<Cell> TakeCells();

  Delineation state() const { return state_; }
  HecMode mode() const { return mode_; }
  const LinkRxCounters& counters() const { return counters_; }
  uint64_t bytes_pushed() const { return bytes_; }

 private:
  void CheckHec(uint32_t header, uint8_t syndrome);

  bool descramble_;
  bool correct_ = true;
  Scrambler43 descrambler_;
  Delineation state_ = Delineation::kHunt;
  HecMode mode_ = HecMode::kCorrection;
  uint32_t window_ = 0;   // the last four bytes, latest in bits 7:0
  int pos_ = 0;           // byte index in the cell of the next byte (PRESYNC, SYNC)
  int presync_good_ = 0;  // correct HECs seen in PRESYNC
  int sync_wrong_ = 0;    // consecutive incorrect HECs in SYNC
  bool delivering_ = false;
  Cell current_;
  std::vector<Cell> cells_;
  LinkRxCounters counters_;
  uint64_t bytes_ = 0;
};

}  // namespace pegasus::atm

#endif  // PEGASUS_HOST_ATM_LINK_H_
