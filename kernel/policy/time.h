// Time for the policy layer: signed 64-bit nanoseconds since boot. The kernel turns
// CLINT mtime ticks into this; the host tests simulate it. kForever marks "no time".
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
