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
// Units: every time (the parameters, `now`, the results) is in the caller's unit —
// the kernel's is the CLINT's mtime tick, the host tests' the nanosecond; only the
// slack quantum depends on it and is given to the constructor.
//
// Representation: the interface speaks 64-bit Time; inside, every time is a signed
// 32-bit offset from an epoch (base_), so that a decision on RV32 compares and adds
// single words. The epoch moves up to `now` (Rebase) whenever now is more than
// kRebaseAfter past it, which keeps now + p (p <= kMaxPeriod) within 32 bits; a
// deadline left far behind (a domain blocked for a long time) is clamped to
// kStale, which is still before any `now`, and a wake-up too far ahead to express is
// kept exactly in 64 bits and marked kFar until a rebase brings it in range.
//
// Two lists make a decision independent of the number of domains: the *event list*
// holds every domain with something due, ordered by when (a runnable domain's
// deadline, where its next period starts; a blocked domain's wake-up), and the
// *ready list* the runnable domains owed time, in EDF order (deadline, then id). A
// decision takes the due events off the head of the first (new periods, timed
// wake-ups), and its choice is the head of the second; the time the decision stands
// until is bounded by the head of the first. Only slack (nobody owed time) scans the
// domains, for the extra-time round robin. Every change of a deadline, a time owed or
// a blocked state keeps both lists in order.
//
// The kernel's timer path asks for the next two decisions in advance (PlanNext, when
// it sets the timer) and, if nothing has changed by then, takes each at its time
// with one store (Accept); the plans' own stores are made when the scheduler is next
// used (Sync at every entry point and observer), so they are off the path to the
// next domain.
//
// Invariants: 0 <= r <= s; d is the end of the current period; a blocked domain's
// d and r are left alone until it unblocks (apart from the clamping above, which no
// rule can observe); a present domain is in the event list unless it is blocked with
// no wake-up in reach, and in the ready list exactly when it is runnable with r > 0.
// Not thread safe: the kernel calls it with interrupts off, the tests from one
// thread.
#ifndef PEGASUS_KERNEL_POLICY_ATROPOS_H_
#define PEGASUS_KERNEL_POLICY_ATROPOS_H_

#include <stdint.h>

#include "kernel/config.h"
#include "kernel/policy/time.h"

namespace pegasus::kernel {

// Longest period, in the caller's unit: keeps p * p (the scheduler's products) within
// 64 bits and now + p within the 32-bit offsets (2 s in nanoseconds).
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
  // A slot that is never in a list and never present: a Plan's stores that have
  // nothing to change go there, so that Commit stores without testing.
  static constexpr int8_t kScratch = kMaxDomains;
  static constexpr int8_t kNone = -1;  // end of a list
  // `quantum`: the slack quantum in the caller's unit of time (1 ms).
  explicit Atropos(Time quantum = kExtraQuantumNs) : quantum_(static_cast<int32_t>(quantum)) {}

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
  void Yield(int id);
  // `id` ran for `used` under `reason` (the reason of the decision that ran it).
  void Charge(int id, Time used, RunReason reason) {
    if (used > 0)
      ChargeShort(id, used > INT32_MAX ? UINT32_MAX : static_cast<uint32_t>(used), reason);
  }
  // The same for a run shorter than 2^32 units (the kernel's 32-bit mtime
  // differences; a span of 2^31 or more charges everything). Inline: it is on the
  // kernel's timer path.
  [[gnu::always_inline]] void ChargeShort(int id, uint32_t used, RunReason reason) {
    Sync();
    ++version_;
    if (!present(id) || used == 0) return;
    Slot& s = slot_[id];
    if (reason == RunReason::kAllocated) {
      if (s.remaining <= 0) return;
      if (used < static_cast<uint32_t>(s.remaining)) {
        s.remaining -= static_cast<int32_t>(used);
        return;
      }
      s.remaining = 0;
      if (!s.blocked) UnlinkReady(id);
    } else if (reason != RunReason::kIdle) {  // kExtra
      s.extra_turn = ++extra_round_;
    }
  }
  // Wakes domains whose time came, starts new periods, and picks what runs next.
  Decision Schedule(Time now) {
    Sync();
    return Decide(Offset(now));
  }
  // The kernel's decision path, for a `now` within reach of the epoch (InReach): the
  // common case of Schedule, inline and without calls. When the decision goes to a
  // domain owed time (reason kAllocated) and the only due events were new periods of
  // domains that had used their slice, returns that domain and sets *until;
  // otherwise (a timed wake-up, an overrun, slack, idle) returns -1 having taken
  // only some due events, and Schedule(now) then completes the same decision.
  bool InReach(Time now) const {
    return static_cast<uint64_t>(now - base_) <= static_cast<uint64_t>(kRebaseAfter);
  }
  [[gnu::always_inline]] int ScheduleOwed(Time now, Time* until);

  // The next decision worked out in advance (the kernel's timer path). A decision of
  // `payer` under `reason` that began at `start` and lasts until `at` is followed,
  // if nothing else changes the scheduler first, by the decision that
  // ChargeShort(payer, at - start, reason) and then Schedule(at) would make. PlanNext
  // works that out without changing anything and keeps it (plan()) as the few stores
  // that make it. While nothing else has changed the scheduler (Planned), Accept
  // takes that decision in one store: the plan's own stores are made when the
  // scheduler is next used (any call below that is not const, and the observers
  // deadline, remaining, ReadyOrder and EventOrder), so the caller can act on the
  // decision first. Every change makes an outstanding plan stale.
  // PlanNext covers the common case — at most one new period due at `at`, of a
  // domain that had used its slice, and a domain owed time or slack to choose — and
  // otherwise (a timed wake-up, an overrun, idle) returns false; the caller then
  // decides with ChargeShort and Schedule. Slack is planned only with `ahead`.
  // A planned decision also ends in the same 2^32-unit span of time as it began
  // (the high words of `at` and `until` are equal; PlanNext declines the rare one
  // that crosses), so the kernel sets the timer for its end with one store.
  // Two ahead (with `ahead`, when the decision running meanwhile is on slack and the
  // last plan was not wasted): PlanNext also plans the successor, the decision at
  // the planned one's `until` after it ran to its end, when that one is owed time;
  // once the first is accepted, plan() and Planned() are about the second, so
  // back-to-back decisions that end at their timers go through plans in turn.
  struct Plan {
    uint32_t version = 0;   // the scheduler's state it applies to (0: none)
    int8_t domain = -1;     // the decision: who runs from `at`...
    RunReason reason = RunReason::kAllocated;  // ...owed time or on slack
    // What the stores change. Indices are kScratch where nothing changes.
    int8_t payer = kScratch;
    int8_t unlinked = kScratch;    // the payer, when the charge ends what it is owed
    int8_t due = kScratch;         // the domain whose new period starts at `at`
    int8_t ready_pred = kScratch;  // the due domain's place in the ready list...
    int8_t event_pred = kScratch;  // ...and in the event list (kScratch: the head)
    int8_t ready = kNone;          // the heads of the lists afterwards
    int8_t events = kNone;
    int8_t due_next_ready = kNone;
    int8_t due_next_event = kNone;
    int32_t payer_remaining = 0;
    uint32_t payer_extra_turn = 0;
    uint32_t extra_round = 0;
    int32_t due_deadline = 0;
    int32_t due_remaining = 0;
    Time at = 0;               // when the decision is taken
    Time until = 0;            // as Decision::until
    uint32_t deadline_lo = 0;  // the low word of the chosen domain's deadline
  };
  // `ahead`: the caller plans on its way to a decision on slack and may spend more
  // (a slack decision is planned too, and the successor; see PlanNext in the .cc).
  bool PlanNext(int payer, RunReason reason, Time start, Time at, bool ahead);
  const Plan& plan() const { return *next_; }
  bool Planned() const { return next_->version == version_; }
  // Takes the planned decision (Planned() must hold): the next plan, if any, is the
  // one due next. No version change: a plan is taken at most once because next_
  // moves past it, and every change of the state advances version_ past them all.
  [[gnu::always_inline]] void Accept() { ++next_; }

  Atropos(const Atropos&) = delete;  // next_ and synced_ point into the object
  Atropos& operator=(const Atropos&) = delete;

  bool present(int id) const { return InRange(id) && slot_[id].present; }
  bool runnable(int id) const { return present(id) && !slot_[id].blocked; }
  Time deadline(int id) {
    Sync();
    return base_ + slot_[id].deadline;
  }
  Time remaining(int id) {
    Sync();
    return slot_[id].remaining;
  }
  const SchedParams& params(int id) const { return cold_[id].params; }
  // Counts the domains Schedule has unblocked because their time came, so a caller
  // can tell whether a decision woke anyone without scanning.
  uint32_t timed_wakeups() const { return timed_wakeups_; }
  // The two lists, head first (tests): the ready list in EDF order, the event list
  // by time due. Returns the number of ids written to `ids` (at most kMaxDomains).
  int ReadyOrder(int* ids) {
    Sync();
    return Walk(ready_, &Slot::next_ready, ids);
  }
  int EventOrder(int* ids) {
    Sync();
    return Walk(events_, &Slot::next_event, ids);
  }

 private:
  // Offsets from base_. kFar: a wake-up beyond what an offset can hold (or none).
  static constexpr int32_t kFar = INT32_MAX;
  static constexpr Time kRebaseAfter = INT32_MAX - kMaxPeriod;
  static constexpr int32_t kStale = -static_cast<int32_t>(kMaxPeriod);
  static_assert(kRebaseAfter > 0, "kMaxPeriod must leave room in 32-bit offsets");
  static_assert(kMaxDomains < 127, "list links are 8-bit (and kScratch too)");

  // What a decision reads, all 32-bit, in 32 bytes (the kernel indexes by a shift).
  struct Slot {
    int32_t deadline = 0;   // offset from base_
    int32_t remaining = 0;
    // Its place in the event list: the deadline while runnable, the wake-up while
    // blocked (kFar: none, and not in the list).
    int32_t key = kFar;
    int32_t period = 0;
    int32_t slice = 0;
    uint32_t extra_turn = 0;  // last round in which the domain had extra time
    int8_t next_ready = kNone;
    int8_t next_event = kNone;
    bool present = false;
    bool blocked = false;
    bool extra = false;
  };
  // What only unblocking, a rebase and the parameters' readers use.
  struct Cold {
    // A fresh start from the latency hint, worked out when the parameters are set
    // (so unblocking divides nothing): window min(l, p) and time owed s*min(l, p)/p.
    int32_t fresh_window = 0;
    int32_t fresh_remaining = 0;
    Time wake_at = kForever;  // while blocked: its wake-up, exactly
    SchedParams params;
  };
  static bool InRange(int id) { return id >= 0 && id < kMaxDomains; }
  // Makes the stores of the accepted plans, before anything reads or changes the state.
  [[gnu::always_inline]] void Sync() {
    if (next_ != synced_) [[unlikely]] CommitAccepted();
  }
  [[gnu::always_inline]] inline void CommitAccepted();
  // A plan's stores, in order (the payer's before the due domain's: they may be the
  // same domain).
  [[gnu::always_inline]] inline void Store(const Plan& p);
  // `slack`: a decision on slack may be planned (otherwise only one owed time).
  [[gnu::noinline]] bool PlanStep(Plan* p, int payer, RunReason reason, Time start, Time at,
                                  bool slack);
  void PlanSuccessor();
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
  [[gnu::cold, gnu::noinline]] void Rebase(Time now);
  void SetUp(int id, const SchedParams& params, int32_t now);
  [[gnu::always_inline]] inline void Relink(int id);
  [[gnu::always_inline]] inline void UnlinkAll(int id);
  int Walk(int8_t head, int8_t Slot::*next, int* ids) const;
  [[gnu::always_inline]] inline void Unlink(int8_t* head, int8_t Slot::*next, int id);
  void UnlinkReady(int id) { Unlink(&ready_, &Slot::next_ready, id); }
  void UnlinkEvent(int id) { Unlink(&events_, &Slot::next_event, id); }
  [[gnu::always_inline]] inline void InsertReady(int id);
  [[gnu::always_inline]] inline void InsertEvent(int id);
  [[gnu::always_inline]] inline void UnblockAt(int id, int32_t now);
  [[gnu::always_inline]] inline void StartPeriod(int id, int32_t now);
  Decision Decide(int32_t now);

  Slot slot_[kMaxDomains + 1];  // and kScratch
  int8_t ready_ = kNone;   // head of the ready list
  int8_t events_ = kNone;  // head of the event list
  int32_t quantum_;
  uint32_t extra_round_ = 0;
  uint32_t timed_wakeups_ = 0;
  uint32_t version_ = 1;  // advanced by every change (Plan::version)
  // The plans of the next two decisions and one that never applies (version 0),
  // which next_ reaches after both are taken. [synced_, next_) are taken, their
  // stores not yet made.
  Plan plans_[3];
  Plan* next_ = plans_;
  Plan* synced_ = plans_;
  int limit_ = 0;  // one past the highest id ever added: the slack scan stops there
  Time base_ = 0;  // the epoch of every offset
  Cold cold_[kMaxDomains];
};

// A walk from the head (the lists are short; the domain is usually near it). A domain
// not in the list is left alone.
inline void Atropos::Unlink(int8_t* head, int8_t Slot::*next, int id) {
  int8_t* link = head;
  while (*link != id) {
    if (*link == kNone) return;
    link = &(slot_[*link].*next);
  }
  *link = slot_[id].*next;
  slot_[id].*next = kNone;
}

// After every domain ahead of it in EDF order (earlier deadline; the same deadline and
// a lower id). The head is tried first: a domain whose period just started usually
// has the earliest deadline.
inline void Atropos::InsertReady(int id) {
  Slot& s = slot_[id];
  const int head = ready_;
  if (head == kNone || s.deadline < slot_[head].deadline ||
      (s.deadline == slot_[head].deadline && id < head)) [[likely]] {
    s.next_ready = static_cast<int8_t>(head);
    ready_ = static_cast<int8_t>(id);
    return;
  }
  int at = head;
  for (int next = slot_[at].next_ready; next != kNone; next = slot_[at].next_ready) {
    const Slot& o = slot_[next];
    if (s.deadline < o.deadline || (s.deadline == o.deadline && id < next)) break;
    at = next;
  }
  s.next_ready = slot_[at].next_ready;
  slot_[at].next_ready = static_cast<int8_t>(id);
}

// Before every domain due later than it (after those due at the same time).
inline void Atropos::InsertEvent(int id) {
  Slot& s = slot_[id];
  const int head = events_;
  if (head == kNone || s.key < slot_[head].key) [[likely]] {
    s.next_event = static_cast<int8_t>(head);
    events_ = static_cast<int8_t>(id);
    return;
  }
  int at = head;
  for (int next = slot_[at].next_event; next != kNone && slot_[next].key <= s.key;
       next = slot_[at].next_event)
    at = next;
  s.next_event = slot_[at].next_event;
  slot_[at].next_event = static_cast<int8_t>(id);
}

inline void Atropos::UnblockAt(int id, int32_t now) {
  Slot& s = slot_[id];
  Cold& c = cold_[id];
  s.blocked = false;
  c.wake_at = kForever;
  const Time left = static_cast<Time>(s.deadline) - now;
  // left <= p and r <= s <= p, so both products fit (p <= kMaxPeriod).
  if (left <= 0 || static_cast<Time>(s.remaining) * s.period > left * s.slice) {
    s.deadline = now + c.fresh_window;
    s.remaining = c.fresh_remaining;
  }
  // Back in both lists (it is in neither: the caller took it off the event list).
  s.key = s.deadline;
  if (s.remaining > 0) InsertReady(id);
  InsertEvent(id);
}

// A runnable domain whose deadline came, already off the event list and out of the
// ready list: its next period (normally one; more only after an overrun, overload or
// a long stall), back in the lists. t <= kRebaseAfter, so t + p stays within 32 bits.
inline void Atropos::StartPeriod(int id, int32_t t) {
  Slot& s = slot_[id];
  int32_t deadline = s.deadline + s.period;
  while (deadline <= t) [[unlikely]] deadline += s.period;
  s.deadline = deadline;
  s.key = deadline;
  s.remaining = s.slice;
  if (s.slice > 0) InsertReady(id);
  InsertEvent(id);
}

inline int Atropos::ScheduleOwed(Time now, Time* until) {
  Sync();
  ++version_;
  const int32_t t = static_cast<int32_t>(now - base_);
  int next = events_;
  if (next == kNone) [[unlikely]] return -1;
  if (slot_[next].key <= t) {
    // One due event inline: the new period of a domain that used its slice.
    const int id = next;
    Slot& s = slot_[id];
    // A wake-up, or a period ending with time still owed: Decide takes it.
    if (s.blocked || s.remaining > 0) [[unlikely]] return -1;
    events_ = s.next_event;  // off the head (StartPeriod links it again)
    StartPeriod(id, t);
    next = events_;
    if (slot_[next].key <= t) [[unlikely]] return -1;  // another one due
  }
  const int best = ready_;
  if (best == kNone) [[unlikely]] return -1;
  // Until the earliest event (the chosen domain's own deadline included, which is
  // harmless as its run is bounded by it anyway) or the end of what it is owed. Both
  // are after t.
  const int32_t next_event = slot_[next].key;
  const int32_t end = t + slot_[best].remaining;
  *until = base_ + static_cast<uint32_t>(end < next_event ? end : next_event);
  return best;
}


// Inline (no call): a call on the kernel's paths would make them save registers.
inline void Atropos::CommitAccepted() {
  for (const Plan* p = synced_; p != next_; ++p) Store(*p);
  synced_ = next_;
}

inline void Atropos::Store(const Plan& p) {
  Slot& c = slot_[p.payer];
  c.remaining = p.payer_remaining;
  c.extra_turn = p.payer_extra_turn;
  slot_[p.unlinked].next_ready = kNone;
  extra_round_ = p.extra_round;
  Slot& e = slot_[p.due];  // after the payer's stores: they may be the same domain
  e.deadline = p.due_deadline;
  e.key = p.due_deadline;
  e.remaining = p.due_remaining;
  e.next_ready = p.due_next_ready;
  e.next_event = p.due_next_event;
  slot_[p.ready_pred].next_ready = p.due;
  slot_[p.event_pred].next_event = p.due;
  ready_ = p.ready;
  events_ = p.events;
}

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_POLICY_ATROPOS_H_
