// common_uart_tx: random bytes with random idle gaps, received by the UartRx
// bus-functional model at the nominal baud rate (so the transmitter's rounded bit time
// must stay within the receiver's tolerance), and the frame timing.
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "sim_cpp/bfm/uart_rx.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus {
namespace {

using Model = PEGASUS_RTL_MODEL;
constexpr double kClkHz = PEGASUS_PARAM_ClkHz;
constexpr double kBaud = PEGASUS_PARAM_Baud;
constexpr int kBitCycles = static_cast<int>((PEGASUS_PARAM_ClkHz + PEGASUS_PARAM_Baud / 2) /
                                            PEGASUS_PARAM_Baud);

TEST(UartTx, RandomBytesReachReceiver) {
  sim::Harness<Model> sim("uart_tx_random");
  sim::UartRx rx(kClkHz, kBaud);
  sim->valid_i = 0;
  sim.Reset();
  std::vector<uint8_t> sent;
  for (int i = 0; i < 500; ++i) {
    const uint8_t byte = static_cast<uint8_t>(sim.Random(0, 255));
    sim->data_i = byte;
    sim->valid_i = 1;
    while (!sim->ready_o) {
      sim.Tick();
      rx.Sample(sim->tx_o);
    }
    sim.Tick();  // handshake
    rx.Sample(sim->tx_o);
    sent.push_back(byte);
    sim->valid_i = 0;
    EXPECT_FALSE(sim->ready_o) << "ready_o must fall while a byte is sent";
    const uint64_t gap = sim.Random(0, 3) == 0 ? sim.Random(1, 40) : 0;
    for (uint64_t c = 0; c < gap; ++c) {
      sim.Tick();
      rx.Sample(sim->tx_o);
    }
  }
  for (int c = 0; c < 12 * kBitCycles; ++c) {  // the last frame and some idle line
    sim.Tick();
    rx.Sample(sim->tx_o);
  }
  EXPECT_EQ(rx.framing_errors(), 0u);
  ASSERT_EQ(rx.bytes().size(), sent.size()) << "seed " << sim.seed();
  for (size_t i = 0; i < sent.size(); ++i) {
    ASSERT_EQ(rx.bytes()[i], sent[i]) << "byte " << i << " (seed " << sim.seed() << ")";
  }
}

TEST(UartTx, FrameLastsTenBitTimes) {
  sim::Harness<Model> sim("uart_tx_timing");
  sim->valid_i = 0;
  sim.Reset();
  EXPECT_TRUE(sim->tx_o) << "line idles high";
  sim->data_i = 0x00;
  sim->valid_i = 1;
  sim.Tick();
  sim->valid_i = 0;
  uint64_t busy = 0;
  while (!sim->ready_o && busy < 100 * kBitCycles) {
    ++busy;
    sim.Tick();
  }
  EXPECT_EQ(busy, 10u * kBitCycles);
}

}  // namespace
}  // namespace pegasus
