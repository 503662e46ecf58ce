// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, preset and final XOR all ones):
// the checksum of every PFS metadata structure and of each log unit's payload.
//
// On x86-64 processors with SSE4.2 (checked once at run time) the crc32 instruction runs
// over three interleaved streams, whose results are joined with precomputed tables that
// advance a CRC over a fixed number of zero bytes; elsewhere a portable slicing-by-8
// table method is used. Both give the same values.
#ifndef PEGASUS_PFS_CRC32C_H_
#define PEGASUS_PFS_CRC32C_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace pegasus::pfs {

// Continues a CRC-32C: Crc32c(Crc32c(0, a), b) == Crc32c(0, a + b).
uint32_t Crc32cExtend(uint32_t crc, std::span<const uint8_t> bytes);
inline uint32_t Crc32c(std::span<const uint8_t> bytes) { return Crc32cExtend(0, bytes); }

// The portable method alone, whatever the processor (the fallback; tests compare it
// with Crc32cExtend).
uint32_t Crc32cExtendPortable(uint32_t crc, std::span<const uint8_t> bytes);
// True when Crc32cExtend uses the processor's crc32 instruction.
bool Crc32cUsesHardware();

}  // namespace pegasus::pfs

#endif  // PEGASUS_PFS_CRC32C_H_
