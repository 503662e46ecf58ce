// Atropos: the Nemesis CPU scheduler, as policy with no hardware in it (it builds for
// the kernel and for the host tests, which drive it with simulated time).
//
// Each domain holds a reservation (period p, slice s, extra, latency l). The scheduler
// keeps per domain a deadline d and the time r still owed before it:
//   - at d a runnable domain starts its next period: d += p, r = s;
//   - a decision picks, among runnable domains with r > 0, the earliest d (EDF; ties go
//     to the lower id) and runs it for at most r;
//   - when no runnable domain is owed time, slack goes round robin, a quantum at a
//     time, to runnable domains that accept extra time; extra time is not charged;
//   - a domain that unblocks after its deadline, or with more time owed than its share
//     of what is left before it (r * p > (d - now) * s), is given a fresh deadline from
//     its latency hint: d = now + min(l, p), r = s * min(l, p) / p. It is then run
//     within l without taking more than its share s/p, so the guarantees of the
//     other domains hold (the constant-bandwidth rule).
// With sum(s/p) <= 1 every domain that stays runnable receives s in each period.
//
// Invariants: 0 <= r <= s; d is the end of the current period; a blocked domain's
// d and r are left alone until it unblocks. Not thread safe: the kernel calls it with
// interrupts off, the tests from one thread.
#ifndef PEGASUS_KERNEL_POLICY_ATROPOS_H_
#define PEGASUS_KERNEL_POLICY_ATROPOS_H_

#include <stdint.h>

#include "kernel/config.h"
#include "kernel/policy/time.h"

namespace pegasus::kernel {

// Longest period: keeps p * p (the scheduler's products) within 64 bits.
inline constexpr Time kMaxPeriod = 2'000 * kMs;

struct SchedParams {
  Time period = 0;   // 0 < period <= kMaxPeriod
  Time slice = 0;    // 0 <= slice <= period; 0 means "extra time only"
  Time latency = 0;  // wanted bound on the delay after unblocking; 0 means "= period"
  bool extra = false;  // accepts slack beyond the slice
};

// Why a domain is given the processor (the kernel passes it on in the activation).
enum class RunReason : uint8_t { kIdle, kAllocated, kExtra };

struct Decision {
  int domain = -1;  // -1: nothing to run, idle
  RunReason reason = RunReason::kIdle;
  Time until = kForever;  // the next decision is due at this time at the latest
};

class Atropos {
 public:
  // Starts a domain runnable with its first period beginning now. False if the id
  // is out of range, taken, or the parameters are invalid (see Valid).
  bool Add(int id, const SchedParams& params, Time now);
  // New parameters take effect as a new period starting now.
  bool SetParams(int id, const SchedParams& params, Time now);
  void Remove(int id);
  static bool Valid(const SchedParams& params);

  // The domain stops being runnable until Unblock or until `wake` (kForever: none).
  void Block(int id, Time wake);
  // The domain becomes runnable (an event arrived or its time came): latency rule.
  void Unblock(int id, Time now);
  // The domain gives up what is left of its slice in this period.
  void Yield(int id) {
    if (present(id)) slot_[id].remaining = 0;
  }
  // `id` ran for `used` ns under `reason` (the reason of the decision that ran it).
  void Charge(int id, Time used, RunReason reason);
  // Wakes domains whose time came, starts new periods, and picks what runs next.
  Decision Schedule(Time now);

  bool present(int id) const { return InRange(id) && slot_[id].present; }
  bool runnable(int id) const { return present(id) && !slot_[id].blocked; }
  Time deadline(int id) const { return slot_[id].deadline; }
  Time remaining(int id) const { return slot_[id].remaining; }
  const SchedParams& params(int id) const { return slot_[id].params; }
  // Counts the domains Schedule has unblocked because their time came, so a caller
  // can tell whether a decision woke anyone without scanning.
  uint32_t timed_wakeups() const { return timed_wakeups_; }

 private:
  struct Slot {
    bool present = false;
    bool blocked = false;
    SchedParams params;
    Time deadline = 0;
    Time remaining = 0;
    Time wake = kForever;      // while blocked: when to unblock by itself
    uint32_t extra_turn = 0;   // last round in which the domain had extra time
    // A fresh start from the latency hint, worked out when the parameters are set
    // (so unblocking divides nothing): window min(l, p) and time owed s*min(l, p)/p.
    Time fresh_window = 0;
    Time fresh_remaining = 0;
  };
  static bool InRange(int id) { return id >= 0 && id < kMaxDomains; }
  static void SetUp(Slot& s, const SchedParams& params, Time now);
  void StartFresh(Slot& s, Time now);

  Slot slot_[kMaxDomains];
  int limit_ = 0;  // one past the highest id ever added: the scans stop there
  uint32_t extra_round_ = 0;
  uint32_t timed_wakeups_ = 0;
};

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_POLICY_ATROPOS_H_
