// The scheduling path's inline parts, shared by sched.cc (Reschedule and the
// hand-offs, ordinary calling convention) and timer.cc (the trap vector's handler of
// the timer interrupt, which saves no registers): accounting, deactivation,
// activation and dispatch, and the decision path itself. Kernel only; all of Kernel
// is guarded by "interrupts off" (kernel.h).
#ifndef PEGASUS_KERNEL_DISPATCH_H_
#define PEGASUS_KERNEL_DISPATCH_H_

#include "kernel/arch/clint.h"
#include "kernel/arch/pmp.h"
#include "kernel/arch/riscv.h"
#include "kernel/kernel.h"

extern "C" void nem_activation_vector();  // the user library's default vector

namespace pegasus::kernel {

// Always inlined: the paths the benchmark measures make as few calls as possible.
#define PEGASUS_HOT inline __attribute__((always_inline))

// The decision path's uncommon cases (sched.cc): the epoch of Atropos's offsets must
// move, the decision woke blocked domains by their time (`collect`: Atropos has
// already woken them), or nothing is runnable; and a timer needing more than one
// store. Ordinary functions, reached by tail calls.
Context* DecideSlow(Time now, bool collect);
Context* DispatchSlowTimer(int id, Time until);

PEGASUS_HOT void AccountTo(Domain& d, uint32_t mtime_lo) {
  d.cpu_ticks += mtime_lo - kernel.account_lo;
  kernel.account_lo = mtime_lo;
}

PEGASUS_HOT bool Alive(const Domain& d) {
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

// Machine-mode return into user mode (or machine mode inside a privileged section),
// the PMP set of `id`, and `id` as the current domain. mstatus.MPP is already "user"
// here: every trap that reaches a scheduling path came from user mode (which sets
// it so), main() sets it before the first entry, and the handlers of machine-mode
// traps (privileged sections, trap.cc) set it back to user before they return.
PEGASUS_HOT Context* Enter(Domain& d, int id) {
  kernel.current = id;
  if (d.in_ksect) [[unlikely]] {
    // Non-preemptible: MPIE stays 0.
    arch::Clear_mstatus(arch::kMstatusMpie);
    arch::Set_mstatus(arch::kMstatusMppMask);
  }
  if (kernel.pmp_loaded != id) {
    arch::SwitchPmp(d.pmp);
    kernel.pmp_loaded = id;
  }
  return &d.ctx;
}

// Gives the processor to `id` for the current decision (kernel.payer, run_*),
// activating it if its context is waiting for an activation. A client in a
// protected call is entered through its server.
PEGASUS_HOT Context* Dispatch(int id) {
  if (kernel.domains[id].callee >= 0) id = kernel.domains[id].callee;
  Domain& d = kernel.domains[id];
  Dib& dib = *d.dib;
  dib.deadline_ns = kernel.atropos.deadline(kernel.payer);
  if (d.needs_activation) {
    d.needs_activation = false;
    uint32_t why = kernel.run_reason == RunReason::kExtra ? kReasonExtra : kReasonAllocated;
    if (d.wake_reason) why = d.wake_reason;
    d.wake_reason = 0;
    dib.reason = why;
    dib.activations = dib.activations + 1;
    if (d.in_dib) {
      d.in_dib = false;
      if (DefaultVector(d)) {
        CopyContext(d.ctx, dib.save);  // the first entry: the vector would just resume
      } else {
        dib.activations_enabled = 0;
        d.ctx.r[0] = dib.vector;
        d.ctx.r[2] = dib.activation_sp;
        d.ctx.r[10] = reinterpret_cast<uintptr_t>(&dib);
        d.ctx.r[11] = why;
      }
    }
  }
  return Enter(d, id);
}

// A decision from Atropos becomes the current one: its payer, reason and start.
PEGASUS_HOT void Begin(const Decision& dec, Time now) {
  kernel.payer = dec.domain;
  kernel.run_reason = dec.reason;
  kernel.run_start = now;
}

// The decision path: charges the payer of the decision that ran, deactivates the
// domain that leaves, asks Atropos and dispatches. Its common case — Atropos's epoch
// within reach, a domain to run, nobody woken by time, a one-store timer — makes no
// call (the PMP switch is a jump into straight-line code); every other case goes on
// in DecideSlow or DispatchSlowTimer by a tail call.
PEGASUS_HOT Context* ReschedulePath() {
  const Time now = arch::Now();
  Kernel& k = kernel;
  if (k.current >= 0) {
    Domain& d = k.domains[k.current];
    AccountTo(d, arch::LastMtimeLo());
    k.atropos.Charge(k.payer, now - k.run_start, k.run_reason);
    if (Alive(d)) Deactivate(d);
    k.current = -1;
  } else {
    k.account_lo = arch::LastMtimeLo();  // boot: the time before is nobody's
  }
  if (!k.atropos.InReach(now)) [[unlikely]] return DecideSlow(now, false);
  const uint32_t woken = k.atropos.timed_wakeups();
  const Decision dec = k.atropos.ScheduleInReach(now);
  const bool collect = k.atropos.timed_wakeups() != woken;
  if (dec.domain < 0 || collect) [[unlikely]] return DecideSlow(now, collect);
  Begin(dec, now);
  if (!arch::SetTimerFast(dec.until)) [[unlikely]] return DispatchSlowTimer(dec.domain, dec.until);
  return Dispatch(dec.domain);
}

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_DISPATCH_H_
