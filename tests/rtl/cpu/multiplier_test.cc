// A multiply unit alone against 64-bit C++ arithmetic: MUL, MULH, MULHSU and MULHU on
// corner operands and on seeded random ones whose second operand spans every
// magnitude. Checks the result and the number of cycles the module's header promises
// for each operand (the steps, then one cycle with done_o). Built three times: for
// cpu_multiplier (Booth, early out: each length of 1 to 5 steps must occur) and, with
// PEGASUS_MUL_FIXED_STEPS, for cpu_mul_dsp (DSP products: one step for every operand,
// two with SumCycles 2).
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "sim_cpp/harness/sim_harness.h"
#include "tests/rtl/cpu/operand_pairs.h"

namespace pegasus {
namespace {

using Model = PEGASUS_RTL_MODEL;

// The RISC-V M extension's result for funct3 op (0 MUL, 1 MULH, 2 MULHSU, 3 MULHU).
uint32_t Reference(int op, uint32_t a, uint32_t b) {
  const int64_t sa = static_cast<int32_t>(a);
  const int64_t sb = static_cast<int32_t>(b);
  switch (op) {
    case 0:
      return a * b;
    case 1:
      return static_cast<uint32_t>(static_cast<uint64_t>(sa * sb) >> 32);
    case 2: {  // signed a times unsigned b: 96-bit product, high word of the low 64
      const __int128 p = static_cast<__int128>(sa) * static_cast<__int128>(b);
      return static_cast<uint32_t>(static_cast<unsigned __int128>(p) >> 32);
    }
    default:
      return static_cast<uint32_t>((static_cast<uint64_t>(a) * b) >> 32);
  }
}

// Steps: the second operand, signed for MUL and MULH, unsigned for the others, fits in
// 8, 16, 24 or 32 signed bits; 5 when unsigned and bit 31 is set.
int ExpectedSteps(int op, uint32_t b) {
#ifdef PEGASUS_MUL_FIXED_STEPS
  (void)op;
  (void)b;
  return PEGASUS_MUL_FIXED_STEPS;
#endif
  const bool is_signed = op == 0 || op == 1;
  const int64_t v = is_signed ? static_cast<int64_t>(static_cast<int32_t>(b)) : int64_t{b};
  for (int steps = 1; steps <= 4; ++steps) {
    const int64_t bound = int64_t{1} << (8 * steps - 1);
    if (v >= -bound && v < bound) return steps;
  }
  return 5;
}

// Runs one multiply as the core does (step each cycle until done_o, then clear);
// returns the result and stores the number of steps (cycles before done_o).
uint32_t Multiply(sim::Harness<Model>& sim, int op, uint32_t a, uint32_t b, int* steps) {
  Model& m = sim.model();
  m.op_i = op;
  m.a_i = a;
  m.b_i = b;
  m.step_i = 1;
  m.clear_i = 0;
  *steps = 0;
  for (;;) {
    m.eval();
    if (m.done_o || *steps > 8) break;
    sim.Tick();
    ++*steps;
  }
  const uint32_t result = m.result_o;
  m.clear_i = 1;
  sim.Tick();
  m.step_i = 0;
  m.clear_i = 0;
  return result;
}

TEST(Multiplier, MatchesReferenceAndStepCount) {
  sim::Harness<Model> sim("rtl_cpu_multiplier");
  Model& m = sim.model();
  m.step_i = m.clear_i = 0;
  sim.Reset();
  // Operand corners: the edges of each early-out range and of the 32-bit range.
  std::vector<uint32_t> corners = {0,          1,          2,          3,          0x7F,
                                   0x80,       0xFF,       0x100,      0x7FFF,     0x8000,
                                   0xFFFF,     0x7FFFFF,   0x800000,   0x7FFFFFFF,
                                   0x80000000,  // memory-map: not an address
                                   0x80000001, 0xFFFFFF80, 0xFFFFFF7F, 0xFFFF8000, 0xFFFFFFFF};
  const auto pairs =
      OperandPairs(corners, 20000, [&sim](uint64_t lo, uint64_t hi) { return sim.Random(lo, hi); });
  int seen_steps[6] = {};
  for (const auto& [a, b] : pairs) {
    for (int op = 0; op < 4; ++op) {
      int steps = 0;
      const uint32_t got = Multiply(sim, op, a, b, &steps);
      ASSERT_EQ(got, Reference(op, a, b)) << "op " << op << " a " << std::hex << a << " b " << b;
      ASSERT_EQ(steps, ExpectedSteps(op, b)) << "op " << op << " b " << std::hex << b;
      ++seen_steps[steps];
    }
  }
#ifdef PEGASUS_MUL_FIXED_STEPS
  EXPECT_EQ(seen_steps[PEGASUS_MUL_FIXED_STEPS], static_cast<int>(4 * pairs.size()));
#else
  for (int s = 1; s <= 5; ++s) EXPECT_GT(seen_steps[s], 0) << "no multiply took " << s << " steps";
#endif
}

}  // namespace
}  // namespace pegasus
