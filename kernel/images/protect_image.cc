// Test image "protect": PMP protection and kernel-privileged sections. Four domains
// each do one forbidden thing — read kernel memory, write another domain's memory,
// jump into kernel code, write a channel segment mapped read-only at its end (after
// reading it, which is allowed) — and must be stopped with exactly that fault (the image
// lists them as expected; any other fault fails the run at once). A survivor keeps
// running through all of it and checks that it made progress in every millisecond,
// and that an untrusted domain cannot enter a privileged section. A trusted domain
// runs a privileged section that reads the CLINT directly (machine mode only), then
// one that traps, and checks it got -(mcause) back in user mode and carries on.
#include "firmware/lib/mmio.h"
#include "kernel/arch/pmp.h"
#include "kernel/arch/riscv.h"
#include "kernel/image.h"
#include "kernel/kernel.h"
#include "kernel/user/nemesis.h"
#include "pegasus/memory_map.h"

extern "C" void kernel_trap_vector();

namespace pegasus::kernel {
namespace {

enum : int { kSurvivor, kReader, kWriter, kJumper, kTrusted, kSink };

// A segment the sink may read but not write (the source end would map it read/write),
// granted whole: kPmpGranuleMaxBytes, so that no hart's PMP granule makes it larger.
struct alignas(kPmpGranuleMaxBytes) Segment {
  uint32_t word[2];
};
Segment channel_segment = {{0x5e9u, 0}};

int Reader(Dib*, uint32_t) {
  nemesis::Print("reader: reading kernel memory\n");
  const volatile uint32_t* p = reinterpret_cast<const volatile uint32_t*>(&kernel);
  return static_cast<int>(*p);  // load access fault: never returns
}

int Writer(Dib* dib, uint32_t) {
  nemesis::Print("writer: writing the survivor's memory\n");
  // The blocks are consecutive, one per domain id.
  auto* survivor = reinterpret_cast<volatile uint32_t*>(
      reinterpret_cast<uintptr_t>(dib) - (kWriter - kSurvivor) * kDomainMemoryBytes);
  survivor[0] = 0;  // its activations_enabled: a store access fault
  return 1;
}

int Jumper(Dib*, uint32_t) {
  nemesis::Print("jumper: jumping into kernel code\n");
  reinterpret_cast<void (*)()>(&kernel_trap_vector)();  // instruction access fault
  return 1;
}

int Sink(Dib*, uint32_t) {
  auto* seg = reinterpret_cast<volatile uint32_t*>(&channel_segment);
  if (seg[0] != 0x5e9u) return 1;
  nemesis::Print("sink: read its read-only segment; writing it\n");
  seg[1] = 1;  // store access fault
  return 1;
}

int Survivor(Dib*, uint32_t) {
  if (nemesis::KsectBegin() != -1) {
    nemesis::Print("survivor: an untrusted domain entered a privileged section\n");
    return 1;
  }
  // Wakes every millisecond for 50 ms; each wake must come on time (within the
  // 2 ms its reservation allows) while the other domains fault around it.
  Time next = nemesis::Now();
  for (int i = 0; i < 50; ++i) {
    next += kMs;
    nemesis::Block(next);
    const Time late = nemesis::Now() - next;
    if (late < 0 || late > 2 * kMs) {
      Text t;
      t.Add("survivor: woke ").AddDuration(late < 0 ? -late : late)
          .Add(late < 0 ? " early\n" : " late\n");
      nemesis::Print(t);
      return 1;
    }
  }
  nemesis::Print("survivor: kept running through every fault\n");
  return 0;
}

int Trusted(Dib*, uint32_t) {
  if (nemesis::KsectBegin() != 0) return 1;
  // Machine mode: the CLINT is no domain's memory, but a section may read it.
  const uint32_t mtime = fw::Read32(PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_LO);
  nemesis::KsectEnd();
  if (mtime == 0) return 1;
  nemesis::Print("trusted: privileged section read the CLINT\n");
  const int rc = nemesis::KsectBegin();
  if (rc == 0) {
    // Nothing is mapped at address 0 on QEMU virt: a load access fault in machine
    // mode, which must end the section, not the kernel.
    (void)*reinterpret_cast<const volatile uint32_t*>(uintptr_t{0});
    nemesis::KsectEnd();
    nemesis::Print("trusted: the faulting load did not fault\n");
    return 1;
  }
  if (rc != -static_cast<int>(arch::kCauseLoadFault)) return 1;
  nemesis::Print("trusted: trapped section returned -5 in user mode\n");
  return 0;
}

constexpr SchedParams kSmall{10 * kMs, 1 * kMs, 0, true};
constexpr SchedParams kSurvivorParams{1 * kMs, 200 * kUs, 0, false};

constexpr DomainSpec kDomains[] = {
    {"survivor", Survivor, 0, kSurvivorParams, kFlagParticipant, {}, -1},
    {"reader", Reader, 0, kSmall, 0, {}, -1},
    {"writer", Writer, 0, kSmall, 0, {}, -1},
    {"jumper", Jumper, 0, kSmall, 0, {}, -1},
    {"trusted", Trusted, 0, kSmall, kFlagTrusted | kFlagParticipant, {}, -1},
    {"sink", Sink, 0, kSmall, 0, {{&channel_segment, sizeof(Segment), arch::kPmpR}}, -1},
};

constexpr ExpectedFault kFaults[] = {
    {kReader, arch::kCauseLoadFault},
    {kWriter, arch::kCauseStoreFault},
    {kJumper, arch::kCauseInstructionFault},
    {kSink, arch::kCauseStoreFault},
};

}  // namespace

const BootImage kBootImage = {"protect", kDomains, 6, nullptr, 0, kFaults, 4};

}  // namespace pegasus::kernel
