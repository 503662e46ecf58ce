// Event counts and channels.
#include "kernel/policy/events.h"

#include <gtest/gtest.h>

namespace pegasus::kernel {
namespace {

TEST(Events, SendAdvancesTheCountAndCopiesItToTheReceiver) {
  EventTable t;
  ASSERT_EQ(t.Connect(0, 1, 2, 3), EventError::kOk);
  Delivery d;
  ASSERT_EQ(t.Send(0, 1, &d), EventError::kOk);
  EXPECT_EQ(d.domain, 2);
  EXPECT_EQ(d.endpoint, 3);
  EXPECT_EQ(d.count, 1u);
  ASSERT_EQ(t.Send(0, 1, &d), EventError::kOk);
  EXPECT_EQ(t.Count(2, 3), 2u);
  EXPECT_EQ(t.Count(0, 1), 2u);
}

TEST(Events, PendingComparesWithWhatTheDomainAcknowledged) {
  EventTable t;
  ASSERT_EQ(t.Connect(0, 0, 1, 0), EventError::kOk);
  uint32_t acked[kMaxEndpoints] = {};
  EXPECT_FALSE(t.Pending(1, acked));
  Delivery d;
  t.Send(0, 0, &d);
  EXPECT_TRUE(t.Pending(1, acked));
  acked[0] = t.Count(1, 0);
  EXPECT_FALSE(t.Pending(1, acked));
  EXPECT_FALSE(t.Pending(0, acked)) << "a transmit end is never pending";
  acked[5] = 7;
  EXPECT_FALSE(t.Pending(1, acked)) << "a free endpoint is never pending";
  ASSERT_EQ(t.BindReceive(1, 7), EventError::kOk);
  uint32_t c = 0;
  ASSERT_EQ(t.Raise(1, 7, &c), EventError::kOk);
  EXPECT_TRUE(t.Pending(1, acked)) << "the highest endpoint is looked at";
  t.ReleaseDomain(1);
  EXPECT_FALSE(t.Pending(1, acked)) << "a dead domain has no receive ends";
}

TEST(Events, EndpointsJoinOneChannelOnly) {
  EventTable t;
  ASSERT_EQ(t.Connect(0, 0, 1, 0), EventError::kOk);
  EXPECT_EQ(t.Connect(0, 0, 2, 0), EventError::kInUse);
  EXPECT_EQ(t.Connect(2, 0, 1, 0), EventError::kInUse);
  EXPECT_EQ(t.Connect(0, kMaxEndpoints, 1, 1), EventError::kBadEndpoint);
  EXPECT_EQ(t.Connect(kMaxDomains, 0, 1, 1), EventError::kBadEndpoint);
  EXPECT_EQ(t.Connect(3, 3, 3, 3), EventError::kBadEndpoint);
}

TEST(Events, WrongDirectionIsRefused) {
  EventTable t;
  ASSERT_EQ(t.Connect(0, 0, 1, 0), EventError::kOk);
  Delivery d;
  EXPECT_EQ(t.Send(1, 0, &d), EventError::kNotTransmit);
  EXPECT_EQ(t.Send(0, 5, &d), EventError::kNotTransmit);
  uint32_t c;
  EXPECT_EQ(t.Raise(0, 0, &c), EventError::kNotReceive);
}

TEST(Events, InterruptLinesRaiseReceiveEnds) {
  EventTable t;
  ASSERT_EQ(t.BindReceive(4, 2), EventError::kOk);
  uint32_t c = 0;
  ASSERT_EQ(t.Raise(4, 2, &c), EventError::kOk);
  ASSERT_EQ(t.Raise(4, 2, &c), EventError::kOk);
  EXPECT_EQ(c, 2u);
  EXPECT_EQ(t.BindReceive(4, 2), EventError::kInUse);
}

TEST(Events, ADeadDomainsChannelsGoQuiet) {
  EventTable t;
  ASSERT_EQ(t.Connect(0, 0, 1, 0), EventError::kOk);
  t.ReleaseDomain(1);
  Delivery d;
  EXPECT_EQ(t.Send(0, 0, &d), EventError::kNotTransmit);
  EXPECT_EQ(t.Connect(2, 0, 1, 0), EventError::kOk) << "the endpoint is free again";
}

}  // namespace
}  // namespace pegasus::kernel
