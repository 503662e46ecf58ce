// Kernel tunables, one place, each with the reason for its value. Shared by the
// kernel proper (RV32, machine mode), the user library and the policy code that
// also builds on the host for the unit tests, so it holds plain constants only.
#ifndef PEGASUS_KERNEL_CONFIG_H_
#define PEGASUS_KERNEL_CONFIG_H_

#include <stdint.h>

namespace pegasus::kernel {

// Domains the kernel can hold at once. Each costs a Domain Information Block, a
// memory block and a scheduler entry; eight is enough for the test images and keeps
// the scheduler's linear scans short (a decision reads every entry).
inline constexpr int kMaxDomains = 8;

// Event endpoints per domain (transmit or receive). An IDC binding takes two, an
// interrupt one.
inline constexpr int kMaxEndpoints = 8;

// Channels the kernel can hold (each joins one transmit to one receive endpoint).
inline constexpr int kMaxChannels = 16;

// Slack is handed out round robin in quanta of this length (ns), so that domains
// taking extra time share it evenly without a reservation's precision.
inline constexpr int64_t kExtraQuantumNs = 1'000'000;

// Admission bound on the guaranteed share, parts per million. The rest covers the
// kernel's own time (traps, decisions, activations) and leaves slack for extra time.
inline constexpr uint32_t kAdmissionBoundPpm = 950'000;

// The largest PMP granule the kernel's images are laid out for (the soft core's UP5K
// build; arch/pmp.h): domain memory blocks and shared segments are at least this
// large, and the shared code's bounds multiples of it (arch/link.ld).
inline constexpr uint32_t kPmpGranuleMaxBytes = 4096;

// Bytes of RAM each domain owns: its DIB at the bottom, its stack at the top. A power
// of two so that one naturally aligned PMP entry covers it.
inline constexpr uint32_t kDomainMemoryBytes = 4096;
static_assert(kDomainMemoryBytes >= kPmpGranuleMaxBytes);

// Frequency of CLINT mtime, Hz: 10 MHz on QEMU virt and on the SoC's CLINT.
inline constexpr int64_t kMtimeHz = 10'000'000;

// Bytes of a domain's memory block taken by its DIB plus its activation stack; the
// activation handler runs with sp at this offset, the main thread's stack starts at
// the top of the block.
inline constexpr uint32_t kActivationStackTop = 1024;

// Shared segments (channels, IDC rings, device registers) a domain may map at once;
// three PMP entries go to the shared code and the domain's own block.
inline constexpr int kMaxSegments = 8;

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_CONFIG_H_
