// Reference model of the Pegasus ATM display (rtl/display): the window descriptor
// table (shadow written by the bus, made active at a frame boundary), the tile blitter
// with its checks, clipping, stacking order and counters, and the RGB565
// framebuffer. The RTL tests match it pixel for pixel and counter for counter.
//
// A tile PDU (host/media/tile_decoder.h, doc/wire_formats.md "Camera tile PDU") is
// malformed (dropped, counted) if media::DecodeTilePdu rejects it (length, count,
// format), its count is above max_tiles, or its tiles leave the video frame
// ((tile_x + k) * 8 > fb_width or (tile_y + 1) * 8 > fb_height). Its window is the low
// bits of the VC index; an index at or above num_windows or a disabled window drops it
// (no window). Video pixel (px, py) lands at screen (off_x + px, off_y + py) if that is
// on the screen, inside the window's clip rectangle (inclusive), and not inside the clip
// rectangle of an enabled window in front (higher z, or equal z and higher window
// number). The PNG snapshots the RTL tests write come from host/media/png.h.
//
// PDUs on the control VC (SetControlVc) carry window commands instead of tiles
// (host/media/display_control.h, doc/wire_formats.md "Display window commands"): a
// malformed control PDU is dropped and counted; a good one is queued with the tile
// PDUs and, at its turn, its commands are written into the shadow table in order.
#ifndef PEGASUS_HOST_DISPLAY_DISPLAY_MODEL_H_
#define PEGASUS_HOST_DISPLAY_DISPLAY_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "host/media/display_control.h"
#include "host/media/tile_decoder.h"

namespace pegasus::display {

// A window descriptor, as the RTL holds it.
struct WindowDesc {
  int32_t off_x = 0;  // two's complement in the RTL's coordinate bits
  int32_t off_y = 0;
  uint32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // clip rectangle, inclusive
  bool enable = false;
  uint8_t z = 0;  // 0..15
  bool operator==(const WindowDesc&) const = default;
};

// An enabled window showing video offset by (off_x, off_y), clipped to (x0, y0) ..
// (x1, y1) inclusive, at depth z.
inline WindowDesc MakeWindow(int32_t off_x, int32_t off_y, uint32_t x0, uint32_t y0,
                             uint32_t x1, uint32_t y1, uint8_t z = 0, bool enable = true) {
  WindowDesc d;
  d.off_x = off_x;
  d.off_y = off_y;
  d.x0 = x0;
  d.y0 = y0;
  d.x1 = x1;
  d.y1 = y1;
  d.z = z;
  d.enable = enable;
  return d;
}

struct DisplayConfig {
  int num_windows = 16;
  int coord_bits = 12;
  int max_tiles = 8;
  int fb_width = 64;
  int fb_height = 48;
};

struct DisplayCounters {
  uint64_t pdus = 0;            // PDUs drawn
  uint64_t drop_nowin = 0;      // PDUs: no (enabled) window
  uint64_t drop_malformed = 0;  // PDUs: length, count, format or position
  uint64_t pix_clipped = 0;     // pixels off the screen or outside their clip rectangle
  uint64_t pix_occluded = 0;    // pixels under a window in front
  uint64_t ctl_msgs = 0;        // window commands applied from the control VC
  uint64_t ctl_drop = 0;        // control PDUs dropped as malformed
  bool operator==(const DisplayCounters&) const = default;
};

class DisplayModel {
 public:
  explicit DisplayModel(const DisplayConfig& config = {});

  const DisplayConfig& config() const { return config_; }

  // Writes a descriptor into the shadow table (coordinates wrap to coord_bits as the
  // register fields do).
  void WriteShadow(int window, const WindowDesc& desc);
  const WindowDesc& shadow(int window) const { return shadow_[window]; }
  const WindowDesc& active(int window) const { return active_[window]; }
  // Frame boundary: the whole shadow table becomes active.
  void Swap() { active_ = shadow_; }

  // PDUs on context index `index` carry window commands while `enable` (the RTL's
  // CTL_VC register).
  void SetControlVc(bool enable, uint32_t index) {
    ctl_enable_ = enable;
    ctl_index_ = index;
  }
  // Applies one window command to the shadow table.
  void Apply(const media::WindowCommand& command);

  // A PDU arrives on context index `index`: checked (malformed PDUs are counted and
  // dropped, returning false) and queued for drawing (or, on the control VC, for its
  // commands to be applied).
  bool Receive(uint32_t index, std::span<const uint8_t> pdu);
  // Draws (or drops for want of a window) the oldest queued PDU with the active
  // table, or applies the commands of a control PDU; false if none is queued.
  bool DrawNext();
  size_t queued() const { return queue_.size(); }
  // Receive then draw everything queued.
  void Blit(uint32_t index, std::span<const uint8_t> pdu) {
    if (Receive(index, pdu)) {
      while (DrawNext()) {
      }
    }
  }

  // Whether screen pixel (x, y) written by `window` would be visible now (on the
  // screen, inside its clip rectangle, not under a window in front).
  bool Visible(int window, int64_t x, int64_t y) const;

  // RGB565, row by row.
  const std::vector<uint16_t>& framebuffer() const { return fb_; }
  uint16_t pixel(int x, int y) const { return fb_[static_cast<size_t>(y) * config_.fb_width + x]; }
  const DisplayCounters& counters() const { return counters_; }

 private:
  struct Queued {
    uint32_t index;
    media::TilePdu pdu;
    std::vector<media::WindowCommand> commands;  // a control PDU when not empty
  };
  int32_t SignExtend(int32_t v) const;
  bool InClip(const WindowDesc& d, int64_t x, int64_t y) const;

  DisplayConfig config_;
  std::vector<WindowDesc> shadow_;
  std::vector<WindowDesc> active_;
  std::deque<Queued> queue_;
  std::vector<uint16_t> fb_;
  DisplayCounters counters_;
  bool ctl_enable_ = false;
  uint32_t ctl_index_ = 0;
};

}  // namespace pegasus::display

#endif  // PEGASUS_HOST_DISPLAY_DISPLAY_MODEL_H_
