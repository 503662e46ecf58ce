// Atropos decisions; the rules are stated in atropos.h.
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
  Slot& s = slot_[id];
  s = Slot{};
  s.present = true;
  SetUp(s, params, now);
  if (id >= limit_) limit_ = id + 1;
  return true;
}

bool Atropos::SetParams(int id, const SchedParams& params, Time now) {
  if (!present(id) || !Valid(params)) return false;
  SetUp(slot_[id], params, now);
  return true;
}

void Atropos::SetUp(Slot& s, const SchedParams& params, Time now) {
  s.params = params;
  s.deadline = now + params.period;
  s.remaining = params.slice;
  const Time p = params.period;
  const Time l = params.latency > 0 ? Min(params.latency, p) : p;
  s.fresh_window = l;
  // s * l <= p * p fits in 64 bits because p <= kMaxPeriod.
  s.fresh_remaining = l == p ? params.slice : params.slice * l / p;
}

void Atropos::Remove(int id) {
  if (InRange(id)) slot_[id] = Slot{};
}

void Atropos::Block(int id, Time wake) {
  if (!present(id)) return;
  slot_[id].blocked = true;
  slot_[id].wake = wake;
}

void Atropos::StartFresh(Slot& s, Time now) {
  s.deadline = now + s.fresh_window;
  s.remaining = s.fresh_remaining;
}

void Atropos::Unblock(int id, Time now) {
  if (!present(id) || !slot_[id].blocked) return;
  Slot& s = slot_[id];
  s.blocked = false;
  s.wake = kForever;
  const Time left = s.deadline - now;
  // left <= p and r <= s <= p, so both products fit (p <= kMaxPeriod).
  if (left <= 0 || s.remaining * s.params.period > left * s.params.slice) {
    StartFresh(s, now);
  }
}

void Atropos::Charge(int id, Time used, RunReason reason) {
  if (!present(id) || used <= 0) return;
  Slot& s = slot_[id];
  if (reason == RunReason::kAllocated) {
    s.remaining = used >= s.remaining ? 0 : s.remaining - used;
  } else if (reason == RunReason::kExtra) {
    s.extra_turn = ++extra_round_;
  }
}

Decision Atropos::Schedule(Time now) {
  // One pass: wake-ups that are due, new periods, the EDF choice among domains owed
  // time, the extra-time choice, and the earliest deadline or wake-up (the time by
  // which the decision must be taken again; the chosen domain's own deadline is
  // included, which is harmless as its run is bounded by it anyway). Slots are walked
  // by pointer and the choices kept as pointers, so the loop holds few values (it runs
  // on every decision; on RV32 each Time is two registers).
  Slot* best = nullptr;  // earliest deadline among those owed time; ties: lower id
  Slot* pick = nullptr;  // extra time: the longest since its last quantum; ties: lower id
  Time next_event = kForever;
  Slot* const end = slot_ + limit_;
  for (Slot* s = slot_; s != end; ++s) {
    if (!s->present) continue;
    if (s->blocked) {
      if (s->wake > now) {
        next_event = Min(next_event, s->wake);
        continue;
      }
      Unblock(static_cast<int>(s - slot_), now);
      ++timed_wakeups_;
    }
    Time deadline = s->deadline;
    if (deadline <= now) {
      // Normally one period; more only after an overrun (overload or a long stall).
      do deadline += s->params.period; while (deadline <= now);
      s->deadline = deadline;
      s->remaining = s->params.slice;
    }
    next_event = Min(next_event, deadline);
    if (s->remaining > 0 && (best == nullptr || deadline < best->deadline)) best = s;
    if (s->params.extra && (pick == nullptr || s->extra_turn < pick->extra_turn)) pick = s;
  }
  Decision d;
  if (best != nullptr) {
    d.domain = static_cast<int>(best - slot_);
    d.reason = RunReason::kAllocated;
    d.until = Min(now + best->remaining, next_event);
  } else if (pick != nullptr) {
    // Slack: the runnable extra-time domain that waited longest since its quantum.
    d.domain = static_cast<int>(pick - slot_);
    d.reason = RunReason::kExtra;
    d.until = Min(now + kExtraQuantumNs, next_event);
  } else {
    d.until = next_event;
  }
  return d;
}

}  // namespace pegasus::kernel
