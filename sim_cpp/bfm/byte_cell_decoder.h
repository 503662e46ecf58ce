// ByteCellDecoder: finds 53-byte ATM cells in a byte stream by their HEC (a header
// whose fifth byte is the HEC of the first four marks a cell start) and hands out each
// cell. A simple hunt-and-lock: once a cell has been found, cells are taken every 53
// bytes while their HEC is right; a wrong HEC drops the cell, counts it and hunts
// again byte by byte. The full I.432 delineation with PRESYNC and error correction is
// the link receiver's job (rtl/atm and its C++ model).
#ifndef PEGASUS_SIM_CPP_BFM_BYTE_CELL_DECODER_H_
#define PEGASUS_SIM_CPP_BFM_BYTE_CELL_DECODER_H_

#include <array>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace pegasus::sim {

struct LineCell {
  uint32_t header = 0;  // GFC 4, VPI 8, VCI 16, PTI 3, CLP 1 (cell-stream word 0)
  uint8_t hec = 0;
  std::array<uint8_t, 48> payload{};

  uint32_t vpi() const { return (header >> 20) & 0xFF; }
  uint32_t vci() const { return (header >> 4) & 0xFFFF; }
  uint32_t pti() const { return (header >> 1) & 0x7; }
  bool clp() const { return header & 1; }
};

class ByteCellDecoder {
 public:
  void Push(std::span<const uint8_t> bytes);
  // Cells decoded so far, oldest first; TakeCells() empties the list.
  std::vector<LineCell> TakeCells();
  // Bytes skipped while hunting for a cell boundary.
  uint64_t bytes_skipped() const { return bytes_skipped_; }
  // Cells dropped for a wrong HEC after the boundary had been found.
  uint64_t hec_errors() const { return hec_errors_; }

 private:
  void Decode();

  std::deque<uint8_t> pending_;
  std::vector<LineCell> cells_;
  bool locked_ = false;
  uint64_t bytes_skipped_ = 0;
  uint64_t hec_errors_ = 0;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_BFM_BYTE_CELL_DECODER_H_
