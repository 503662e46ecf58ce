// User-level threads; see threads.h. No globals: the table is reached through the DIB.
#include "kernel/user/threads.h"

namespace pegasus::nemesis {

namespace {

enum ThreadState : uint8_t { kFree, kRunnable, kWaiting, kDone };

Threads* Table(Dib* dib) { return reinterpret_cast<Threads*>(dib->uls); }

void Copy(kernel::Context& to, const kernel::Context& from) {
  for (int i = 0; i < 32; ++i) to.r[i] = from.r[i];
}

// The next thread to run after `current`, round robin; blocks the domain while none
// can run. Activations disabled.
int Pick(Dib* dib, Threads* t) {
  for (;;) {
    for (int k = 1; k <= t->count; ++k) {
      const int i = (t->current + k) % t->count;
      Thread& th = t->thread[i];
      if (th.state == kWaiting && Unseen(dib, th.wait_ep) > 0) th.state = kRunnable;
      if (th.state == kRunnable) return i;
    }
    Block(kernel::kForever);
  }
}

[[noreturn]] void RunNext(Dib* dib, Threads* t) {
  t->current = Pick(dib, t);
  Copy(dib->save, t->thread[t->current].ctx);
  Resume();
}

// Saves the calling thread and runs another; returns when the caller is resumed.
void Switch(Dib* dib) {
  Threads* t = Table(dib);
  if (nem_save_context(&t->thread[t->current].ctx) == 0) RunNext(dib, t);
}

[[noreturn]] void ThreadStart(void (*fn)(void*), void* arg, Dib* dib) {
  fn(arg);
  ThreadExit(dib);
}

}  // namespace

void ThreadsInit(Dib* dib, Threads* t) {
  ActivationsOff(dib);
  t->count = 1;
  t->current = 0;
  t->thread[0].state = kRunnable;
  dib->uls = reinterpret_cast<uintptr_t>(t);
  dib->vector = reinterpret_cast<uintptr_t>(&nem_threads_vector);
  ActivationsOn(dib);
}

int ThreadCreate(Dib* dib, void (*fn)(void*), void* arg, uint8_t* stack, uint32_t size) {
  Threads* t = Table(dib);
  ActivationsOff(dib);
  int id = -1;
  if (t->count < kMaxThreads) {
    id = t->count;
    Thread& th = t->thread[id];
    for (uint32_t& r : th.ctx.r) r = 0;
    th.ctx.r[0] = reinterpret_cast<uintptr_t>(&ThreadStart);
    th.ctx.r[2] = (reinterpret_cast<uintptr_t>(stack) + size) & ~15u;
    th.ctx.r[10] = reinterpret_cast<uintptr_t>(fn);
    th.ctx.r[11] = reinterpret_cast<uintptr_t>(arg);
    th.ctx.r[12] = reinterpret_cast<uintptr_t>(dib);
    th.state = kRunnable;
    th.wait_ep = -1;
    t->count = id + 1;
  }
  ActivationsOn(dib);
  return id;
}

void ThreadYield(Dib* dib) {
  ActivationsOff(dib);
  Switch(dib);
}

uint32_t ThreadWaitEvent(Dib* dib, int ep) {
  for (;;) {
    ActivationsOff(dib);
    if (Unseen(dib, ep) > 0) {
      const uint32_t n = Unseen(dib, ep);
      Ack(dib, ep);
      ActivationsOn(dib);
      return n;
    }
    Threads* t = Table(dib);
    t->thread[t->current].state = kWaiting;
    t->thread[t->current].wait_ep = static_cast<int8_t>(ep);
    Switch(dib);
  }
}

void ThreadExit(Dib* dib) {
  ActivationsOff(dib);
  Threads* t = Table(dib);
  t->thread[t->current].state = kDone;
  RunNext(dib, t);
}

}  // namespace pegasus::nemesis

extern "C" void nem_threads_vector(pegasus::kernel::Dib* dib, uint32_t reason) {
  using namespace pegasus::nemesis;
  (void)reason;
  Threads* t = Table(dib);
  // The preempted thread's context is in DIB.save; keep it with the thread.
  Copy(t->thread[t->current].ctx, dib->save);
  RunNext(dib, t);
}
