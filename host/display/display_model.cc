#include "host/display/display_model.h"

namespace pegasus::display {

DisplayModel::DisplayModel(const DisplayConfig& config)
    : config_(config),
      shadow_(config.num_windows),
      active_(config.num_windows),
      fb_(static_cast<size_t>(config.fb_width) * config.fb_height, 0) {}

int32_t DisplayModel::SignExtend(int32_t v) const {
  const int32_t bits = config_.coord_bits;
  const int32_t m = (1 << bits) - 1;
  v &= m;
  return (v & (1 << (bits - 1))) ? v - (1 << bits) : v;
}

void DisplayModel::WriteShadow(int window, const WindowDesc& desc) {
  const uint32_t m = (1u << config_.coord_bits) - 1;
  WindowDesc d = desc;
  d.off_x = SignExtend(desc.off_x);
  d.off_y = SignExtend(desc.off_y);
  d.x0 &= m;
  d.y0 &= m;
  d.x1 &= m;
  d.y1 &= m;
  d.z &= 0xF;
  shadow_[window] = d;
}

void DisplayModel::Apply(const media::WindowCommand& c) {
  WindowDesc d = shadow_[c.window];
  if (c.type == media::kWindowSetDescriptor) {
    d = MakeWindow(c.off_x, c.off_y, c.x0, c.y0, c.x1, c.y1, c.z, c.enable != 0);
  } else if (c.type == media::kWindowSetEnable) {
    d.enable = c.enable != 0;
  } else {
    d.z = c.z;
  }
  WriteShadow(c.window, d);
}

bool DisplayModel::Receive(uint32_t index, std::span<const uint8_t> bytes) {
  if (ctl_enable_ && index == ctl_index_) {
    // The RTL keeps a control PDU in a tile PDU's buffer: max_tiles * 8 commands.
    auto commands =
        media::ParseWindowCommands(bytes, config_.num_windows, size_t(config_.max_tiles) * 8);
    if (!commands.ok()) {
      ++counters_.ctl_drop;
      return false;
    }
    queue_.push_back(Queued{index, {}, std::move(*commands)});
    return true;
  }
  Result<media::TilePdu> pdu = media::DecodeTilePdu(bytes);
  constexpr size_t kSide = media::kTileSide;
  const bool ok = pdu.ok() && pdu->count <= config_.max_tiles &&
                  (size_t{pdu->tile_x} + pdu->count) * kSide <= size_t(config_.fb_width) &&
                  (size_t{pdu->tile_y} + 1) * kSide <= size_t(config_.fb_height);
  if (!ok) {
    ++counters_.drop_malformed;
    return false;
  }
  queue_.push_back(Queued{index, std::move(*pdu), {}});
  return true;
}

bool DisplayModel::InClip(const WindowDesc& d, int64_t x, int64_t y) const {
  return x >= 0 && y >= 0 && x >= d.x0 && x <= d.x1 && y >= d.y0 && y <= d.y1;
}

bool DisplayModel::Visible(int w, int64_t x, int64_t y) const {
  const WindowDesc& own = active_[w];
  if (!InClip(own, x, y) || x >= config_.fb_width || y >= config_.fb_height) return false;
  for (int j = 0; j < config_.num_windows; ++j) {
    const WindowDesc& d = active_[j];
    if (!d.enable || j == w) continue;
    const bool front = d.z > own.z || (d.z == own.z && j > w);
    if (front && InClip(d, x, y)) return false;
  }
  return true;
}

bool DisplayModel::DrawNext() {
  if (queue_.empty()) return false;
  Queued q = std::move(queue_.front());
  queue_.pop_front();
  if (!q.commands.empty()) {
    for (const media::WindowCommand& c : q.commands) Apply(c);
    counters_.ctl_msgs += q.commands.size();
    return true;
  }
  if (q.index >= uint32_t(config_.num_windows) || !active_[q.index].enable) {
    ++counters_.drop_nowin;
    return true;
  }
  const int w = static_cast<int>(q.index);
  const WindowDesc& d = active_[w];
  for (size_t t = 0; t < q.pdu.count; ++t) {
    for (int r = 0; r < 8; ++r) {
      for (int c = 0; c < 8; ++c) {
        const int64_t x = d.off_x + int64_t(q.pdu.tile_x + t) * 8 + c;
        const int64_t y = d.off_y + int64_t(q.pdu.tile_y) * 8 + r;
        const bool own = InClip(d, x, y) && x < config_.fb_width && y < config_.fb_height;
        if (!own) {
          ++counters_.pix_clipped;
        } else if (!Visible(w, x, y)) {
          ++counters_.pix_occluded;
        } else {
          fb_[size_t(y) * config_.fb_width + size_t(x)] = q.pdu.pixels[t * 64 + r * 8 + c];
        }
      }
    }
  }
  ++counters_.pdus;
  return true;
}

}  // namespace pegasus::display
