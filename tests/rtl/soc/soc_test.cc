// The SoC through pegasus-sim's SocSim: console input and output through the UART's
// registers (uart_echo.S), UART interrupts through the interrupt controller (intc.S),
// the `tohost` exit convention (tohost.S), the cycle limit and a bad image.
#include <string>

#include <gtest/gtest.h>

#include "sim_cpp/soc/soc_sim.h"

namespace pegasus {
namespace {

std::string Elf(const char* name) { return std::string(PEGASUS_SOC_TEST_DIR) + "/" + name; }

TEST(Soc, UartEchoesInputInUpperCase) {
  sim::SocSim soc("soc_uart_echo");
  ASSERT_EQ(soc.LoadElf(Elf("uart_echo.elf")), "");
  soc.SetConsoleInput("Pegasus 1.0\n");
  const sim::SocRunResult r = soc.Run(100'000);
  ASSERT_TRUE(r.finished);
  EXPECT_EQ(r.exit_code, 0) << "failed check " << r.exit_code;
  EXPECT_EQ(r.console, "PEGASUS 1.0\n");
}

TEST(Soc, InterruptControllerDeliversUartInterrupts) {
  sim::SocSim soc("soc_intc");
  ASSERT_EQ(soc.LoadElf(Elf("intc.elf")), "");
  soc.SetConsoleInput("abc");
  const sim::SocRunResult r = soc.Run(100'000);
  ASSERT_TRUE(r.finished);
  EXPECT_EQ(r.exit_code, 0) << "failed check " << r.exit_code;
  EXPECT_EQ(r.console, "abc");
}

TEST(Soc, TohostEndsTheRunWithItsCode) {
  sim::SocSim soc("soc_tohost");
  ASSERT_EQ(soc.LoadElf(Elf("tohost.elf")), "");
  const sim::SocRunResult r = soc.Run(10'000);
  ASSERT_TRUE(r.finished);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_LT(r.cycles, 100u);
}

TEST(Soc, CycleLimitStopsARunThatDoesNotFinish) {
  sim::SocSim soc("soc_limit");
  ASSERT_EQ(soc.LoadElf(Elf("uart_echo.elf")), "");  // waits for input forever
  const sim::SocRunResult r = soc.Run(5'000);
  EXPECT_FALSE(r.finished);
  EXPECT_EQ(r.cycles, 5'000u);
}

TEST(Soc, LoadRejectsImagesOutsideRam) {
  sim::SocSim soc("soc_bad_elf");
  EXPECT_NE(soc.LoadElf(Elf("no_such.elf")), "");
}

}  // namespace
}  // namespace pegasus
