// The SoC through pegasus-sim's SocSim: console input and output through the UART's
// registers (uart_echo.S), UART interrupts through the interrupt controller (intc.S),
// the `tohost` exit convention (tohost.S), the external devices bus (xbus.S), the RAM's
// data port shared by the core and the NIC's DMA (ramshare.S), the NIC's DMA outside the
// RAM (nicerr.S), or on a SoC without the NIC its region's access faults (nonic.S), the
// cycle limit and a bad image.
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pegasus/memory_map.h"
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

// A device on soc_top's xbus_* port: words written are kept and read back (switch and
// camera), the display's ID comes after wait states, the audio region answers ERR at
// CTRL and nothing at all at IRQ_STATUS. xbus.S checks what the core sees; here, what
// went over the bus and when the unanswered access ended.
TEST(Soc, ExternalBusReachesDevicesAndEndsEveryAccess) {
#if defined(PEGASUS_SOC_NO_XBUS)
  GTEST_SKIP() << "this SoC is built without the external bus (soc_top Xbus 0)";
#endif
  sim::SocSim soc("soc_xbus");
  ASSERT_EQ(soc.LoadElf(Elf("xbus.elf")), "");
  std::vector<sim::ExternalAccess> seen;
  std::vector<sim::CommitEvent> traps;
  uint32_t stored[0x40] = {};
  soc.SetExternalDevices([&](const sim::ExternalAccess& a) {
    seen.push_back(a);
    using Kind = sim::ExternalAnswer::Kind;
    if (a.addr == PEGASUS_DISPLAY_ID_ADDR) return sim::ExternalAnswer{Kind::kAck, PEGASUS_DISPLAY_ID_RESET, 5};
    if (a.addr == PEGASUS_AUDIO_CTRL_ADDR) return sim::ExternalAnswer{Kind::kErr, 0, 2};
    if (a.addr == PEGASUS_AUDIO_IRQ_STATUS_ADDR) return sim::ExternalAnswer{Kind::kNone, 0, 0};
    uint32_t& w = stored[(a.addr >> 2) & 0x3F];
    if (a.write) {
      uint32_t mask = 0;
      for (int b = 0; b < 4; ++b) mask |= ((a.sel >> b) & 1) ? 0xFFu << (8 * b) : 0;
      w = (w & ~mask) | (a.data & mask);
    }
    return sim::ExternalAnswer{Kind::kAck, w, 1};
  });
  soc.OnCommit([&](const sim::CommitEvent& e) {
    if (e.trap) traps.push_back(e);
  });
  const sim::SocRunResult r = soc.Run(20'000);
  ASSERT_TRUE(r.finished);
  EXPECT_EQ(r.exit_code, 0) << "failed check " << r.exit_code;

  struct Want {
    bool write;
    uint32_t addr, sel;
  };
  const Want want[] = {
      {true, PEGASUS_SWITCH_TBL_KEY_ADDR, 0xF},  {false, PEGASUS_SWITCH_TBL_KEY_ADDR, 0xF},
      {true, PEGASUS_CAMERA_CTRL_ADDR, 0x2},     {false, PEGASUS_DISPLAY_ID_ADDR, 0xF},
      {false, PEGASUS_AUDIO_CTRL_ADDR, 0xF},     {true, PEGASUS_AUDIO_IRQ_STATUS_ADDR, 0xF},
      {false, PEGASUS_SWITCH_TBL_KEY_ADDR, 0xF},
  };
  ASSERT_EQ(seen.size(), std::size(want));  // TIMESTAMP is not on the bus
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].write, want[i].write) << "access " << i;
    EXPECT_EQ(seen[i].addr, want[i].addr) << "access " << i;
    EXPECT_EQ(seen[i].sel, want[i].sel) << "access " << i;
  }
  EXPECT_EQ(seen[0].data, 0x01234560u);
  EXPECT_EQ((seen[2].data >> 8) & 0xFF, 0xA5u);
  EXPECT_EQ(stored[(PEGASUS_CAMERA_CTRL_ADDR >> 2) & 0x3F], 0xA500u);

  // Traps: ERR from the device (at once), the timeout, the unmapped region.
  ASSERT_EQ(traps.size(), 3u);
  const uint64_t err_after = traps[0].cycle - seen[4].cycle;
  const uint64_t timeout_after = traps[1].cycle - seen[5].cycle;
  std::printf("device ERR: trap %llu cycles after the request; no answer: trap %llu cycles after\n",
              static_cast<unsigned long long>(err_after),
              static_cast<unsigned long long>(timeout_after));
  EXPECT_LE(err_after, 2u + 4u);
  EXPECT_GE(timeout_after, sim::SocSim::ExternalTimeout() - 1);
  EXPECT_LE(timeout_after, sim::SocSim::ExternalTimeout() + 4);
}

TEST(Soc, ExternalBusWithoutDevicesFaults) {
  // pegasus-sim's default: nothing on the bus, so the first store to the switch faults
  // and xbus.S stops at its first check; the same without the bus (Xbus 0), at once.
  sim::SocSim soc("soc_xbus_none");
  ASSERT_EQ(soc.LoadElf(Elf("xbus.elf")), "");
  const sim::SocRunResult r = soc.Run(20'000);
  ASSERT_TRUE(r.finished);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_LT(r.cycles, 200u);
}

// The core's loads and stores (to RAM and to the CLINT) and the NIC's DMA (a 1500-byte
// PDU sent and received through the loopback) share the RAM's data port: ramshare.S
// checks both sides' data; here, that the core never waits for the NIC: its loop takes
// the same cycles with the NIC receiving (loopback) as with the cells leaving the SoC
// and nothing received (the program then stops at its check 4, the missing PDU).
uint64_t RamshareLoopCycles(bool loopback, int* exit_code) {
  constexpr uint32_t kLiS11Is2 = 0x00200d93;  // li s11, 2: before the loop
  constexpr uint32_t kLiS11Is3 = 0x00300d93;  // li s11, 3: after it
  sim::SocSim soc(loopback ? "soc_ramshare" : "soc_ramshare_open");
  EXPECT_EQ(soc.LoadElf(Elf("ramshare.elf")), "");
  soc.SetNicLoopback(loopback);
  uint64_t start = 0;
  uint64_t end = 0;
  soc.OnCommit([&](const sim::CommitEvent& e) {
    if (e.trap) return;
    if (e.insn == kLiS11Is2) start = e.cycle;
    if (e.insn == kLiS11Is3) end = e.cycle;
  });
  const sim::SocRunResult r = soc.Run(200'000);
  EXPECT_TRUE(r.finished);
  *exit_code = r.exit_code;
  EXPECT_NE(start, 0u);
  EXPECT_GT(end, start);
  return end - start;
}

TEST(Soc, CoreAndNicShareTheRamDataPort) {
#if defined(PEGASUS_SOC_NO_NIC)
  GTEST_SKIP() << "this SoC is built without the NIC (soc_top Nic 0)";
#endif
  int code_loopback = -1;
  int code_open = -1;
  const uint64_t busy = RamshareLoopCycles(true, &code_loopback);
  const uint64_t open = RamshareLoopCycles(false, &code_open);
  EXPECT_EQ(code_loopback, 0) << "failed check " << code_loopback;
  EXPECT_EQ(code_open, 4);
  std::printf("core loop: %llu cycles with the NIC receiving, %llu without\n",
              static_cast<unsigned long long>(busy), static_cast<unsigned long long>(open));
  EXPECT_EQ(busy, open);
}

// The NIC's DMA answered with ERR outside the RAM (nicerr.S): the transmitter halts and
// reports the address, then a PDU goes through the loopback intact.
TEST(Soc, NicDmaOutsideTheRamIsAnsweredWithAnError) {
#if defined(PEGASUS_SOC_NO_NIC)
  GTEST_SKIP() << "this SoC is built without the NIC (soc_top Nic 0)";
#endif
  sim::SocSim soc("soc_nicerr");
  ASSERT_EQ(soc.LoadElf(Elf("nicerr.elf")), "");
  soc.SetNicLoopback(true);
  const sim::SocRunResult r = soc.Run(200'000);
  ASSERT_TRUE(r.finished);
  EXPECT_EQ(r.exit_code, 0) << "failed check " << r.exit_code;
}

// Without the NIC (the UP5K build) its registers are an address in no region: a load
// and a store each take an access fault with the address in mtval (nonic.S). With it,
// the same program fails its first check (the load is answered).
TEST(Soc, NicRegionWithoutTheNicFaults) {
  sim::SocSim soc("soc_nonic");
  ASSERT_EQ(soc.LoadElf(Elf("nonic.elf")), "");
  const sim::SocRunResult r = soc.Run(20'000);
  ASSERT_TRUE(r.finished);
#if defined(PEGASUS_SOC_NO_NIC)
  EXPECT_EQ(r.exit_code, 0) << "failed check " << r.exit_code;
#else
  EXPECT_EQ(r.exit_code, 1);
#endif
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
