// AAL5 CRC-32 for firmware (ITU-T I.363.5: generator 0x04C11DB7, preset all ones, MSB
// first, complemented), bit by bit: no table, so it costs no RAM and exercises the
// core's shifts and branches. host/common/crc.h is the table-driven host version.
#ifndef PEGASUS_FIRMWARE_LIB_CRC32_H_
#define PEGASUS_FIRMWARE_LIB_CRC32_H_

#include <stddef.h>
#include <stdint.h>

namespace pegasus::fw {

// One byte into the CRC register (not complemented): for data in several pieces, start
// from 0xFFFFFFFF, step every byte, complement at the end (or compare the register
// with the residue after the CRC's own bytes).
inline uint32_t Crc32Aal5Step(uint32_t reg, uint8_t byte) {
  reg ^= static_cast<uint32_t>(byte) << 24;
  for (int bit = 0; bit < 8; ++bit) reg = (reg & 0x80000000u) ? (reg << 1) ^ 0x04C11DB7u : reg << 1;
  return reg;
}

inline uint32_t Crc32Aal5(const uint8_t* data, size_t n) {
  uint32_t crc = 0xFFFFFFFF;
  for (size_t i = 0; i < n; ++i) crc = Crc32Aal5Step(crc, data[i]);
  return ~crc;
}

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_CRC32_H_
