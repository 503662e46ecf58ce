// Events and channels: the Nemesis notification mechanism, as policy with no
// hardware in it (built for the kernel and for the host tests).
//
// An event carries no value: it is the advance of an event count. Each domain owns
// kMaxEndpoints endpoints, each free, a transmit end or a receive end. A channel joins
// one transmit endpoint to one receive endpoint, usually in another domain. Sending on
// a transmit endpoint advances its count by one and copies the count to the joined
// receive endpoint; the kernel then mirrors the receive count into the receiver's DIB,
// where the receiver compares it with the count it has acknowledged. An interrupt is
// delivered by Raise on a receive endpoint bound to the interrupt line.
//
// Invariants: counts only grow (mod 2^32); a channel's two ends point at each other;
// an endpoint is in at most one channel. Guarded by the caller (interrupts off in the
// kernel).
#ifndef PEGASUS_KERNEL_POLICY_EVENTS_H_
#define PEGASUS_KERNEL_POLICY_EVENTS_H_

#include <stdint.h>

#include "kernel/config.h"

namespace pegasus::kernel {

enum class EventError : uint8_t {
  kOk,
  kBadEndpoint,    // domain or endpoint number out of range
  kInUse,          // the endpoint already belongs to a channel or an interrupt
  kNotTransmit,    // Send on an endpoint that is not a connected transmit end
  kNotReceive,     // Raise on an endpoint that is not a receive end
};
const char* EventErrorText(EventError e);

// The domain that a Send reached, and its receive endpoint (-1: nobody).
struct Delivery {
  int domain = -1;
  int endpoint = -1;
  uint32_t count = 0;  // the receive endpoint's count after the send
};

class EventTable {
 public:
  // Joins tx_dom's endpoint tx_ep (becomes transmit) to rx_dom's rx_ep (receive).
  EventError Connect(int tx_dom, int tx_ep, int rx_dom, int rx_ep);
  // Makes dom's endpoint ep a receive end with no channel (for an interrupt line).
  EventError BindReceive(int dom, int ep);
  // Frees every endpoint of a domain (it died) and the channels through them.
  void ReleaseDomain(int dom);

  // Advances the transmit count and propagates it over the channel.
  EventError Send(int dom, int ep, Delivery* out);
  // Advances a receive count directly (an interrupt).
  EventError Raise(int dom, int ep, uint32_t* count);

  uint32_t Count(int dom, int ep) const { return ep_[dom][ep].count; }
  bool IsReceive(int dom, int ep) const { return ep_[dom][ep].kind == Kind::kReceive; }
  // True if any receive count of dom differs from acked[ep] (the domain's view).
  bool Pending(int dom, const uint32_t* acked) const;

 private:
  enum class Kind : uint8_t { kFree, kTransmit, kReceive };
  struct Endpoint {
    Kind kind = Kind::kFree;
    int8_t peer_dom = -1;  // the other end of the channel, if any
    int8_t peer_ep = -1;
    uint32_t count = 0;
  };
  static bool InRange(int dom, int ep) {
    return dom >= 0 && dom < kMaxDomains && ep >= 0 && ep < kMaxEndpoints;
  }
  Endpoint ep_[kMaxDomains][kMaxEndpoints];
  // Per domain, bit e set while endpoint e is a receive end: Pending looks at those
  // only (it runs on every kBlock).
  uint8_t rx_mask_[kMaxDomains] = {};
  static_assert(kMaxEndpoints <= 8, "rx_mask_ holds one bit per endpoint");
};

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_POLICY_EVENTS_H_
