// cpu_core alone on Wishbone ports answered by a C++ memory model with random wait
// states (1..4 cycles per request on each port, seeded): the ISA tests must pass as
// they do on the SoC, whose slaves always answer in one cycle. The model holds a
// two-instruction boot ROM at the reset vector (address 0) that jumps to RAM, the RAM,
// the test finisher, a UART that records writes, scratch words at 0x100..0x1ff, a
// CLAIM register whose write lowers the external interrupt line, the CLINT's MSIP
// word (its bit 0 is the software interrupt line), and ERR everywhere else. No CLINT
// timer, so the interrupt test is not run here. Random programs built with
// --irq run twice, without and with the external interrupt raised at random times:
// their checksum on the UART must be the same.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "pegasus/memory_map.h"
#include "sim_cpp/harness/sim_harness.h"
#include "sim_cpp/soc/elf_image.h"

namespace pegasus {
namespace {

using Model = PEGASUS_RTL_MODEL;

struct Pending {
  bool active = false;
  uint64_t due = 0;  // the cycle that answers
  bool err = false;
  uint32_t data = 0;
};

class Memory {
 public:
  Memory() : ram_(PEGASUS_RAM_SIZE / 4, 0) {}
  std::vector<uint32_t>& ram() { return ram_; }
  bool finished = false;
  uint32_t finish_word = 0;
  std::string console;
  bool irq = false;
  bool msip = false;
  uint32_t scratch[64] = {};

  // Performs an access; returns false for an address nobody answers (ERR).
  bool Access(uint32_t adr, bool we, uint32_t sel, uint32_t wdata, uint32_t* rdata) {
    *rdata = 0;
    if (adr >= 0x100 && adr < 0x200) {  // scratch for interrupt handlers
      uint32_t& w = scratch[(adr - 0x100) / 4];
      if (we) w = wdata;
      *rdata = w;
      return true;
    }
    if (adr == PEGASUS_INTC_CLAIM_ADDR) {  // completing the interrupt lowers it
      if (we) irq = false;
      return true;
    }
    if (adr == PEGASUS_CLINT_MSIP_ADDR) {
      if (we && (sel & 1)) msip = (wdata & 1) != 0;
      *rdata = msip ? 1 : 0;
      return true;
    }
    if (adr < 8) {  // boot ROM at the reset vector
      *rdata = adr == 0 ? ((PEGASUS_RAM_BASE & 0xFFFFF000u) | (5u << 7) | 0x37u)  // lui t0
                        : ((5u << 15) | 0x67u);                                   // jalr x0, 0(t0)
      return !we;
    }
    if ((adr & PEGASUS_RAM_MASK) == PEGASUS_RAM_BASE) {
      uint32_t& w = ram_[(adr - PEGASUS_RAM_BASE) / 4];
      if (we) {
        for (int b = 0; b < 4; ++b) {
          if (sel & (1u << b)) w = (w & ~(0xFFu << (8 * b))) | (wdata & (0xFFu << (8 * b)));
        }
      }
      *rdata = w;
      return true;
    }
    if ((adr & PEGASUS_TEST_FINISHER_MASK) == PEGASUS_TEST_FINISHER_BASE) {
      if (we) {
        finished = true;
        finish_word = wdata;
      }
      return true;
    }
    if ((adr & PEGASUS_UART_MASK) == PEGASUS_UART_BASE) {
      if (we && adr == PEGASUS_UART_BASE && (sel & 1)) console.push_back(static_cast<char>(wdata));
      *rdata = 0x60u << 8;  // LSR: THRE, TEMT
      return true;
    }
    return false;
  }

 private:
  std::vector<uint32_t> ram_;
};

std::vector<std::string> TestNames() {
  std::vector<std::string> names;
  std::stringstream list(PEGASUS_ISA_TESTS);
  std::string name;
  while (std::getline(list, name, ',')) names.push_back(name);
  return names;
}

struct RunResult {
  bool finished = false;
  uint32_t finish_word = 0;
  std::string console;
  uint64_t retired = 0;
  uint64_t interrupts = 0;
};

// Runs an image on the core with random wait states; with irq_every > 0 the external
// interrupt is raised with probability 1/irq_every per cycle while it is low.
RunResult RunImage(const std::string& name, const std::string& path, uint64_t irq_every) {
  RunResult result;
  std::string error;
  auto image = sim::ElfImage::Load(path, &error);
  EXPECT_TRUE(image) << error;
  if (!image) return result;
  Memory mem;
  for (const sim::ElfSegment& seg : image->segments()) {
    for (size_t i = 0; i < seg.bytes.size(); ++i) {
      const uint32_t a = seg.paddr + static_cast<uint32_t>(i) - PEGASUS_RAM_BASE;
      mem.ram()[a / 4] |= static_cast<uint32_t>(seg.bytes[i]) << (8 * (a % 4));
    }
  }
  sim::Harness<Model> sim(name);
  Model& m = sim.model();
  m.ibus_ack_i = m.ibus_err_i = m.dbus_ack_i = m.dbus_err_i = 0;
  m.irq_timer_i = m.irq_software_i = m.irq_external_i = 0;
  sim.Reset();
  Pending ip, dp;
  for (uint64_t cycle = 0; cycle < 2'000'000 && !mem.finished; ++cycle) {
    auto drive = [cycle](Pending& p, uint8_t& ack, uint8_t& err, uint32_t& dat) {
      const bool now = p.active && p.due == cycle;
      ack = now && !p.err;
      err = now && p.err;
      dat = now ? p.data : 0xDEADBEEF;
      if (now) p.active = false;
    };
    drive(ip, m.ibus_ack_i, m.ibus_err_i, m.ibus_dat_i);
    drive(dp, m.dbus_ack_i, m.dbus_err_i, m.dbus_dat_i);
    if (irq_every != 0 && !mem.irq && sim.Random(1, irq_every) == 1) mem.irq = true;
    m.irq_external_i = mem.irq;
    m.irq_software_i = mem.msip;
    m.eval();
    result.retired += m.trace_x_valid_o + m.trace_w_valid_o;
    result.interrupts += m.trace_trap_valid_o && (m.trace_trap_cause_o >> 31);
    if (m.ibus_stb_o) {
      EXPECT_FALSE(ip.active) << "second instruction request while one is outstanding";
      uint32_t data;
      ip.err = !mem.Access(m.ibus_adr_o, false, 0, 0, &data);
      ip.data = data;
      ip.due = cycle + 1 + sim.Random(0, 3);
      ip.active = true;
    }
    if (m.dbus_stb_o) {
      EXPECT_FALSE(dp.active) << "second data request while one is outstanding";
      EXPECT_TRUE(m.dbus_mem_o) << "data request while dbus_mem_o is low";
      uint32_t data;
      dp.err = !mem.Access(m.dbus_adr_o, m.dbus_we_o, m.dbus_sel_o, m.dbus_dat_o, &data);
      dp.data = data;
      dp.due = cycle + 1 + sim.Random(0, 3);
      dp.active = true;
    }
    sim.Tick();
  }
  result.finished = mem.finished;
  result.finish_word = mem.finish_word;
  result.console = mem.console;
  return result;
}

class CoreWaitStates : public ::testing::TestWithParam<std::string> {};

TEST_P(CoreWaitStates, IsaTestPasses) {
  const std::string path = std::string(PEGASUS_ISA_DIR) + "/" + GetParam() + ".elf";
  const RunResult r = RunImage("core_waitstates_" + GetParam(), path, 0);
  ASSERT_TRUE(r.finished) << GetParam() << ": no finish";
  EXPECT_EQ(r.finish_word & 0xFFFF, PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS)
      << GetParam() << ": failed check " << std::hex << (r.finish_word >> 16);
  std::printf("%s: %llu instructions with wait states\n", GetParam().c_str(),
              static_cast<unsigned long long>(r.retired));
}

TEST(CoreInterrupts, RandomProgramsGiveTheSameChecksumWhenInterrupted) {
  for (int seed = 1; seed <= 3; ++seed) {
    const std::string path =
        std::string(PEGASUS_ISA_DIR) + "/random_irq_" + std::to_string(seed) + ".elf";
    const RunResult quiet = RunImage("core_irq_quiet", path, 0);
    const RunResult noisy = RunImage("core_irq_noisy", path, 40);
    ASSERT_TRUE(quiet.finished && noisy.finished) << path;
    EXPECT_EQ(noisy.finish_word & 0xFFFF, PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS)
        << path << ": the interrupt handler's division went wrong";
    EXPECT_EQ(quiet.interrupts, 0u);
    EXPECT_GT(noisy.interrupts, 50u) << path;
    EXPECT_EQ(quiet.console.size(), 9u) << path;
    EXPECT_EQ(noisy.console, quiet.console) << path;
    std::printf("%s: checksum %s, %llu interrupts\n", path.c_str(),
                quiet.console.substr(0, 8).c_str(),
                static_cast<unsigned long long>(noisy.interrupts));
  }
}

INSTANTIATE_TEST_SUITE_P(Isa, CoreWaitStates, ::testing::ValuesIn(TestNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace pegasus
