// Camera control VC: commands and frame syncs in the layouts of doc/wire_formats.md
// (host/media/wire_layout.h, shared with the host's codec).
#include "firmware/lib/camera_ctl.h"

namespace pegasus::fw {

bool ParseFrameSync(const uint8_t* d, uint32_t length, FrameSync* out) {
  if (length != kFrameSyncBytes || d[0] != kCameraMsgFrameSync || d[1] != 0) return false;
  media::wire::ReadFrameSync(d, out);
  return true;
}

uint16_t CameraCtl::Send(uint8_t type, const CameraCapture* c) {
  const uint16_t seq = static_cast<uint16_t>(seq_ + 1 == 0 ? 1 : seq_ + 1);
  uint8_t* b = slots_[seq % kSlots];
  if (c) {
    media::wire::WriteCameraCommand(b, type, seq, c->x0, c->y0, c->tiles_x, c->tiles_y,
                                    c->tiles_per_pdu, c->decim);
  } else {
    media::wire::WriteCameraCommand(b, type, seq, 0, 0, 0, 0, 0, 0);
  }
  if (!nic_.Send(b, kCameraCmdBytes, vpi_, vci_, 0)) return 0;
  seq_ = seq;
  return seq;
}

uint16_t CameraCtl::Configure(const CameraCapture& c) { return Send(kCameraCmdConfigure, &c); }
uint16_t CameraCtl::Start() { return Send(kCameraCmdStart, nullptr); }
uint16_t CameraCtl::Stop() { return Send(kCameraCmdStop, nullptr); }

}  // namespace pegasus::fw
