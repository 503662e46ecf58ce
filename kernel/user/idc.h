// Inter-domain calls over shared memory: a pair of rings and a pair of events.
//
// Format. A binding is two segments, each written by one side only:
//   request segment  (client read/write, server read-only):  Half
//   reply segment    (server read/write, client read-only):  Half
// Half = { head: messages produced into `slot` so far; peer_tail: messages of the
//          other half consumed so far; slot[kIdcSlots][kIdcWords] }
// Indices run freely (mod 2^32); slot i holds message number i mod kIdcSlots. A
// producer may write while head - (the consumer's peer_tail) < kIdcSlots. The client
// signals the request event after writing, the server the reply event; both use
// synchronous sends, so a waiting peer gets the processor at once.
// User mode; the segments are granted by the boot image (kernel/image.h).
#ifndef PEGASUS_KERNEL_USER_IDC_H_
#define PEGASUS_KERNEL_USER_IDC_H_

#include <stdint.h>

#include "kernel/user/nemesis.h"

namespace pegasus::nemesis {

inline constexpr uint32_t kIdcSlots = 4;
inline constexpr uint32_t kIdcWords = 4;

struct IdcHalf {
  volatile uint32_t head;
  volatile uint32_t peer_tail;
  volatile uint32_t slot[kIdcSlots][kIdcWords];
};
// The segment size the boot image grants: a power of two for one PMP entry, at least
// the largest PMP granule the kernel's images are laid out for (kernel/config.h).
inline constexpr uint32_t kIdcSegmentBytes = 4096;
static_assert(sizeof(IdcHalf) <= kIdcSegmentBytes);

struct IdcEndpoints {
  int tx;  // our transmit endpoint (request for a client, reply for a server)
  int rx;  // our receive endpoint
};

// Client: sends one request of kIdcWords words and waits for its reply.
inline void IdcCall(Dib* dib, IdcHalf* mine, const IdcHalf* theirs, IdcEndpoints ep,
                    const uint32_t* request, uint32_t* reply) {
  while (mine->head - theirs->peer_tail >= kIdcSlots) WaitEvent(dib, ep.rx);
  const uint32_t n = mine->head;
  for (uint32_t w = 0; w < kIdcWords; ++w) mine->slot[n % kIdcSlots][w] = request[w];
  mine->head = n + 1;
  Send(ep.tx, true);
  while (theirs->head == mine->peer_tail) WaitEvent(dib, ep.rx);
  const uint32_t r = mine->peer_tail;
  for (uint32_t w = 0; w < kIdcWords; ++w) reply[w] = theirs->slot[r % kIdcSlots][w];
  mine->peer_tail = r + 1;
}

// Server: serves requests for ever with `handler(request, reply)`.
template <typename Handler>
[[noreturn]] void IdcServe(Dib* dib, IdcHalf* mine, const IdcHalf* theirs, IdcEndpoints ep,
                           Handler handler) {
  for (;;) {
    while (theirs->head == mine->peer_tail) WaitEvent(dib, ep.rx);
    const uint32_t r = mine->peer_tail;
    uint32_t request[kIdcWords], reply[kIdcWords];
    for (uint32_t w = 0; w < kIdcWords; ++w) request[w] = theirs->slot[r % kIdcSlots][w];
    handler(request, reply);
    const uint32_t n = mine->head;
    for (uint32_t w = 0; w < kIdcWords; ++w) mine->slot[n % kIdcSlots][w] = reply[w];
    mine->peer_tail = r + 1;
    mine->head = n + 1;
    Send(ep.tx, true);
  }
}

}  // namespace pegasus::nemesis

#endif  // PEGASUS_KERNEL_USER_IDC_H_
