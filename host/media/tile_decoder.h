// Camera tile PDUs (doc/wire_formats.md, "Camera tile PDU"): the one codec of the
// format (the 16-byte tile trailer, encode and decode with their checks), the C++ model
// of rtl/camera's packer (EncodeFrame), and the decoder that rebuilds video frames from
// tile PDUs or straight from the cells of the data VC. host/display's model and the
// camera and display RTL tests use it.
#ifndef PEGASUS_HOST_MEDIA_TILE_DECODER_H_
#define PEGASUS_HOST_MEDIA_TILE_DECODER_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "host/atm/aal5.h"
#include "host/atm/cell.h"
#include "host/common/status.h"
#include "host/media/image.h"
#include "host/media/wire_layout.h"

namespace pegasus::media {

inline constexpr int kTileSide = 8;
inline constexpr size_t kTileBytes = 128;
inline constexpr size_t kTileTrailerBytes = wire::kTileTrailerBytes;
inline constexpr uint8_t kFormatRawRgb565 = 0;
inline constexpr uint32_t kFlagLastPdu = 0x1;

struct TileTrailer {
  uint16_t tile_x = 0;
  uint16_t tile_y = 0;
  uint8_t count = 0;
  uint8_t format = kFormatRawRgb565;
  uint16_t frame = 0;
  uint32_t timestamp = 0;
  uint32_t flags = 0;
  bool last() const { return flags & kFlagLastPdu; }
  bool operator==(const TileTrailer&) const = default;
};

// A whole tile PDU: the trailer fields and count * 64 RGB565 pixels, tile by tile, each
// tile row by row, left to right.
struct TilePdu : TileTrailer {
  std::vector<uint16_t> pixels;
};

// Reads the trailer of a PDU and checks that the length matches its count and the
// format is known.
Result<TileTrailer> ParseTilePdu(std::span<const uint8_t> pdu);
// ParseTilePdu's checks, then the pixels.
Result<TilePdu> DecodeTilePdu(std::span<const uint8_t> pdu);

// The bytes of a tile PDU: the pixels big-endian, then the trailer. The trailer is
// written as given (count need not match the pixels), so tests can build bad PDUs.
std::vector<uint8_t> EncodeTilePdu(const TilePdu& pdu);
// Builds one tile PDU from an image: `count` tiles of tile row tile_y starting at
// tile_x (pixels outside the image are 0; trailer fields as given).
std::vector<uint8_t> EncodeTilePdu(const Image& image, const TileTrailer& trailer);

// The PDUs the camera sends for one captured frame: tile rows top to bottom, k tiles a
// PDU (the last PDU of a row holds the rest), flag on the frame's last PDU.
std::vector<std::vector<uint8_t>> EncodeFrame(const Image& image, int tiles_per_pdu,
                                              uint16_t frame, uint32_t timestamp);

// Frame-sync message on the camera's control VC (doc/wire_formats.md, "Camera frame
// sync"), one after each captured frame.
inline constexpr size_t kFrameSyncBytes = wire::kFrameSyncBytes;
inline constexpr uint8_t kFrameSyncType = wire::kFrameSyncType;
using FrameSync = wire::FrameSync;
Result<FrameSync> ParseFrameSync(std::span<const uint8_t> pdu);
std::vector<uint8_t> EncodeFrameSync(const FrameSync& sync);

// Commands into the camera on its control VC (doc/wire_formats.md, "Camera commands"):
// one 16-byte command a one-cell AAL5 PDU. Configure sets the capture rectangle (x0, y0
// in pixels, tiles_x x tiles_y tiles), tiles a PDU and decimation; start and stop turn
// capture on and off. All take effect at the next frame boundary.
inline constexpr size_t kCameraCommandBytes = wire::kCameraCommandBytes;
inline constexpr uint8_t kCameraConfigure = 5;
inline constexpr uint8_t kCameraStart = 6;
inline constexpr uint8_t kCameraStop = 7;
struct CameraCommand {
  uint8_t type = kCameraConfigure;
  uint16_t seq = 0;
  uint16_t x0 = 0, y0 = 0;  // configure only
  uint8_t tiles_x = 0, tiles_y = 0, tiles_per_pdu = 0, decim = 0;  // configure only
  bool operator==(const CameraCommand&) const = default;
};
// Limits of the camera a command is checked against (camera_top's parameters).
struct CameraLimits {
  int width = 640, height = 480, max_tiles_x = 80;
};
// Checks a command PDU as the camera does: 16 bytes, a known type, reserved bytes 0,
// and for configure a non-empty rectangle inside the frame, at most max_tiles_x wide,
// and at least one tile a PDU.
Result<CameraCommand> ParseCameraCommand(std::span<const uint8_t> pdu,
                                         const CameraLimits& limits = {});
// The 16 bytes of a command, fields as given (no checks, so tests can build bad ones).
std::vector<uint8_t> EncodeCameraCommand(const CameraCommand& command);

// A frame rebuilt from its tile PDUs.
struct DecodedFrame {
  uint16_t frame = 0;
  uint32_t timestamp = 0;
  Image image;
  size_t tiles = 0;        // tiles received
  bool complete = false;   // every tile of the frame received
};

struct TileDecoderCounters {
  uint64_t pdus = 0;         // PDUs taken
  uint64_t tiles = 0;        // tiles placed
  uint64_t bad_pdus = 0;     // length / format wrong
  uint64_t out_of_range = 0; // tiles outside the frame (dropped)
  uint64_t frames = 0;       // frames delivered
  uint64_t incomplete = 0;   // frames delivered with tiles missing
};

// Rebuilds frames of width x height pixels (multiples of 8). A frame is delivered when
// its last PDU (flag bit 0) arrives, or when a PDU of another frame number arrives
// first (then incomplete unless every tile came).
class TileDecoder {
 public:
  TileDecoder(int width, int height);

  Status PushPdu(std::span<const uint8_t> pdu);
  // Delivers the frame in progress (for example at the end of a stream).
  void Flush();

  bool HasFrame() const { return !ready_.empty(); }
  std::optional<DecodedFrame> Pop();
  const TileDecoderCounters& counters() const { return counters_; }

 private:
  void Deliver();

  int width_, height_;
  bool active_ = false;
  DecodedFrame cur_;
  std::vector<uint8_t> seen_;
  std::deque<DecodedFrame> ready_;
  TileDecoderCounters counters_;
};

// Cells of the camera's data VC to frames: AAL5 reassembly (host/atm/aal5.h) then
// TileDecoder.
class CameraCellDecoder {
 public:
  CameraCellDecoder(int width, int height, uint8_t vpi, uint16_t vci);
  void PushCell(const atm::Cell& cell, uint64_t now = 0);
  // The 13 cell-stream words of one cell.
  void PushWords(std::span<const uint32_t> words, uint64_t now = 0);
  TileDecoder& tiles() { return tiles_; }
  atm::Aal5Reassembler& reassembler() { return reasm_; }

 private:
  atm::Aal5Reassembler reasm_;
  TileDecoder tiles_;
};

}  // namespace pegasus::media

#endif  // PEGASUS_HOST_MEDIA_TILE_DECODER_H_
