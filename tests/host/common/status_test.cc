#include "host/common/status.h"

#include <gtest/gtest.h>

namespace pegasus {
namespace {

TEST(Status, OkAndErrors) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = Status::Corruption("segment 7: bad summary checksum");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(s.ToString(), "corruption: segment 7: bad summary checksum");
}

TEST(Result, CarriesValueOrStatus) {
  Result<int> good(42);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad(Status::NotFound("no VC 5"));
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "no VC 5");
}

}  // namespace
}  // namespace pegasus
