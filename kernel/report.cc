// The test-harness side of the kernel, used by the test images: domains marked as
// participants report an exit code; faults are checked against the image's list of
// expected faults. The run ends through the test finisher when the last participant
// has exited: pass only if every participant returned 0, every expected fault
// happened exactly once and no other fault did. An unexpected fault fails at once.
// Interrupts off.
#include "firmware/lib/print.h"
#include "kernel/arch/riscv.h"
#include "kernel/kernel.h"

namespace pegasus::kernel {

namespace {

const char* CauseName(uint32_t cause) {
  switch (cause) {
    case arch::kCauseInstructionFault: return "instruction access fault";
    case arch::kCauseIllegalInstruction: return "illegal instruction";
    case arch::kCauseLoadFault: return "load access fault";
    case arch::kCauseStoreFault: return "store access fault";
    default: return "exception";
  }
}

uint32_t expected_seen_mask = 0;  // bit i: kBootImage.faults[i] happened

void FinishIfDone() {
  if (kernel.participants_left > 0) return;
  const uint32_t all = (1u << kBootImage.fault_count) - 1;
  if (expected_seen_mask != all) {
    fw::Print("kernel: FAIL: an expected fault did not happen\n");
    kernel.failed = true;
  }
  for (int i = 0; i < kernel.domain_count; ++i) {
    fw::Print("kernel: cpu ");
    fw::Print(kernel.domains[i].spec->name);
    fw::Print(" ");
    fw::PrintDec(static_cast<uint32_t>(kernel.domains[i].cpu_ticks * 1'000'000 / kMtimeHz));
    fw::Print(" us\n");
  }
  fw::Print(kernel.failed ? "kernel: image FAILED\n" : "kernel: image passed\n");
  pegasus_exit(kernel.failed ? 1 : 0);
}

}  // namespace

void KillDomain(int id) {
  Domain& d = kernel.domains[id];
  const bool participant = d.spec->flags & kFlagParticipant;
  const bool alive = d.state != DomainState::kDead && d.state != DomainState::kEmpty;
  d.state = DomainState::kDead;
  d.in_ksect = false;
  if (d.caller >= 0) {
    // A server stopped inside a protected call: the client gets the call back.
    Domain& c = kernel.domains[d.caller];
    c.ctx.r[14] = static_cast<uint32_t>(kPpcServerDied);
    c.callee = -1;
    d.caller = -1;
  }
  kernel.atropos.Remove(id);
  kernel.events.ReleaseDomain(id);
  if (kernel.irq_domain == id) kernel.irq_domain = -1;
  if (participant && alive) {
    --kernel.participants_left;
    FinishIfDone();
  }
}

void ReportExit(int id, int code) {
  fw::Print("kernel: domain ");
  fw::Print(kernel.domains[id].spec->name);
  fw::Print(" exited with ");
  fw::PrintDec(static_cast<uint32_t>(code));
  fw::Print("\n");
  if (code != 0 && (kernel.domains[id].spec->flags & kFlagParticipant)) kernel.failed = true;
}

bool ReportFault(int id, uint32_t cause, uint32_t pc, uint32_t tval) {
  fw::Print("kernel: fault: domain ");
  fw::Print(kernel.domains[id].spec->name);
  fw::Print(" ");
  fw::Print(CauseName(cause));
  fw::Print(" at pc ");
  fw::PrintHex(pc);
  fw::Print(" address ");
  fw::PrintHex(tval);
  fw::Print("; domain stopped\n");
  for (int i = 0; i < kBootImage.fault_count; ++i) {
    const ExpectedFault& f = kBootImage.faults[i];
    if (f.domain == id && f.mcause == cause && !(expected_seen_mask & (1u << i))) {
      expected_seen_mask |= 1u << i;
      ++kernel.faults_seen;
      return true;
    }
  }
  fw::Print("kernel: FAIL: unexpected fault\n");
  pegasus_exit(3);
}

}  // namespace pegasus::kernel
