// What a boot image gives the kernel: its domains, the channels between them, the
// interrupt bindings, and (for test images) the faults it expects. Each image (one
// file under kernel/images/) defines kBootImage; the kernel creates everything from
// it at boot. Domain code and the tables live in the shared, read-only part of the
// image; a domain's mutable state lives on its own stack, in its own block.
#ifndef PEGASUS_KERNEL_IMAGE_H_
#define PEGASUS_KERNEL_IMAGE_H_

#include <stdint.h>

#include "kernel/abi.h"
#include "kernel/policy/atropos.h"

namespace pegasus::kernel {

// A domain's main function: runs in user mode on the domain's stack; its return
// value is the domain's exit code (0: passed).
using DomainEntry = int (*)(Dib* dib, uint32_t arg);

// A shared segment mapped into a domain: naturally aligned power-of-two size.
struct SegmentGrant {
  const void* base = nullptr;
  uint32_t size = 0;
  uint8_t rights = 0;  // arch::kPmpR | kPmpW
};

enum DomainFlags : uint32_t {
  kFlagQos = 1,          // may set other domains' scheduling parameters
  kFlagTrusted = 2,      // may run kernel-privileged sections
  kFlagParticipant = 4,  // a test image ends when every participant has exited
};

struct DomainSpec {
  const char* name;
  DomainEntry entry;
  uint32_t arg;
  // Reservation at boot. A domain without one (slice 0, no extra) waits until the
  // QoS domain admits it.
  SchedParams params;
  uint32_t flags;
  SegmentGrant segments[kMaxSegments];
  int irq_endpoint;  // receive endpoint for the software-interrupt line, or -1
};

struct ChannelSpec {
  int tx_domain, tx_endpoint, rx_domain, rx_endpoint;
};

// A protected-call gate: `client` may call `server` (kCallPpc).
struct CallGate {
  int client, server;
};

struct ExpectedFault {
  int domain;
  uint32_t mcause;
};

struct BootImage {
  const char* name;
  const DomainSpec* domains;
  int domain_count;
  const ChannelSpec* channels;
  int channel_count;
  const ExpectedFault* faults;
  int fault_count;
  const CallGate* gates = nullptr;
  int gate_count = 0;
};

extern const BootImage kBootImage;

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_IMAGE_H_
