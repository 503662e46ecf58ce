// common_hec at PEGASUS_PARAM_DataBytes bytes a cycle: the I.432 known answers and
// 10,000 random headers compared with host/common/crc.
#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "host/common/crc.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus {
namespace {

using Model = PEGASUS_RTL_MODEL;
constexpr int kBytes = PEGASUS_PARAM_DataBytes;

class HecRtl : public ::testing::Test {
 protected:
  HecRtl() : sim_(::testing::UnitTest::GetInstance()->current_test_info()->name()) {
    sim_->start_i = 0;
    sim_->valid_i = 0;
    sim_->keep_i = (1u << kBytes) - 1;
    sim_.Reset();
  }

  // Sends the four header bytes (word 0 of the cell stream) and returns hec_o.
  uint8_t Run(uint32_t header) {
    for (int pos = 0; pos < 4; pos += kBytes) {
      const int shift = 8 * (4 - kBytes - pos);
      sim_->data_i = (header >> shift) & ((kBytes == 4) ? 0xFFFFFFFFu : 0xFFu);
      sim_->valid_i = 1;
      sim_->start_i = pos == 0;
      sim_->eval();
      if (kBytes == 4) {
        // A whole header word gives its HEC in the same cycle.
        EXPECT_EQ(static_cast<uint8_t>(sim_->hec_next_o), HecOfWord(header));
      }
      sim_.Tick();
    }
    sim_->valid_i = 0;
    sim_->start_i = 0;
    return sim_->hec_o;
  }

  sim::Harness<Model> sim_;
};

TEST_F(HecRtl, AllZeroHeader) { EXPECT_EQ(Run(0x00000000), 0x55); }

TEST_F(HecRtl, IdleCellHeader) { EXPECT_EQ(Run(0x00000001), 0x52); }

TEST_F(HecRtl, RandomHeadersMatchReference) {
  for (int i = 0; i < 10'000; ++i) {
    const uint32_t header = static_cast<uint32_t>(sim_.Random(0, 0xFFFFFFFFu));
    ASSERT_EQ(Run(header), HecOfWord(header))
        << "header 0x" << std::hex << header << std::dec << " (seed " << sim_.seed() << ")";
  }
}

}  // namespace
}  // namespace pegasus
