// The two checksums of ATM, as the RTL computes them:
//   - HEC (ITU-T I.432): CRC-8, generator x^8 + x^2 + x + 1, register preset to zero,
//     over the four header bytes, result XORed with the coset 0x55.
//   - AAL5 CRC-32 (ITU-T I.363.5): generator 0x04C11DB7, register preset to all ones,
//     MSB first, result complemented. Run over a whole PDU including its CRC field, the
//     register ends at kAal5CrcResidue.
// Both are table-driven, one table lookup per byte; rtl/common/common_crc.v is the
// hardware counterpart and tests/rtl/common checks the two against each other.
#ifndef PEGASUS_HOST_COMMON_CRC_H_
#define PEGASUS_HOST_COMMON_CRC_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace pegasus {

inline constexpr uint32_t kAal5CrcPoly = 0x04C11DB7;
inline constexpr uint32_t kAal5CrcResidue = 0xC704DD7B;
inline constexpr uint8_t kHecPoly = 0x07;
inline constexpr uint8_t kHecCoset = 0x55;

// Incremental AAL5 CRC-32 over bytes given in wire order.
class Crc32Aal5 {
 public:
  void Update(std::span<const uint8_t> bytes);
  void Update(uint8_t byte);
  // The CRC of the bytes so far, as carried in the AAL5 trailer.
  uint32_t Value() const { return ~reg_; }
  // The raw register (preset 0xFFFFFFFF, not complemented).
  uint32_t Register() const { return reg_; }
  // True when the bytes so far end with their own correct CRC.
  bool ResidueOk() const { return reg_ == kAal5CrcResidue; }
  void Reset() { reg_ = 0xFFFFFFFF; }

 private:
  uint32_t reg_ = 0xFFFFFFFF;
};

// AAL5 CRC-32 of a whole buffer.
uint32_t Crc32Aal5Of(std::span<const uint8_t> bytes);

// HEC of the four header bytes in wire order.
uint8_t Hec(std::span<const uint8_t, 4> header);
// HEC of a header given as the cell stream's word 0 (first byte in bits 31:24).
uint8_t HecOfWord(uint32_t header_word);

}  // namespace pegasus

#endif  // PEGASUS_HOST_COMMON_CRC_H_
