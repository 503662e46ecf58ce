// DisplayNode: rtl/atm's atm_aal5_reasm feeding rtl/display's display_top, as a
// network node with one link port (0). The link receiver's cells go into the
// reassembler; its PDUs (context index = VCI low 6 bits) go into the display,
// which draws tile PDUs through window descriptor index
// (rtl/display/README.md). Windows are set up through the reassembler's
// configuration port (open the VC) and the display's Wishbone registers
// (WIN_SEL, WIN_OFFSET, WIN_CLIP_MIN/MAX, WIN_CTRL), from the generated
// pegasus/memory_map.h.
//
// The screen is read from the display's video output: the pixel clock is the
// design clock (this model has the framebuffer's size as its active area, no
// pixel doubling and short blanking), and each complete scan-out frame, from
// the end of vertical sync, is the screen as a monitor would show it. PNG files
// of it are written after chosen camera frames have been drawn: the first
// scan-out that starts after the frame's last PDU was drawn (while the camera
// streams on, later PDUs may land during that scan; the node counts such scans
// as torn).
//
// Every PDU the display takes is followed to its end (evt_done_o) so that the
// drawn time of each tile PDU is known: on_drawn reports it with the PDU's
// trailer.
#ifndef PEGASUS_SIM_CPP_NET_DISPLAY_NODE_H_
#define PEGASUS_SIM_CPP_NET_DISPLAY_NODE_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "host/common/status.h"
#include "host/display/display_model.h"
#include "host/media/image.h"
#include "host/media/tile_decoder.h"
#include "sim_cpp/net/node.h"

namespace pegasus::net {

struct DisplayNodeConfig {
  // Folder for PNG files of the screen ("" writes none).
  std::string png_dir;
  // Camera frame numbers after which the screen is written; empty: every frame. The
  // file is <png_dir>/<node>_w<window>_frame<frame>.png (window: the context index of
  // the frame's PDUs, so two cameras' frame numbers do not share a name).
  std::set<uint32_t> png_frames;
  // VCs opened in the reassembler at reset (VPI 0): tile VCs whose windows are set
  // later by window commands, and the control VC.
  std::vector<uint16_t> open_vcis;
  // The control VC (VPI 0) whose PDUs are window commands (the display's CTL_VC
  // register, set at reset; doc/wire_formats.md, "Display window commands"); 0: none.
  uint16_t ctl_vci = 0;
};

// The display's counters (STAT_* registers) and the reassembler's (stat_*
// ports).
struct DisplayStats {
  display::DisplayCounters display;
  atm::Aal5Counters reasm;
};

// A tile PDU the display finished (drawn, or dropped for want of a window).
struct DrawnPdu {
  uint32_t index = 0;
  media::TileTrailer trailer;
  uint64_t taken_cycle = 0;  // its last word entered the display
  uint64_t done_cycle = 0;   // the display finished it
};

class DisplayNode : public Node {
 public:
  static constexpr int kWidth = 320;
  static constexpr int kHeight = 240;
  static constexpr int kMaxTiles = 8;
  static constexpr int kWindows = 16;

  static Result<std::unique_ptr<DisplayNode>> Create(const std::string& name,
                                                     const DisplayNodeConfig& config,
                                                     VerilatedContext* context);
  ~DisplayNode() override;

  // Opens (vpi, vci) in the reassembler and sets window vci mod 64 (which must
  // be below 16) to `window`; takes effect at the next frame boundary (Busy()
  // until then).
  Status SetWindow(uint8_t vpi, uint16_t vci, const display::WindowDesc& window);
  // SetWindow's checks alone.
  Status CheckWindow(uint16_t vci, const display::WindowDesc& window) const;
  // Queues reads of the STAT_* registers; stats() holds them once the bus is
  // idle.
  void ReadStats();
  DisplayStats stats() const;

  void Run(uint64_t start, uint64_t n) override;
  void TraceModels(VerilatedFstC& fst) override;
  bool Busy() const override;
  std::string Stats() const override;

  // The last complete scan-out frame (RGB565), and how many there were.
  const media::Image& screen() const { return screen_; }
  uint64_t screens() const { return screens_; }
  // Cycle at which the last complete scan-out frame began.
  uint64_t screen_start() const { return screen_start_; }
  uint64_t torn_pngs() const { return torn_pngs_; }
  uint64_t pngs_written() const { return pngs_written_; }
  // Camera frames whose last PDU has been drawn, and the last such frame
  // number.
  uint64_t frames_drawn() const { return frames_drawn_; }
  uint64_t pdus_drawn() const { return pdus_drawn_; }
  // Control PDUs (window commands) the display finished.
  uint64_t control_pdus() const { return control_pdus_; }
  // Cycle of the last PDU finished.
  uint64_t last_draw_cycle() const { return last_draw_cycle_; }
  // Errors (for example a PNG that could not be written); empty when none.
  const std::string& error() const { return error_; }

  std::function<void(const DrawnPdu&)> on_drawn;

 private:
  struct Impl;
  DisplayNode(const std::string& name, const DisplayNodeConfig& config, VerilatedContext* context);
  void PduTaken(uint64_t c, uint32_t index);
  void Drawn(uint64_t c);
  void ScanPixel(uint64_t c, bool vsync, bool de, uint32_t rgb);

  DisplayNodeConfig config_;
  WishboneMaster bus_;
  std::unique_ptr<Impl> impl_;
  display::DisplayCounters regs_;
  // Window descriptors set, written, and active (a frame boundary after the
  // writes).
  uint64_t windows_set_ = 0, windows_written_ = 0, windows_active_ = 0;

  std::vector<uint8_t> pdu_bytes_;
  std::deque<DrawnPdu> in_display_;
  uint64_t frames_drawn_ = 0, pdus_drawn_ = 0, last_draw_cycle_ = 0, control_pdus_ = 0;

  media::Image scan_, screen_;
  size_t scan_n_ = 0;
  bool scanning_ = false, prev_vsync_ = true;
  uint64_t scan_start_ = 0, screen_start_ = 0, screens_ = 0;
  struct PngRequest {
    uint32_t window;  // the context index the frame's last PDU drew through
    uint32_t frame;
    uint64_t after;
  };
  std::deque<PngRequest> png_wanted_;
  uint64_t pngs_written_ = 0, torn_pngs_ = 0;
  std::string error_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_DISPLAY_NODE_H_
