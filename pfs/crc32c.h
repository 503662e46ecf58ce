// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, preset and final XOR all ones):
// the checksum of every PFS metadata structure and of each log unit's payload. Uses the
// SSE4.2 crc32 instruction when the processor has it, a table otherwise.
#ifndef PEGASUS_PFS_CRC32C_H_
#define PEGASUS_PFS_CRC32C_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace pegasus::pfs {

// Continues a CRC-32C: Crc32c(Crc32c(0, a), b) == Crc32c(0, a + b).
uint32_t Crc32cExtend(uint32_t crc, std::span<const uint8_t> bytes);
inline uint32_t Crc32c(std::span<const uint8_t> bytes) { return Crc32cExtend(0, bytes); }

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_CRC32C_H_
