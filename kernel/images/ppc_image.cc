// Test image "ppc": protected calls (kernel/abi.h, kCallPpc).
//  - client calls server 1000 times, four words each way in registers, checks every
//    reply and reports the mean round trip as a minstret and an mcycle difference
//    (instructions and cycles when run as bench_kernel runs it), the client alone
//    runnable meanwhile (as in the idc image: its decisions still end and are taken
//    again, at most every 1 ms);
//  - a server serving a call cannot make one itself (kPpcBusy: one level only);
//  - a long call (10 ms of the server's processor time) runs only on the client's
//    time: the client has 4 ms every 10 ms plus slack, and a hog, started by an
//    event once the round trips are measured, holds 5 ms of every 10; so the call
//    must span at least two more of the client's periods (elapsed >= 20 ms);
//  - a domain with no gate to the server is refused (kPpcNoGate);
//  - fragile, a second server, reads the client's memory inside a call: it is
//    stopped with a load access fault (its own PMP set applies during the call), the
//    client gets kPpcServerDied and then kPpcNotReady, and keeps running.
#include "kernel/arch/riscv.h"
#include "kernel/image.h"
#include "kernel/images/measure.h"
#include "kernel/user/nemesis.h"

namespace pegasus::kernel {
namespace {

enum : int { kClient, kServer, kFragile, kOutsider, kHog };
enum : uint32_t { kSquare = 1, kNested = 2, kLong = 3, kPeek = 4 };
constexpr int kCalls = 1000;
constexpr int kHogEndpoint = 0;  // client transmit -> hog receive
constexpr Time kLongWork = 10 * kMs;

uint32_t Square(uint32_t x) { return x * x + 1; }

// Spins until `work` of processor time has passed (readings closer than kGap count,
// as in measure.h).
void Work(Time work) {
  Time last = nemesis::Now(), run = 0;
  while (run < work) {
    const Time t = nemesis::Now();
    if (t - last <= images::kGap) run += t - last;
    last = t;
  }
}

// Calls until the server waits for calls (it starts on slack).
int32_t CallWhenReady(int server, uint32_t (&w)[4]) {
  uint32_t copy[4];
  for (;;) {
    for (int i = 0; i < 4; ++i) copy[i] = w[i];
    const int32_t status = nemesis::PpcCall(server, copy);
    if (status != kPpcNotReady) {
      for (int i = 0; i < 4; ++i) w[i] = copy[i];
      return status;
    }
    nemesis::Block(nemesis::Now() + 100 * kUs);
  }
}

int Fail(const char* what) {
  nemesis::Print(what);
  return 1;
}

int Client(Dib* dib, uint32_t) {
  uint32_t w[4] = {kSquare, 0, 0, 0};
  if (CallWhenReady(kServer, w) != kPpcOk || w[0] != Square(0)) return Fail("client: WRONG first reply\n");

  uint32_t total_insns = 0, total_cycles = 0;
  for (int i = 0; i < kCalls; ++i) {
    uint32_t m[4] = {kSquare, static_cast<uint32_t>(i), 2, 3};
    const uint32_t i0 = nemesis::ReadInstret();
    const uint32_t c0 = nemesis::ReadCycle();
    const int32_t status = nemesis::PpcCall(kServer, m);
    total_insns += nemesis::ReadInstret() - i0;
    total_cycles += nemesis::ReadCycle() - c0;
    if (status != kPpcOk || m[0] != Square(static_cast<uint32_t>(i)) || m[1] != 5 ||
        m[2] != kClient || m[3] != static_cast<uint32_t>(i))
      return Fail("client: WRONG reply\n");
  }
  Text t;
  t.Add("client: ").AddDec(kCalls).Add(" protected calls answered\n");
  nemesis::Print(t);
  t = Text{};
  t.Add("bench: ppc_round_trip_insns=").AddDec(total_insns / kCalls).Add("\n");
  t.Add("bench: ppc_round_trip_cycles=").AddDec(total_cycles / kCalls).Add("\n");
  nemesis::Print(t);

  uint32_t nested[4] = {kNested, 0, 0, 0};
  if (nemesis::PpcCall(kServer, nested) != kPpcOk ||
      static_cast<int32_t>(nested[0]) != kPpcBusy)
    return Fail("client: a nested call was not refused\n");
  nemesis::Print("client: a call from inside a call was refused\n");

  nemesis::Send(kHogEndpoint, false);  // the hog starts taking its reservation

  uint32_t slow[4] = {kLong, 7, 0, 0};
  const Time t0 = nemesis::Now();
  if (nemesis::PpcCall(kServer, slow) != kPpcOk || slow[0] != Square(7))
    return Fail("client: WRONG reply to the long call\n");
  const Time elapsed = nemesis::Now() - t0;
  t = Text{};
  t.Add("client: long call took ").AddDec(static_cast<uint64_t>(elapsed / kMs)).Add(" ms\n");
  nemesis::Print(t);
  if (elapsed < 20 * kMs) return Fail("client: the server ran on time that was not the client's\n");
  nemesis::Print("client: the long call ran on the client's time only\n");

  uint32_t peek[4] = {kPeek, reinterpret_cast<uintptr_t>(dib), 0, 0};
  if (CallWhenReady(kFragile, peek) != kPpcServerDied)
    return Fail("client: a server that faulted did not return the call\n");
  if (nemesis::PpcCall(kFragile, peek) != kPpcNotReady)
    return Fail("client: a stopped server still took calls\n");
  nemesis::Print("client: server stopped in a call; the call came back\n");
  return 0;
}

int Server(Dib*, uint32_t) {
  nemesis::PpcServe([](int caller, uint32_t (&w)[4]) {
    const uint32_t arg = w[1];
    if (w[0] == kNested) {
      uint32_t inner[4] = {kSquare, 0, 0, 0};
      w[0] = static_cast<uint32_t>(nemesis::PpcCall(kFragile, inner));
      return;
    }
    if (w[0] == kLong) Work(kLongWork);
    w[0] = Square(arg);
    w[1] = w[2] + w[3];
    w[2] = static_cast<uint32_t>(caller);
    w[3] = arg;
  });
}

int Fragile(Dib*, uint32_t) {
  nemesis::PpcServe([](int, uint32_t (&w)[4]) {
    if (w[0] == kPeek) w[0] = *reinterpret_cast<volatile const uint32_t*>(w[1]);
  });
}

int Outsider(Dib*, uint32_t) {
  uint32_t w[4] = {kSquare, 1, 0, 0};
  if (nemesis::PpcCall(kServer, w) != kPpcNoGate) return Fail("outsider: called without a gate\n");
  nemesis::Print("outsider: call without a gate refused\n");
  return 0;
}

int Hog(Dib* dib, uint32_t) {
  nemesis::WaitEvent(dib, kHogEndpoint);
  for (;;) {
  }
}

constexpr SchedParams kClientParams{10 * kMs, 4 * kMs, 0, true};
constexpr SchedParams kExtraOnly{10 * kMs, 0, 0, true};
constexpr SchedParams kOutsiderParams{10 * kMs, 500 * kUs, 0, false};
constexpr SchedParams kHogParams{10 * kMs, 5 * kMs, 0, false};

constexpr DomainSpec kDomains[] = {
    {"client", Client, 0, kClientParams, kFlagParticipant, {}, -1},
    {"server", Server, 0, kExtraOnly, 0, {}, -1},
    {"fragile", Fragile, 0, kExtraOnly, 0, {}, -1},
    {"outsider", Outsider, 0, kOutsiderParams, kFlagParticipant, {}, -1},
    {"hog", Hog, 0, kHogParams, 0, {}, -1},
};
constexpr ChannelSpec kChannels[] = {{kClient, kHogEndpoint, kHog, kHogEndpoint}};
constexpr CallGate kGates[] = {{kClient, kServer}, {kClient, kFragile}, {kServer, kFragile}};
constexpr ExpectedFault kFaults[] = {{kFragile, arch::kCauseLoadFault}};

}  // namespace

const BootImage kBootImage = {"ppc", kDomains, 5, kChannels, 1, kFaults, 1, kGates, 3};

}  // namespace pegasus::kernel
