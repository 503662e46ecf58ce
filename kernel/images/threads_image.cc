// Test image "threads": user-level threads on activations. The "app" domain runs
// three threads besides its main one: two workers that count for ever and never
// yield (they can only take turns because the thread scheduler at the activation
// vector switches threads when the kernel preempts and re-activates the domain), and
// a waiter that waits for 10 events from the "ticker" domain, one per millisecond.
// The main thread yields until the waiter is done, then checks that both workers
// made progress and that every tick arrived.
#include "kernel/image.h"
#include "kernel/user/nemesis.h"
#include "kernel/user/threads.h"

namespace pegasus::kernel {
namespace {

enum : int { kApp, kTicker };
constexpr int kTickEndpoint = 0;
constexpr int kTicks = 10;

struct Shared {  // on the main thread's stack, in the app's own memory
  Dib* dib;
  volatile uint32_t work[2];
  volatile uint32_t ticks;
  volatile bool done;
};

void Worker0(void* p) {
  auto* s = static_cast<Shared*>(p);
  for (;;) s->work[0] = s->work[0] + 1;
}
void Worker1(void* p) {
  auto* s = static_cast<Shared*>(p);
  for (;;) s->work[1] = s->work[1] + 1;
}
void Waiter(void* p) {
  auto* s = static_cast<Shared*>(p);
  while (s->ticks < kTicks) s->ticks = s->ticks + nemesis::ThreadWaitEvent(s->dib, kTickEndpoint);
  s->done = true;
}

int App(Dib* dib, uint32_t) {
  nemesis::Threads threads;
  alignas(16) uint8_t stacks[3][384];
  Shared s{dib, {0, 0}, 0, false};
  nemesis::ThreadsInit(dib, &threads);
  nemesis::ThreadCreate(dib, Worker0, &s, stacks[0], sizeof stacks[0]);
  nemesis::ThreadCreate(dib, Worker1, &s, stacks[1], sizeof stacks[1]);
  nemesis::ThreadCreate(dib, Waiter, &s, stacks[2], sizeof stacks[2]);
  while (!s.done) nemesis::ThreadYield(dib);
  Text t;
  t.Add("threads: waiter saw ").AddDec(s.ticks).Add(" events; workers ran ")
      .AddDec(s.work[0] > 0 && s.work[1] > 0 ? 2 : 0).Add(" of 2\n");
  nemesis::Print(t);
  return s.ticks == kTicks && s.work[0] > 0 && s.work[1] > 0 ? 0 : 1;
}

int Ticker(Dib*, uint32_t) {
  for (int i = 0; i < kTicks; ++i) {
    nemesis::Block(nemesis::Now() + kMs);
    nemesis::Send(0, false);
  }
  return 0;
}

constexpr SchedParams kAppParams{2 * kMs, 500 * kUs, 0, true};
constexpr SchedParams kTickerParams{1 * kMs, 100 * kUs, 0, false};

const DomainSpec kDomains[] = {
    {"app", App, 0, kAppParams, kFlagParticipant, {}, -1},
    {"ticker", Ticker, 0, kTickerParams, kFlagParticipant, {}, -1},
};
constexpr ChannelSpec kChannels[] = {{kTicker, 0, kApp, kTickEndpoint}};

}  // namespace

const BootImage kBootImage = {"threads", kDomains, 2, kChannels, 1, nullptr, 0};

}  // namespace pegasus::kernel
