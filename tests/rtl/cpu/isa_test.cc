// The ISA test suite on the core: each program in isa/ (assembled by CMake) runs on
// the Verilated SoC and must write PASS to the test finisher; a failure reports the
// number of the failing check (CODE; 0x800 + n for an unexpected trap) and the last
// commit-trace lines before the end.
#include <deque>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim_cpp/soc/soc_sim.h"

namespace pegasus {
namespace {

std::vector<std::string> TestNames() {
  std::vector<std::string> names;
  std::stringstream list(PEGASUS_ISA_TESTS);
  std::string name;
  while (std::getline(list, name, ',')) names.push_back(name);
  return names;
}

class IsaTest : public ::testing::TestWithParam<std::string> {};

TEST_P(IsaTest, Passes) {
  const std::string elf = std::string(PEGASUS_ISA_DIR) + "/" + GetParam() + ".elf";
  sim::SocSim soc("isa_" + GetParam());
  ASSERT_EQ(soc.LoadElf(elf), "");
  std::deque<std::string> tail;
  soc.OnCommit([&tail](const sim::CommitEvent& e) {
    tail.push_back(sim::FormatCommit(e));
    if (tail.size() > 24) tail.pop_front();
  });
  const sim::SocRunResult r = soc.Run(200'000);
  std::string last;
  for (const std::string& line : tail) last += "  " + line + "\n";
  ASSERT_TRUE(r.finished) << GetParam() << ": no finish within 200000 cycles\n" << last;
  EXPECT_EQ(r.exit_code, 0) << GetParam() << ": check " << std::hex << r.exit_code
                            << " failed\n" << last;
  std::printf("%s: %llu cycles, %llu instructions\n", GetParam().c_str(),
              static_cast<unsigned long long>(r.cycles),
              static_cast<unsigned long long>(r.instret));
}

INSTANTIATE_TEST_SUITE_P(Isa, IsaTest, ::testing::ValuesIn(TestNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace pegasus
