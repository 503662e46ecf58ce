// Tile PDUs built by the firmware (doc/wire_formats.md, "Camera tile PDU"): k tiles of
// 8x8 RGB565 pixels, each tile's rows top to bottom, then the 16-byte tile trailer.
// The display draws such PDUs into the window of their VC (rtl/display); the window
// manager uses them to paint the decorations window. Freestanding, header only.
#ifndef PEGASUS_FIRMWARE_LIB_TILE_PDU_H_
#define PEGASUS_FIRMWARE_LIB_TILE_PDU_H_

#include <stdint.h>

namespace pegasus::fw {

inline constexpr uint32_t kTileBytes = 128;
inline constexpr uint32_t kTileTrailerBytes = 16;

// Bytes of a PDU of count tiles.
constexpr uint32_t TilePduBytes(uint32_t count) { return count * kTileBytes + kTileTrailerBytes; }

// Pixel (x, y) of tile `tile` of the PDU at pdu (16 bits, big-endian).
inline void PutTilePixel(uint8_t* pdu, uint32_t tile, uint32_t x, uint32_t y, uint16_t rgb) {
  uint8_t* p = pdu + tile * kTileBytes + (y * 8 + x) * 2;
  p[0] = static_cast<uint8_t>(rgb >> 8);
  p[1] = static_cast<uint8_t>(rgb);
}

// Writes the trailer of a PDU of count tiles at (tile_x, tile_y) of the video frame,
// format 0 (raw RGB565); returns the PDU's length.
inline uint32_t PutTileTrailer(uint8_t* pdu, uint8_t count, uint16_t tile_x, uint16_t tile_y,
                               uint16_t frame, uint32_t timestamp, uint32_t flags) {
  uint8_t* t = pdu + count * kTileBytes;
  t[0] = static_cast<uint8_t>(tile_x >> 8);
  t[1] = static_cast<uint8_t>(tile_x);
  t[2] = static_cast<uint8_t>(tile_y >> 8);
  t[3] = static_cast<uint8_t>(tile_y);
  t[4] = count;
  t[5] = 0;
  t[6] = static_cast<uint8_t>(frame >> 8);
  t[7] = static_cast<uint8_t>(frame);
  for (int i = 0; i < 4; ++i) {
    t[8 + i] = static_cast<uint8_t>(timestamp >> (24 - 8 * i));
    t[12 + i] = static_cast<uint8_t>(flags >> (24 - 8 * i));
  }
  return TilePduBytes(count);
}

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_TILE_PDU_H_
