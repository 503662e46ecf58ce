// The divide unit alone against C++ arithmetic: DIV, DIVU, REM and REMU with the
// specification's corner cases (division by zero, -2^31 / -1) on every pair of corner
// operands and on seeded random ones whose divisor spans every magnitude
// (operand_pairs.h). Checks the result, that valid_o is first high in the cycle the
// module's header promises (the 36th after the request's), that busy_o is high until
// then, and that a request while busy is not taken.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "sim_cpp/harness/sim_harness.h"
#include "tests/rtl/cpu/operand_pairs.h"

namespace pegasus {
namespace {

using Model = PEGASUS_RTL_MODEL;

constexpr int kLatency = 36;

// The RISC-V M extension's result for funct3 op (4 DIV, 5 DIVU, 6 REM, 7 REMU).
uint32_t Reference(int op, uint32_t a, uint32_t b) {
  const int32_t sa = static_cast<int32_t>(a);
  const int32_t sb = static_cast<int32_t>(b);
  const bool overflow = a == 0x80000000u && b == 0xFFFFFFFFu;
  switch (op) {
    case 4:
      if (b == 0) return 0xFFFFFFFFu;
      return overflow ? a : static_cast<uint32_t>(sa / sb);
    case 5:
      return b == 0 ? 0xFFFFFFFFu : a / b;
    case 6:
      if (b == 0) return a;
      return overflow ? 0 : static_cast<uint32_t>(sa % sb);
    default:
      return b == 0 ? a : a % b;
  }
}

// Runs one division as the core does (request one cycle, operands held until the
// answer is taken); returns the result and stores in which cycle after the request's
// valid_o is first high.
uint32_t Divide(sim::Harness<Model>& sim, int op, uint32_t a, uint32_t b, int* cycles) {
  Model& m = sim.model();
  m.op_i = op;
  m.a_i = a;
  m.b_i = b;
  m.req_i = 1;
  m.ack_i = 0;
  m.eval();
  EXPECT_FALSE(m.busy_o) << "busy before the request";
  sim.Tick();
  m.req_i = 0;
  *cycles = 1;
  for (;;) {
    m.eval();
    if (m.valid_o || *cycles > 2 * kLatency) break;
    EXPECT_TRUE(m.busy_o) << "not busy while dividing, cycle " << *cycles;
    // A request while busy is ignored: it must not restart the division.
    m.req_i = (*cycles % 7) == 3;
    sim.Tick();
    m.req_i = 0;
    ++*cycles;
  }
  const uint32_t result = m.result_o;
  m.ack_i = 1;
  sim.Tick();
  m.ack_i = 0;
  m.eval();
  EXPECT_FALSE(m.valid_o) << "valid_o after the answer was taken";
  return result;
}

TEST(Divider, MatchesReferenceAndLatency) {
  sim::Harness<Model> sim("rtl_cpu_divider");
  Model& m = sim.model();
  m.req_i = m.ack_i = 0;
  sim.Reset();
  const std::vector<uint32_t> corners = {0,          1,          2,          3,
                                         7,          0x7FFFFFFF,
                                         0x80000000,  // memory-map: not an address
                                         0x80000001, 0xFFFFFFF9, 0xFFFFFFFE, 0xFFFFFFFF};
  const auto pairs =
      OperandPairs(corners, 5000, [&sim](uint64_t lo, uint64_t hi) { return sim.Random(lo, hi); });
  for (const auto& [a, b] : pairs) {
    for (int op = 4; op < 8; ++op) {
      int cycles = 0;
      const uint32_t got = Divide(sim, op, a, b, &cycles);
      ASSERT_EQ(got, Reference(op, a, b)) << "op " << op << " a " << std::hex << a << " b " << b;
      ASSERT_EQ(cycles, kLatency) << "op " << op << " a " << std::hex << a << " b " << b;
    }
  }
}

}  // namespace
}  // namespace pegasus
