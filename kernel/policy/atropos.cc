// Atropos: the rules are stated in atropos.h; the decision and the charge, which run
// on every timer interrupt of the kernel, are inline there. Here: parameters, blocking
// and unblocking, the slack round robin and the moving epoch, each keeping the event
// and ready lists in order.
#include "kernel/policy/atropos.h"

namespace pegasus::kernel {

namespace {
Time Min(Time a, Time b) { return a < b ? a : b; }
}  // namespace

bool Atropos::Valid(const SchedParams& p) {
  return p.period > 0 && p.period <= kMaxPeriod && p.slice >= 0 && p.slice <= p.period &&
         p.latency >= 0;
}

bool Atropos::Add(int id, const SchedParams& params, Time now) {
  if (!InRange(id) || slot_[id].present || !Valid(params)) return false;
  const int32_t t = Offset(now);
  slot_[id] = Slot{};
  cold_[id] = Cold{};
  slot_[id].present = true;
  SetUp(id, params, t);
  if (id >= limit_) limit_ = id + 1;
  return true;
}

bool Atropos::SetParams(int id, const SchedParams& params, Time now) {
  if (!present(id) || !Valid(params)) return false;
  SetUp(id, params, Offset(now));
  return true;
}

void Atropos::SetUp(int id, const SchedParams& params, int32_t now) {
  UnlinkAll(id);
  Slot& s = slot_[id];
  Cold& c = cold_[id];
  c.params = params;
  s.period = static_cast<int32_t>(params.period);
  s.slice = static_cast<int32_t>(params.slice);
  s.extra = params.extra;
  s.deadline = now + s.period;  // now <= kRebaseAfter: no overflow
  s.remaining = s.slice;
  const Time p = params.period;
  const Time l = params.latency > 0 ? Min(params.latency, p) : p;
  c.fresh_window = static_cast<int32_t>(l);
  // s * l <= p * p fits in 64 bits because p <= kMaxPeriod.
  c.fresh_remaining = static_cast<int32_t>(l == p ? params.slice : params.slice * l / p);
  Relink(id);
}

// Takes a present domain out of the lists it is in; Relink puts it back by its state.
inline void Atropos::UnlinkAll(int id) {
  const Slot& s = slot_[id];
  if (!s.blocked && s.remaining > 0) UnlinkReady(id);
  if (!s.blocked || s.key != kFar) UnlinkEvent(id);
}

inline void Atropos::Relink(int id) {
  Slot& s = slot_[id];
  if (!s.blocked) {
    s.key = s.deadline;
    if (s.remaining > 0) InsertReady(id);
  }
  if (s.key != kFar) InsertEvent(id);
}

int Atropos::Walk(int8_t head, int8_t Slot::*next, int* ids) const {
  int n = 0;
  for (int at = head; at != kNone && n < kMaxDomains; at = slot_[at].*next) ids[n++] = at;
  return n;
}

void Atropos::Remove(int id) {
  if (!present(id)) return;
  UnlinkAll(id);
  slot_[id] = Slot{};
  cold_[id] = Cold{};
}

int32_t Atropos::WakeOffset(Time wake) const {
  if (wake == kForever) return kFar;
  const Time t = wake - base_;
  if (t >= kFar) return kFar;  // kept exactly in wake_at; a rebase brings it in range
  return t < 0 ? 0 : static_cast<int32_t>(t);  // already due: any offset <= now
}

void Atropos::Block(int id, Time wake) {
  if (!present(id)) return;
  UnlinkAll(id);
  Slot& s = slot_[id];
  s.blocked = true;
  cold_[id].wake_at = wake;
  s.key = WakeOffset(wake);
  Relink(id);
}

void Atropos::Unblock(int id, Time now) {
  if (!present(id) || !slot_[id].blocked) return;
  const int32_t t = Offset(now);
  if (slot_[id].key != kFar) UnlinkEvent(id);
  UnblockAt(id, t);
}

void Atropos::Yield(int id) {
  if (!present(id)) return;
  if (!slot_[id].blocked && slot_[id].remaining > 0) UnlinkReady(id);
  slot_[id].remaining = 0;
}

Decision Atropos::Decide(int32_t t) {
  // The due events, earliest first: a blocked domain whose wake-up came unblocks
  // (latency rule), a runnable domain whose deadline passed starts its next period.
  // Both leave the domain with a deadline after t, back in the lists.
  for (int id = events_; id != kNone && slot_[id].key <= t; id = events_) {
    Slot& s = slot_[id];
    events_ = s.next_event;  // the head
    s.next_event = kNone;
    if (s.blocked) {
      UnblockAt(id, t);
      ++timed_wakeups_;
    } else {
      if (s.remaining > 0) UnlinkReady(id);
      StartPeriod(id, t);
    }
  }
  // The next decision is due by the earliest event (the chosen domain's own deadline
  // included, which is harmless as its run is bounded by it anyway).
  int32_t until = events_ != kNone ? slot_[events_].key : kFar;
  Decision d;
  if (ready_ != kNone) {
    // EDF: the head of the ready list.
    d.domain = ready_;
    d.reason = RunReason::kAllocated;
    if (t + slot_[ready_].remaining < until) until = t + slot_[ready_].remaining;
  } else {
    // Slack: the runnable extra-time domain that waited longest since its quantum
    // (ties: lower id), for at most a quantum.
    const Slot* pick = nullptr;
    for (const Slot* s = slot_; s != slot_ + limit_; ++s) {
      if (s->present && !s->blocked && s->extra &&
          (pick == nullptr || s->extra_turn < pick->extra_turn))
        pick = s;
    }
    if (pick != nullptr) {
      d.domain = static_cast<int>(pick - slot_);
      d.reason = RunReason::kExtra;
      if (t + quantum_ < until) until = t + quantum_;
    }
  }
  d.until = base_ + until;
  return d;
}

void Atropos::Rebase(Time now) {
  const Time shift = now - base_;
  base_ = now;
  ready_ = kNone;
  events_ = kNone;
  for (int id = 0; id < limit_; ++id) {
    Slot& s = slot_[id];
    s.next_ready = kNone;
    s.next_event = kNone;
    if (!s.present) continue;
    Time d = s.deadline - shift;
    if (d < kStale) {
      if (s.blocked) {
        // Only Unblock reads it, and only to see that it has passed.
        d = kStale;
      } else {
        // A runnable domain whose periods were not started for a long time: skip
        // whole periods (its phase is kept) and leave the last step to Schedule.
        const Time p = s.period;
        d += (kStale - d + p - 1) / p * p;
      }
    }
    s.deadline = static_cast<int32_t>(d);
    if (s.blocked) s.key = WakeOffset(cold_[id].wake_at);
    Relink(id);
  }
}

}  // namespace pegasus::kernel
