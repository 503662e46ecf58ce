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
  s.params = params;
  s.deadline = now + params.period;
  s.remaining = params.slice;
  if (id >= limit_) limit_ = id + 1;
  return true;
}

bool Atropos::SetParams(int id, const SchedParams& params, Time now) {
  if (!present(id) || !Valid(params)) return false;
  Slot& s = slot_[id];
  s.params = params;
  s.deadline = now + params.period;
  s.remaining = params.slice;
  return true;
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
  const Time p = s.params.period;
  const Time l = s.params.latency > 0 ? Min(s.params.latency, p) : p;
  s.deadline = now + l;
  // s * l <= p * p fits in 64 bits because p <= kMaxPeriod.
  s.remaining = s.params.slice * l / p;
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
  // included, which is harmless as its run is bounded by it anyway).
  int best = -1, pick = -1;
  Time best_deadline = kForever;
  uint32_t pick_turn = 0;
  Time next_event = kForever;
  for (int i = 0; i < limit_; ++i) {
    Slot& s = slot_[i];
    if (!s.present) continue;
    if (s.blocked) {
      if (s.wake > now) {
        next_event = Min(next_event, s.wake);
        continue;
      }
      Unblock(i, now);
    }
    if (s.deadline <= now) {
      // Normally one period; more only after an overrun (overload or a long stall).
      do s.deadline += s.params.period; while (s.deadline <= now);
      s.remaining = s.params.slice;
    }
    next_event = Min(next_event, s.deadline);
    if (s.remaining > 0 && s.deadline < best_deadline) {
      best = i;
      best_deadline = s.deadline;
    }
    if (s.params.extra && (pick < 0 || s.extra_turn < pick_turn)) {
      pick = i;
      pick_turn = s.extra_turn;
    }
  }
  Decision d;
  if (best >= 0) {
    d.domain = best;
    d.reason = RunReason::kAllocated;
    d.until = Min(now + slot_[best].remaining, next_event);
  } else if (pick >= 0) {
    // Slack: the runnable extra-time domain that waited longest since its quantum.
    d.domain = pick;
    d.reason = RunReason::kExtra;
    d.until = Min(now + kExtraQuantumNs, next_event);
  } else {
    d.until = next_event;
  }
  return d;
}

}  // namespace pegasus::kernel
