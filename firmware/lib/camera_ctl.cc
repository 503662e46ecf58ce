// Camera control VC: command encoding and frame-sync parsing, byte by byte in the
// big-endian layouts of doc/wire_formats.md.
#include "firmware/lib/camera_ctl.h"

namespace pegasus::fw {
namespace {

uint16_t Get16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t Get32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | p[3];
}
void Put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

}  // namespace

bool ParseFrameSync(const uint8_t* d, uint32_t length, FrameSync* out) {
  if (length != kFrameSyncBytes || d[0] != kCameraMsgFrameSync || d[1] != 0) return false;
  out->frame = Get16(d + 2);
  out->timestamp = Get32(d + 4);
  out->tiles_x = Get16(d + 8);
  out->tiles_y = Get16(d + 10);
  out->bands_sent = Get16(d + 12);
  out->bands_dropped = Get16(d + 14);
  out->tiles_sent = Get32(d + 16);
  out->cmd_seq = Get16(d + 20);
  out->cmd_drops = Get16(d + 22);
  return true;
}

uint16_t CameraCtl::Send(uint8_t type, const CameraCapture* c) {
  const uint16_t seq = static_cast<uint16_t>(seq_ + 1 == 0 ? 1 : seq_ + 1);
  uint8_t* b = slots_[seq % kSlots];
  for (uint32_t i = 0; i < kCameraCmdBytes; ++i) b[i] = 0;
  b[0] = type;
  Put16(b + 2, seq);
  if (c) {
    Put16(b + 4, c->x0);
    Put16(b + 6, c->y0);
    b[8] = c->tiles_x;
    b[9] = c->tiles_y;
    b[10] = c->tiles_per_pdu;
    b[11] = c->decim;
  }
  if (!nic_.Send(b, kCameraCmdBytes, vpi_, vci_, 0)) return 0;
  seq_ = seq;
  return seq;
}

uint16_t CameraCtl::Configure(const CameraCapture& c) { return Send(kCameraCmdConfigure, &c); }
uint16_t CameraCtl::Start() { return Send(kCameraCmdStart, nullptr); }
uint16_t CameraCtl::Stop() { return Send(kCameraCmdStop, nullptr); }

}  // namespace pegasus::fw
