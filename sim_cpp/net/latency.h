// LatencyMeter: the time from a pixel entering a camera to it being written
// into a display's framebuffer, measured through ports only. A tile PDU's
// trailer carries its frame's timestamp (the camera's time base, the network
// cycle, at the frame's first pixel), so the cycle each of its pixels entered
// the camera follows from the source timing (CameraNode::PixelEntry); the
// display reports the cycle it finished the PDU (evt_done_o), by which every
// pixel of the PDU is in the framebuffer. Per PDU two figures: its newest pixel
// (the last tile's bottom-right pixel: transport through camera, links,
// switches, reassembler and blitter) and its oldest (the first tile's top-left:
// that plus the wait for the band's eight lines to arrive).
#ifndef PEGASUS_SIM_CPP_NET_LATENCY_H_
#define PEGASUS_SIM_CPP_NET_LATENCY_H_

#include <algorithm>
#include <cstdint>

#include "sim_cpp/net/camera_node.h"
#include "sim_cpp/net/display_node.h"

namespace pegasus::net {

struct LatencyStats {
  uint64_t count = 0;
  uint64_t min = UINT64_MAX, max = 0, sum = 0;
  void Add(uint64_t v) {
    ++count;
    min = std::min(min, v);
    max = std::max(max, v);
    sum += v;
  }
  double mean() const { return count ? static_cast<double>(sum) / static_cast<double>(count) : 0; }
};

class LatencyMeter {
 public:
  // Follows the PDUs `display` draws from `camera` (on display context index
  // `index`); a callback already on the display's on_drawn is still called.
  LatencyMeter(const CameraNode& camera, DisplayNode& display, uint32_t index)
      : camera_(camera), index_(index) {
    display.on_drawn = [this, before = std::move(display.on_drawn)](const DrawnPdu& p) {
      if (before) before(p);
      Add(p);
    };
  }
  // Takes the PDUs given to Add whatever their context index (the caller knows they
  // are the camera's).
  explicit LatencyMeter(const CameraNode& camera) : camera_(camera), index_(kAnyIndex) {}

  void Add(const DrawnPdu& p) {
    if (index_ != kAnyIndex && p.index != index_) return;
    const media::TileTrailer& t = p.trailer;
    const uint64_t newest =
        camera_.PixelEntry(t.timestamp, (t.tile_x + t.count) * 8 - 1, t.tile_y * 8 + 7);
    const uint64_t oldest = camera_.PixelEntry(t.timestamp, t.tile_x * 8, t.tile_y * 8);
    // The time base is 32 bits wide: differences are taken modulo 2^32.
    newest_.Add(static_cast<uint32_t>(p.done_cycle - newest));
    oldest_.Add(static_cast<uint32_t>(p.done_cycle - oldest));
  }

  const LatencyStats& newest_pixel() const { return newest_; }
  const LatencyStats& oldest_pixel() const { return oldest_; }

 private:
  static constexpr uint32_t kAnyIndex = UINT32_MAX;
  const CameraNode& camera_;
  uint32_t index_;
  LatencyStats newest_, oldest_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_LATENCY_H_
