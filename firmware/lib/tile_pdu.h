// Tile PDUs built by the firmware (doc/wire_formats.md, "Camera tile PDU"): k tiles of
// 8x8 RGB565 pixels, each tile's rows top to bottom, then the 16-byte tile trailer.
// The display draws such PDUs into the window of their VC (rtl/display); the window
// manager uses them to paint the decorations window. Freestanding, header only.
#ifndef PEGASUS_FIRMWARE_LIB_TILE_PDU_H_
#define PEGASUS_FIRMWARE_LIB_TILE_PDU_H_

#include <stdint.h>

#include "host/media/wire_layout.h"

namespace pegasus::fw {

inline constexpr uint32_t kTileBytes = 128;
inline constexpr uint32_t kTileTrailerBytes = media::wire::kTileTrailerBytes;

// Bytes of a PDU of count tiles.
constexpr uint32_t TilePduBytes(uint32_t count) { return count * kTileBytes + kTileTrailerBytes; }

// Pixel (x, y) of tile `tile` of the PDU at pdu (16 bits, big-endian).
inline void PutTilePixel(uint8_t* pdu, uint32_t tile, uint32_t x, uint32_t y, uint16_t rgb) {
  media::wire::PutBe16(pdu + tile * kTileBytes + (y * 8 + x) * 2, rgb);
}

// Writes the trailer of a PDU of count tiles at (tile_x, tile_y) of the video frame,
// format 0 (raw RGB565); returns the PDU's length.
inline uint32_t PutTileTrailer(uint8_t* pdu, uint8_t count, uint16_t tile_x, uint16_t tile_y,
                               uint16_t frame, uint32_t timestamp, uint32_t flags) {
  media::wire::WriteTileTrailer(pdu + count * kTileBytes, tile_x, tile_y, count, 0, frame,
                                timestamp, flags);
  return TilePduBytes(count);
}

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_TILE_PDU_H_
