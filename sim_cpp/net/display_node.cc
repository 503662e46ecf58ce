#include "sim_cpp/net/display_node.h"

#include <cstdio>

#include NET_REASM_HEADER
#include NET_DISPLAY_HEADER
#include "verilated_fst_c.h"
#include "host/media/png.h"
#include "pegasus/memory_map.h"

namespace pegasus::net {

using ReasmModel = NET_REASM_MODEL;
using DisplayModelRtl = NET_DISPLAY_MODEL;
static_assert(NET_DISPLAY_PARAM_FbWidth == DisplayNode::kWidth);
static_assert(NET_DISPLAY_PARAM_FbHeight == DisplayNode::kHeight);
static_assert(NET_DISPLAY_PARAM_MaxTiles == DisplayNode::kMaxTiles);
static_assert(NET_DISPLAY_PARAM_HActive == DisplayNode::kWidth &&
              NET_DISPLAY_PARAM_VActive == DisplayNode::kHeight && NET_DISPLAY_PARAM_Scale == 0);

namespace {
// The reassembler's timeout tick: one every kTickCycles cycles; a partial PDU
// is abandoned after kTimeoutTicks of them.
constexpr uint64_t kTickCycles = 64;
constexpr uint16_t kTimeoutTicks = 16384;
}  // namespace

struct DisplayNode::Impl {
  Impl(VerilatedContext* context, const std::string& name)
      : reasm(context, (name + "_reasm").c_str()), disp(context, name.c_str()) {}
  ReasmModel reasm;
  DisplayModelRtl disp;
  CellFeeder feed;
  ReasmConfigQueue cfg;
  bool disp_ready = false;
};

Result<std::unique_ptr<DisplayNode>> DisplayNode::Create(const std::string& name,
                                                         const DisplayNodeConfig& config,
                                                         VerilatedContext* context) {
  return std::unique_ptr<DisplayNode>(new DisplayNode(name, config, context));
}

DisplayNode::DisplayNode(const std::string& name, const DisplayNodeConfig& config,
                         VerilatedContext* context)
    : Node(name, NodeKind::kDisplay, 1),
      config_(config),
      impl_(std::make_unique<Impl>(context, name)),
      scan_(kWidth, kHeight),
      screen_(kWidth, kHeight) {
  ReasmModel& r = impl_->reasm;
  DisplayModelRtl& d = impl_->disp;
  ReasmInputsAtRest(r, 65535, kTimeoutTicks, false);
  d.s_pdu_tvalid_i = 0;
  d.wb_cyc_i = 0;
  d.wb_stb_i = 0;
  ResetModel(r);
  ResetModel(d);
  impl_->disp_ready = d.s_pdu_tready_o;
  bus_.Write(PEGASUS_DISPLAY_CTRL, PEGASUS_DISPLAY_CTRL_EN_MASK);
  for (uint16_t vci : config.open_vcis) impl_->cfg.Open(0, vci);
  if (config.ctl_vci) {
    impl_->cfg.Open(0, config.ctl_vci);
    bus_.Write(PEGASUS_DISPLAY_CTL_VC, (config.ctl_vci & 63u) | PEGASUS_DISPLAY_CTL_VC_EN_MASK);
  }
}

DisplayNode::~DisplayNode() {
  impl_->disp.final();
  impl_->reasm.final();
}

Status DisplayNode::CheckWindow(uint16_t vci, const display::WindowDesc& w) const {
  const int window = vci & 63;
  if (window >= kWindows) {
    return Status::InvalidArgument(name() + ": VCI " + std::to_string(vci) +
                                   " draws through window " + std::to_string(window) +
                                   " (VCI mod 64), but the display has windows 0.." +
                                   std::to_string(kWindows - 1));
  }
  if (w.x0 > 0xFFF || w.x1 > 0xFFF || w.y0 > 0xFFF || w.y1 > 0xFFF || w.z > 15) {
    return Status::InvalidArgument(name() + ": window clip corners must be 0..4095, z 0..15");
  }
  return Status::Ok();
}

Status DisplayNode::SetWindow(uint8_t vpi, uint16_t vci, const display::WindowDesc& w) {
  Status ok = CheckWindow(vci, w);
  if (!ok.ok()) return ok;
  const int window = vci & 63;
  auto pair = [](int64_t lo, int64_t hi) {
    return static_cast<uint32_t>((lo & 0xFFF) | ((hi & 0xFFF) << 16));
  };
  impl_->cfg.Open(vpi, vci);
  bus_.Write(PEGASUS_DISPLAY_WIN_SEL, static_cast<uint32_t>(window));
  bus_.Write(PEGASUS_DISPLAY_WIN_OFFSET, pair(w.off_x, w.off_y));
  bus_.Write(PEGASUS_DISPLAY_WIN_CLIP_MIN, pair(w.x0, w.y0));
  bus_.Write(PEGASUS_DISPLAY_WIN_CLIP_MAX, pair(w.x1, w.y1));
  ++windows_set_;
  bus_.Write(PEGASUS_DISPLAY_WIN_CTRL,
             (w.enable ? PEGASUS_DISPLAY_WIN_CTRL_EN_MASK : 0u) |
                 (uint32_t{w.z} << PEGASUS_DISPLAY_WIN_CTRL_Z_LSB),
             [this](uint32_t) { ++windows_written_; });
  return Status::Ok();
}

void DisplayNode::ReadStats() {
  const std::pair<uint32_t, uint64_t*> regs[] = {
      {PEGASUS_DISPLAY_STAT_PDUS, &regs_.pdus},
      {PEGASUS_DISPLAY_STAT_DROP_NOWIN, &regs_.drop_nowin},
      {PEGASUS_DISPLAY_STAT_DROP_MALFORMED, &regs_.drop_malformed},
      {PEGASUS_DISPLAY_STAT_PIX_CLIPPED, &regs_.pix_clipped},
      {PEGASUS_DISPLAY_STAT_PIX_OCCLUDED, &regs_.pix_occluded},
  };
  for (const auto& [addr, field] : regs) {
    bus_.Read(addr, [field](uint32_t v) { *field = v; });
  }
}

DisplayStats DisplayNode::stats() const {
  DisplayStats s;
  s.display = regs_;
  const ReasmModel& r = impl_->reasm;
  s.reasm.pdus = r.stat_pdus_o;
  s.reasm.drop_crc = r.stat_drop_crc_o;
  s.reasm.drop_length = r.stat_drop_len_o;
  s.reasm.drop_oversize = r.stat_drop_oversize_o;
  s.reasm.drop_timeout = r.stat_drop_timeout_o;
  s.reasm.drop_buffer = r.stat_drop_buffer_o;
  s.reasm.drop_no_context = r.stat_drop_noctx_o;
  s.reasm.drop_not_user = r.stat_bad_cells_o;
  return s;
}

bool DisplayNode::Busy() const {
  return !bus_.idle() || !impl_->cfg.empty() || windows_active_ != windows_set_;
}

void DisplayNode::Run(uint64_t start, uint64_t n) {
  ReasmModel& r = impl_->reasm;
  DisplayModelRtl& d = impl_->disp;
  LinkPort& lp = port(0);
  for (uint64_t c = start; c < start + n; ++c) {
    lp.Cycle(c);
    const bool offer = impl_->feed.Drive(r, lp);
    const bool cfg = impl_->cfg.Drive(r);
    r.tick_i = c % kTickCycles == 0;
    const bool ready = impl_->disp_ready;
    r.m_pdu_tready_i = ready;
    r.eval();
    d.s_pdu_tdata_i = r.m_pdu_tdata_o;
    d.s_pdu_tkeep_i = r.m_pdu_tkeep_o;
    d.s_pdu_tvalid_i = r.m_pdu_tvalid_o;
    d.s_pdu_tlast_i = r.m_pdu_tlast_o;
    d.s_pdu_index_i = r.m_pdu_index_o;
    d.s_pdu_len_i = r.m_pdu_len_o;
    bus_.Drive(d);
    d.eval();
    Wave(c, false);
    impl_->feed.Sample(r, lp, offer);
    impl_->cfg.Sample(r, cfg);
    const bool pdu_word = ready && r.m_pdu_tvalid_o;
    if (pdu_word) {
      const uint32_t w = r.m_pdu_tdata_o;
      for (int i = 0; i < 4; ++i) {
        if ((r.m_pdu_tkeep_o >> (3 - i)) & 1) {
          pdu_bytes_.push_back(static_cast<uint8_t>(w >> (24 - 8 * i)));
        }
      }
    }
    const bool pdu_end = pdu_word && r.m_pdu_tlast_o;
    const uint32_t pdu_index = r.m_pdu_index_o;
    r.clk_i = 1;
    d.clk_i = 1;
    d.pix_clk_i = 1;
    r.eval();
    d.eval();
    Wave(c, true);
    r.clk_i = 0;
    d.clk_i = 0;
    d.pix_clk_i = 0;
    impl_->disp_ready = d.s_pdu_tready_o;
    if (pdu_end) PduTaken(c, pdu_index);
    if (d.evt_done_o) Drawn(c);
    if (d.evt_swap_o) windows_active_ = windows_written_;
    ScanPixel(c, d.vsync_o, d.de_o, d.rgb_o);
    bus_.Sample(d);
  }
}

void DisplayNode::PduTaken(uint64_t c, uint32_t index) {
  if (config_.ctl_vci && index == (config_.ctl_vci & 63u)) {
    // Window commands: the display finishes them in order with the tile PDUs
    // (evt_done_o), so they are followed too, and not reported as drawn.
    pdu_bytes_.clear();
    DrawnPdu p;
    p.index = index;
    p.taken_cycle = c;
    in_display_.push_back(p);
    return;
  }
  // The display's own checks (rtl/display/README.md, "A PDU"): a PDU failing
  // them is dropped as malformed and never finishes (no evt_done_o).
  auto trailer = media::ParseTilePdu(pdu_bytes_);
  pdu_bytes_.clear();
  if (!trailer.ok()) return;
  const media::TileTrailer& t = *trailer;
  if (t.count < 1 || t.count > kMaxTiles || (t.tile_x + t.count) * 8 > kWidth ||
      (t.tile_y + 1) * 8 > kHeight) {
    return;
  }
  DrawnPdu p;
  p.index = index;
  p.trailer = t;
  p.taken_cycle = c;
  in_display_.push_back(p);
}

void DisplayNode::Drawn(uint64_t c) {
  if (in_display_.empty()) {
    error_ = name() + ": the display finished a PDU that was not followed";
    return;
  }
  DrawnPdu p = in_display_.front();
  in_display_.pop_front();
  if (config_.ctl_vci && p.index == (config_.ctl_vci & 63u)) {
    ++control_pdus_;
    return;
  }
  p.done_cycle = c;
  ++pdus_drawn_;
  last_draw_cycle_ = c;
  if (p.trailer.last()) {
    ++frames_drawn_;
    if (!config_.png_dir.empty() &&
        (config_.png_frames.empty() || config_.png_frames.count(p.trailer.frame))) {
      png_wanted_.push_back(PngRequest{p.index, p.trailer.frame, c});
    }
  }
  if (on_drawn) on_drawn(p);
}

void DisplayNode::ScanPixel(uint64_t c, bool vsync, bool de, uint32_t rgb) {
  // Negative syncs: the frame starts where vsync goes high again.
  if (!prev_vsync_ && vsync) {
    scanning_ = true;
    scan_n_ = 0;
    scan_start_ = c;
  }
  prev_vsync_ = vsync;
  if (!scanning_ || !de) return;
  scan_.pixels[scan_n_] = media::Rgb565(static_cast<uint8_t>(rgb >> 16),
                                        static_cast<uint8_t>(rgb >> 8), static_cast<uint8_t>(rgb));
  if (++scan_n_ < scan_.pixels.size()) return;
  scanning_ = false;
  screen_.pixels.swap(scan_.pixels);
  screen_start_ = scan_start_;
  ++screens_;
  while (!png_wanted_.empty() && png_wanted_.front().after <= scan_start_) {
    const PngRequest req = png_wanted_.front();
    png_wanted_.pop_front();
    if (last_draw_cycle_ >= scan_start_) ++torn_pngs_;
    char file[64];
    std::snprintf(file, sizeof file, "/%s_w%02u_frame%05u.png", name().c_str(), req.window,
                  req.frame);
    const std::vector<uint8_t> rgb888 = media::ToRgb888(screen_.pixels);
    Status s = media::WritePng(config_.png_dir + file, kWidth, kHeight, rgb888);
    if (!s.ok()) {
      error_ = s.ToString();
    } else {
      ++pngs_written_;
    }
  }
}

void DisplayNode::TraceModels(VerilatedFstC& fst) {
  impl_->reasm.trace(&fst, 99);
  impl_->disp.trace(&fst, 99);
}

std::string DisplayNode::Stats() const {
  const DisplayStats s = stats();
  return "PDUs drawn " + std::to_string(s.display.pdus) + ", no window " +
         std::to_string(s.display.drop_nowin) + ", malformed " +
         std::to_string(s.display.drop_malformed) + ", pixels clipped " +
         std::to_string(s.display.pix_clipped) + ", occluded " +
         std::to_string(s.display.pix_occluded) + "; reassembler PDUs " +
         std::to_string(s.reasm.pdus) + ", drops CRC " + std::to_string(s.reasm.drop_crc) +
         ", length " + std::to_string(s.reasm.drop_length) + ", timeout " +
         std::to_string(s.reasm.drop_timeout) + ", buffer " + std::to_string(s.reasm.drop_buffer) +
         ", no VC " + std::to_string(s.reasm.drop_no_context);
}

}  // namespace pegasus::net
