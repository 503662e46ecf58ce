// Atropos: the rules are stated in atropos.h; the decision and the charge, which run
// on every timer interrupt of the kernel, are inline there.
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
  SetUp(s, params, Offset(now));
  if (id >= limit_) limit_ = id + 1;
  return true;
}

bool Atropos::SetParams(int id, const SchedParams& params, Time now) {
  if (!present(id) || !Valid(params)) return false;
  SetUp(slot_[id], params, Offset(now));
  return true;
}

void Atropos::SetUp(Slot& s, const SchedParams& params, int32_t now) {
  s.params = params;
  s.period = static_cast<int32_t>(params.period);
  s.slice = static_cast<int32_t>(params.slice);
  s.extra = params.extra;
  s.deadline = now + s.period;  // now <= kRebaseAfter: no overflow
  s.remaining = s.slice;
  const Time p = params.period;
  const Time l = params.latency > 0 ? Min(params.latency, p) : p;
  s.fresh_window = static_cast<int32_t>(l);
  // s * l <= p * p fits in 64 bits because p <= kMaxPeriod.
  s.fresh_remaining = static_cast<int32_t>(l == p ? params.slice : params.slice * l / p);
}

void Atropos::Remove(int id) {
  if (InRange(id)) slot_[id] = Slot{};
}

int32_t Atropos::WakeOffset(Time wake) const {
  if (wake == kForever) return kFar;
  const Time t = wake - base_;
  if (t >= kFar) return kFar;  // kept exactly in wake_at; a rebase brings it in range
  return t < 0 ? 0 : static_cast<int32_t>(t);  // already due: any offset <= now
}

void Atropos::Block(int id, Time wake) {
  if (!present(id)) return;
  Slot& s = slot_[id];
  s.blocked = true;
  s.wake_at = wake;
  s.wake = WakeOffset(wake);
}

void Atropos::Unblock(int id, Time now) {
  if (!present(id) || !slot_[id].blocked) return;
  const int32_t t = Offset(now);
  UnblockAt(slot_[id], t);
}

void Atropos::Rebase(Time now) {
  const Time shift = now - base_;
  base_ = now;
  for (Slot* s = slot_; s != slot_ + limit_; ++s) {
    if (!s->present) continue;
    Time d = s->deadline - shift;
    if (d < kStale) {
      if (s->blocked) {
        // Only Unblock reads it, and only to see that it has passed.
        d = kStale;
      } else {
        // A runnable domain whose periods were not started for a long time: skip
        // whole periods (its phase is kept) and leave the last step to Schedule.
        const Time p = s->period;
        d += (kStale - d + p - 1) / p * p;
      }
    }
    s->deadline = static_cast<int32_t>(d);
    if (s->blocked) s->wake = WakeOffset(s->wake_at);
  }
}

}  // namespace pegasus::kernel
