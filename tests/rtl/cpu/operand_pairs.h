// Operand pairs for the arithmetic units' tests (multiplier_test.cc, divider_test.cc):
// every pair of the given corner values, then seeded random pairs whose second
// operand is shifted right by 0 to 31 bits, arithmetically or not, so that its
// magnitude spans every size (the multiplier's early out, the divider's quotient
// length).
#ifndef PEGASUS_TESTS_RTL_CPU_OPERAND_PAIRS_H_
#define PEGASUS_TESTS_RTL_CPU_OPERAND_PAIRS_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace pegasus {

// random(lo, hi): a uniform integer in [lo, hi] (sim::Harness::Random).
template <typename Random>
std::vector<std::pair<uint32_t, uint32_t>> OperandPairs(const std::vector<uint32_t>& corners,
                                                        int random_pairs, Random&& random) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t a : corners) {
    for (uint32_t b : corners) pairs.emplace_back(a, b);
  }
  for (int i = 0; i < random_pairs; ++i) {
    const uint32_t a = static_cast<uint32_t>(random(0, UINT32_MAX));
    uint32_t b = static_cast<uint32_t>(random(0, UINT32_MAX));
    const int shift = static_cast<int>(random(0, 31));
    b = random(0, 1) ? static_cast<uint32_t>(static_cast<int32_t>(b) >> shift) : b >> shift;
    pairs.emplace_back(a, b);
  }
  return pairs;
}

}  // namespace pegasus

#endif  // PEGASUS_TESTS_RTL_CPU_OPERAND_PAIRS_H_
