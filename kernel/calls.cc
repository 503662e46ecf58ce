// Kernel calls (abi.h): argument checks and their effect. A call either returns to
// the caller (result in a0) or ends in Reschedule/HandOff/SwitchTo when the caller
// stops or another domain should run. Pointers from a domain are checked against the
// domain's own PMP set before the kernel reads through them. Interrupts off.
//
// Protected calls (kCallPpc, kCallPpcReplyWait): a server domain announces that it
// waits for calls; from then on it is kServing, blocked as far as Atropos is
// concerned, and runs only inside calls. A call moves the client's four words into
// the server's saved a0..a3 (a4: the client's id) and switches to the server within
// the client's decision — no charge, no decision, no activation; the reply moves four
// words back the same way. While the call lasts the client stays runnable and pays:
// whenever Atropos gives it the processor, its server runs (sched.cc, Dispatch). One
// level only: a server cannot call, block or be called by two clients at once.
#include "firmware/lib/print.h"
#include "firmware/lib/uart.h"
#include "kernel/arch/clint.h"
#include "kernel/arch/riscv.h"
#include "kernel/kernel.h"

namespace pegasus::kernel {

using namespace arch;

namespace {

constexpr uint32_t kMaxPrint = 256;

// kBlock's time: nanoseconds from the domain, mtime ticks for the kernel.
Time BlockUntil(const Context* ctx) {
  return TicksFromNs(static_cast<Time>((static_cast<uint64_t>(ctx->r[11]) << 32) | ctx->r[10]));
}

Context* Block(Domain& d, int id, Context* ctx) {
  if (d.caller >= 0) {  // a server serving a call would block its client with it
    ctx->r[10] = static_cast<uint32_t>(-1);
    return ctx;
  }
  if (kernel.events.Pending(id, const_cast<const uint32_t*>(d.dib->acked))) {
    ctx->r[10] = kWakeEvent;
    return ctx;
  }
  d.state = DomainState::kBlocked;
  kernel.atropos.Block(id, BlockUntil(ctx));
  ctx->r[10] = kWakeTimeout;  // unless an event wakes it first
  return kernel.payer != id ? HandBack() : Reschedule();
}

Context* Send(Domain& d, int id, Context* ctx) {
  Delivery to;
  if (kernel.events.Send(id, static_cast<int>(ctx->r[10]), &to) != EventError::kOk) {
    ctx->r[10] = static_cast<uint32_t>(-1);
    return ctx;
  }
  (void)d;
  ctx->r[10] = 0;
  Domain& rx = kernel.domains[to.domain];
  rx.dib->events[to.endpoint] = to.count;
  const bool was_blocked = rx.state == DomainState::kBlocked;
  WakeDomain(to.domain, kReasonEvent, -1);
  if (ctx->r[11] && was_blocked && to.domain != id) return HandOff(to.domain);
  return ctx;
}

Context* Ppc(Domain& d, int id, Context* ctx) {
  const uint32_t server = ctx->r[14];
  int32_t status = kPpcOk;
  if (server >= static_cast<uint32_t>(kernel.domain_count) || !(d.call_gates & (1u << server)))
    status = kPpcNoGate;
  else if (d.caller >= 0 || kernel.domains[server].caller >= 0)
    status = kPpcBusy;
  else if (kernel.domains[server].state != DomainState::kServing)
    status = kPpcNotReady;
  if (status != kPpcOk) {
    ctx->r[14] = static_cast<uint32_t>(status);
    return ctx;
  }
  Domain& s = kernel.domains[server];
  s.caller = static_cast<int8_t>(id);
  d.callee = static_cast<int8_t>(server);
  s.ctx.r[10] = ctx->r[10];
  s.ctx.r[11] = ctx->r[11];
  s.ctx.r[12] = ctx->r[12];
  s.ctx.r[13] = ctx->r[13];
  s.ctx.r[14] = static_cast<uint32_t>(id);
  return SwitchTo(static_cast<int>(server));
}

Context* PpcReplyWait(Domain& d, int id, Context* ctx) {
  if (d.caller >= 0) {
    // Reply: the words go to the client, which continues after its kCallPpc; the
    // server's own context stays here, inside this call, for the next request.
    const int client = d.caller;
    Domain& c = kernel.domains[client];
    c.ctx.r[10] = ctx->r[10];
    c.ctx.r[11] = ctx->r[11];
    c.ctx.r[12] = ctx->r[12];
    c.ctx.r[13] = ctx->r[13];
    c.ctx.r[14] = kPpcOk;
    c.callee = -1;
    d.caller = -1;
    return SwitchTo(client);
  }
  if (d.callee >= 0 || d.state != DomainState::kRunnable) {
    ctx->r[14] = static_cast<uint32_t>(kPpcBusy);
    return ctx;
  }
  // The first wait: from now on the domain runs only inside calls.
  d.state = DomainState::kServing;
  kernel.atropos.Block(id, kForever);
  return kernel.payer != id ? HandBack() : Reschedule();
}

Context* SetParams(Domain& d, Context* ctx) {
  const int target = static_cast<int>(ctx->r[10]);
  const auto* p = reinterpret_cast<const SchedParams*>(ctx->r[11]);
  ctx->r[10] = static_cast<uint32_t>(-1);
  if (!(d.spec->flags & kFlagQos) || target < 0 || target >= kernel.domain_count ||
      !UserReadable(d, p, sizeof(*p)) || !Atropos::Valid(*p))
    return ctx;
  Domain& t = kernel.domains[target];
  const Time now = Now();
  const SchedParams ticks = ParamsInTicks(*p);
  if (t.state == DomainState::kUnadmitted) {
    if (!kernel.atropos.Add(target, ticks, now)) return ctx;
    t.state = DomainState::kRunnable;
  } else if (t.state == DomainState::kRunnable || t.state == DomainState::kBlocked) {
    if (!kernel.atropos.SetParams(target, ticks, now)) return ctx;
  } else {
    return ctx;
  }
  ctx->r[10] = 0;
  return Reschedule();  // the newly admitted domain may come first
}

Context* KsectBegin(Domain& d, Context* ctx) {
  if (!(d.spec->flags & kFlagTrusted)) {
    ctx->r[10] = static_cast<uint32_t>(-1);
    return ctx;
  }
  ctx->r[10] = 0;
  d.ksect_ctx = *ctx;
  d.in_ksect = true;
  // Machine mode with interrupts off until kKsectEnd: the section is not preempted.
  Write_mstatus((Read_mstatus() & ~(kMstatusMppMask | kMstatusMpie)) |
                (kPrivMachine << kMstatusMppShift));
  return ctx;
}

}  // namespace

// The trap vector's entry for kernel calls (arch/entry.S, declared in kernel.h).
extern "C" Context* KernelCall(Context* ctx) {
  const int id = kernel.current;
  Domain& d = kernel.domains[id];
  ctx->r[0] += 4;  // continue after the ecall
  switch (ctx->r[17]) {
    case kCallResume:
      CopyContext(*ctx, d.dib->save);
      d.dib->activations_enabled = 1;
      return ctx;
    case kCallBlock:
      return Block(d, id, ctx);
    case kCallSend:
      return Send(d, id, ctx);
    case kCallYield:
      kernel.atropos.Yield(kernel.payer);
      ctx->r[10] = 0;
      return Reschedule();
    case kCallPrint: {
      const char* s = reinterpret_cast<const char*>(ctx->r[10]);
      const uint32_t n = ctx->r[11];
      if (n > kMaxPrint || !UserReadable(d, s, n)) {
        ctx->r[10] = static_cast<uint32_t>(-1);
        return ctx;
      }
      for (uint32_t i = 0; i < n; ++i) fw::UartPut(s[i]);
      ctx->r[10] = 0;
      return ctx;
    }
    case kCallExit:
      ReportExit(id, static_cast<int32_t>(ctx->r[10]));
      KillDomain(id);
      return Reschedule();
    case kCallSetParams:
      return SetParams(d, ctx);
    case kCallKsectBegin:
      return KsectBegin(d, ctx);
    case kCallPpc:
      return Ppc(d, id, ctx);
    case kCallPpcReplyWait:
      return PpcReplyWait(d, id, ctx);
    default:
      ctx->r[10] = static_cast<uint32_t>(-1);
      return ctx;
  }
}

}  // namespace pegasus::kernel
