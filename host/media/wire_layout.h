// The byte layouts of the device control messages and tile trailers of
// doc/wire_formats.md, written and read field by field in one place for both sides:
// the host's codecs (tile_decoder.h, display_control.h: checks, vectors, errors) and
// the firmware (firmware/lib: camera_ctl, display_ctl, tile_pdu) build on them.
// Freestanding (no allocation, no library beyond <stdint.h>), like host/control's HCP
// codec, so the RISC-V firmware compiles this same file.
#ifndef PEGASUS_HOST_MEDIA_WIRE_LAYOUT_H_
#define PEGASUS_HOST_MEDIA_WIRE_LAYOUT_H_

#include <stdint.h>

namespace pegasus::media::wire {

// Big-endian fields.
inline void PutBe16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void PutBe32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
inline uint16_t GetBe16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t GetBe32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

// Camera tile PDU trailer ("Camera tile PDU"): 16 bytes after the tiles.
inline constexpr uint32_t kTileTrailerBytes = 16;
inline void WriteTileTrailer(uint8_t* t, uint16_t tile_x, uint16_t tile_y, uint8_t count,
                             uint8_t format, uint16_t frame, uint32_t timestamp,
                             uint32_t flags) {
  PutBe16(t, tile_x);
  PutBe16(t + 2, tile_y);
  t[4] = count;
  t[5] = format;
  PutBe16(t + 6, frame);
  PutBe32(t + 8, timestamp);
  PutBe32(t + 12, flags);
}

// Camera command ("Camera commands"): 16 bytes; start and stop leave bytes 4..15 zero.
inline constexpr uint32_t kCameraCommandBytes = 16;
inline void WriteCameraCommand(uint8_t* b, uint8_t type, uint16_t seq, uint16_t x0, uint16_t y0,
                               uint8_t tiles_x, uint8_t tiles_y, uint8_t tiles_per_pdu,
                               uint8_t decim) {
  b[0] = type;
  b[1] = 0;
  PutBe16(b + 2, seq);
  PutBe16(b + 4, x0);
  PutBe16(b + 6, y0);
  b[8] = tiles_x;
  b[9] = tiles_y;
  b[10] = tiles_per_pdu;
  b[11] = decim;
  PutBe32(b + 12, 0);
}

// Camera frame sync ("Camera frame sync"): 24 bytes, type 1.
inline constexpr uint32_t kFrameSyncBytes = 24;
inline constexpr uint8_t kFrameSyncType = 1;
// No member initializers: the firmware has no memset, and a FrameSync it declares is
// filled by ReadFrameSync (FrameSync{} gives zeros).
struct FrameSync {
  uint16_t frame;
  uint32_t timestamp;
  uint16_t tiles_x;
  uint16_t tiles_y;
  uint16_t bands_sent;
  uint16_t bands_dropped;
  uint32_t tiles_sent;
  uint16_t cmd_seq;    // sequence number of the last command applied
  uint16_t cmd_drops;  // commands rejected since reset (wraps)
  bool operator==(const FrameSync&) const = default;
};
inline void WriteFrameSync(uint8_t* d, const FrameSync& s) {
  d[0] = kFrameSyncType;
  d[1] = 0;
  PutBe16(d + 2, s.frame);
  PutBe32(d + 4, s.timestamp);
  PutBe16(d + 8, s.tiles_x);
  PutBe16(d + 10, s.tiles_y);
  PutBe16(d + 12, s.bands_sent);
  PutBe16(d + 14, s.bands_dropped);
  PutBe32(d + 16, s.tiles_sent);
  PutBe16(d + 20, s.cmd_seq);
  PutBe16(d + 22, s.cmd_drops);
}
// The fields of a kFrameSyncBytes message (its type and length checked by the caller),
// written one by one (no struct copy: the firmware has no memcpy).
inline void ReadFrameSync(const uint8_t* d, FrameSync* s) {
  s->frame = GetBe16(d + 2);
  s->timestamp = GetBe32(d + 4);
  s->tiles_x = GetBe16(d + 8);
  s->tiles_y = GetBe16(d + 10);
  s->bands_sent = GetBe16(d + 12);
  s->bands_dropped = GetBe16(d + 14);
  s->tiles_sent = GetBe32(d + 16);
  s->cmd_seq = GetBe16(d + 20);
  s->cmd_drops = GetBe16(d + 22);
}

// Display window command ("Display window commands"): 16 bytes; fields a type does not
// use are 0.
inline constexpr uint32_t kWindowCommandBytes = 16;
inline void WriteWindowCommand(uint8_t* b, uint8_t type, uint8_t window, uint8_t enable,
                               uint8_t z, int16_t off_x, int16_t off_y, uint16_t x0,
                               uint16_t y0, uint16_t x1, uint16_t y1) {
  b[0] = type;
  b[1] = window;
  b[2] = enable;
  b[3] = z;
  PutBe16(b + 4, static_cast<uint16_t>(off_x));
  PutBe16(b + 6, static_cast<uint16_t>(off_y));
  PutBe16(b + 8, x0);
  PutBe16(b + 10, y0);
  PutBe16(b + 12, x1);
  PutBe16(b + 14, y1);
}

}  // namespace pegasus::media::wire

#endif  // PEGASUS_HOST_MEDIA_WIRE_LAYOUT_H_
