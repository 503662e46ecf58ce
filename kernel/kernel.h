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

// A power of two in size, so that the hot paths index the table with a shift.
struct alignas(512) Domain {
  const DomainSpec* spec = nullptr;
  DomainState state = DomainState::kEmpty;
  bool needs_activation = false;  // its context is in dib->save: activate, not resume
  bool in_ksect = false;          // running a kernel-privileged section
  uint32_t wake_reason = 0;       // kReasonEvent/kReasonTimeout for the next activation
  Dib* dib = nullptr;             // at the bottom of its memory block
  uintptr_t base = 0;             // its memory block
  Context ctx;                    // where the trap vector saves it; entered from here
  bool in_dib = false;            // needs_activation, and the context is in dib->save
  Context ksect_ctx;              // the return point of kKsectBegin, for a trap inside
  arch::PmpSet pmp;
  uint64_t cpu_ticks = 0;         // processor time used (mtime ticks), for the report
  // Protected calls (one level): a client in a call has callee >= 0 and is entered
  // through its callee while the call lasts; a server serving it has caller >= 0.
  int8_t callee = -1;
  int8_t caller = -1;
  uint32_t call_gates = 0;        // bit i: may call domain i (the boot image's gates)
};

static_assert(sizeof(Domain) == 512, "Domain outgrew its 512 bytes");

struct Kernel {
  Domain domains[kMaxDomains];
  int domain_count = 0;
  Atropos atropos;
  EventTable events;
  int current = -1;     // the domain on the processor, -1 when idle
  int payer = -1;       // whose allocation pays (differs after a synchronous send)
  RunReason run_reason = RunReason::kIdle;
  Time run_start = 0;   // start of the current decision: the payer is charged from it
  uint32_t account_lo = 0;  // mtime (low word) when `current` got the processor
  int pmp_loaded = -1;  // whose PMP set is in the CSRs
  int irq_domain = -1;  // receiver of the software-interrupt line
  int irq_endpoint = -1;
  int participants_left = 0;
  int faults_seen = 0;
  bool failed = false;
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
bool UserReadable(const Domain& d, const void* p, uint32_t len);

// sched.cc
// Charges the current domain, saves or keeps its context, decides with Atropos and
// returns the context to load. Idles (wfi, interrupts delivered inline) when nothing
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

// The trap vector's handlers (arch/entry.S), sorted by mcause: kernel calls from user
// mode (calls.cc), the timer interrupt (timer.cc: Reschedule without saving
// registers), other interrupts and other exceptions (trap.cc).
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
