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
Context* DecideSlow(Time now, bool ahead);
Context* DispatchSlowTimer(int id, Time start, Time until);
// The full decision path for the timer interrupt (ReschedulePath, planning).
Context* RescheduleTimer();

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
  if ((Mode(d) | 1) != PlainMode(DomainState::kBlocked)) [[unlikely]] return;
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
  if (kernel.pmp_loaded != id) [[likely]] {
    arch::SwitchPmp(d.pmp, kernel.pmp_switch);
    kernel.pmp_loaded = id;
  }
  return &d.ctx;
}

static_assert(offsetof(Dib, activation_sp) == 8 && offsetof(Dib, reason) == 52,
              "arch/entry.S reads these DIB fields at the activation exit");

// Gives the processor to `id` for the current decision (kernel.payer, run_*),
// activating it if an activation is pending. A client in a protected call is entered
// through its server.
// `deadline_lo`: the low word of the payer's deadline, for the DIB.
PEGASUS_HOT Context* Dispatch(int id, uint32_t deadline_lo) {
  Domain* to = Pinned(&kernel.domains[id]);  // its address once, for the test and the rest
  if (to->callee >= 0) [[unlikely]] {
    id = to->callee;
    to = &kernel.domains[id];
  }
  Domain& d = *to;
  Dib& dib = *d.dib;
  dib.deadline = deadline_lo;
  const uint32_t pending = d.pending;
  if (pending == kPendingNone) [[unlikely]] return Enter(d, id);
  static_assert(static_cast<uint32_t>(RunReason::kAllocated) == kReasonAllocated &&
                static_cast<uint32_t>(RunReason::kExtra) == kReasonExtra);
  // The wake reason if there is one, else the decision's (no branch).
  const uint32_t woken = d.wake_reason;
  const uint32_t why =
      woken | (static_cast<uint32_t>(kernel.run_reason) & (0u - static_cast<uint32_t>(woken == 0)));
  d.pending = kPendingNone;
  d.wake_reason = 0;
  dib.reason = why;
  dib.activations = dib.activations + 1;
  if (pending != kPendingVector) [[unlikely]] return Enter(d, id);  // default vector: resume
  // The vector, entered by the trap vector's activation exit (arch/entry.S): sp, a0
  // and a1 from the DIB, every other register zero.
  dib.activations_enabled = 0;
  arch::Write_mepc(dib.vector);
  arch::Write_mscratch(reinterpret_cast<uintptr_t>(&d.ctx));
  Enter(d, id);
  return reinterpret_cast<Context*>(reinterpret_cast<uintptr_t>(&dib) + 1);
}

PEGASUS_HOT Context* Dispatch(int id) {
  return Dispatch(id, static_cast<uint32_t>(kernel.atropos.deadline(kernel.payer)));
}

// A decision from Atropos becomes the current one: its payer, reason and start.
PEGASUS_HOT void Begin(const Decision& dec, Time now) {
  kernel.payer = dec.domain;
  kernel.run_reason = dec.reason;
  kernel.run_start_lo = static_cast<uint32_t>(now);
}

// With the timer set for the end of the current decision (begun at `start`), works
// out the decision due then (Atropos::PlanNext), for TimerPath. Where Atropos
// cannot, the plan is left stale and the timer takes the full path.
// `ahead`: on the timer's path (Atropos::PlanNext).
inline void PlanNext(Time start, Time until, bool ahead) {
  kernel.atropos.PlanNext(kernel.payer, kernel.run_reason, start, until, ahead);
}

// The decision path: charges the payer of the decision that ran, deactivates the
// domain that leaves, asks Atropos and dispatches. Its common case — Atropos's epoch
// within reach, a domain owed time to run, no timed wake-up due, a one-store timer —
// makes no call (the PMP switch is a jump into straight-line code) and needs no stack;
// every other case goes on in DecideSlow or DispatchSlowTimer by a tail call.
// `plan`: work out the decision after this one (PlanNext) — on the timer's path,
// where decisions mostly end by the timer; decisions a kernel call makes mostly end
// by another call (a block, a yield), so planning them would be wasted work.
template <bool plan>
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
  if (!k.atropos.InReach(now)) [[unlikely]] return DecideSlow(now, plan);
  Time until;
  const int id = k.atropos.ScheduleOwed(now, &until);
  if (id < 0) [[unlikely]] return DecideSlow(now, plan);
  k.payer = id;
  k.run_reason = RunReason::kAllocated;
  k.run_start_lo = now_lo;
  if (!arch::SetTimerFast(until)) [[unlikely]] return DispatchSlowTimer(id, now, until);
  if (plan) PlanNext(now, until, true);
  return Dispatch(id);
}

// The timer interrupt: the current decision has reached its end. When the decision
// due now was planned as the timer was set and nothing has changed the scheduler
// since (Atropos::Planned), it is taken as planned (Atropos::Accept; Atropos makes
// its stores when it is next used, after the domain is running) — taken at the time
// the timer was set for, `plan.at`, so the payer that leaves is charged exactly its
// decision and the interrupt's latency falls into the next decision, paid by its
// payer — with no search, no list walk, no 64-bit clock read and no epoch check:
// processor time, deactivation, the timer, dispatch or activation. Otherwise the
// full decision path (RescheduleTimer, a tail call). A decision taken here plans nothing
// (that would put a plan's work back on this path), but a full path on slack's time
// plans two decisions ahead (Atropos::PlanNext), so the timer that ends a planned
// decision may find the next one planned as well; after two, the full path again.
// Makes no call and needs no stack.
PEGASUS_HOT Context* TimerPath() {
  Kernel& k = kernel;
  // A plan is current only after a decision dispatched a domain: k.current >= 0.
  if (!k.atropos.Planned()) [[unlikely]] return RescheduleTimer();
  const Atropos::Plan& p = k.atropos.plan();
  k.atropos.Accept();
  Domain& d = *Pinned(&k.domains[k.current]);
  AccountTo(d, arch::ReadMtimeLo());
  Deactivate(d);
  const int id = p.domain;
  k.payer = id;
  k.run_reason = p.reason;
  k.run_start_lo = static_cast<uint32_t>(p.at);
  // The timer holds p.at, whose high word p.until shares (Atropos::Plan).
  arch::SetTimerLo(static_cast<uint32_t>(p.until));
  return Dispatch(id, p.deadline_lo);
}

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_DISPATCH_H_
