// The camera's control VC from the firmware (doc/wire_formats.md, "Camera commands"
// and "Camera frame sync"): configure / start / stop commands built and sent as
// one-cell AAL5 PDUs through the NIC, and the camera's frame-sync messages parsed from
// the PDUs the NIC receives on the same VC.
//
// The switch must carry the VC both ways between the NIC's port and the camera
// (switch_mgmt.h), and the NIC must have it open for receive (Nic::SetVc). Commands
// take effect at the camera's next start of frame; each has a sequence number that the
// following frame-sync messages report back (cmd_seq) once applied.
//
// Transmit buffers: commands are built in a ring of kSlots buffers that the NIC reads
// when it sends them; a slot is reused kSlots commands later, so the caller keeps fewer
// than kSlots commands queued in the NIC (reclaiming with Nic::TxReclaim).
#ifndef PEGASUS_FIRMWARE_LIB_CAMERA_CTL_H_
#define PEGASUS_FIRMWARE_LIB_CAMERA_CTL_H_

#include <stdint.h>

#include "firmware/lib/nic.h"
#include "host/media/wire_layout.h"

namespace pegasus::fw {

// Message and command types of the camera's control VC.
inline constexpr uint8_t kCameraMsgFrameSync = media::wire::kFrameSyncType;
inline constexpr uint8_t kCameraCmdConfigure = 5;
inline constexpr uint8_t kCameraCmdStart = 6;
inline constexpr uint8_t kCameraCmdStop = 7;
inline constexpr uint32_t kCameraCmdBytes = media::wire::kCameraCommandBytes;
inline constexpr uint32_t kFrameSyncBytes = media::wire::kFrameSyncBytes;

// The capture a configure command sets.
struct CameraCapture {
  uint16_t x0;            // left edge in the video frame, pixels
  uint16_t y0;            // top edge, lines
  uint8_t tiles_x;        // width in 8x8 tiles
  uint8_t tiles_y;        // height in tiles
  uint8_t tiles_per_pdu;  // tiles in a tile PDU
  uint8_t decim;          // one frame in decim + 1 captured
};

using FrameSync = media::wire::FrameSync;

// Parses a frame-sync message; false when the PDU is not one (length, type).
bool ParseFrameSync(const uint8_t* data, uint32_t length, FrameSync* out);

class CameraCtl {
 public:
  static constexpr uint32_t kSlots = 4;

  CameraCtl(Nic& nic, uint8_t vpi, uint16_t ctl_vci) : nic_(nic), vpi_(vpi), vci_(ctl_vci) {}

  // Each sends one command and returns its sequence number (1, 2, ...), or 0 when the
  // NIC's transmit ring is full (nothing sent).
  uint16_t Configure(const CameraCapture& c);
  uint16_t Start();
  uint16_t Stop();

  // Whether a received PDU came on this camera's control VC.
  bool IsControl(const NicPdu& pdu) const { return pdu.vpi == vpi_ && pdu.vci == vci_; }

 private:
  uint16_t Send(uint8_t type, const CameraCapture* c);

  Nic& nic_;
  uint8_t vpi_;
  uint16_t vci_;
  uint16_t seq_ = 0;
  // Not initialised: every command is encoded whole before it is sent.
  alignas(4) uint8_t slots_[kSlots][kCameraCmdBytes];
};

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_CAMERA_CTL_H_
