// Window commands on the display's control VC (doc/wire_formats.md, "Display window
// commands"): the one codec of the format. A control PDU holds one or more 16-byte
// commands, each setting a whole window descriptor, or only its enable, or only its
// stacking order; rtl/display applies them to its shadow table, so they take effect at
// the next frame boundary. host/display's model and the display RTL tests use it.
#ifndef PEGASUS_HOST_MEDIA_DISPLAY_CONTROL_H_
#define PEGASUS_HOST_MEDIA_DISPLAY_CONTROL_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "host/common/status.h"
#include "host/media/wire_layout.h"

namespace pegasus::media {

inline constexpr size_t kWindowCommandBytes = wire::kWindowCommandBytes;
// Command types (byte 0; type 1 is the camera's frame sync).
inline constexpr uint8_t kWindowSetDescriptor = 2;
inline constexpr uint8_t kWindowSetEnable = 3;
inline constexpr uint8_t kWindowSetStacking = 4;
// Field ranges: offsets are 12-bit two's complement, clip corners 12-bit unsigned.
inline constexpr int32_t kWindowOffsetMin = -2048;
inline constexpr int32_t kWindowOffsetMax = 2047;
inline constexpr uint32_t kWindowClipMax = 4095;
inline constexpr uint8_t kWindowZMax = 15;

struct WindowCommand {
  uint8_t type = kWindowSetDescriptor;
  uint8_t window = 0;
  uint8_t enable = 0;                       // 0 or 1 (descriptor and enable commands)
  uint8_t z = 0;                            // 0..15 (descriptor and stacking commands)
  int16_t off_x = 0, off_y = 0;             // descriptor command only
  uint16_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // descriptor command only, inclusive
  bool operator==(const WindowCommand&) const = default;
};

WindowCommand SetDescriptorCommand(uint8_t window, int16_t off_x, int16_t off_y, uint16_t x0,
                                   uint16_t y0, uint16_t x1, uint16_t y1, uint8_t z, bool enable);
WindowCommand SetEnableCommand(uint8_t window, bool enable);
WindowCommand SetStackingCommand(uint8_t window, uint8_t z);

// Checks a control PDU: its length is 16n bytes with 1 <= n <= max_commands, and every
// command has a known type, a window below num_windows, and fields in range (unused
// fields 0). A PDU failing any check is rejected whole.
Result<std::vector<WindowCommand>> ParseWindowCommands(std::span<const uint8_t> pdu,
                                                       int num_windows = 16,
                                                       size_t max_commands = 64);
// The bytes of a control PDU. Fields are written as given (no range check), so tests
// can build bad PDUs.
std::vector<uint8_t> EncodeWindowCommands(std::span<const WindowCommand> commands);

}  // namespace pegasus::media

#endif  // PEGASUS_HOST_MEDIA_DISPLAY_CONTROL_H_
