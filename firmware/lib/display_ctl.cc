// Display control VC: window commands in the layout of doc/wire_formats.md
// (host/media/wire_layout.h, shared with the host's codec), checked against the field ranges the display enforces (it
// drops a whole PDU with any field out of range).
#include "firmware/lib/display_ctl.h"

namespace pegasus::fw {
namespace {

constexpr uint32_t kWindows = 16;
constexpr int kOffsetMin = -2048, kOffsetMax = 2047;
constexpr uint32_t kCoordMax = 4095;
constexpr uint32_t kZMax = 15;

// Encodes one command into 16 bytes; false when a field is out of range.
bool Encode(const WindowCmd& c, uint8_t* b) {
  for (uint32_t i = 0; i < kWindowCmdBytes; ++i) b[i] = 0;
  if (c.window >= kWindows) return false;
  b[0] = c.type;
  b[1] = c.window;
  switch (c.type) {
    case kWindowCmdDescriptor: {
      if (!c.w) return false;
      const Window& w = *c.w;
      if (w.off_x < kOffsetMin || w.off_x > kOffsetMax || w.off_y < kOffsetMin ||
          w.off_y > kOffsetMax || w.x0 > kCoordMax || w.y0 > kCoordMax || w.x1 > kCoordMax ||
          w.y1 > kCoordMax || w.z > kZMax) {
        return false;
      }
      media::wire::WriteWindowCommand(b, c.type, c.window, w.enable ? 1 : 0, w.z, w.off_x,
                                      w.off_y, w.x0, w.y0, w.x1, w.y1);
      return true;
    }
    case kWindowCmdEnable:
      b[2] = c.enable ? 1 : 0;
      return true;
    case kWindowCmdStack:
      if (c.z > kZMax) return false;
      b[3] = c.z;
      return true;
    default:
      return false;
  }
}

}  // namespace

bool DisplayCtl::Send(const WindowCmd* cmds, uint32_t n) {
  if (n == 0 || n > kMaxCommands) return false;
  uint8_t* b = slots_[next_ % kSlots];
  for (uint32_t i = 0; i < n; ++i) {
    if (!Encode(cmds[i], b + i * kWindowCmdBytes)) return false;
  }
  if (!nic_.Send(b, static_cast<uint16_t>(n * kWindowCmdBytes), vpi_, vci_, 0)) return false;
  ++next_;
  return true;
}

bool DisplayCtl::SetWindow(uint8_t window, const Window& w) {
  const WindowCmd c{kWindowCmdDescriptor, window, &w, false, 0};
  return Send(&c, 1);
}

bool DisplayCtl::Enable(uint8_t window, bool on) {
  const WindowCmd c{kWindowCmdEnable, window, nullptr, on, 0};
  return Send(&c, 1);
}

bool DisplayCtl::Restack(uint8_t window, uint8_t z) {
  const WindowCmd c{kWindowCmdStack, window, nullptr, false, z};
  return Send(&c, 1);
}

}  // namespace pegasus::fw
