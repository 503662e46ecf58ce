// Scheduling glue between the trap handler and Atropos: charging the payer of the
// decision that ran, deactivating the domain that leaves (its context to the DIB if
// its activations are enabled), asking Atropos for the next decision, and
// dispatching — an activation (jump to the DIB's vector with the reason) or a plain
// resume — with the domain's PMP set and the one-shot timer set for the decision's
// end. Within a decision the processor may move without a new one (synchronous send,
// protected call): those moves only account processor time and switch PMP; the payer
// is charged once, for the whole decision, when it ends. When nothing is runnable the
// kernel idles in wfi with interrupts still off and delivers them inline.
// All of Kernel is guarded by "interrupts off" (kernel.h).
#include "kernel/arch/clint.h"
#include "kernel/arch/riscv.h"
#include "kernel/kernel.h"

extern "C" void nem_activation_vector();  // the user library's default vector

namespace pegasus::kernel {

using namespace arch;

Kernel kernel;

namespace {

// The helpers of the rescheduling and hand-off paths are inlined into them: fewer
// calls and register saves on the paths the benchmark measures.
#define PEGASUS_HOT inline __attribute__((always_inline))

PEGASUS_HOT void AccountTo(Domain& d, uint32_t mtime_lo) {
  d.cpu_ticks += mtime_lo - kernel.account_lo;
  kernel.account_lo = mtime_lo;
}

bool Alive(const Domain& d) {
  return d.state == DomainState::kRunnable || d.state == DomainState::kBlocked;
}

// The domain leaves the processor. With activations enabled it will be activated:
// its context goes to the DIB's save slot for the vector — unless the vector is the
// library's default one, which would only resume that slot, so the context stays in
// the kernel and the "activation" is a plain resume (no copy, no extra traps).
// With activations disabled it will be resumed where it stopped, and so is a server
// in a protected call (it runs on its caller's behalf).
PEGASUS_HOT bool DefaultVector(const Domain& d) {
  return d.dib->vector == reinterpret_cast<uintptr_t>(&nem_activation_vector);
}

PEGASUS_HOT void Deactivate(Domain& d) {
  if (d.needs_activation || d.in_ksect || !d.dib->activations_enabled) return;
  d.needs_activation = true;
  d.in_dib = !DefaultVector(d);
  if (d.in_dib) CopyContext(d.dib->save, d.ctx);
}

// Blocked domains that Atropos woke because their time came.
void CollectTimeouts(Time now) {
  for (int i = 0; i < kernel.domain_count; ++i) {
    Domain& d = kernel.domains[i];
    if (d.state == DomainState::kBlocked && kernel.atropos.runnable(i))
      WakeDomain(i, kReasonTimeout, now);
  }
}

// Machine-mode return into user mode (or machine mode inside a privileged section),
// the PMP set of `id`, and `id` as the current domain.
PEGASUS_HOT Context* Enter(Domain& d, int id) {
  kernel.current = id;
  if (d.in_ksect) {
    // Non-preemptible: MPIE stays 0.
    Clear_mstatus(kMstatusMpie);
    Set_mstatus(kMstatusMppMask);
  } else {
    Clear_mstatus(kMstatusMppMask);
    Set_mstatus(kMstatusMpie);
  }
  if (kernel.pmp_loaded != id) {
    SwitchPmp(d.pmp);
    kernel.pmp_loaded = id;
  }
  return &d.ctx;
}

// Gives the processor to `id` for the current decision (kernel.run_*), activating it
// if its context is waiting for an activation. A client in a protected call is
// entered through its server.
PEGASUS_HOT Context* Dispatch(int id) {
  if (kernel.domains[id].callee >= 0) id = kernel.domains[id].callee;
  Domain& d = kernel.domains[id];
  d.dib->deadline_ns = kernel.atropos.deadline(kernel.payer);
  if (d.needs_activation) {
    d.needs_activation = false;
    uint32_t why = kernel.run_reason == RunReason::kExtra ? kReasonExtra : kReasonAllocated;
    if (d.wake_reason) why = d.wake_reason;
    d.wake_reason = 0;
    d.dib->reason = why;
    d.dib->activations = d.dib->activations + 1;
    if (d.in_dib) {
      d.in_dib = false;
      if (DefaultVector(d)) {
        CopyContext(d.ctx, d.dib->save);  // the first entry: the vector would just resume
      } else {
        d.dib->activations_enabled = 0;
        d.ctx.r[0] = d.dib->vector;
        d.ctx.r[2] = d.dib->activation_sp;
        d.ctx.r[10] = reinterpret_cast<uintptr_t>(d.dib);
        d.ctx.r[11] = why;
      }
    }
  }
  return Enter(d, id);
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
  (d.in_dib ? d.dib->save : d.ctx).r[10] = wake;
  if (d.needs_activation) d.wake_reason = reason;
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

Context* Reschedule() {
  Time now = Now();
  if (kernel.current >= 0) {
    Domain& d = kernel.domains[kernel.current];
    AccountTo(d, LastMtimeLo());
    kernel.atropos.Charge(kernel.payer, now - kernel.run_start, kernel.run_reason);
    if (Alive(d)) Deactivate(d);
    kernel.current = -1;
  } else {
    kernel.account_lo = LastMtimeLo();  // boot: the time before is nobody's
  }
  for (;;) {
    const uint32_t woken = kernel.atropos.timed_wakeups();
    const Decision dec = kernel.atropos.Schedule(now);
    if (kernel.atropos.timed_wakeups() != woken) CollectTimeouts(now);
    if (dec.domain >= 0) {
      kernel.payer = dec.domain;
      kernel.run_reason = dec.reason;
      kernel.run_start = now;
      kernel.run_until = dec.until;
      SetTimer(dec.until);
      return Dispatch(dec.domain);
    }
    Idle(dec.until);
    now = Now();
    kernel.account_lo = LastMtimeLo();  // idle time is nobody's
  }
}

Context* HandOff(int next) {
  // The receiver runs on what is left of the payer's decision, without a new one:
  // Atropos is asked again when that decision ends (the timer stays; if it is already
  // due, decide now) or when the receiver blocks, which hands the processor back to
  // the payer (HandBack).
  if ((Read_mip() & kIrqMachineTimer) || !kernel.atropos.runnable(next)) return Reschedule();
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

#undef PEGASUS_HOT

}  // namespace pegasus::kernel
