// Test image "idc": inter-domain calls and interrupts as events.
//  - client and server share two 128-byte segments (kernel/user/idc.h): requests
//    written by the client and read-only to the server, replies the other way, and
//    a pair of channels (request event, reply event). The client makes 1000 calls,
//    checks every reply, and reports the mean round trip in virtual time and as a
//    minstret difference (instructions when run with PEGASUS_ICOUNT_SHIFT=0, as the
//    benchmark does; see kernel/tools/qemu-icount).
//  - a device domain holds the CLINT's software-interrupt register as a granted
//    segment and raises the line 20 times; the kernel turns each interrupt into an
//    event on the driver domain's interrupt endpoint; the driver must see all 20.
#include "kernel/arch/pmp.h"
#include "kernel/image.h"
#include "kernel/user/idc.h"
#include "kernel/user/nemesis.h"
#include "pegasus/memory_map.h"

namespace pegasus::kernel {
namespace {

using nemesis::IdcHalf;

enum : int { kClient, kServer, kDevice, kDriver };
// Endpoints: client tx 0 -> server rx 0 (requests); server tx 1 -> client rx 1.
constexpr nemesis::IdcEndpoints kClientEp{0, 1};
constexpr nemesis::IdcEndpoints kServerEp{1, 0};
constexpr int kIrqEndpoint = 0;
constexpr int kCalls = 1000;
constexpr int kInterrupts = 20;

alignas(nemesis::kIdcSegmentBytes) IdcHalf request_segment;
alignas(nemesis::kIdcSegmentBytes) IdcHalf reply_segment;

uint32_t Square(uint32_t x) { return x * x + 1; }

int Client(Dib* dib, uint32_t) {
  uint32_t total_insns = 0, total_cycles = 0;
  Time total_time = 0;
  for (int i = 0; i < kCalls; ++i) {
    const uint32_t request[nemesis::kIdcWords] = {static_cast<uint32_t>(i), 1, 2, 3};
    uint32_t reply[nemesis::kIdcWords] = {};
    const uint32_t i0 = nemesis::ReadInstret();
    const uint32_t c0 = nemesis::ReadCycle();
    const Time t0 = nemesis::Now();
    nemesis::IdcCall(dib, &request_segment, &reply_segment, kClientEp, request, reply);
    total_insns += nemesis::ReadInstret() - i0;
    total_cycles += nemesis::ReadCycle() - c0;
    total_time += nemesis::Now() - t0;
    if (reply[0] != Square(static_cast<uint32_t>(i)) || reply[1] != 6) {
      nemesis::Print("idc: WRONG reply\n");
      return 1;
    }
  }
  Text t;
  t.Add("idc: ").AddDec(kCalls).Add(" calls answered; mean round trip ")
      .AddDuration(total_time / kCalls).Add(" virtual\n");
  nemesis::Print(t);
  t = Text{};
  t.Add("bench: idc_round_trip_insns=").AddDec(total_insns / kCalls).Add("\n");
  t.Add("bench: idc_round_trip_cycles=").AddDec(total_cycles / kCalls).Add("\n");
  nemesis::Print(t);
  return 0;
}

int Server(Dib* dib, uint32_t) {
  nemesis::IdcServe(dib, &reply_segment, &request_segment, kServerEp,
                    [](const uint32_t* req, uint32_t* rep) {
                      rep[0] = Square(req[0]);
                      rep[1] = req[1] + req[2] + req[3];
                      rep[2] = rep[3] = 0;
                    });
}

int Device(Dib*, uint32_t) {
  auto* msip = reinterpret_cast<volatile uint32_t*>(PEGASUS_CLINT_BASE + PEGASUS_CLINT_MSIP);
  for (int i = 0; i < kInterrupts; ++i) {
    *msip = 1;  // raise the line; the kernel clears it
    nemesis::Block(nemesis::Now() + 500 * kUs);
  }
  nemesis::Print("device: raised 20 interrupts\n");
  return 0;
}

int Driver(Dib* dib, uint32_t) {
  uint32_t seen = 0;
  while (seen < kInterrupts) seen += nemesis::WaitEvent(dib, kIrqEndpoint);
  Text t;
  t.Add("driver: ").AddDec(seen).Add(" interrupts arrived as events\n");
  nemesis::Print(t);
  return seen == kInterrupts ? 0 : 1;
}

constexpr uint8_t kRW = arch::kPmpR | arch::kPmpW;
constexpr uint8_t kRO = arch::kPmpR;
constexpr SchedParams kParams{10 * kMs, 2 * kMs, 0, true};

const DomainSpec kDomains[] = {
    {"client", Client, 0, kParams, kFlagParticipant,
     {{&request_segment, nemesis::kIdcSegmentBytes, kRW},
      {&reply_segment, nemesis::kIdcSegmentBytes, kRO}}, -1},
    {"server", Server, 0, kParams, 0,
     {{&reply_segment, nemesis::kIdcSegmentBytes, kRW},
      {&request_segment, nemesis::kIdcSegmentBytes, kRO}}, -1},
    // MSIP, granted as the granule that holds it (the CLINT has only MSIP words there).
    {"device", Device, 0, kParams, kFlagParticipant,
     {{reinterpret_cast<const void*>(PEGASUS_CLINT_BASE + PEGASUS_CLINT_MSIP),
       kPmpGranuleMaxBytes, kRW}}, -1},
    {"driver", Driver, 0, kParams, kFlagParticipant, {}, kIrqEndpoint},
};

constexpr ChannelSpec kChannels[] = {
    {kClient, kClientEp.tx, kServer, kServerEp.rx},
    {kServer, kServerEp.tx, kClient, kClientEp.rx},
};

}  // namespace

const BootImage kBootImage = {"idc", kDomains, 4, kChannels, 2, nullptr, 0};

}  // namespace pegasus::kernel
