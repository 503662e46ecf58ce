// Ordinary threads for a domain, scheduled at user level from the activation vector.
//
// The domain's Threads table lives in its own memory (DIB.uls points at it). Each
// thread has a full Context in the DIB's format (r[0] = pc). Scheduling points:
//  - an activation (the kernel preempted the domain or gives it the processor again):
//    the vector saves the preempted thread's context from DIB.save and resumes the next
//    runnable thread, round robin — threads are preempted without yielding;
//  - ThreadYield / ThreadWaitEvent / ThreadExit: the thread saves its own callee-saved
//    state (nem_save_context, setjmp-like) and the next thread is resumed.
// A thread waiting for an endpoint becomes runnable when it has unseen events. With
// no thread runnable the domain blocks in the kernel (kBlock) until an event.
// Invariant: all table updates happen with activations disabled; resuming a thread
// goes through kResume, which re-enables them as it enters the context.
#ifndef PEGASUS_KERNEL_USER_THREADS_H_
#define PEGASUS_KERNEL_USER_THREADS_H_

#include <stdint.h>

#include "kernel/user/nemesis.h"

namespace pegasus::nemesis {

inline constexpr int kMaxThreads = 4;

struct Thread {
  kernel::Context ctx;
  uint8_t state;   // ThreadState
  int8_t wait_ep;  // while waiting: the endpoint
};

struct Threads {
  Thread thread[kMaxThreads];
  int count;
  int current;
};

// Makes the caller thread 0 and installs the thread scheduler as the vector.
void ThreadsInit(Dib* dib, Threads* threads);
// A new runnable thread running fn(arg) on [stack, stack + size); -1 if full.
int ThreadCreate(Dib* dib, void (*fn)(void*), void* arg, uint8_t* stack, uint32_t size);
void ThreadYield(Dib* dib);
// Waits until endpoint `ep` has unseen events, acknowledges them, returns how many.
uint32_t ThreadWaitEvent(Dib* dib, int ep);
// Ends the calling thread (not thread 0: its return ends the domain).
[[noreturn]] void ThreadExit(Dib* dib);

}  // namespace pegasus::nemesis

extern "C" {
// The thread scheduler's activation vector.
[[noreturn]] void nem_threads_vector(pegasus::kernel::Dib* dib, uint32_t reason);
// Saves ra (as pc), sp, gp, tp and s0-s11 into *ctx with a0 = 1; returns 0. When the
// context is resumed, it returns again, with 1.
__attribute__((returns_twice)) int nem_save_context(pegasus::kernel::Context* ctx);
}

#endif  // PEGASUS_KERNEL_USER_THREADS_H_
