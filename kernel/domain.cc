// Domain creation from the boot image: each domain gets a naturally aligned memory
// block (DIB at the bottom, activation stack above it, main stack at the top), a PMP
// set (shared code read/execute, its block read/write, its granted segments), its
// first context (entry(dib, arg), returning into the exit call) and, if it has a
// reservation, a place in Atropos; otherwise it waits for the QoS domain.
// Runs at boot, interrupts off.
#include "firmware/lib/print.h"
#include "kernel/arch/clint.h"
#include "kernel/arch/pmp.h"
#include "kernel/kernel.h"
#include "pegasus/memory_map.h"

extern "C" {
// Linker-script symbols: the shared (user-visible) code and read-only data.
extern char __shared_start[], __shared_end[];
// User library: the default activation vector and the return path of entry().
void nem_activation_vector();
void nem_domain_return();
}

namespace pegasus::kernel {

namespace {

// The domains' memory, one naturally aligned block each. Kernel memory: the kernel
// writes DIBs; each domain reaches only its own block through its PMP set.
alignas(kDomainMemoryBytes) uint8_t domain_memory[kMaxDomains][kDomainMemoryBytes];

void Fail(const char* what, const char* name) {
  fw::Print("kernel: boot image error: ");
  fw::Print(what);
  fw::Print(" for ");
  fw::Print(name);
  fw::Print("\n");
  pegasus_exit(4);
}

}  // namespace

SchedParams ParamsInTicks(const SchedParams& ns) {
  SchedParams t = ns;
  t.period = arch::TicksFromNs(ns.period);
  t.slice = ns.slice / arch::kNsPerTick;
  t.latency = arch::TicksFromNs(ns.latency);
  return t;
}

bool UserReadable(const Domain& d, const void* p, uint32_t len) {
  return d.pmp.Allows(reinterpret_cast<uintptr_t>(p), len, arch::kPmpR);
}

void CreateDomains(const BootImage& image, Time now) {
  if (image.domain_count > kMaxDomains) Fail("too many domains", image.name);
  const int pmp_entries = arch::PmpEntriesPresent();
  const uint32_t granule = arch::PmpGranuleBytes();
  if (granule == 0) Fail("no PMP on this hart", image.name);
  // mtime's entry: its 8 bytes, or on a hart with larger granules the granule that
  // holds them (read-only; on the UP5K build 0x0200B000-0x0200BFFF, where the CLINT
  // has nothing else).
  const uint32_t mtime_size = granule > 8 ? granule : 8;
  const uintptr_t mtime_base = (PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_LO) & ~(mtime_size - 1);
  for (int i = 0; i < image.domain_count; ++i) {
    const DomainSpec& spec = image.domains[i];
    Domain& d = kernel.domains[i];
    d.spec = &spec;
    d.base = reinterpret_cast<uintptr_t>(domain_memory[i]);
    d.dib = reinterpret_cast<Dib*>(d.base);
    Dib& dib = *d.dib;
    dib.id = static_cast<uint32_t>(i);
    dib.vector = reinterpret_cast<uintptr_t>(&nem_activation_vector);
    dib.activation_sp = d.base + kActivationStackTop;
    dib.activations_enabled = 1;
    // The first entry: entry(dib, arg) with the exit call as its return address,
    // counted as the domain's first activation (into the default vector).
    d.ctx.r[0] = reinterpret_cast<uintptr_t>(spec.entry);
    d.ctx.r[1] = reinterpret_cast<uintptr_t>(&nem_domain_return);
    d.ctx.r[2] = d.base + kDomainMemoryBytes;
    d.ctx.r[10] = d.base;
    d.ctx.r[11] = spec.arg;
    d.pending = kPendingResume;

    using namespace arch;
    // The entries every domain has first (arch/pmp.h): a switch skips them.
    d.pmp.granule = granule;
    if (!d.pmp.AddRange(reinterpret_cast<uintptr_t>(__shared_start),
                        reinterpret_cast<uintptr_t>(__shared_end), kPmpR | kPmpX))
      Fail("shared code not aligned to the hart's PMP granule", spec.name);
    if (!d.pmp.AddNapot(mtime_base, mtime_size, kPmpR) || d.pmp.used != kPmpCommonEntries)
      Fail("PMP set", spec.name);
    if (!d.pmp.AddNapot(d.base, kDomainMemoryBytes, kPmpR | kPmpW))
      Fail("memory block smaller than the hart's PMP granule", spec.name);
    for (const SegmentGrant& g : spec.segments) {
      if (!g.size) break;
      if (!d.pmp.AddNapot(reinterpret_cast<uintptr_t>(g.base), g.size, g.rights))
        Fail("segment not a naturally aligned power of two of at least the PMP granule",
             spec.name);
    }
    if (d.pmp.used > pmp_entries) Fail("more PMP entries than the hart has", spec.name);
    if (spec.irq_endpoint >= 0) {
      if (kernel.events.BindReceive(i, spec.irq_endpoint) != EventError::kOk)
        Fail("interrupt endpoint", spec.name);
      kernel.irq_domain = i;
      kernel.irq_endpoint = spec.irq_endpoint;
    }
    if (spec.params.slice > 0 || spec.params.extra) {
      if (!Atropos::Valid(spec.params) || !kernel.atropos.Add(i, ParamsInTicks(spec.params), now))
        Fail("reservation", spec.name);
      d.state = DomainState::kRunnable;
    } else {
      d.state = DomainState::kUnadmitted;
    }
    if (spec.flags & kFlagParticipant) ++kernel.participants_left;
  }
  kernel.domain_count = image.domain_count;
  // PMP: the common entries once, now; switches write the span every domain may use.
  int pmp_end = arch::kPmpCommonEntries + 1;
  for (int i = 0; i < image.domain_count; ++i) {
    const arch::PmpSet& s = kernel.domains[i].pmp;
    if (!s.SameEntries(kernel.domains[0].pmp, arch::kPmpCommonEntries))
      Fail("PMP entries shared by all domains differ", image.domains[i].name);
    if (s.used > pmp_end) pmp_end = s.used;
  }
  if (image.domain_count > 0) arch::LoadPmp(kernel.domains[0].pmp);
  kernel.pmp_loaded = image.domain_count > 0 ? 0 : -1;
  kernel.pmp_switch = arch::PreparePmpSwitch(pmp_end);
  for (int g = 0; g < image.gate_count; ++g) {
    const CallGate& gate = image.gates[g];
    if (gate.client < 0 || gate.client >= image.domain_count || gate.server < 0 ||
        gate.server >= image.domain_count || gate.client == gate.server)
      Fail("protected-call gate", image.name);
    kernel.domains[gate.client].call_gates |= 1u << gate.server;
  }
  for (int c = 0; c < image.channel_count; ++c) {
    const ChannelSpec& ch = image.channels[c];
    if (ch.tx_domain >= image.domain_count || ch.rx_domain >= image.domain_count ||
        kernel.events.Connect(ch.tx_domain, ch.tx_endpoint, ch.rx_domain, ch.rx_endpoint) !=
            EventError::kOk)
      Fail("channel", image.name);
  }
}

}  // namespace pegasus::kernel
