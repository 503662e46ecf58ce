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
  Sync();
  ++version_;
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
  Sync();
  ++version_;
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
  Sync();
  ++version_;
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
  Sync();
  ++version_;
  if (!present(id)) return;
  UnlinkAll(id);
  Slot& s = slot_[id];
  s.blocked = true;
  cold_[id].wake_at = wake;
  s.key = WakeOffset(wake);
  Relink(id);
}

void Atropos::Unblock(int id, Time now) {
  Sync();
  ++version_;
  if (!present(id) || !slot_[id].blocked) return;
  const int32_t t = Offset(now);
  if (slot_[id].key != kFar) UnlinkEvent(id);
  UnblockAt(id, t);
}

void Atropos::Yield(int id) {
  Sync();
  ++version_;
  if (!present(id)) return;
  if (!slot_[id].blocked && slot_[id].remaining > 0) UnlinkReady(id);
  slot_[id].remaining = 0;
}

Decision Atropos::Decide(int32_t t) {
  ++version_;
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
  ++version_;
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

bool Atropos::PlanNext(int payer, RunReason reason, Time start, Time at, bool ahead) {
  Sync();
  // The last plan was made and none of it taken: something other than the timer
  // (events, kernel calls) keeps ending decisions, and planning more is wasted.
  const bool wasted = plans_[0].version != 0 && next_ == plans_;
  next_ = synced_ = plans_;
  plans_[0].version = 0;
  plans_[1].version = 0;
  if (!present(payer) || events_ == kNone) return false;
  // Who pays: the caller plans on its way to the decision that is starting, in that
  // decision's time. When it is owed time (a reservation pays), only a decision owed
  // time is planned, as cheaply as that can be told; when it runs on slack, which is
  // nobody's guarantee, and the caller asks (`ahead`: the kernel's timer path, whose
  // decisions mostly end at their time) and the last plan was not wasted, a slack
  // decision too, and two ahead (the successor, only when owed time: a decision on
  // slack may well take the full path, which then plans on slack's time again).
  const bool on_slack = ahead && !wasted && reason == RunReason::kExtra;
  if (!on_slack) {
    // Slack goes on at `at` (nobody owed time then and no new period due), told
    // apart before the work of a plan.
    const Slot& c = slot_[payer];
    const bool used_up = at - start >= c.remaining;
    const int ready = used_up && ready_ == payer ? c.next_ready : ready_;
    if (ready == kNone && base_ + slot_[events_].key > at) return false;
  }
  if (!PlanStep(&plans_[0], payer, reason, start, at, on_slack)) return false;
  if (on_slack) PlanSuccessor();
  return true;
}

// The successor of plans_[0]: PlanStep on the state that plans_[0]'s stores make,
// which are made for it and then undone (every field they write is saved first, so
// the order of the undoing does not matter even where the stores overlap).
void Atropos::PlanSuccessor() {
  const Plan& a = plans_[0];
  Slot& c = slot_[a.payer];
  Slot& e = slot_[a.due];
  int8_t& unlinked_next = slot_[a.unlinked].next_ready;
  int8_t& pred_ready = slot_[a.ready_pred].next_ready;
  int8_t& pred_event = slot_[a.event_pred].next_event;
  // Field by field (a whole Slot copy would be a call to memcpy).
  const int32_t c_remaining = c.remaining, e_deadline = e.deadline, e_key = e.key;
  const int32_t e_remaining = e.remaining;
  const uint32_t c_turn = c.extra_turn;
  const int8_t e_next_ready = e.next_ready, e_next_event = e.next_event;
  const int8_t unlinked_next0 = unlinked_next, pred_ready0 = pred_ready, pred_event0 = pred_event;
  const int8_t ready0 = ready_, events0 = events_;
  const uint32_t round0 = extra_round_;
  Store(a);
  PlanStep(&plans_[1], a.domain, a.reason, a.at, a.until, false);
  events_ = events0;
  ready_ = ready0;
  extra_round_ = round0;
  pred_event = pred_event0;
  pred_ready = pred_ready0;
  unlinked_next = unlinked_next0;
  e.next_event = e_next_event;
  e.next_ready = e_next_ready;
  e.remaining = e_remaining;
  e.key = e_key;
  e.deadline = e_deadline;
  c.extra_turn = c_turn;
  c.remaining = c_remaining;
}

bool Atropos::PlanStep(Plan* p, int payer, RunReason reason, Time start, Time at, bool slack) {
  if (at < start || at - start > INT32_MAX || !InReach(at)) return false;
  const int32_t t = static_cast<int32_t>(at - base_);
  const uint32_t used = static_cast<uint32_t>(at - start);
  const Slot& c = slot_[payer];
  // The charge (ChargeShort).
  int32_t c_remaining = c.remaining;
  uint32_t c_turn = c.extra_turn;
  uint32_t round = extra_round_;
  int ready = ready_;
  int unlinked = kScratch;
  if (used > 0 && reason == RunReason::kAllocated && c.remaining > 0) {
    if (used < static_cast<uint32_t>(c.remaining)) {
      c_remaining -= static_cast<int32_t>(used);
    } else {
      c_remaining = 0;
      if (!c.blocked) {
        if (ready != payer) return false;  // not the head: left to ChargeShort
        ready = c.next_ready;
        unlinked = payer;
      }
    }
  } else if (used > 0 && reason == RunReason::kExtra) {
    c_turn = ++round;
  }
  // The due event, if any (Decide): a new period of a domain that used its slice.
  int events = events_;
  if (events == kNone) return false;
  int due = kScratch;
  int ready_pred = kScratch, event_pred = kScratch;
  int due_next_ready = kNone, due_next_event = kNone;
  int32_t due_deadline = 0, due_remaining = 0;
  const Slot& e = slot_[events];
  if (e.key <= t) {
    due = events;
    if (e.blocked || (due == payer ? c_remaining : e.remaining) > 0) return false;
    due_deadline = e.deadline + e.period;
    if (due_deadline <= t) return false;  // more than one period: Schedule
    due_remaining = e.slice;
    const int rest = e.next_event;
    if (rest != kNone && slot_[rest].key <= t) return false;  // another one due
    // Back in the event list (InsertEvent): after every domain due no later.
    if (rest == kNone || due_deadline < slot_[rest].key) {
      due_next_event = rest;
    } else {
      int after = rest;
      for (int n = slot_[after].next_event; n != kNone && slot_[n].key <= due_deadline;
           n = slot_[after].next_event)
        after = n;
      event_pred = after;
      due_next_event = slot_[after].next_event;
      events = rest;
    }
    // In the ready list (InsertReady): after every domain ahead of it in EDF order.
    if (due_remaining > 0) {
      auto before = [&](int o) {
        return due_deadline < slot_[o].deadline || (due_deadline == slot_[o].deadline && due < o);
      };
      if (ready == kNone || before(ready)) {
        due_next_ready = ready;
        ready = due;
      } else {
        int after = ready;
        for (int n = slot_[after].next_ready; n != kNone && !before(n); n = slot_[after].next_ready)
          after = n;
        ready_pred = after;
        due_next_ready = slot_[after].next_ready;
      }
    }
  }
  // The choice (Decide): the head of the ready list, until the earliest event or the
  // end of what it is owed; with nobody owed time, slack: the runnable extra-time
  // domain that waited longest since its quantum (ties: lower id), for a quantum.
  const int32_t next_event = events == due ? due_deadline : slot_[events].key;
  int chosen = ready;
  RunReason why = RunReason::kAllocated;
  int32_t end;
  if (ready != kNone) {
    end = t + (ready == due     ? due_remaining
               : ready == payer ? c_remaining
                                : slot_[ready].remaining);
  } else {
    if (!slack) return false;
    uint32_t best = 0;
    for (int i = 0; i < limit_; ++i) {
      const Slot& o = slot_[i];
      if (!o.present || o.blocked || !o.extra) continue;
      const uint32_t turn = i == payer ? c_turn : o.extra_turn;
      if (chosen == kNone || turn < best) {
        chosen = i;
        best = turn;
      }
    }
    if (chosen == kNone) return false;  // idle: Schedule
    why = RunReason::kExtra;
    end = t + quantum_;
  }
  const int32_t deadline = chosen == due ? due_deadline : slot_[chosen].deadline;
  const Time until = base_ + static_cast<uint32_t>(end < next_event ? end : next_event);
  // The timer for its end: one store (see Plan).
  if ((static_cast<uint64_t>(until) >> 32) != (static_cast<uint64_t>(at) >> 32)) return false;
  p->domain = static_cast<int8_t>(chosen);
  p->reason = why;
  p->payer = static_cast<int8_t>(payer);
  p->unlinked = static_cast<int8_t>(unlinked);
  p->due = static_cast<int8_t>(due);
  p->ready_pred = static_cast<int8_t>(ready_pred);
  p->event_pred = static_cast<int8_t>(event_pred);
  p->ready = static_cast<int8_t>(ready);
  p->events = static_cast<int8_t>(events);
  p->due_next_ready = static_cast<int8_t>(due_next_ready);
  p->due_next_event = static_cast<int8_t>(due_next_event);
  p->payer_remaining = c_remaining;
  p->payer_extra_turn = c_turn;
  p->extra_round = round;
  p->due_deadline = due_deadline;
  p->due_remaining = due_remaining;
  p->at = at;
  p->until = until;
  p->deadline_lo = static_cast<uint32_t>(base_ + deadline);
  p->version = version_;
  return true;
}

}  // namespace pegasus::kernel
