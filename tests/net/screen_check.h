// What the network tests share to check a display's screen against the models: the
// camera's video frame (its capture of a source frame), a display model of the
// network's display, a pixel-by-pixel comparison, and the small C++-made camera the
// quicker tests use.
#ifndef PEGASUS_TESTS_NET_SCREEN_CHECK_H_
#define PEGASUS_TESTS_NET_SCREEN_CHECK_H_

#include <gtest/gtest.h>

#include "host/display/display_model.h"
#include "host/media/image.h"
#include "sim_cpp/net/camera_node.h"
#include "sim_cpp/net/display_node.h"

namespace pegasus::net {

// A camera's capture rectangle and PDU size.
struct Capture {
  int x0, y0, tiles_x, tiles_y, tiles_per_pdu;
};

inline Capture CaptureOf(const CameraConfig& c) {
  return Capture{c.x0, c.y0, c.tiles_x, c.tiles_y, c.tiles_per_pdu};
}

// The video frame the camera sends for source frame `frame`: its capture rectangle.
inline media::Image VideoFrame(const CameraNode& cam, const Capture& cap, uint32_t frame) {
  const media::Image src = cam.SourceFrame(frame);
  media::Image v(cap.tiles_x * 8, cap.tiles_y * 8);
  for (int y = 0; y < v.height; ++y) {
    for (int x = 0; x < v.width; ++x) v.at(x, y) = src.at(cap.x0 + x, cap.y0 + y);
  }
  return v;
}

// The same with the capture of the camera's configuration.
inline media::Image VideoFrame(const CameraNode& cam, uint32_t frame) {
  return VideoFrame(cam, CaptureOf(cam.config()), frame);
}

// A display model of DisplayNode's framebuffer and tile buffer, no window set.
inline display::DisplayModel NewScreenModel() {
  display::DisplayConfig dc;
  dc.fb_width = DisplayNode::kWidth;
  dc.fb_height = DisplayNode::kHeight;
  dc.max_tiles = DisplayNode::kMaxTiles;
  return display::DisplayModel(dc);
}

// Pixels of the scanned-out screen that differ from the model (the first five are
// reported as failures).
inline int CompareScreen(const DisplayNode& d, const display::DisplayModel& m) {
  int bad = 0;
  for (int y = 0; y < DisplayNode::kHeight; ++y) {
    for (int x = 0; x < DisplayNode::kWidth; ++x) {
      if (d.screen().at(x, y) != m.pixel(x, y) && ++bad <= 5) {
        ADD_FAILURE() << "screen (" << x << ", " << y << ") is 0x" << std::hex
                      << d.screen().at(x, y) << ", model 0x" << m.pixel(x, y);
      }
    }
  }
  return bad;
}

// The test pattern made in C++ at 160x120 through the pixel source, a band of 20
// tiles (56 cells, 4 PDUs) every 1,600 cycles.
inline CameraConfig SmallCamera(uint32_t frames) {
  CameraConfig c;
  c.source = CameraConfig::Source::kPatternFrames;
  c.width = 160;
  c.height = 120;
  c.h_blank = 40;
  c.v_blank = 1000;
  c.max_frames = frames;
  return c;
}

}  // namespace pegasus::net

#endif  // PEGASUS_TESTS_NET_SCREEN_CHECK_H_
