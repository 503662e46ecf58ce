#include "sim_cpp/net/camera_node.h"

#include NET_CAMERA_HEADER
#include "verilated_fst_c.h"
#include "host/media/image.h"
#include "sim_cpp/bfm/pixel_source.h"

namespace pegasus::net {

using CameraModel = NET_CAMERA_MODEL;
static_assert(NET_CAMERA_PARAM_Width == CameraNode::kPatternWidth);
static_assert(NET_CAMERA_PARAM_Height == CameraNode::kPatternHeight);
static_assert(NET_CAMERA_PARAM_HBlank == CameraNode::kPatternHBlank);
static_assert(NET_CAMERA_PARAM_VBlank == CameraNode::kPatternVBlank);
constexpr int kMaxTilesX = NET_CAMERA_PARAM_MaxTilesX;

struct CameraNode::Impl {
  Impl(VerilatedContext* context, const std::string& name, int h_blank, int v_blank)
      : model(context, name.c_str()), pixels(model, h_blank, v_blank) {}
  CameraModel model;
  sim::PixelSource<CameraModel> pixels;
  CellCollector collect;
  CellFeeder feed;
};

// camera_top versions with a command input (cells of the control VC on
// s_cell_*, cfg_cmd_en_i) take the link receiver's cells; commands are on when
// the configuration asks (CameraConfig::commands), else the node is configured
// through its cfg_* inputs alone.
template <typename M>
constexpr bool kHasCommandInput = requires(M& m) {
  m.s_cell_tvalid_i;
  m.cfg_cmd_en_i;
};

Result<std::unique_ptr<CameraNode>> CameraNode::Create(const std::string& name,
                                                       const CameraConfig& config,
                                                       VerilatedContext* context) {
  CameraConfig c = config;
  std::vector<media::Image> files;
  int w = c.width, h = c.height;
  if (c.source == CameraConfig::Source::kPattern) {
    w = kPatternWidth;
    h = kPatternHeight;
  } else if (c.source == CameraConfig::Source::kFiles) {
    if (c.files.empty()) return Status::InvalidArgument("camera " + name + ": no frame files");
    for (const std::string& f : c.files) {
      auto img = media::ReadPpm(f);
      if (!img.ok()) return img.status();
      files.push_back(std::move(*img));
    }
    w = files[0].width;
    h = files[0].height;
    for (size_t i = 0; i < files.size(); ++i) {
      if (files[i].width != w || files[i].height != h) {
        return Status::InvalidArgument("camera " + name + ": " + c.files[i] + " is " +
                                       std::to_string(files[i].width) + "x" +
                                       std::to_string(files[i].height) + ", the first file " +
                                       std::to_string(w) + "x" + std::to_string(h));
      }
    }
  } else if (w < 128 || h < 32 || w % 8 || h % 8) {
    return Status::InvalidArgument("camera " + name +
                                   ": pattern frames must be at least "
                                   "128x32 and multiples of 8, not " +
                                   std::to_string(w) + "x" + std::to_string(h));
  }
  c.width = w;
  c.height = h;
  if (c.tiles_x == 0) c.tiles_x = (w - c.x0) / 8;
  if (c.tiles_y == 0) c.tiles_y = (h - c.y0) / 8;
  if (c.x0 < 0 || c.y0 < 0 || c.tiles_x <= 0 || c.tiles_y <= 0 || c.x0 + 8 * c.tiles_x > w ||
      c.y0 + 8 * c.tiles_y > h || c.tiles_x > kMaxTilesX || c.tiles_y > 255 || c.x0 > 1023 ||
      c.y0 > 1023) {
    return Status::InvalidArgument(
        "camera " + name + ": capture rectangle at (" + std::to_string(c.x0) + ", " +
        std::to_string(c.y0) + ") of " + std::to_string(c.tiles_x) + "x" +
        std::to_string(c.tiles_y) + " tiles does not fit the " + std::to_string(w) + "x" +
        std::to_string(h) + " source (at most " + std::to_string(kMaxTilesX) + " tiles wide)");
  }
  if (c.tiles_per_pdu < 1 || c.tiles_per_pdu > 255 || c.decim < 0 || c.decim > 255) {
    return Status::InvalidArgument("camera " + name +
                                   ": tiles per PDU must be 1..255 and "
                                   "decimation 0..255");
  }
  if (c.commands && !kHasCommandInput<CameraModel>) {
    return Status::InvalidArgument("camera " + name +
                                   ": this camera_top model has no command input");
  }
  if (c.h_blank < 0 || c.v_blank < 0) {
    return Status::InvalidArgument("camera " + name + ": blanking must not be negative");
  }
  auto node = std::unique_ptr<CameraNode>(new CameraNode(name, c, context));
  node->files_ = std::move(files);
  return node;
}

CameraNode::CameraNode(const std::string& name, const CameraConfig& config,
                       VerilatedContext* context)
    : Node(name, NodeKind::kCamera, 1),
      config_(config),
      width_(config.width),
      height_(config.height) {
  const bool pattern = config.source == CameraConfig::Source::kPattern;
  h_blank_ = pattern ? kPatternHBlank : config.h_blank;
  v_blank_ = pattern ? kPatternVBlank : config.v_blank;
  impl_ = std::make_unique<Impl>(context, name, h_blank_, v_blank_);
  CameraModel& m = impl_->model;
  m.cfg_ext_pix_i = !pattern;
  m.cfg_enable_i = 0;
  m.cfg_decim_i = static_cast<uint8_t>(config.decim);
  m.cfg_x0_i = static_cast<uint16_t>(config.x0);
  m.cfg_y0_i = static_cast<uint16_t>(config.y0);
  m.cfg_tiles_x_i = static_cast<uint8_t>(config.tiles_x);
  m.cfg_tiles_y_i = static_cast<uint8_t>(config.tiles_y);
  m.cfg_tiles_per_pdu_i = static_cast<uint8_t>(config.tiles_per_pdu);
  m.cfg_vpi_i = config.vpi;
  m.cfg_vci_i = config.vci;
  m.cfg_ctl_vci_i = config.ctl_vci;
  m.timestamp_i = 0;
  m.m_cell_tready_i = 0;
  if constexpr (kHasCommandInput<CameraModel>) {
    m.cfg_cmd_en_i = config.commands;
    m.s_cell_tvalid_i = 0;
  }
  ResetModel(m);
}

CameraNode::~CameraNode() { impl_->model.final(); }

media::Image CameraNode::SourceFrame(uint32_t frame) const {
  switch (config_.source) {
    case CameraConfig::Source::kFiles:
      return files_[frame % files_.size()];
    case CameraConfig::Source::kPattern:
    case CameraConfig::Source::kPatternFrames:
      break;
  }
  media::Image img = media::PatternFrame(media::PatternGeometry{width_, height_, 32}, frame);
  if (config_.source == CameraConfig::Source::kPatternFrames && config_.pattern_xor != 0) {
    for (uint16_t& px : img.pixels) px ^= config_.pattern_xor;
  }
  return img;
}

void CameraNode::Start() {
  started_ = true;
  impl_->model.cfg_enable_i = !stopped_;
}

void CameraNode::FeedSource() {
  if (!started_ && !config_.commands) return;
  // Keep one frame queued behind the one being sent, up to max_frames.
  while (frames_pushed_ < impl_->pixels.frames_sent() + 2 &&
         (config_.max_frames == 0 || frames_pushed_ < config_.max_frames)) {
    impl_->pixels.PushFrame(SourceFrame(frames_pushed_));
    ++frames_pushed_;
  }
}

void CameraNode::Run(uint64_t start, uint64_t n) {
  CameraModel& m = impl_->model;
  const bool ext = config_.source != CameraConfig::Source::kPattern;
  LinkPort& lp = port(0);
  if (ext) FeedSource();
  for (uint64_t c = start; c < start + n; ++c) {
    lp.Cycle(c);
    m.timestamp_i = static_cast<uint32_t>(c);
    if (ext) impl_->pixels.Drive();
    const bool ready = lp.TxReady();
    m.m_cell_tready_i = ready;
    [[maybe_unused]] bool offer = false;
    if constexpr (kHasCommandInput<CameraModel>) offer = impl_->feed.Drive(m, lp);
    m.eval();
    Wave(c, false);
    impl_->collect.Sample(m, lp, ready);
    if constexpr (kHasCommandInput<CameraModel>) impl_->feed.Sample(m, lp, offer);
    m.clk_i = 1;
    m.eval();
    Wave(c, true);
    m.clk_i = 0;
    if (m.cap_ts_o != cap_ts_seen_) {  // a frame started: keep its origin if captured
      cap_ts_seen_ = m.cap_ts_o;
      if (m.stat_frames_o != origin_frames_) {
        origin_frames_ = m.stat_frames_o;
        origins_[origin_next_] = Origin{true, cap_ts_seen_, m.cap_x0_o, m.cap_y0_o};
        origin_next_ = (origin_next_ + 1) % kOrigins;
      }
    }
    if (m.stat_frames_o != frames_captured_) {
      frames_captured_ = m.stat_frames_o;
      if (ext) FeedSource();
      if (!config_.commands && config_.max_frames && frames_captured_ >= config_.max_frames &&
          !stopped_) {
        // The configuration is sampled at each start of frame: the frame under
        // way completes, the next is not captured.
        m.cfg_enable_i = 0;
        stopped_ = true;
      }
    }
  }
}

uint32_t CameraNode::band_drops() const { return impl_->model.stat_band_drops_o; }

uint64_t CameraNode::PixelEntry(uint32_t timestamp, int px, int py) const {
  int x0 = config_.x0, y0 = config_.y0;
  for (const Origin& o : origins_) {
    if (o.valid && o.timestamp == timestamp) {
      x0 = o.x0;
      y0 = o.y0;
    }
  }
  return uint64_t{timestamp} + static_cast<uint64_t>(y0 + py) * line_cycles() +
         static_cast<uint64_t>(x0 + px);
}

bool CameraNode::FrameStartedAt(uint32_t timestamp) const {
  for (const Origin& o : origins_) {
    if (o.valid && o.timestamp == timestamp) return true;
  }
  return false;
}

void CameraNode::TraceModels(VerilatedFstC& fst) { impl_->model.trace(&fst, 99); }

std::string CameraNode::Stats() const {
  const CameraModel& m = impl_->model;
  return "frames " + std::to_string(m.stat_frames_o) + ", bands " + std::to_string(m.stat_bands_o) +
         ", band drops " + std::to_string(m.stat_band_drops_o) + ", PDUs " +
         std::to_string(m.stat_pdus_o) + ", control messages " + std::to_string(m.stat_ctl_msgs_o);
}

}  // namespace pegasus::net
