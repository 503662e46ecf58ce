// Memory-mapped I/O for firmware: tiny named functions, so drivers read as register
// operations (CSRs: firmware/lib/csr.h). Addresses come from the generated
// <pegasus/memory_map.h>; no driver spells an address.
#ifndef PEGASUS_FIRMWARE_LIB_MMIO_H_
#define PEGASUS_FIRMWARE_LIB_MMIO_H_

#include <stdint.h>

namespace pegasus::fw {

inline void Write8(uintptr_t addr, uint8_t v) { *reinterpret_cast<volatile uint8_t*>(addr) = v; }
inline uint8_t Read8(uintptr_t addr) { return *reinterpret_cast<volatile uint8_t*>(addr); }
inline void Write32(uintptr_t addr, uint32_t v) { *reinterpret_cast<volatile uint32_t*>(addr) = v; }
inline uint32_t Read32(uintptr_t addr) { return *reinterpret_cast<volatile uint32_t*>(addr); }

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_MMIO_H_
