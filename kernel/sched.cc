// Scheduling glue between the trap handler and Atropos. The decision path itself —
// charging the payer of the decision that ran, deactivating the domain that leaves,
// asking Atropos, dispatching (an activation or a plain resume) with the domain's
// PMP set and the one-shot timer set for the decision's end — is inline in
// dispatch.h; here are Reschedule (that path under the ordinary calling
// convention), its rare cases, idle, and the moves within a decision. Within a
// decision the processor may move without a new one (synchronous send, protected
// call): those moves only account processor time and switch PMP; the payer is
// charged once, for the whole decision, when it ends. When nothing is runnable the
// kernel idles in wfi with interrupts still off and delivers them inline.
// All of Kernel is guarded by "interrupts off" (kernel.h).
#include "kernel/dispatch.h"

namespace pegasus::kernel {

using namespace arch;

Kernel kernel;

namespace {

// Blocked domains that Atropos woke because their time came.
void CollectTimeouts(Time now) {
  for (int i = 0; i < kernel.domain_count; ++i) {
    Domain& d = kernel.domains[i];
    if (d.state == DomainState::kBlocked && kernel.atropos.runnable(i))
      WakeDomain(i, kReasonTimeout, now);
  }
}

void Idle(Time until) {
  SetTimer(until);
  while (!(Read_mip() & (kIrqMachineTimer | kIrqMachineSoftware))) WaitForInterrupt();
  if (Read_mip() & kIrqMachineSoftware) DeliverInterrupt(Now());
}

}  // namespace

void WakeDomain(int id, uint32_t reason, Time now) {
  Domain& d = kernel.domains[id];
  if (d.state != DomainState::kBlocked) return;
  d.state = DomainState::kRunnable;
  kernel.atropos.Unblock(id, now < 0 ? Now() : now);
  const uint32_t wake = reason == kReasonEvent ? kWakeEvent : kWakeTimeout;
  // kBlock's result, in whichever context the domain will continue from.
  (d.pending == kPendingVector ? d.dib->save : d.ctx).r[10] = wake;
  if (d.pending != kPendingNone) d.wake_reason = static_cast<uint8_t>(reason);
}

void DeliverInterrupt(Time now) {
  ClearSoftwareInterrupt();
  if (kernel.irq_domain < 0) return;
  uint32_t count;
  if (kernel.events.Raise(kernel.irq_domain, kernel.irq_endpoint, &count) != EventError::kOk)
    return;
  Domain& d = kernel.domains[kernel.irq_domain];
  d.dib->events[kernel.irq_endpoint] = count;
  WakeDomain(kernel.irq_domain, kReasonEvent, now);
}

// The decision path's uncommon cases (dispatch.h): the decision, begun inline or not,
// is completed by Schedule at the same time.
Context* DecideSlow(Time now, bool ahead) {
  kernel.current = -1;  // the domain that left is accounted and deactivated
  for (;;) {
    const uint32_t woken = kernel.atropos.timed_wakeups();
    const Decision dec = kernel.atropos.Schedule(now);
    if (kernel.atropos.timed_wakeups() != woken) CollectTimeouts(now);
    if (dec.domain >= 0) {
      Begin(dec, now);
      SetTimer(dec.until);
      PlanNext(now, dec.until, ahead);
      return Dispatch(dec.domain);
    }
    Idle(dec.until);
    now = Now();
    kernel.account_lo = static_cast<uint32_t>(now);  // idle time is nobody's
  }
}

Context* DispatchSlowTimer(int id, Time start, Time until) {
  SetTimerSlow(until);
  PlanNext(start, until, false);  // a decision owed time: nothing more to plan ahead
  return Dispatch(id);
}

Context* Reschedule() { return ReschedulePath<false>(); }

Context* RescheduleTimer() { return ReschedulePath<true>(); }

Context* HandOff(int next) {
  // The receiver runs on what is left of the payer's decision, without a new one:
  // Atropos is asked again when that decision ends (the timer stays; if it is already
  // due, decide now) or when the receiver blocks, which hands the processor back to
  // the payer (HandBack).
  if (Read_mip() & kIrqMachineTimer) return RescheduleTimer();  // the decision has ended
  if (!kernel.atropos.runnable(next)) return Reschedule();
  Domain& d = kernel.domains[kernel.current];
  AccountTo(d, ReadMtimeLo());
  Deactivate(d);
  return Dispatch(next);
}

Context* HandBack() {
  const int payer = kernel.payer;
  if (payer < 0 || payer == kernel.current || !kernel.atropos.runnable(payer))
    return Reschedule();
  return HandOff(payer);
}

Context* SwitchTo(int next) {
  AccountTo(kernel.domains[kernel.current], ReadMtimeLo());
  return Enter(kernel.domains[next], next);
}


}  // namespace pegasus::kernel
