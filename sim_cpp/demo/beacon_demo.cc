// pegasus-demo: simulates the iCEBreaker board's core (atm_beacon at 12 MHz, UART at
// 115200 baud, one cell every 10 ms) cycle by cycle, receives its serial line with the
// UART model, finds the cells by their HEC and checks each AAL5 PDU with the C++ CRC,
// printing what it sees and a summary. Flags: --cells=N (default 8) and the harness
// flags (--trace[=FILE], --trace-start, --trace-end, --seed, --timeout).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include PEGASUS_RTL_HEADER
#include "host/common/crc.h"
#include "sim_cpp/bfm/byte_cell_decoder.h"
#include "sim_cpp/bfm/uart_rx.h"
#include "sim_cpp/harness/sim_harness.h"

namespace {

constexpr double kClkHz = PEGASUS_PARAM_ClkHz;
constexpr double kBaud = PEGASUS_PARAM_Baud;
constexpr uint64_t kClkPeriodPs = 1'000'000'000'000ull / PEGASUS_PARAM_ClkHz;

int Run(int cells_wanted) {
  using namespace pegasus;
  sim::SimOptions options = sim::SimOptions::Global();
  options.timeout_cycles = static_cast<uint64_t>(cells_wanted + 2) * PEGASUS_PARAM_CellPeriodCycles;
  sim::Harness<PEGASUS_RTL_MODEL> board("demo_beacon", kClkPeriodPs, options);
  sim::UartRx rx(kClkHz, kBaud);
  sim::ByteCellDecoder decoder;
  std::printf("pegasus-demo: atm_beacon at %.0f MHz, UART %.0f baud, a cell every %.1f ms\n",
              kClkHz / 1e6, kBaud, PEGASUS_PARAM_CellPeriodCycles / kClkHz * 1e3);
  board.Reset();

  int good = 0;
  int bad = 0;
  while (good + bad < cells_wanted) {
    board.Tick();
    rx.Sample(board->uart_tx_o);
    if (rx.bytes().empty()) continue;
    decoder.Push(rx.TakeBytes());
    for (const sim::LineCell& cell : decoder.TakeCells()) {
      Crc32Aal5 crc;
      crc.Update(cell.payload);
      const uint8_t* p = cell.payload.data();
      const uint32_t seq = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                           (uint32_t{p[2]} << 8) | p[3];
      const unsigned length = (p[42] << 8) | p[43];
      const bool ok = crc.ResidueOk() && length == 40 && cell.hec == HecOfWord(cell.header);
      ok ? ++good : ++bad;
      std::string text(reinterpret_cast<const char*>(p + 4), 32);
      std::printf("  t=%8.3f ms  VPI %u VCI %u PTI %u HEC %02x  seq %u  \"%s\"  len %u  %s\n",
                  board.time_ps() / 1e9, cell.vpi(), cell.vci(), cell.pti(), cell.hec, seq,
                  text.c_str(), length, ok ? "CRC-32 ok" : "BAD");
    }
  }
  std::printf("pegasus-demo: %d cells, %d good AAL5 PDUs, %d bad, %llu framing errors, "
              "%llu cycles (%.1f ms simulated)\n",
              good + bad, good, bad, static_cast<unsigned long long>(rx.framing_errors()),
              static_cast<unsigned long long>(board.cycle()), board.time_ps() / 1e9);
  return bad == 0 && rx.framing_errors() == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string err = pegasus::sim::SimOptions::Global().ParseArgs(&argc, argv);
  int cells = 8;
  for (int i = 1; i < argc && err.empty(); ++i) {
    if (std::strncmp(argv[i], "--cells=", 8) == 0) {
      cells = std::atoi(argv[i] + 8);
      if (cells <= 0) err = std::string("--cells wants a positive number: ") + argv[i];
    } else {
      err = std::string("unknown argument: ") + argv[i];
    }
  }
  if (!err.empty()) {
    std::fprintf(stderr, "pegasus-demo: %s\n", err.c_str());
    return 2;
  }
  return Run(cells);
}
