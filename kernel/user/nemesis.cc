// User library; see nemesis.h. No globals: everything goes through the DIB or the stack.
#include "kernel/user/nemesis.h"

extern "C" void nem_activation_vector(pegasus::kernel::Dib* dib, uint32_t reason) {
  (void)dib;
  (void)reason;
  pegasus::nemesis::Resume();
}

namespace pegasus::nemesis {

uint32_t WaitEvent(Dib* dib, int ep) {
  while (Unseen(dib, ep) == 0) Block(kernel::kForever);
  const uint32_t n = Unseen(dib, ep);
  Ack(dib, ep);
  return n;
}

void Print(const char* s) {
  uint32_t n = 0;
  while (s[n]) ++n;
  Call(kernel::kCallPrint, reinterpret_cast<uintptr_t>(s), n);
}

void Print(const kernel::Text& t) {
  Call(kernel::kCallPrint, reinterpret_cast<uintptr_t>(t.c_str()), static_cast<uint32_t>(t.size()));
}

}  // namespace pegasus::nemesis
