// A fixed-size text buffer with the few appenders the policy layer needs (strings,
// decimals, durations, percentages), so refusal reasons can be built without a
// hosted library in the kernel and the QoS-manager domain. Truncates silently at
// kCapacity - 1 characters; always NUL-terminated.
#ifndef PEGASUS_KERNEL_POLICY_TEXT_H_
#define PEGASUS_KERNEL_POLICY_TEXT_H_

#include <stdint.h>

#include "kernel/policy/time.h"

namespace pegasus::kernel {

class Text {
 public:
  static constexpr int kCapacity = 192;
  Text& Add(const char* s);
  Text& AddDec(uint64_t v);
  // "3 ms", "250 us" or "75 ns": the largest unit that shows the value exactly.
  Text& AddDuration(Time t);
  // Parts per million as a percentage, to one decimal when needed: "30%", "33.3%".
  Text& AddPercent(uint32_t ppm);
  const char* c_str() const { return buf_; }
  int size() const { return len_; }

 private:
  char buf_[kCapacity] = {};
  int len_ = 0;
};

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_POLICY_TEXT_H_
