// Benchmark image "bench": instruction counts of the kernel's paths, printed as
// "bench: <name>=<value>" lines for tests/bench/kernel (run with
// PEGASUS_ICOUNT_SHIFT=0 so that minstret counts instructions).
//  - schedule_decision_insns: one Atropos decision over eight domains (machine mode,
//    at boot, mean of 256 decisions);
//  - activation_insns: from the last instruction of a spinning domain to the first
//    instruction of the next domain's activation vector, across the timer interrupt,
//    the decision, the PMP switch and the activation (minimum and mean of 64; every
//    sample is printed too, "samples: <name>=<v>,<v>,...", for the median and the
//    90th percentile that tests/bench/kernel works out);
//  - event_signal_insns: an asynchronous send as seen by the sender (minimum of 64);
//  - activation_cycles: the activation in cycles (mcycle; on QEMU with icount
//    shift=0 the same as instructions, on the soft core real cycles).
#include "firmware/lib/print.h"
#include "kernel/arch/pmp.h"
#include "kernel/arch/riscv.h"
#include "kernel/image.h"
#include "kernel/kernel.h"
#include "kernel/user/nemesis.h"

namespace pegasus::kernel {

void BootBenchmarks() {
  Atropos a;
  for (int i = 0; i < kMaxDomains; ++i) {
    const SchedParams p{(i + 1) * 3 * kMs, (i + 1) * 100 * kUs, kMs, i % 2 == 0};
    a.Add(i, p, 0);
  }
  Time now = 0;
  uint32_t total = 0;
  constexpr int kDecisions = 256;
  for (int i = 0; i < kDecisions; ++i) {
    const uint32_t i0 = arch::Read_minstret();
    const Decision d = a.Schedule(now);
    total += arch::Read_minstret() - i0;
    const Time used = d.until - now < 50 * kUs ? d.until - now : 50 * kUs;
    if (d.domain >= 0) a.Charge(d.domain, used, d.reason);
    now += used > 0 ? used : 50 * kUs;
  }
  Text t;
  t.Add("bench: schedule_decision_insns=").AddDec(total / kDecisions).Add("\n");
  fw::Print(t.c_str());  // machine mode, at boot: the kernel's console directly
}

namespace {

enum : int { kSpinner, kSampler };
constexpr int kSamples = 64;

// A segment, granted whole (kPmpGranuleMaxBytes: no hart's PMP granule is larger).
struct alignas(kPmpGranuleMaxBytes) Stamp {
  volatile uint32_t instret;
  volatile uint32_t cycle;
};
Stamp stamp;

// The sampler's own bookkeeping, in its block just above the DIB.
struct SamplerArea {
  uint32_t vector_instret;  // written by the first instructions of the vector
  uint32_t vector_cycle;
  uint32_t samples;
  uint32_t min, sum;
  uint32_t min_cycles, sum_cycles;
  uint32_t* insns;  // every sample, on the sampler's main stack
  uint32_t* cycles;
};
static_assert(sizeof(Dib) <= 256);
SamplerArea* Area(Dib* dib) {
  return reinterpret_cast<SamplerArea*>(reinterpret_cast<uintptr_t>(dib) + 256);
}

int Spinner(Dib*, uint32_t) {
  for (;;) {
    stamp.instret = nemesis::ReadInstret();
    stamp.cycle = nemesis::ReadCycle();
  }
}

}  // namespace

extern "C" void SamplerActivation(Dib* dib, uint32_t reason) {
  SamplerArea* area = Area(dib);
  if (reason == kReasonAllocated && area->samples < kSamples) {
    const uint32_t d = area->vector_instret - stamp.instret;
    if (d < area->min) area->min = d;
    area->sum += d;
    const uint32_t c = area->vector_cycle - stamp.cycle;
    if (c < area->min_cycles) area->min_cycles = c;
    area->sum_cycles += c;
    area->insns[area->samples] = d;
    area->cycles[area->samples] = c;
    ++area->samples;
  }
  nemesis::Resume();
}

// The activation vector: its first instructions read cycle and instret.
asm(R"(
  .section .text.sampler_vector, "ax"
  .globl sampler_vector
sampler_vector:
  rdcycle t1
  rdinstret t0
  sw    t0, 256(a0)
  sw    t1, 260(a0)
  j     SamplerActivation
)");
extern "C" void sampler_vector();

namespace {

// "samples: <name>=<v>,<v>,..." in lines that fit a Text, one line per 16 samples.
void PrintSamples(const char* name, const uint32_t* v) {
  for (int i = 0; i < kSamples; i += 16) {
    Text t;
    t.Add("samples: ").Add(name).Add("=");
    for (int j = i; j < i + 16 && j < kSamples; ++j) t.AddDec(v[j]).Add(j + 1 < i + 16 ? "," : "");
    t.Add("\n");
    nemesis::Print(t);
  }
}

int Sampler(Dib* dib, uint32_t) {
  SamplerArea* area = Area(dib);
  uint32_t insns[kSamples], cycles[kSamples];
  area->insns = insns;
  area->cycles = cycles;
  area->samples = 0;
  area->min = ~0u;
  area->sum = 0;
  area->min_cycles = ~0u;
  area->sum_cycles = 0;
  dib->vector = reinterpret_cast<uintptr_t>(&sampler_vector);
  // The minimum: a send that a preemption interrupted would count the other domains.
  uint32_t send_min = ~0u;
  for (int i = 0; i < kSamples; ++i) {
    const uint32_t i0 = nemesis::ReadInstret();
    nemesis::Send(0, false);
    const uint32_t d = nemesis::ReadInstret() - i0;
    if (d < send_min) send_min = d;
  }
  while (area->samples < kSamples) nemesis::Yield();
  Text t;
  t.Add("bench: activation_insns=").AddDec(area->min).Add("\n");
  t.Add("bench: activation_mean_insns=").AddDec(area->sum / kSamples).Add("\n");
  t.Add("bench: event_signal_insns=").AddDec(send_min).Add("\n");
  nemesis::Print(t);
  t = Text{};
  t.Add("bench: activation_cycles=").AddDec(area->min_cycles).Add("\n");
  nemesis::Print(t);
  PrintSamples("activation_insns", insns);
  PrintSamples("activation_cycles", cycles);
  return 0;
}

constexpr SchedParams kSpinnerParams{10 * kMs, 0, 0, true};
constexpr SchedParams kSamplerParams{1 * kMs, 100 * kUs, 0, false};

const DomainSpec kDomains[] = {
    {"spinner", Spinner, 0, kSpinnerParams, 0,
     {{&stamp, sizeof(Stamp), arch::kPmpR | arch::kPmpW}}, -1},
    {"sampler", Sampler, 0, kSamplerParams, kFlagParticipant,
     {{&stamp, sizeof(Stamp), arch::kPmpR}}, -1},
};
constexpr ChannelSpec kChannels[] = {{kSampler, 0, kSpinner, 0}};

}  // namespace

const BootImage kBootImage = {"bench", kDomains, 2, kChannels, 1, nullptr, 0};

}  // namespace pegasus::kernel
