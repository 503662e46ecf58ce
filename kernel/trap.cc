// Trap dispatch: the C side of the trap vector (arch/entry.S). Sorts a trap into
// timer interrupt (Atropos's decision is due), software interrupt (a device line,
// delivered as an event), kernel call, end of a kernel-privileged section, or fault.
// A fault in user mode stops the domain and everything else keeps running; a fault
// inside a kernel-privileged section leaves machine mode and returns to the domain's
// kKsectBegin with -(mcause); a fault of the kernel itself stops the machine.
// Interrupts off throughout.
#include "firmware/lib/print.h"
#include "kernel/arch/clint.h"
#include "kernel/arch/riscv.h"
#include "kernel/kernel.h"

extern "C" [[noreturn]] void pegasus_trap(uint32_t cause, uint32_t epc, uint32_t tval);


namespace pegasus::kernel {

using namespace arch;

namespace {

void SetUserReturn() {
  Write_mstatus((Read_mstatus() & ~kMstatusMppMask) | kMstatusMpie);
}

Context* KsectTrapped(Domain& d, uint32_t cause) {
  d.in_ksect = false;
  d.ctx = d.ksect_ctx;
  d.ctx.r[10] = static_cast<uint32_t>(-static_cast<int32_t>(cause));
  SetUserReturn();
  fw::Print("kernel: privileged section of ");
  fw::Print(d.spec->name);
  fw::Print(" trapped (mcause ");
  fw::PrintDec(cause);
  fw::Print("); back in user mode\n");
  return &d.ctx;
}

}  // namespace

// Interrupts other than the timer's (which goes to KernelTimer, timer.cc).
extern "C" Context* KernelInterrupt(Context*, uint32_t cause) {
  if ((cause & ~kCauseInterrupt) == kCauseMachineSoftware) DeliverInterrupt(Now());
  return Reschedule();  // the receiver may win
}

// Exceptions other than a kernel call from user mode (which has its own cause code
// and goes straight to KernelCall).
extern "C" Context* KernelTrap(Context* ctx, uint32_t cause) {
  const bool from_machine =
      ((Read_mstatus() & kMstatusMppMask) >> kMstatusMppShift) == kPrivMachine;
  Domain* d = kernel.current >= 0 ? &kernel.domains[kernel.current] : nullptr;
  if (from_machine && d && d->in_ksect) {
    if (cause == kCauseEcallMachine && ctx->r[17] == kCallKsectEnd) {
      d->in_ksect = false;
      ctx->r[0] += 4;
      SetUserReturn();
      return ctx;
    }
    return KsectTrapped(*d, cause);
  }
  if (from_machine || !d) pegasus_trap(cause, Read_mepc(), Read_mtval());
  // A domain touched what it may not, or executed what it may not.
  ReportFault(kernel.current, cause, Read_mepc(), Read_mtval());
  KillDomain(kernel.current);
  return Reschedule();
}

}  // namespace pegasus::kernel
