// common_crc32_aal5 at PEGASUS_PARAM_DataBytes bytes a cycle: the AAL5 known answers,
// the residue of a valid PDU, and 10,000 random messages of random length sent back to
// back with random idle cycles, each compared with host/common/crc.
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "host/common/crc.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus {
namespace {

using Model = PEGASUS_RTL_MODEL;
constexpr int kBytes = PEGASUS_PARAM_DataBytes;

class Crc32Rtl : public ::testing::Test {
 protected:
  Crc32Rtl() : sim_(::testing::UnitTest::GetInstance()->current_test_info()->name()) {
    sim_->start_i = 0;
    sim_->valid_i = 0;
    sim_->data_i = 0;
    sim_->keep_i = 0;
    sim_.Reset();
  }

  // Feeds one message, word by word, idle cycles between words drawn at random when
  // `gaps` is set. Checks crc_next_o in the cycle of the last word against crc_o after
  // it, and returns crc_o (the trailer value).
  uint32_t Run(const std::vector<uint8_t>& msg, bool gaps = false) {
    for (size_t pos = 0; pos < msg.size(); pos += kBytes) {
      if (gaps) {
        sim_->valid_i = 0;
        sim_->start_i = 0;
        sim_.Tick(sim_.Random(0, 2));
      }
      uint32_t word = 0;
      uint32_t keep = 0;
      for (int j = 0; j < kBytes; ++j) {
        word <<= 8;
        keep <<= 1;
        if (pos + j < msg.size()) {
          word |= msg[pos + j];
          keep |= 1;
        } else {
          word |= static_cast<uint32_t>(sim_.Random(0, 255));  // must be ignored
        }
      }
      sim_->data_i = word;
      sim_->keep_i = keep;
      sim_->valid_i = 1;
      sim_->start_i = pos == 0;
      sim_->eval();
      uint32_t next = sim_->crc_next_o;
      sim_.Tick();
      EXPECT_EQ(static_cast<uint32_t>(sim_->crc_o), next);
    }
    sim_->valid_i = 0;
    sim_->start_i = 0;
    return sim_->crc_o;
  }

  sim::Harness<Model> sim_;
};

std::vector<uint8_t> Text(const char* s) { return {s, s + std::strlen(s)}; }

TEST_F(Crc32Rtl, CheckValueOf123456789) {
  EXPECT_EQ(Run(Text("123456789")), 0xFC891918u);
}

TEST_F(Crc32Rtl, CellOfFortyZeroBytesAndTrailer) {
  std::vector<uint8_t> cell(44, 0);
  cell[43] = 0x28;
  EXPECT_EQ(Run(cell), 0x864D7F99u);
}

TEST_F(Crc32Rtl, ValidPduLeavesResidue) {
  std::vector<uint8_t> pdu(44, 0);
  pdu[43] = 0x28;
  for (uint8_t b : {0x86, 0x4D, 0x7F, 0x99}) pdu.push_back(b);
  Run(pdu);
  sim_->eval();
  EXPECT_EQ(~static_cast<uint32_t>(sim_->crc_o), kAal5CrcResidue);
  EXPECT_TRUE(sim_->residue_ok_o);
  pdu[20] ^= 0x01;
  Run(pdu);
  EXPECT_FALSE(sim_->residue_ok_o);
}

TEST_F(Crc32Rtl, RandomMessagesMatchReference) {
  constexpr int kMessages = 10'000;
  for (int i = 0; i < kMessages; ++i) {
    std::vector<uint8_t> msg(sim_.Random(1, 96));
    for (uint8_t& b : msg) b = static_cast<uint8_t>(sim_.Random(0, 255));
    uint32_t rtl = Run(msg, /*gaps=*/true);
    ASSERT_EQ(rtl, Crc32Aal5Of(msg))
        << "message " << i << " of " << msg.size() << " bytes (seed " << sim_.seed() << ")";
  }
}

}  // namespace
}  // namespace pegasus
