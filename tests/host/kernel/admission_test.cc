// QoS admission: the bound, replacement of a reservation, and the refusal text.
#include "kernel/policy/admission.h"

#include <gtest/gtest.h>

#include <string>

namespace pegasus::kernel {
namespace {

SchedParams P(Time slice, Time period) { return {period, slice, 0, false}; }

TEST(Admission, RefusesOverSubscriptionWithReadableReason) {
  Admission qos;  // 95% bound
  ASSERT_TRUE(qos.Admit(0, "audio", P(25 * kMs, 100 * kMs)).admitted);
  ASSERT_TRUE(qos.Admit(1, "video", P(50 * kMs, 100 * kMs)).admitted);
  EXPECT_EQ(qos.guaranteed_ppm(), 750'000u);
  const Verdict v = qos.Admit(2, "X", P(3 * kMs, 10 * kMs));
  EXPECT_FALSE(v.admitted);
  EXPECT_EQ(std::string(v.reason.c_str()),
            "admitting X (slice 3 ms / period 10 ms = 30%) would bring the guaranteed "
            "share to 105%, over the 95% bound by 10%");
  EXPECT_EQ(qos.guaranteed_ppm(), 750'000u) << "a refusal changes nothing";
}

TEST(Admission, AdmitsUpToTheBoundExactly) {
  Admission qos(500'000);
  EXPECT_TRUE(qos.Admit(0, "a", P(1 * kMs, 4 * kMs)).admitted);
  EXPECT_TRUE(qos.Admit(1, "b", P(1 * kMs, 4 * kMs)).admitted);
  EXPECT_FALSE(qos.Admit(2, "c", P(1 * kUs, 1 * kMs)).admitted);
}

TEST(Admission, ReplacingAReservationCountsOnlyTheNewShare) {
  Admission qos;
  ASSERT_TRUE(qos.Admit(0, "a", P(90 * kMs, 100 * kMs)).admitted);
  EXPECT_TRUE(qos.Admit(0, "a", P(95 * kMs, 100 * kMs)).admitted);
  qos.Release(0);
  EXPECT_EQ(qos.guaranteed_ppm(), 0u);
}

TEST(Admission, FractionalSharesShowOneDecimal) {
  Admission qos(900'000);
  ASSERT_TRUE(qos.Admit(0, "a", P(80 * kMs, 100 * kMs)).admitted);
  const Verdict v = qos.Admit(1, "b", P(1 * kMs, 3 * kMs));
  EXPECT_FALSE(v.admitted);
  EXPECT_EQ(std::string(v.reason.c_str()),
            "admitting b (slice 1 ms / period 3 ms = 33.3%) would bring the guaranteed "
            "share to 113.3%, over the 90% bound by 23.3%");
}

TEST(Admission, InvalidParametersAreRefusedWithAReason) {
  Admission qos;
  const Verdict v = qos.Admit(0, "bad", P(20 * kMs, 10 * kMs));
  EXPECT_FALSE(v.admitted);
  EXPECT_NE(std::string(v.reason.c_str()).find("invalid"), std::string::npos) << v.reason.c_str();
}

TEST(Text, DurationsUseTheLargestExactUnit) {
  Text t;
  t.AddDuration(3 * kMs).Add(",").AddDuration(250 * kUs).Add(",").AddDuration(75);
  EXPECT_STREQ(t.c_str(), "3 ms,250 us,75 ns");
}

}  // namespace
}  // namespace pegasus::kernel
