// Atropos under simulated time: EDF order, the guarantee of every admissible set over
// long runs, the sharing of slack, and the latency hint after unblocking.
#include "kernel/policy/atropos.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <vector>

namespace pegasus::kernel {
namespace {

SchedParams Res(Time slice, Time period, bool extra = false, Time latency = 0) {
  return {period, slice, latency, extra};
}

// Runs `a` from `now` to `end` with every present domain always runnable; returns the
// time each domain received, split into allocated and extra.
struct Received {
  Time allocated[kMaxDomains] = {};
  Time extra[kMaxDomains] = {};
};
Received RunAlwaysRunnable(Atropos& a, Time now, Time end) {
  Received r;
  while (now < end) {
    const Decision d = a.Schedule(now);
    const Time until = std::min(d.until, end);
    EXPECT_GT(until, now);
    if (d.domain >= 0) {
      a.Charge(d.domain, until - now, d.reason);
      (d.reason == RunReason::kAllocated ? r.allocated : r.extra)[d.domain] += until - now;
    }
    now = until;
  }
  return r;
}

TEST(Atropos, EarliestDeadlineFirstAmongDomainsOwedTime) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(2 * kMs, 10 * kMs), 0));
  ASSERT_TRUE(a.Add(1, Res(4 * kMs, 20 * kMs), 0));
  ASSERT_TRUE(a.Add(2, Res(1 * kMs, 5 * kMs), 0));
  std::vector<int> order;
  Time now = 0;
  while (now < 7 * kMs) {
    const Decision d = a.Schedule(now);
    if (d.domain >= 0) a.Charge(d.domain, d.until - now, d.reason);
    order.push_back(d.domain);
    now = d.until;
  }
  // Deadlines 5, 10, 20: C, A, then B until C's next period at 5 ms preempts it
  // (C's new deadline 10 is before B's 20), then B finishes its slice.
  EXPECT_EQ(order, (std::vector<int>{2, 0, 1, 2, 1}));
}

TEST(Atropos, ADecisionStandsNoLongerThanTheNextDeadlineOrSlice) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(8 * kMs, 100 * kMs), 0));
  ASSERT_TRUE(a.Add(1, Res(1 * kMs, 3 * kMs), 0));
  const Decision d = a.Schedule(0);
  EXPECT_EQ(d.domain, 1);
  EXPECT_EQ(d.until, 1 * kMs);
  a.Charge(1, kMs, d.reason);
  const Decision e = a.Schedule(kMs);
  EXPECT_EQ(e.domain, 0);
  EXPECT_EQ(e.until, 3 * kMs) << "domain 1's next period starts at 3 ms";
}

TEST(Atropos, SlackIsSharedEvenlyAmongExtraTimeDomains) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(5 * kMs, 10 * kMs), 0));               // 50%, no extra
  ASSERT_TRUE(a.Add(1, Res(0, 10 * kMs, true), 0));                // extra only
  ASSERT_TRUE(a.Add(2, Res(0, 10 * kMs, true), 0));                // extra only
  ASSERT_TRUE(a.Add(3, Res(1 * kMs, 10 * kMs, true), 0));          // 10% plus extra
  const Time run = 10'000 * kMs;
  const Received r = RunAlwaysRunnable(a, 0, run);
  EXPECT_EQ(r.allocated[0], run / 2);
  EXPECT_EQ(r.extra[0], 0) << "a domain without the extra flag gets no slack";
  EXPECT_EQ(r.allocated[3], run / 10);
  const Time slack = run - run / 2 - run / 10;
  for (int i : {1, 2, 3}) {
    EXPECT_NEAR(static_cast<double>(r.extra[i]), slack / 3.0, 2.0 * kExtraQuantumNs)
        << "domain " << i;
  }
}

TEST(Atropos, UnblockingAfterTheDeadlineTakesADeadlineFromTheLatencyHint) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(10 * kMs, 100 * kMs, false, 5 * kMs), 0));
  ASSERT_TRUE(a.Add(1, Res(80 * kMs, 100 * kMs, true), 0));
  a.Block(0, kForever);
  Time now = 0;
  while (now < 250 * kMs + 300 * kUs) {
    const Decision d = a.Schedule(now);
    const Time until = std::min(d.until, 250 * kMs + 300 * kUs);
    ASSERT_NE(d.domain, 0);
    if (d.domain >= 0) a.Charge(d.domain, until - now, d.reason);
    now = until;
  }
  a.Unblock(0, now);
  EXPECT_EQ(a.deadline(0), now + 5 * kMs);
  EXPECT_EQ(a.remaining(0), 500 * kUs) << "s * l / p: the share is kept";
  const Decision d = a.Schedule(now);
  EXPECT_EQ(d.domain, 0) << "runs at once: its deadline is the earliest";
  EXPECT_EQ(d.until, now + 500 * kUs);
}

TEST(Atropos, UnblockingEarlyKeepsTheCurrentPeriod) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(10 * kMs, 100 * kMs, false, 5 * kMs), 0));
  Decision d = a.Schedule(0);
  a.Charge(0, 4 * kMs, d.reason);
  a.Block(0, kForever);
  a.Unblock(0, 20 * kMs);
  EXPECT_EQ(a.deadline(0), 100 * kMs);
  EXPECT_EQ(a.remaining(0), 6 * kMs);
}

TEST(Atropos, UnblockingWithMoreOwedThanItsShareOfWhatIsLeftStartsAfresh) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(10 * kMs, 100 * kMs), 0));
  a.Block(0, kForever);
  a.Unblock(0, 95 * kMs);  // owed 10 ms with 5 ms to go: would take 200% for 5 ms
  EXPECT_EQ(a.deadline(0), 195 * kMs);
  EXPECT_EQ(a.remaining(0), 10 * kMs);
}

TEST(Atropos, BlockedDomainsWakeAtTheirTime) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(1 * kMs, 10 * kMs), 0));
  ASSERT_TRUE(a.Add(1, Res(0, 10 * kMs, true), 0));
  a.Block(0, 3 * kMs);
  Decision d = a.Schedule(0);
  EXPECT_EQ(d.domain, 1);
  EXPECT_EQ(d.until, 1 * kMs);  // extra quantum
  d = a.Schedule(2 * kMs);
  EXPECT_EQ(d.until, 3 * kMs) << "the wake-up bounds the decision";
  EXPECT_EQ(a.timed_wakeups(), 0u);
  d = a.Schedule(3 * kMs);
  EXPECT_EQ(d.domain, 0);
  EXPECT_TRUE(a.runnable(0));
  EXPECT_EQ(a.timed_wakeups(), 1u) << "the kernel learns that a decision woke someone";
  a.Block(0, kForever);
  a.Unblock(0, 4 * kMs);
  EXPECT_EQ(a.timed_wakeups(), 1u) << "an unblock by event is not a timed wake-up";
}

// Inside, times are 32-bit offsets from an epoch that moves every ~147 ms of
// nanoseconds (atropos.h); these runs span many such moves.
TEST(Atropos, ADomainBlockedForLongUnblocksWithAFreshDeadline) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(2 * kMs, 10 * kMs, false, 4 * kMs), 0));
  ASSERT_TRUE(a.Add(1, Res(1 * kMs, 5 * kMs, true), 0));
  a.Block(0, kForever);
  const Received r = RunAlwaysRunnable(a, 0, 60'000 * kMs);
  EXPECT_EQ(r.allocated[1], 12'000 * kMs);
  EXPECT_EQ(r.allocated[0] + r.extra[0], 0);
  const Time now = 60'000 * kMs + 123 * kUs;
  a.Unblock(0, now);
  EXPECT_EQ(a.deadline(0), now + 4 * kMs) << "its old deadline lies a minute back";
  EXPECT_EQ(a.remaining(0), 800 * kUs);
}

TEST(Atropos, AWakeUpFarAheadIsKeptExactly) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(1 * kMs, 10 * kMs), 0));
  const Time wake = 30'000 * kMs + 7 * kUs;  // far beyond the 32-bit offsets
  a.Block(0, wake);
  Time now = 0;
  int decisions = 0;
  for (;;) {
    const Decision d = a.Schedule(now);
    if (d.domain >= 0) break;
    ASSERT_GT(d.until, now);
    ASSERT_LE(d.until, wake) << "idle past the wake-up";
    now = d.until;
    ASSERT_LT(++decisions, 1000);
  }
  EXPECT_EQ(now, wake);
  EXPECT_EQ(a.timed_wakeups(), 1u);
}

TEST(Atropos, NewPeriodsAfterALongStallKeepTheirPhase) {
  Atropos a;
  ASSERT_TRUE(a.Add(0, Res(1 * kMs, 10 * kMs), 0));
  Decision d = a.Schedule(0);
  a.Charge(0, 1 * kMs, d.reason);
  const Time now = 7'500 * kMs + 3 * kMs;  // nothing decided for 7.5 s
  d = a.Schedule(now);
  EXPECT_EQ(d.domain, 0);
  EXPECT_EQ(a.deadline(0), 7'510 * kMs);
  EXPECT_EQ(a.remaining(0), 1 * kMs);
  EXPECT_EQ(d.until, now + 1 * kMs);
}

TEST(Atropos, InvalidReservationsAreRejected) {
  Atropos a;
  EXPECT_FALSE(a.Add(0, Res(2, 1), 0));
  EXPECT_FALSE(a.Add(0, Res(0, 0), 0));
  EXPECT_FALSE(a.Add(0, Res(1, kMaxPeriod + 1), 0));
  EXPECT_FALSE(a.Add(kMaxDomains, Res(1, 2), 0));
  ASSERT_TRUE(a.Add(0, Res(1, 2), 0));
  EXPECT_FALSE(a.Add(0, Res(1, 2), 0));
}

// Random admissible sets: some domains always runnable (their guarantee is checked
// period by period), some blocking and unblocking at random (their allocated time
// must never exceed their share), some taking only slack. Prints its seed; set
// PEGASUS_SEED to replay one.
struct SimDomain {
  enum Kind { kAlways, kSporadic, kHog } kind;
  SchedParams params;
  Time burst_left = 0;      // sporadic: work left before it blocks
  Time unblock_at = kForever;  // sporadic: when its next event arrives
  std::map<Time, Time> allocated_in_period;  // always: period index -> allocated
  Time allocated_total = 0;
  Time first_run_after_unblock = -1;
};

TEST(Atropos, RandomAdmissibleSetsMeetEveryGuaranteeOverLongRuns) {
  uint32_t seed = std::random_device{}();
  if (const char* s = std::getenv("PEGASUS_SEED")) seed = static_cast<uint32_t>(std::strtoul(s, nullptr, 0));
  std::printf("seed %u (replay with PEGASUS_SEED=%u)\n", seed, seed);
  std::mt19937_64 rng(seed);
  const int kSets = 40;
  const Time kRun = 5'000 * kMs;
  for (int set = 0; set < kSets; ++set) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed << " set " << set);
    Atropos a;
    std::vector<SimDomain> doms;
    const int n = 2 + static_cast<int>(rng() % (kMaxDomains - 1));
    // Utilisations: random weights scaled to a random total up to 100%.
    std::vector<double> w(n);
    double sum = 0;
    for (double& x : w) sum += (x = 0.05 + (rng() % 1000) / 1000.0);
    const double total = 0.5 + (rng() % 501) / 1000.0;
    for (int i = 0; i < n; ++i) {
      SimDomain d;
      const int k = static_cast<int>(rng() % 4);
      d.kind = k == 0 ? SimDomain::kHog : (k == 1 ? SimDomain::kSporadic : SimDomain::kAlways);
      d.params.period = (1 + static_cast<Time>(rng() % 100'000)) * kUs;
      d.params.slice = d.kind == SimDomain::kHog
                           ? 0
                           : static_cast<Time>(d.params.period * (w[i] / sum) * total);
      d.params.extra = d.kind == SimDomain::kHog || rng() % 3 == 0;
      d.params.latency = static_cast<Time>(rng() % 2) * d.params.period / 4;
      ASSERT_TRUE(a.Add(i, d.params, 0));
      d.burst_left = 1 + static_cast<Time>(rng() % (2 * d.params.slice + 1));
      doms.push_back(d);
    }
    Time now = 0;
    while (now < kRun) {
      const Decision dec = a.Schedule(now);
      Time until = std::min(dec.until, kRun);
      for (const SimDomain& d : doms) until = std::min(until, d.unblock_at);
      if (dec.domain >= 0 && doms[dec.domain].kind == SimDomain::kSporadic)
        until = std::min(until, now + doms[dec.domain].burst_left);
      ASSERT_GT(until, now);
      const Time used = until - now;
      if (dec.domain >= 0) {
        SimDomain& d = doms[dec.domain];
        ASSERT_TRUE(a.runnable(dec.domain));
        a.Charge(dec.domain, used, dec.reason);
        if (dec.reason == RunReason::kAllocated) {
          d.allocated_total += used;
          if (d.kind == SimDomain::kAlways) {
            // A decision never runs past the domain's own deadline, so the whole
            // stretch lies in one period.
            d.allocated_in_period[now / d.params.period] += used;
            ASSERT_EQ(now / d.params.period, (until - 1) / d.params.period);
          }
        }
        if (d.kind == SimDomain::kSporadic) {
          d.burst_left -= used;
          if (d.burst_left == 0) {
            a.Block(dec.domain, kForever);
            d.unblock_at = until + static_cast<Time>(rng() % (3 * d.params.period)) + 1;
          }
        }
      }
      now = until;
      for (int i = 0; i < n; ++i) {
        SimDomain& d = doms[i];
        if (d.kind == SimDomain::kSporadic && d.unblock_at <= now) {
          a.Unblock(i, now);
          d.unblock_at = kForever;
          d.burst_left = 1 + static_cast<Time>(rng() % (2 * d.params.slice + 1));
        }
      }
    }
    for (int i = 0; i < n; ++i) {
      const SimDomain& d = doms[i];
      SCOPED_TRACE(::testing::Message() << "domain " << i << " slice " << d.params.slice
                                        << " period " << d.params.period);
      if (d.kind == SimDomain::kAlways) {
        const Time complete = kRun / d.params.period;
        for (Time p = 0; p < complete; ++p) {
          auto it = d.allocated_in_period.find(p);
          const Time got = it == d.allocated_in_period.end() ? 0 : it->second;
          ASSERT_EQ(got, d.params.slice) << "period " << p;
        }
      } else {
        // Never more than its share, plus one slice of start-up.
        EXPECT_LE(d.allocated_total,
                  kRun / d.params.period * d.params.slice + 2 * d.params.slice);
      }
    }
  }
}

}  // namespace
}  // namespace pegasus::kernel
