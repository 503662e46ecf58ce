// The display's control VC from the firmware (doc/wire_formats.md, "Display window
// commands"): window descriptor, enable and stacking-order commands built and sent
// through the NIC as one control PDU of up to kMaxCommands 16-byte commands. All
// commands of a PDU take effect together at the display's next frame boundary.
//
// The switch must carry the VC from the NIC's port to the display, and the display
// must take that VC as its control VC (its CTL_VC register). Transmit buffers as in
// camera_ctl.h: a ring of kSlots, reused kSlots PDUs later.
#ifndef PEGASUS_FIRMWARE_LIB_DISPLAY_CTL_H_
#define PEGASUS_FIRMWARE_LIB_DISPLAY_CTL_H_

#include <stdint.h>

#include "firmware/lib/nic.h"
#include "host/media/wire_layout.h"

namespace pegasus::fw {

inline constexpr uint8_t kWindowCmdDescriptor = 2;
inline constexpr uint8_t kWindowCmdEnable = 3;
inline constexpr uint8_t kWindowCmdStack = 4;
inline constexpr uint32_t kWindowCmdBytes = media::wire::kWindowCommandBytes;

// A window: where the video frame's top-left lands on the screen and the clip
// rectangle (inclusive screen pixels) it is drawn in.
struct Window {
  int16_t off_x, off_y;  // -2048..2047
  uint16_t x0, y0, x1, y1;  // 0..4095
  uint8_t z;             // 0..15, higher in front
  bool enable;
};

struct WindowCmd {
  uint8_t type;     // kWindowCmd*
  uint8_t window;   // 0..15
  const Window* w;  // descriptor: the whole window
  bool enable;      // enable
  uint8_t z;        // stacking order
};

class DisplayCtl {
 public:
  static constexpr uint32_t kMaxCommands = 4;
  static constexpr uint32_t kSlots = 4;

  DisplayCtl(Nic& nic, uint8_t vpi, uint16_t ctl_vci) : nic_(nic), vpi_(vpi), vci_(ctl_vci) {}

  // Sends n (1..kMaxCommands) commands as one PDU. False when n is out of range, a
  // field is out of its range, or the NIC's transmit ring is full (nothing sent).
  bool Send(const WindowCmd* cmds, uint32_t n);
  // One-command PDUs.
  bool SetWindow(uint8_t window, const Window& w);
  bool Enable(uint8_t window, bool on);
  bool Restack(uint8_t window, uint8_t z);

 private:
  Nic& nic_;
  uint8_t vpi_;
  uint16_t vci_;
  uint32_t next_ = 0;
  // Not initialised: every PDU is encoded whole before it is sent.
  alignas(4) uint8_t slots_[kSlots][kMaxCommands * kWindowCmdBytes];
};

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_DISPLAY_CTL_H_
