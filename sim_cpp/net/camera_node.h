// CameraNode: rtl/camera's camera_top as a network node with one link port (0).
// The pixels come from the camera's own test pattern (camera_pattern, 320x240
// with the timing built into this simulator's model), or through the
// pixel-source BFM (sim_cpp/bfm/pixel_source.h) from frames made in C++: the
// pattern's reference (host/media/test_pattern.h) at any size and timing, or
// PPM files. The node's time base (timestamp_i) is the network's cycle count,
// so a tile PDU's timestamp is the cycle its frame's first pixel entered the
// camera.
#ifndef PEGASUS_SIM_CPP_NET_CAMERA_NODE_H_
#define PEGASUS_SIM_CPP_NET_CAMERA_NODE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/common/status.h"
#include "host/media/test_pattern.h"
#include "sim_cpp/net/node.h"

namespace pegasus::net {

struct CameraConfig {
  enum class Source {
    kPattern,        // camera_top's test pattern (fixed size and timing, below)
    kPatternFrames,  // the same pattern made in C++, any size, through the pixel
                     // source
    kFiles,          // PPM files through the pixel source, in turn, repeated
  };
  Source source = Source::kPattern;
  std::vector<std::string> files;
  // kPatternFrames and kFiles: source frame size (files must have it) and
  // timing.
  int width = 320;
  int height = 240;
  int h_blank = 16;
  int v_blank = 200;
  // kPatternFrames: every pixel XORed with this (0: the pattern as camera_top makes
  // it), so that a second camera's picture differs from the first's.
  uint16_t pattern_xor = 0;
  // Capture rectangle (pixels from the source frame's top left) and size in
  // tiles; 0 tiles: the whole source frame.
  int x0 = 0, y0 = 0, tiles_x = 0, tiles_y = 0;
  int tiles_per_pdu = 5;
  int decim = 0;
  uint8_t vpi = 0;
  uint16_t vci = 32;
  uint16_t ctl_vci = 33;
  // Frames to capture, then stop (0: no end).
  uint32_t max_frames = 0;
  // Take configure / start / stop commands on the control VC (camera_top's
  // cfg_cmd_en_i): the fields above are the configuration until the first
  // command, and the camera starts only when told (Start() and max_frames are
  // then ignored: the firmware runs it; the pixel source sends frames from reset).
  bool commands = false;
};

class CameraNode : public Node {
 public:
  // The test pattern built into camera_top in this simulator.
  static constexpr int kPatternWidth = 320;
  static constexpr int kPatternHeight = 240;
  static constexpr int kPatternHBlank = 16;
  static constexpr int kPatternVBlank = 200;

  static Result<std::unique_ptr<CameraNode>> Create(const std::string& name,
                                                    const CameraConfig& config,
                                                    VerilatedContext* context);
  ~CameraNode() override;

  void Run(uint64_t start, uint64_t n) override;
  void TraceModels(VerilatedFstC& fst) override;
  std::string Stats() const override;

  const CameraConfig& config() const { return config_; }
  // Source frame size and timing actually used.
  int source_width() const { return width_; }
  int source_height() const { return height_; }
  int video_width() const { return config_.tiles_x * 8; }
  int video_height() const { return config_.tiles_y * 8; }
  // Cycles from one source line's first pixel to the next line's, and frame
  // period.
  uint64_t line_cycles() const { return static_cast<uint64_t>(width_ + h_blank_); }
  uint64_t frame_cycles() const {
    return line_cycles() * static_cast<uint64_t>(height_) + static_cast<uint64_t>(v_blank_);
  }
  // The cycle video pixel (px, py) of the frame that began at `timestamp`
  // entered the camera (its time base is the cycle count, 32 bits). The capture
  // origin is the one camera_top applied to that frame (cap_x0_o/cap_y0_o, which
  // commands may have set), among the last kOrigins frames; else the config's.
  uint64_t PixelEntry(uint32_t timestamp, int px, int py) const;
  // Whether one of the last kOrigins frames camera_top started has this timestamp
  // (tells which camera a tile PDU came from where several share a display).
  bool FrameStartedAt(uint32_t timestamp) const;
  // The source frame with this number (frames since reset), as the camera saw
  // it.
  media::Image SourceFrame(uint32_t frame) const;
  // The camera starts stopped; Start() sets cfg_enable_i, and the first start
  // of frame after it is the first frame captured. With the pixel source, frame
  // 0 starts then.
  void Start();
  uint32_t frames_captured() const { return frames_captured_; }
  // Bands the camera dropped because its link could not take them
  // (stat_band_drops_o).
  uint32_t band_drops() const;
  bool stopped() const { return stopped_; }

 private:
  struct Impl;
  CameraNode(const std::string& name, const CameraConfig& config, VerilatedContext* context);
  void FeedSource();

  // The capture origins of the last frames camera_top started, by timestamp.
  struct Origin {
    bool valid;
    uint32_t timestamp;
    int x0, y0;
  };
  static constexpr size_t kOrigins = 8;

  CameraConfig config_;
  int width_, height_, h_blank_, v_blank_;
  Origin origins_[kOrigins] = {};
  size_t origin_next_ = 0;
  uint32_t cap_ts_seen_ = 0;
  uint32_t origin_frames_ = 0;  // stat_frames_o when the last origin was kept
  std::vector<media::Image> files_;
  uint32_t frames_captured_ = 0;
  uint32_t frames_pushed_ = 0;
  bool stopped_ = false;
  bool started_ = false;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_CAMERA_NODE_H_
