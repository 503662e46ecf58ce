// UartRx: a bus-functional 8N1 serial receiver. It samples a line once per clock
// cycle of the model that drives it and decodes at the nominal bit time
// ClkHz / Baud (a real number), sampling each bit at its centre, so a transmitter
// whose rounded bit time drifts too far is caught as a framing error.
#ifndef PEGASUS_SIM_CPP_BFM_UART_RX_H_
#define PEGASUS_SIM_CPP_BFM_UART_RX_H_

#include <cstdint>
#include <vector>

namespace pegasus::sim {

class UartRx {
 public:
  UartRx(double clk_hz, double baud) : cycles_per_bit_(clk_hz / baud) {}

  // Call once per clock cycle with the line level.
  void Sample(bool line);

  // Bytes received so far (in order); TakeBytes() empties the buffer.
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> TakeBytes();
  // Frames whose start bit was not low at its centre or whose stop bit was low.
  uint64_t framing_errors() const { return framing_errors_; }
  // Cycle (count of Sample calls) at which the last start bit began.
  uint64_t last_start_cycle() const { return start_cycle_; }

 private:
  double cycles_per_bit_;
  uint64_t cycle_ = 0;
  bool busy_ = false;
  uint64_t start_cycle_ = 0;
  int bit_ = 0;  // 0 start, 1..8 data, 9 stop
  uint8_t shift_ = 0;
  bool last_line_ = true;
  std::vector<uint8_t> bytes_;
  uint64_t framing_errors_ = 0;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_BFM_UART_RX_H_
