// The user library every domain links: kernel calls, the default activation vector
// (the user-level scheduler of a one-thread domain: it resumes the saved context),
// activations-disabled critical sections, event acknowledgement, console output,
// the clock (CLINT mtime, mapped read-only into every domain) and the counters user
// mode may read (cycle, instret; mcounteren allows them).
// Runs in user mode; it touches only the caller's DIB and stack, never a global, so
// the same code serves every domain from the shared, read-only text.
#ifndef PEGASUS_KERNEL_USER_NEMESIS_H_
#define PEGASUS_KERNEL_USER_NEMESIS_H_

#include <stdint.h>

#include "kernel/abi.h"
#include "kernel/config.h"
#include "kernel/policy/atropos.h"
#include "kernel/policy/text.h"
#include "pegasus/memory_map.h"

extern "C" {
// Default activation vector: resumes the context saved in the DIB.
[[noreturn]] void nem_activation_vector(pegasus::kernel::Dib* dib, uint32_t reason);
// Where a domain's entry function returns to: exits with its return value.
[[noreturn]] void nem_domain_return();
}

namespace pegasus::nemesis {

using kernel::Dib;
using kernel::Time;

inline uint32_t Call(uint32_t n, uint32_t a0 = 0, uint32_t a1 = 0, uint32_t a2 = 0) {
  register uint32_t r_a0 asm("a0") = a0;
  register uint32_t r_a1 asm("a1") = a1;
  register uint32_t r_a2 asm("a2") = a2;
  register uint32_t r_a7 asm("a7") = n;
  asm volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a2), "r"(r_a7) : "memory");
  return r_a0;
}

// mtime, which every domain may read: the kernel maps the CLINT's mtime registers
// read-only into each domain (the soft core has no time CSR).
inline uint64_t ReadTime() {
  const auto* lo_reg =
      reinterpret_cast<const volatile uint32_t*>(PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_LO);
  const auto* hi_reg =
      reinterpret_cast<const volatile uint32_t*>(PEGASUS_CLINT_BASE + PEGASUS_CLINT_MTIME_HI);
  uint32_t hi, lo;
  do {
    hi = *hi_reg;
    lo = *lo_reg;
  } while (*hi_reg != hi);
  return (static_cast<uint64_t>(hi) << 32) | lo;
}
inline Time Now() { return static_cast<Time>(ReadTime()) * (1'000'000'000 / kernel::kMtimeHz); }
inline uint32_t ReadInstret() {
  uint32_t v;
  asm volatile("rdinstret %0" : "=r"(v));
  return v;
}
inline uint32_t ReadCycle() {
  uint32_t v;
  asm volatile("rdcycle %0" : "=r"(v));
  return v;
}

// Continues from DIB.save with activations enabled again.
[[noreturn]] inline void Resume() {
  Call(kernel::kCallResume);
  __builtin_unreachable();
}
// Suspends until an event is pending (a receive count differs from DIB.acked) or
// until `until` (kernel::kForever: no time). Returns kWakeEvent or kWakeTimeout.
inline uint32_t Block(Time until) {
  return Call(kernel::kCallBlock, static_cast<uint32_t>(until),
              static_cast<uint32_t>(static_cast<uint64_t>(until) >> 32));
}
// Advances the count of a transmit endpoint. sync: hand the processor to the
// receiver if it was waiting.
inline int Send(int endpoint, bool sync) {
  return static_cast<int>(Call(kernel::kCallSend, static_cast<uint32_t>(endpoint), sync));
}
inline void Yield() { Call(kernel::kCallYield); }
[[noreturn]] inline void Exit(int code) {
  Call(kernel::kCallExit, static_cast<uint32_t>(code));
  __builtin_unreachable();
}
inline int SetParams(int domain, const kernel::SchedParams& p) {
  return static_cast<int>(
      Call(kernel::kCallSetParams, static_cast<uint32_t>(domain), reinterpret_cast<uintptr_t>(&p)));
}

// Kernel-privileged section (trusted domains): KsectBegin returns 0 in machine mode,
// -1 if the domain is not trusted, or -(mcause) if the section trapped, in which case
// the domain is back in user mode. KsectEnd returns to user mode.
inline int KsectBegin() { return static_cast<int>(Call(kernel::kCallKsectBegin)); }
inline void KsectEnd() { Call(kernel::kCallKsectEnd); }

// Protected call (abi.h, kCallPpc): sends the four words to `server` and returns its
// four reply words in place, with kernel::kPpcOk, or a negative PpcStatus (the words
// are then unchanged). The message travels in registers a0..a3.
inline int32_t PpcCall(int server, uint32_t (&words)[4]) {
  register uint32_t a0 asm("a0") = words[0];
  register uint32_t a1 asm("a1") = words[1];
  register uint32_t a2 asm("a2") = words[2];
  register uint32_t a3 asm("a3") = words[3];
  register uint32_t a4 asm("a4") = static_cast<uint32_t>(server);
  register uint32_t a7 asm("a7") = kernel::kCallPpc;
  asm volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4) : "r"(a7) : "memory");
  const auto status = static_cast<int32_t>(a4);
  if (status == kernel::kPpcOk) {
    words[0] = a0;
    words[1] = a1;
    words[2] = a2;
    words[3] = a3;
  }
  return status;
}
// Server side: replies `words` to the call being served (none the first time), waits
// for the next call and returns its caller's domain id with its words in `words`.
inline int PpcReplyWait(uint32_t (&words)[4]) {
  register uint32_t a0 asm("a0") = words[0];
  register uint32_t a1 asm("a1") = words[1];
  register uint32_t a2 asm("a2") = words[2];
  register uint32_t a3 asm("a3") = words[3];
  register uint32_t a4 asm("a4");
  register uint32_t a7 asm("a7") = kernel::kCallPpcReplyWait;
  asm volatile("ecall"
               : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "=r"(a4)
               : "r"(a7)
               : "memory");
  words[0] = a0;
  words[1] = a1;
  words[2] = a2;
  words[3] = a3;
  return static_cast<int>(a4);
}
// Serves protected calls for ever: words = handler(caller, words).
template <typename Handler>
[[noreturn]] void PpcServe(Handler handler) {
  uint32_t words[4] = {};
  for (;;) {
    const int caller = PpcReplyWait(words);
    if (caller >= 0) handler(caller, words);
  }
}

// Activations-disabled critical section: while off, a preempted domain is resumed
// where it stopped instead of being activated.
// The compiler barriers keep the section's plain loads and stores inside it.
inline void ActivationsOff(Dib* dib) {
  dib->activations_enabled = 0;
  asm volatile("" ::: "memory");
}
inline void ActivationsOn(Dib* dib) {
  asm volatile("" ::: "memory");
  dib->activations_enabled = 1;
}

// Receive counts not yet acknowledged; Ack records that the domain has seen them.
inline uint32_t Unseen(const Dib* dib, int ep) { return dib->events[ep] - dib->acked[ep]; }
inline void Ack(Dib* dib, int ep) { dib->acked[ep] = dib->events[ep]; }
// Waits until endpoint `ep` has unseen events, then acknowledges them; returns how many.
uint32_t WaitEvent(Dib* dib, int ep);

void Print(const char* s);
void Print(const kernel::Text& t);

}  // namespace pegasus::nemesis

#endif  // PEGASUS_KERNEL_USER_NEMESIS_H_
