// Cell: one ATM cell as the cell stream carries it (doc/wire_formats.md, "Cell
// stream"): the UNI header without its HEC as one 32-bit word (GFC[31:28] VPI[27:20]
// VCI[19:4] PTI[3:1] CLP[0]) and the 48 payload bytes in wire order. The HEC is not
// part of a Cell: the link adds it on the wire and checks it on the way in.
#ifndef PEGASUS_HOST_ATM_CELL_H_
#define PEGASUS_HOST_ATM_CELL_H_

#include <array>
#include <cstdint>
#include <span>

namespace pegasus::atm {

inline constexpr int kPayloadBytes = 48;
// Words of a cell on the cell stream: the header word and 12 payload words.
inline constexpr int kCellWords = 13;

struct Cell {
  uint32_t header = 0;
  std::array<uint8_t, kPayloadBytes> payload{};

  uint32_t gfc() const { return header >> 28; }
  uint32_t vpi() const { return (header >> 20) & 0xFF; }
  uint32_t vci() const { return (header >> 4) & 0xFFFF; }
  uint32_t pti() const { return (header >> 1) & 0x7; }
  bool clp() const { return header & 1; }

  // A header word from its fields (each masked to its width).
  static constexpr uint32_t MakeHeader(uint32_t gfc, uint32_t vpi, uint32_t vci,
                                       uint32_t pti, bool clp) {
    return ((gfc & 0xF) << 28) | ((vpi & 0xFF) << 20) | ((vci & 0xFFFF) << 4) |
           ((pti & 0x7) << 1) | (clp ? 1u : 0u);
  }

  // The 13 cell-stream words: header, then payload bytes four to a word, first byte in
  // bits 31:24.
  std::array<uint32_t, kCellWords> ToWords() const {
    std::array<uint32_t, kCellWords> words{};
    words[0] = header;
    for (int i = 0; i < kPayloadBytes; ++i) {
      words[1 + i / 4] |= static_cast<uint32_t>(payload[i]) << (8 * (3 - i % 4));
    }
    return words;
  }

  static Cell FromWords(std::span<const uint32_t, kCellWords> words) {
    Cell cell;
    cell.header = words[0];
    for (int i = 0; i < kPayloadBytes; ++i) {
      cell.payload[i] = static_cast<uint8_t>(words[1 + i / 4] >> (8 * (3 - i % 4)));
    }
    return cell;
  }

  bool operator==(const Cell&) const = default;
};

}  // namespace pegasus::atm

#endif  // PEGASUS_HOST_ATM_CELL_H_
