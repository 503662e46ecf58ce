#include "host/media/display_control.h"

#include <string>

namespace pegasus::media {

WindowCommand SetDescriptorCommand(uint8_t window, int16_t off_x, int16_t off_y, uint16_t x0,
                                   uint16_t y0, uint16_t x1, uint16_t y1, uint8_t z, bool enable) {
  WindowCommand c;
  c.type = kWindowSetDescriptor;
  c.window = window;
  c.enable = enable ? 1 : 0;
  c.z = z;
  c.off_x = off_x;
  c.off_y = off_y;
  c.x0 = x0;
  c.y0 = y0;
  c.x1 = x1;
  c.y1 = y1;
  return c;
}

WindowCommand SetEnableCommand(uint8_t window, bool enable) {
  WindowCommand c;
  c.type = kWindowSetEnable;
  c.window = window;
  c.enable = enable ? 1 : 0;
  return c;
}

WindowCommand SetStackingCommand(uint8_t window, uint8_t z) {
  WindowCommand c;
  c.type = kWindowSetStacking;
  c.window = window;
  c.z = z;
  return c;
}

Result<std::vector<WindowCommand>> ParseWindowCommands(std::span<const uint8_t> pdu,
                                                       int num_windows, size_t max_commands) {
  const size_t n = pdu.size() / kWindowCommandBytes;
  if (pdu.empty() || pdu.size() % kWindowCommandBytes != 0 || n > max_commands) {
    return Status::Corruption("control PDU of " + std::to_string(pdu.size()) +
                              " bytes: want 16n bytes, 1 <= n <= " + std::to_string(max_commands));
  }
  std::vector<WindowCommand> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const auto b = pdu.subspan(i * kWindowCommandBytes, kWindowCommandBytes);
    WindowCommand c;
    c.type = b[0];
    c.window = b[1];
    c.enable = b[2];
    c.z = b[3];
    c.off_x = static_cast<int16_t>(wire::GetBe16(b.data() + 4));
    c.off_y = static_cast<int16_t>(wire::GetBe16(b.data() + 6));
    c.x0 = wire::GetBe16(b.data() + 8);
    c.y0 = wire::GetBe16(b.data() + 10);
    c.x1 = wire::GetBe16(b.data() + 12);
    c.y1 = wire::GetBe16(b.data() + 14);
    const std::string where = "control command " + std::to_string(i) + ": ";
    if (c.type < kWindowSetDescriptor || c.type > kWindowSetStacking) {
      return Status::Corruption(where + "unknown type " + std::to_string(c.type));
    }
    if (c.window >= num_windows) {
      return Status::Corruption(where + "window " + std::to_string(c.window) + " of " +
                                std::to_string(num_windows));
    }
    if (c.enable > 1 || c.z > kWindowZMax) {
      return Status::Corruption(where + "enable " + std::to_string(c.enable) + " or z " +
                                std::to_string(c.z) + " out of range");
    }
    if (c.type == kWindowSetDescriptor) {
      const bool offset_ok = c.off_x >= kWindowOffsetMin && c.off_x <= kWindowOffsetMax &&
                             c.off_y >= kWindowOffsetMin && c.off_y <= kWindowOffsetMax;
      const bool clip_ok = c.x0 <= kWindowClipMax && c.y0 <= kWindowClipMax &&
                           c.x1 <= kWindowClipMax && c.y1 <= kWindowClipMax;
      if (!offset_ok || !clip_ok) {
        return Status::Corruption(where + "offset or clip rectangle out of range");
      }
    } else {
      const bool unused_zero = (c.type == kWindowSetEnable ? c.z : c.enable) == 0 && c.off_x == 0 &&
                               c.off_y == 0 && c.x0 == 0 && c.y0 == 0 && c.x1 == 0 && c.y1 == 0;
      if (!unused_zero) {
        return Status::Corruption(where + "unused fields of type " + std::to_string(c.type) +
                                  " are not 0");
      }
    }
    out.push_back(c);
  }
  return out;
}

std::vector<uint8_t> EncodeWindowCommands(std::span<const WindowCommand> commands) {
  std::vector<uint8_t> out(commands.size() * kWindowCommandBytes);
  uint8_t* b = out.data();
  for (const WindowCommand& c : commands) {
    wire::WriteWindowCommand(b, c.type, c.window, c.enable, c.z, c.off_x, c.off_y, c.x0, c.y0,
                             c.x1, c.y1);
    b += kWindowCommandBytes;
  }
  return out;
}

}  // namespace pegasus::media
