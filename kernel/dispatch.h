// The scheduling path's inline parts, shared by sched.cc (Reschedule and the
// hand-offs, ordinary calling convention) and timer.cc (the trap vector's handler of
// the timer interrupt, which saves no registers): accounting, deactivation,
// activation and dispatch, and the decision path itself. Kernel only; all of Kernel
// is guarded by "interrupts off" (kernel.h). Times are mtime ticks.
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
// move, the decision wakes blocked domains by their time, gives slack, or finds
// nothing runnable; and a timer needing more than one store. Ordinary functions,
// reached by tail calls.
Context* DecideSlow(Time now);
Context* DispatchSlowTimer(int id, Time until);

// `p`, computed once and kept in a register: the compiler would otherwise recompute
// a domain's address (a shift and an add) at each use on the decision path.
template <typename T>
PEGASUS_HOT T* Pinned(T* p) {
  asm("" : "+r"(p));
  return p;
}

PEGASUS_HOT void AccountTo(Domain& d, uint32_t mtime_lo) {
  d.cpu_ticks += mtime_lo - kernel.account_lo;
  kernel.account_lo = mtime_lo;
}

PEGASUS_HOT bool DefaultVector(const Domain& d) {
  return d.dib->vector == reinterpret_cast<uintptr_t>(&nem_activation_vector);
}

// The domain leaves the processor. With activations enabled it will be activated:
// its context goes to the DIB's save slot for the vector — unless the vector is the
// library's default one, which would only resume that slot, so the context stays in
// the kernel and the "activation" is a plain resume (no copy, no extra traps).
// With activations disabled it will be resumed where it stopped, and so is a domain
// in a privileged section, one already waiting for an activation, and a server in a
// protected call (it runs on its caller's behalf; it is kServing).
PEGASUS_HOT void Deactivate(Domain& d) {
  static_assert((static_cast<uint32_t>(DomainState::kRunnable) | 1) ==
                static_cast<uint32_t>(DomainState::kBlocked));
  // One load and compare: runnable or blocked, not in a section, nothing pending.
  if ((Mode(d) | 1) != PlainMode(DomainState::kBlocked)) return;
  if (!d.dib->activations_enabled) return;
  if (DefaultVector(d)) {
    d.pending = kPendingResume;
  } else {
    d.pending = kPendingVector;
    CopyContext(d.dib->save, d.ctx);
  }
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
    arch::SwitchPmp(d.pmp, kernel.pmp_switch);
    kernel.pmp_loaded = id;
  }
  return &d.ctx;
}

// Gives the processor to `id` for the current decision (kernel.payer, run_*),
// activating it if an activation is pending. A client in a protected call is entered
// through its server.
PEGASUS_HOT Context* Dispatch(int id) {
  if (kernel.domains[id].callee >= 0) [[unlikely]] id = kernel.domains[id].callee;
  Domain& d = *Pinned(&kernel.domains[id]);
  Dib& dib = *d.dib;
  dib.deadline = static_cast<uint32_t>(kernel.atropos.deadline(kernel.payer));
  if (const uint8_t pending = d.pending) {
    static_assert(static_cast<uint32_t>(RunReason::kAllocated) == kReasonAllocated &&
                  static_cast<uint32_t>(RunReason::kExtra) == kReasonExtra);
    uint32_t why = d.wake_reason;
    if (why == 0) why = static_cast<uint32_t>(kernel.run_reason);
    d.pending = kPendingNone;
    d.wake_reason = 0;
    dib.reason = why;
    dib.activations = dib.activations + 1;
    if (pending == kPendingVector) {
      dib.activations_enabled = 0;
      d.ctx.r[0] = dib.vector;
      d.ctx.r[2] = dib.activation_sp;
      d.ctx.r[10] = reinterpret_cast<uintptr_t>(&dib);
      d.ctx.r[11] = why;
    }
  }
  return Enter(d, id);
}

// A decision from Atropos becomes the current one: its payer, reason and start.
PEGASUS_HOT void Begin(const Decision& dec, Time now) {
  kernel.payer = dec.domain;
  kernel.run_reason = dec.reason;
  kernel.run_start_lo = static_cast<uint32_t>(now);
}

// The decision path: charges the payer of the decision that ran, deactivates the
// domain that leaves, asks Atropos and dispatches. Its common case — Atropos's epoch
// within reach, a domain owed time to run, no timed wake-up due, a one-store timer —
// makes no call (the PMP switch is a jump into straight-line code) and needs no stack;
// every other case goes on in DecideSlow or DispatchSlowTimer by a tail call.
PEGASUS_HOT Context* ReschedulePath() {
  const Time now = arch::Now();
  const uint32_t now_lo = static_cast<uint32_t>(now);
  Kernel& k = kernel;
  if (k.current >= 0) [[likely]] {
    Domain& d = *Pinned(&k.domains[k.current]);
    AccountTo(d, now_lo);
    // A decision lasts less than 2^31 ticks (its end is within the epoch's reach).
    k.atropos.ChargeShort(k.payer, now_lo - k.run_start_lo, k.run_reason);
    Deactivate(d);
  } else {
    k.account_lo = now_lo;  // boot: the time before is nobody's
  }
  if (!k.atropos.InReach(now)) [[unlikely]] return DecideSlow(now);
  Time until;
  const int id = k.atropos.ScheduleOwed(now, &until);
  if (id < 0) [[unlikely]] return DecideSlow(now);
  k.payer = id;
  k.run_reason = RunReason::kAllocated;
  k.run_start_lo = now_lo;
  if (!arch::SetTimerFast(until)) [[unlikely]] return DispatchSlowTimer(id, until);
  return Dispatch(id);
}

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_DISPATCH_H_
