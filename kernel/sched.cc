// Scheduling glue between the trap handler and Atropos: charging the domain that
// ran, deactivating it (its context to the DIB if its activations are enabled),
// asking Atropos for the next decision, and dispatching — an activation (jump to the
// DIB's vector with the reason) or a plain resume — with the domain's PMP set and the
// one-shot timer set for the decision's end. When nothing is runnable the kernel
// idles in wfi with interrupts still off and delivers them inline.
// All of Kernel is guarded by "interrupts off" (kernel.h).
#include "kernel/arch/clint.h"
#include "kernel/arch/riscv.h"
#include "kernel/kernel.h"

extern "C" void nem_activation_vector();  // the user library's default vector

namespace pegasus::kernel {

using namespace arch;

Kernel kernel;

namespace {

bool Alive(const Domain& d) {
  return d.state == DomainState::kRunnable || d.state == DomainState::kBlocked;
}

// The domain leaves the processor. With activations enabled it will be activated:
// its context goes to the DIB's save slot for the vector — unless the vector is the
// library's default one, which would only resume that slot, so the context stays in
// the kernel and the "activation" is a plain resume (no copy, no extra traps).
// With activations disabled it will be resumed where it stopped.
bool DefaultVector(const Domain& d) {
  return d.dib->vector == reinterpret_cast<uintptr_t>(&nem_activation_vector);
}

void Deactivate(Domain& d) {
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

Context* Dispatch(int id, RunReason reason, Time until, Time now) {
  Domain& d = kernel.domains[id];
  kernel.current = id;
  kernel.run_until = until;
  kernel.run_start = now;
  kernel.run_reason = reason;
  d.dib->deadline_ns = kernel.atropos.deadline(kernel.payer);
  if (d.needs_activation) {
    d.needs_activation = false;
    uint32_t why = reason == RunReason::kExtra ? kReasonExtra : kReasonAllocated;
    if (d.wake_reason) why = d.wake_reason;
    d.wake_reason = 0;
    d.dib->reason = why;
    d.dib->activations = d.dib->activations + 1;
    if (d.in_dib && DefaultVector(d)) {
      d.in_dib = false;  // the first entry: the default vector would just resume
      CopyContext(d.ctx, d.dib->save);
    } else if (d.in_dib) {
      d.in_dib = false;
      d.dib->activations_enabled = 0;
      d.ctx.r[0] = d.dib->vector;
      d.ctx.r[2] = d.dib->activation_sp;
      d.ctx.r[10] = reinterpret_cast<uintptr_t>(d.dib);
      d.ctx.r[11] = why;
    }
  }
  uint32_t mstatus = Read_mstatus() & ~(kMstatusMppMask | kMstatusMpie);
  if (d.in_ksect) {
    mstatus |= kPrivMachine << kMstatusMppShift;  // non-preemptible: MPIE stays 0
  } else {
    mstatus |= kMstatusMpie;
  }
  Write_mstatus(mstatus);
  if (kernel.pmp_loaded != id) {
    LoadPmp(d.pmp, kernel.pmp_loaded >= 0 ? &kernel.domains[kernel.pmp_loaded].pmp : nullptr);
    kernel.pmp_loaded = id;
  }
  SetTimer(until);
  return &d.ctx;
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
    const Time used = now - kernel.run_start;
    d.cpu_ns += used;
    kernel.atropos.Charge(kernel.payer, used, kernel.run_reason);
    if (Alive(d)) Deactivate(d);
  }
  for (;;) {
    const Decision dec = kernel.atropos.Schedule(now);
    CollectTimeouts(now);
    if (dec.domain >= 0) {
      kernel.payer = dec.domain;
      return Dispatch(dec.domain, dec.reason, dec.until, now);
    }
    kernel.current = -1;
    Idle(dec.until);
    now = Now();
  }
}

Context* HandOff(int next) {
  const Time now = Now();
  Domain& d = kernel.domains[kernel.current];
  const Time used = now - kernel.run_start;
  d.cpu_ns += used;
  kernel.atropos.Charge(kernel.payer, used, kernel.run_reason);
  Deactivate(d);
  kernel.current = -1;  // charged: Reschedule must not charge it again
  // The receiver runs on what is left of the payer's decision, without a new one:
  // Atropos is asked again when that decision ends (the timer stays) or when the
  // receiver blocks, which hands the processor back to the payer (HandBack).
  if (now >= kernel.run_until || !kernel.atropos.runnable(next)) return Reschedule();
  return Dispatch(next, kernel.run_reason, kernel.run_until, now);
}

Context* HandBack() {
  const int payer = kernel.payer;
  if (payer < 0 || payer == kernel.current || !kernel.atropos.runnable(payer))
    return Reschedule();
  return HandOff(payer);
}

}  // namespace pegasus::kernel
