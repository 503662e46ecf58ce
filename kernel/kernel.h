// The kernel's state and its internal interface. One hart, machine mode, interrupts
// off whenever kernel code runs (traps enter with MIE clear and the kernel never sets
// it), so nothing here needs a lock: "guarded by" below always means "interrupts off".
//
// The current domain's registers are saved by the trap vector into Domain::ctx
// (mscratch points at it while the domain runs) — always kernel memory, never the
// DIB, which the domain may be writing (a user-level scheduler preparing DIB.save)
// when the trap comes. The kernel returns the context to restore, and the vector
// loads it and executes mret.
#ifndef PEGASUS_KERNEL_KERNEL_H_
#define PEGASUS_KERNEL_KERNEL_H_

#include <stddef.h>
#include <stdint.h>

#include "kernel/abi.h"
#include "kernel/arch/pmp.h"
#include "kernel/image.h"
#include "kernel/policy/atropos.h"
#include "kernel/policy/events.h"

namespace pegasus::kernel {

// kServing: a protected-call server waiting for a call or serving one (its Atropos
// slot is blocked: it runs only on its callers' time, see calls.cc).
enum class DomainState : uint8_t { kEmpty, kUnadmitted, kRunnable, kBlocked, kServing, kDead };

// What the domain's next dispatch does (Domain::pending).
enum Pending : uint8_t {
  kPendingNone = 0,    // resume `ctx` where it stopped (it left with activations
                       // disabled, in a privileged section, or serving a call)
  kPendingResume = 1,  // an activation into the library's default vector, which would
                       // only resume: counted, reason recorded, then `ctx` resumed
  kPendingVector = 2,  // an activation: its context is in dib->save, enter its vector
};

// A power of two in size, so that the hot paths index the table with a shift.
struct alignas(512) Domain {
  // The mode word: four bytes the timer path tests with one load (Mode()).
  DomainState state = DomainState::kEmpty;
  bool in_ksect = false;          // running a kernel-privileged section
  uint8_t pending = kPendingNone;
  uint8_t wake_reason = 0;        // kReasonEvent/kReasonTimeout for the pending activation
  // Protected calls (one level): a client in a call has callee >= 0 and is entered
  // through its callee while the call lasts; a server serving it has caller >= 0.
  int8_t callee = -1;
  int8_t caller = -1;
  Dib* dib = nullptr;             // at the bottom of its memory block
  uint64_t cpu_ticks = 0;         // processor time used (mtime ticks), for the report
  Context ctx;                    // where the trap vector saves it; entered from here
  arch::PmpSet pmp;
  const DomainSpec* spec = nullptr;
  uintptr_t base = 0;             // its memory block
  Context ksect_ctx;              // the return point of kKsectBegin, for a trap inside
  uint32_t call_gates = 0;        // bit i: may call domain i (the boot image's gates)
};

static_assert(sizeof(Domain) == 512, "Domain outgrew its 512 bytes");
static_assert(offsetof(Domain, in_ksect) == 1 && offsetof(Domain, wake_reason) == 3);

// The mode word of a domain that runs plainly (not in a section, nothing pending):
// its state in the low byte, zeros above (RV32 is little-endian).
constexpr uint32_t PlainMode(DomainState s) { return static_cast<uint32_t>(s); }
inline uint32_t Mode(const Domain& d) {
  using Word = uint32_t __attribute__((may_alias, aligned(4)));  // one aligned load
  return *reinterpret_cast<const Word*>(&d.state);
}

// The slack quantum in the kernel's time unit, mtime ticks.
inline constexpr Time kExtraQuantumTicks = kExtraQuantumNs * kMtimeHz / 1'000'000'000;

// Hot fields first, then Atropos, so the timer path reaches them from one base.
struct Kernel {
  int current = -1;     // the domain on the processor, -1 when idle
  int payer = -1;       // whose allocation pays (differs after a synchronous send)
  RunReason run_reason = RunReason::kIdle;
  uint32_t run_start_lo = 0;  // mtime (low word) at the start of the current decision
  uint32_t account_lo = 0;    // mtime (low word) when `current` got the processor
  int pmp_loaded = -1;  // whose PMP set is in the CSRs
  arch::PmpSwitch pmp_switch;  // the span a switch between domains writes
  int irq_domain = -1;  // receiver of the software-interrupt line
  int irq_endpoint = -1;
  int participants_left = 0;
  int faults_seen = 0;
  bool failed = false;
  int domain_count = 0;
  Atropos atropos{kExtraQuantumTicks};  // in mtime ticks
  Domain domains[kMaxDomains];
  EventTable events;
};

extern Kernel kernel;

// Context copies are on the activation paths: unrolled, no call to memcpy.
inline void CopyContext(Context& to, const Context& from) {
  for (int i = 0; i < 32; i += 4) {
    to.r[i] = from.r[i];
    to.r[i + 1] = from.r[i + 1];
    to.r[i + 2] = from.r[i + 2];
    to.r[i + 3] = from.r[i + 3];
  }
}

// domain.cc
void CreateDomains(const BootImage& image, Time now);
// A reservation in nanoseconds (boot image, QoS domain) in the kernel's mtime ticks:
// period and latency rounded up, slice down, so no share grows. Valid in, valid out.
SchedParams ParamsInTicks(const SchedParams& ns);
bool UserReadable(const Domain& d, const void* p, uint32_t len);

// sched.cc
// Charges the current domain, saves or keeps its context, decides with Atropos and
// returns what to enter (a Context, or a DIB plus one: see the handlers below). Idles (wfi, interrupts delivered inline) when nothing
// is runnable.
Context* Reschedule();
// Gives the processor to `next` directly, paid by the current payer, for the rest
// of the current decision (synchronous send). Nothing is charged here: the payer is
// charged for the whole decision when it ends.
Context* HandOff(int next);
// The current domain, running on a payer's time, blocked: back to the payer if it can
// run, else a normal decision.
Context* HandBack();
// Moves the processor from the current domain to `next` within the current decision
// (protected call and reply): processor time accounted, PMP switched, no activation.
Context* SwitchTo(int next);
// Unblocks a blocked domain; now < 0: read the clock only if it is needed.
void WakeDomain(int id, uint32_t reason, Time now);
void DeliverInterrupt(Time now);

// The trap vector's handlers (arch/entry.S): kernel calls from user mode (calls.cc),
// the timer interrupt (timer.cc: the planned decision or the full decision path,
// without saving registers), other interrupts and other exceptions (trap.cc). Each
// returns the Context to enter, or the DIB of a domain to activate plus one
// (dispatch.h Dispatch).
extern "C" Context* KernelCall(Context* ctx);
extern "C" Context* KernelTimer();
extern "C" Context* KernelInterrupt(Context* ctx, uint32_t cause);
extern "C" Context* KernelTrap(Context* ctx, uint32_t cause);

// report.cc: the test harness side of test images.
void ReportExit(int id, int code);
// False if the fault was not expected (the run then fails).
bool ReportFault(int id, uint32_t cause, uint32_t pc, uint32_t tval);
void KillDomain(int id);

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_KERNEL_H_
