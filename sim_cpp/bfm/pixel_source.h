// PixelSource: a bus-functional model of a camera sensor. It feeds RGB565 frames
// (host/media/image.h: from PPM files with media::ReadPpm, or made in the test) into a
// Verilated model's pixel input s_pix_tdata_i / s_pix_tvalid_i / s_pix_sof_i /
// s_pix_eol_i (valid only, no ready: a sensor cannot wait), one pixel a cycle, with
// h_blank idle cycles after every line and v_blank more after every frame.
//
// Use once per cycle, before the edge: source.Drive(); sim.Tick(); Drive() sets the
// inputs for the coming edge and advances. Events let a test time its measurements:
// last_pixel_cycle(line) is the harness cycle (counted by Drive calls) at which the
// last pixel of a line was driven.
#ifndef PEGASUS_SIM_CPP_BFM_PIXEL_SOURCE_H_
#define PEGASUS_SIM_CPP_BFM_PIXEL_SOURCE_H_

#include <cstdint>
#include <deque>
#include <utility>

#include "host/media/image.h"

namespace pegasus::sim {

template <typename Model>
class PixelSource {
 public:
  PixelSource(Model& model, int h_blank = 0, int v_blank = 0)
      : model_(model), h_blank_(h_blank), v_blank_(v_blank) {
    Idle();
  }

  void PushFrame(media::Image frame) { frames_.push_back(std::move(frame)); }
  bool idle() const { return frames_.empty() && gap_ == 0; }
  uint64_t pixels_sent() const { return pixels_; }
  uint64_t frames_sent() const { return frames_done_; }
  // True on the cycle Drive() put the last pixel of a line on the bus, with its line.
  bool line_end() const { return line_end_; }
  int line() const { return line_; }

  void Drive() {
    line_end_ = false;
    if (gap_ > 0) {
      --gap_;
      Idle();
      return;
    }
    if (frames_.empty()) {
      Idle();
      return;
    }
    const media::Image& f = frames_.front();
    model_.s_pix_tvalid_i = 1;
    model_.s_pix_tdata_i = f.at(x_, y_);
    model_.s_pix_sof_i = x_ == 0 && y_ == 0;
    model_.s_pix_eol_i = x_ == f.width - 1;
    ++pixels_;
    if (++x_ < f.width) return;
    x_ = 0;
    line_end_ = true;
    line_ = y_;
    gap_ = h_blank_;
    if (++y_ < f.height) return;
    y_ = 0;
    gap_ += v_blank_;
    frames_.pop_front();
    ++frames_done_;
  }

 private:
  void Idle() {
    model_.s_pix_tvalid_i = 0;
    model_.s_pix_tdata_i = 0;
    model_.s_pix_sof_i = 0;
    model_.s_pix_eol_i = 0;
  }

  Model& model_;
  int h_blank_, v_blank_;
  std::deque<media::Image> frames_;
  int x_ = 0, y_ = 0;
  int gap_ = 0;
  bool line_end_ = false;
  int line_ = 0;
  uint64_t pixels_ = 0;
  uint64_t frames_done_ = 0;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_BFM_PIXEL_SOURCE_H_
