// display_tmds against host/display's TmdsEncoder: random bytes in data periods with
// blanking runs and all four control codes between them, symbol for symbol.
#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "host/display/tmds.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::display {
namespace {

TEST(DisplayTmds, MatchesReferenceEncoder) {
  sim::Harness<PEGASUS_RTL_MODEL> sim("display_tmds");
  sim->de_i = 0;
  sim.Reset();
  TmdsEncoder ref;
  for (int i = 0; i < 200'000; ++i) {
    // Lines of 1..64 data symbols, then 1..8 blanking symbols; biased bytes now and
    // then so that the disparity swings.
    const bool de = (i % 72) < 64;
    const uint8_t bias = static_cast<uint8_t>((i / 720) % 3);
    uint8_t d = static_cast<uint8_t>(sim.Random(0, 255));
    if (bias == 1) d |= 0xF0;
    if (bias == 2) d &= 0x0F;
    const uint8_t c = static_cast<uint8_t>(sim.Random(0, 3));
    sim->data_i = d;
    sim->de_i = de;
    sim->c_i = c;
    sim.Tick();
    const uint16_t want = ref.Encode(d, de, c);
    ASSERT_EQ(sim->q_o, want) << "symbol " << i << " data 0x" << std::hex << int{d} << " de "
                              << de;
  }
}

}  // namespace
}  // namespace pegasus::display
