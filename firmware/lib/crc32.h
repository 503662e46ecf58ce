// AAL5 CRC-32 for firmware (ITU-T I.363.5: generator 0x04C11DB7, preset all ones, MSB
// first, complemented), bit by bit: no table, so it costs no RAM and exercises the
// core's shifts and branches. host/common/crc.h is the table-driven host version.
#ifndef PEGASUS_FIRMWARE_LIB_CRC32_H_
#define PEGASUS_FIRMWARE_LIB_CRC32_H_

#include <stddef.h>
#include <stdint.h>

namespace pegasus::fw {

inline uint32_t Crc32Aal5(const uint8_t* data, size_t n) {
  uint32_t crc = 0xFFFFFFFF;
  for (size_t i = 0; i < n; ++i) {
    crc ^= static_cast<uint32_t>(data[i]) << 24;
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
  }
  return ~crc;
}

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_CRC32_H_
