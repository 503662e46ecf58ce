// Memory-mapped I/O and CSR access for firmware: tiny named functions, so drivers
// read as register operations. Addresses come from the generated
// <pegasus/memory_map.h>; no driver spells an address.
#ifndef PEGASUS_FIRMWARE_LIB_MMIO_H_
#define PEGASUS_FIRMWARE_LIB_MMIO_H_

#include <stdint.h>

namespace pegasus::fw {

inline void Write8(uintptr_t addr, uint8_t v) { *reinterpret_cast<volatile uint8_t*>(addr) = v; }
inline uint8_t Read8(uintptr_t addr) { return *reinterpret_cast<volatile uint8_t*>(addr); }
inline void Write32(uintptr_t addr, uint32_t v) { *reinterpret_cast<volatile uint32_t*>(addr) = v; }
inline uint32_t Read32(uintptr_t addr) { return *reinterpret_cast<volatile uint32_t*>(addr); }

inline uint32_t ReadMcycle() {
  uint32_t v;
  asm volatile("csrr %0, mcycle" : "=r"(v));
  return v;
}

inline uint32_t ReadMinstret() {
  uint32_t v;
  asm volatile("csrr %0, minstret" : "=r"(v));
  return v;
}

inline uint32_t ReadMisa() {
  uint32_t v;
  asm volatile("csrr %0, misa" : "=r"(v));
  return v;
}

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_MMIO_H_
