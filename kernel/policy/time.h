// Time for the policy layer: a signed 64-bit count since boot. The interface to the
// domains (kBlock, reservations) and the host tests use nanoseconds (kUs and kMs below
// are in nanoseconds); the kernel runs Atropos in CLINT mtime ticks (arch/clint.h
// converts). kForever marks "no time".
#ifndef PEGASUS_KERNEL_POLICY_TIME_H_
#define PEGASUS_KERNEL_POLICY_TIME_H_

#include <stdint.h>

namespace pegasus::kernel {

using Time = int64_t;
inline constexpr Time kForever = INT64_MAX;
inline constexpr Time kUs = 1'000;
inline constexpr Time kMs = 1'000'000;

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_POLICY_TIME_H_
