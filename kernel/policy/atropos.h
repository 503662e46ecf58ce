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
// Representation: the interface speaks 64-bit Time; inside, every time is a signed
// 32-bit offset from an epoch (base_), so that a decision on RV32 compares and adds
// single words. The epoch moves up to `now` (Rebase) whenever now is more than
// kRebaseAfter past it, which keeps now + p (p <= kMaxPeriod) within 32 bits; a
// deadline left far behind (a domain blocked for a long time) is clamped to
// kStale, which is still before any `now`, and a wake-up too far ahead to express is
// kept exactly in 64 bits and marked kFar until a rebase brings it in range.
//
// Invariants: 0 <= r <= s; d is the end of the current period; a blocked domain's
// d and r are left alone until it unblocks (apart from the clamping above, which no
// rule can observe). Not thread safe: the kernel calls it with interrupts off, the
// tests from one thread.
#ifndef PEGASUS_KERNEL_POLICY_ATROPOS_H_
#define PEGASUS_KERNEL_POLICY_ATROPOS_H_

#include <stdint.h>

#include "kernel/config.h"
#include "kernel/policy/time.h"

namespace pegasus::kernel {

// Longest period: keeps p * p (the scheduler's products) within 64 bits and now + p
// within the 32-bit offsets.
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
  // The next decision is due at this time at the latest. With nothing pending
  // within reach of the 32-bit offsets (nobody runnable, no wake-up near) it is the
  // edge of that reach, about 2^31 units after the epoch: deciding again then finds
  // the same, or moves the epoch closer to a far wake-up.
  Time until = kForever;
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
  // `id` ran for `used` under `reason` (the reason of the decision that ran it).
  // Inline: it is on the kernel's timer path.
  [[gnu::always_inline]] void Charge(int id, Time used, RunReason reason) {
    if (!present(id) || used <= 0) return;
    Slot& s = slot_[id];
    if (reason == RunReason::kAllocated) {
      s.remaining = used >= s.remaining ? 0 : s.remaining - static_cast<int32_t>(used);
    } else if (reason == RunReason::kExtra) {
      s.extra_turn = ++extra_round_;
    }
  }
  // Wakes domains whose time came, starts new periods, and picks what runs next.
  Decision Schedule(Time now) { return Decide(Offset(now)); }
  // The same for a `now` within reach of the epoch (InReach), which needs no
  // rebase: inline and without calls, for the kernel's decision path, which
  // rebases through Schedule on its rare path.
  bool InReach(Time now) const {
    return static_cast<uint64_t>(now - base_) <= static_cast<uint64_t>(kRebaseAfter);
  }
  [[gnu::always_inline]] Decision ScheduleInReach(Time now) { return Decide(static_cast<int32_t>(now - base_)); }

  bool present(int id) const { return InRange(id) && slot_[id].present; }
  bool runnable(int id) const { return present(id) && !slot_[id].blocked; }
  Time deadline(int id) const { return base_ + slot_[id].deadline; }
  Time remaining(int id) const { return slot_[id].remaining; }
  const SchedParams& params(int id) const { return slot_[id].params; }
  // Counts the domains Schedule has unblocked because their time came, so a caller
  // can tell whether a decision woke anyone without scanning.
  uint32_t timed_wakeups() const { return timed_wakeups_; }

 private:
  // Offsets from base_. kFar: a wake-up beyond what an offset can hold (or none).
  static constexpr int32_t kFar = INT32_MAX;
  static constexpr Time kRebaseAfter = INT32_MAX - kMaxPeriod;
  static constexpr int32_t kStale = -static_cast<int32_t>(kMaxPeriod);
  static constexpr int32_t kQuantum = static_cast<int32_t>(kExtraQuantumNs);
  static_assert(kRebaseAfter > 0, "kMaxPeriod must leave room in 32-bit offsets");

  // Hot fields first, all 32-bit: the decision reads these only.
  struct Slot {
    int32_t deadline = 0;   // offset from base_
    int32_t remaining = 0;
    int32_t wake = kFar;    // while blocked: offset of its wake-up, or kFar
    int32_t period = 0;
    int32_t slice = 0;
    uint32_t extra_turn = 0;  // last round in which the domain had extra time
    bool present = false;
    bool blocked = false;
    bool extra = false;
    // A fresh start from the latency hint, worked out when the parameters are set
    // (so unblocking divides nothing): window min(l, p) and time owed s*min(l, p)/p.
    int32_t fresh_window = 0;
    int32_t fresh_remaining = 0;
    Time wake_at = kForever;  // while blocked: its wake-up, exactly
    SchedParams params;
  };
  static bool InRange(int id) { return id >= 0 && id < kMaxDomains; }
  // `now` as an offset, moving the epoch first if it is too far behind.
  int32_t Offset(Time now) {
    const Time t = now - base_;
    if (static_cast<uint64_t>(t) > static_cast<uint64_t>(kRebaseAfter)) {
      Rebase(now);
      return 0;
    }
    return static_cast<int32_t>(t);
  }
  int32_t WakeOffset(Time wake) const;
  void Rebase(Time now);
  void SetUp(Slot& s, const SchedParams& params, int32_t now);
  [[gnu::always_inline]] inline void UnblockAt(Slot& s, int32_t now);
  [[gnu::always_inline]] inline Decision Decide(int32_t now);

  Slot slot_[kMaxDomains];
  int limit_ = 0;  // one past the highest id ever added: the scans stop there
  uint32_t extra_round_ = 0;
  uint32_t timed_wakeups_ = 0;
  Time base_ = 0;  // the epoch of every offset
};

inline void Atropos::UnblockAt(Slot& s, int32_t now) {
  s.blocked = false;
  s.wake = kFar;
  s.wake_at = kForever;
  const Time left = static_cast<Time>(s.deadline) - now;
  // left <= p and r <= s <= p, so both products fit (p <= kMaxPeriod).
  if (left <= 0 || static_cast<Time>(s.remaining) * s.period > left * s.slice) {
    s.deadline = now + s.fresh_window;
    s.remaining = s.fresh_remaining;
  }
}

inline Decision Atropos::Decide(int32_t t) {
  // One pass: wake-ups that are due, new periods, the EDF choice among domains owed
  // time, the extra-time choice, and the earliest deadline or wake-up (the time by
  // which the decision must be taken again; the chosen domain's own deadline is
  // included, which is harmless as its run is bounded by it anyway). t <=
  // kRebaseAfter, so t + p and t + r stay within 32 bits.
  Slot* best = nullptr;  // earliest deadline among those owed time; ties: lower id
  Slot* pick = nullptr;  // extra time: the longest since its last quantum; ties: lower id
  int32_t next_event = kFar;
  Slot* const end = slot_ + limit_;
  for (Slot* s = slot_; s != end; ++s) {
    if (!s->present) continue;
    if (s->blocked) {
      if (s->wake > t) {
        if (s->wake < next_event) next_event = s->wake;
        continue;
      }
      UnblockAt(*s, t);
      ++timed_wakeups_;
    }
    int32_t deadline = s->deadline;
    if (deadline <= t) {
      // Normally one period; more only after an overrun (overload or a long stall).
      do deadline += s->period; while (deadline <= t);
      s->deadline = deadline;
      s->remaining = s->slice;
    }
    if (deadline < next_event) next_event = deadline;
    if (s->remaining > 0 && (best == nullptr || deadline < best->deadline)) best = s;
    if (s->extra && (pick == nullptr || s->extra_turn < pick->extra_turn)) pick = s;
  }
  Decision d;
  int32_t until = next_event;
  if (best != nullptr) {
    d.domain = static_cast<int>(best - slot_);
    d.reason = RunReason::kAllocated;
    if (t + best->remaining < until) until = t + best->remaining;
  } else if (pick != nullptr) {
    // Slack: the runnable extra-time domain that waited longest since its quantum.
    d.domain = static_cast<int>(pick - slot_);
    d.reason = RunReason::kExtra;
    if (t + kQuantum < until) until = t + kQuantum;
  }
  d.until = base_ + until;
  return d;
}

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_POLICY_ATROPOS_H_
