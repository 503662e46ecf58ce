// The CLINT's machine timer for firmware: mtime as one 64-bit value (doc/memory_map.md,
// CLINT). The timer counts at the SoC clock, so its value is the uptime in cycles.
#ifndef PEGASUS_FIRMWARE_LIB_CLINT_H_
#define PEGASUS_FIRMWARE_LIB_CLINT_H_

#include <stdint.h>

#include "firmware/lib/mmio.h"
#include "pegasus/memory_map.h"

namespace pegasus::fw {

// mtime, read high-low-high so that a carry between the halves is not torn.
inline uint64_t ReadMtime() {
  for (;;) {
    const uint32_t hi = Read32(PEGASUS_CLINT_MTIME_HI_ADDR);
    const uint32_t lo = Read32(PEGASUS_CLINT_MTIME_LO_ADDR);
    if (Read32(PEGASUS_CLINT_MTIME_HI_ADDR) == hi) return (uint64_t{hi} << 32) | lo;
  }
}

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_CLINT_H_
