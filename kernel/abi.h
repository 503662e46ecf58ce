// The kernel-domain interface: kernel call numbers, activation reasons and the layout
// of the Domain Information Block (DIB). Shared by the kernel and the user library.
//
// Kernel calls: `ecall` from user mode with the call number in a7, arguments in
// a0..a2, the result in a0 (protected calls: a0..a4 both ways, see PpcStatus). The
// only call that blocks is kBlock; kCallPpcReplyWait turns the caller into a server
// that runs only inside protected calls from then on.
//
// DIB: the first bytes of a domain's own memory block, readable and writable by the
// domain and by the kernel. Fields marked [domain] are written by the domain and only
// read by the kernel (which must not trust them beyond the domain's own fate); fields
// marked [kernel] are written by the kernel at dispatch and event delivery.
// Activation: when the kernel gives the processor to a domain whose activations are
// enabled, it disables them (activations_enabled = 0), stores the reason and jumps to
// `vector` in user mode with sp = activation_sp, a0 = the DIB and a1 = the reason;
// every other register is zero (nothing of another domain or of the kernel).
// When a domain with activations enabled loses the processor, its context goes to
// `save`; with activations disabled the kernel keeps it and resumes the domain where
// it stopped, without an activation. kResume restores `save` and re-enables
// activations in one step. (A domain whose vector is still the library's default,
// which only calls kResume, is resumed by the kernel directly: same effect, the
// activation is counted and its reason recorded, but `save` is not written.)
#ifndef PEGASUS_KERNEL_ABI_H_
#define PEGASUS_KERNEL_ABI_H_

#include <stdint.h>

#include "kernel/config.h"

namespace pegasus::kernel {

enum Call : uint32_t {
  kCallResume = 0,      // () -> does not return: continue from DIB.save
  kCallBlock = 1,       // (until_ns lo, hi) -> Wake: until an event or the time
  kCallSend = 2,        // (endpoint, sync) -> 0 or -1: advance an event count
  kCallYield = 3,       // () -> 0: give up the rest of this period's slice
  kCallPrint = 4,       // (text, length) -> 0 or -1: console (debug and tests)
  kCallExit = 5,        // (code) -> does not return: the domain ends
  kCallSetParams = 6,   // (domain, const SchedParams*) -> 0 or -1: QoS domain only
  kCallKsectBegin = 7,  // () -> 0 in machine mode, or -(mcause) if the section trapped
  kCallKsectEnd = 8,    // ecall from machine mode inside a section: back to user mode
  kCallPpc = 9,         // (a0..a3 words, a4 server) -> a0..a3 reply, a4 PpcStatus
  kCallPpcReplyWait = 10,  // (a0..a3 reply) -> a0..a3 next call's words, a4 its caller
};

// Protected calls (kCallPpc): the client's four words go in registers straight to a
// server domain waiting in kCallPpcReplyWait, which runs on the client's time and
// with its own PMP set until it replies; only pairs the boot image lists as gates may
// call. a4 on return from kCallPpc:
enum PpcStatus : int32_t {
  kPpcOk = 0,
  kPpcNoGate = -1,      // the boot image gives the caller no gate to that domain
  kPpcNotReady = -2,    // the server is not waiting for calls (not yet, or it ended)
  kPpcBusy = -3,        // the server is serving another call, or the caller is a server
  kPpcServerDied = -4,  // the server stopped (a fault, or it exited) during the call
};

// Why a domain is activated (DIB.reason, a1 at the vector).
enum Reason : uint32_t {
  kReasonAllocated = 1,  // given the processor on its guarantee
  kReasonExtra = 2,      // given slack
  kReasonEvent = 3,      // events arrived (or a block ended by an event)
  kReasonTimeout = 4,    // a block ended by its time
  kReasonFault = 5,      // a kernel-privileged section trapped (see ksect)
};

// Why kBlock returned (a0), when it returns rather than activating.
enum Wake : uint32_t { kWakeEvent = 1, kWakeTimeout = 2 };

// Saved user context: x1..x31 in r[1..31], pc in r[0].
struct Context {
  uint32_t r[32];
};

struct Dib {
  // [domain]
  volatile uint32_t activations_enabled;
  uint32_t vector;          // activation entry point
  uint32_t activation_sp;   // stack pointer for the activation handler
  volatile uint32_t acked[kMaxEndpoints];  // receive counts the domain has seen
  uint32_t uls;             // the user-level scheduler's state (opaque to the kernel)
  // [kernel]
  uint32_t id;
  volatile uint32_t reason;       // of the latest activation
  volatile uint32_t activations;  // number of activations so far
  volatile uint32_t events[kMaxEndpoints];  // receive counts
  // End of the current period at the last dispatch: the low word of mtime then (a
  // 32-bit mtime reading; compare by difference, it wraps every 2^32 ticks).
  volatile uint32_t deadline;
  Context save;                   // context saved with activations enabled
};

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_ABI_H_
