// bench_camera: camera_top figures in simulation (see CMakeLists.txt). Each resolution
// runs the RTL test pattern for kFrames frames with no blanking (a pixel every cycle)
// and the cell output always ready; the frames are rebuilt from the cells and checked
// against the C++ reference. Output: JSON to --benchmark_out=PATH (default stdout).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include PEGASUS_RTL_HEADER
#include CAM640_HEADER
#include "host/media/test_pattern.h"
#include "host/media/tile_decoder.h"
#include "sim_cpp/harness/sim_harness.h"
#include "tests/bench/bench_sim_options.h"

namespace {

using namespace pegasus;

constexpr int kFrames = 4;

struct Figures {
  int width = 0, height = 0;
  double pixels_per_cycle = 0;
  uint64_t band_drops = 0;
  double cells_per_frame = 0;       // data VC (tile PDUs)
  double ctl_cells_per_frame = 0;   // control VC (frame sync)
  uint64_t latency_min = 0, latency_max = 0;
  double latency_mean = 0;
  int frames_ok = 0;
  double sim_cycles_per_second = 0;
};

template <typename Model>
Figures Run(int width, int height) {
  sim::Harness<Model> sim("bench_camera_" + std::to_string(width), 10'000,
                          sim::BenchSimOptions());
  const int tiles_x = width / 8, tiles_y = height / 8;
  sim->cfg_ext_pix_i = 0;
  sim->cfg_enable_i = 1;
  sim->cfg_decim_i = 0;
  sim->cfg_x0_i = 0;
  sim->cfg_y0_i = 0;
  sim->cfg_tiles_x_i = tiles_x;
  sim->cfg_tiles_y_i = tiles_y;
  sim->cfg_tiles_per_pdu_i = 5;
  sim->cfg_vpi_i = 1;
  sim->cfg_vci_i = 100;
  sim->cfg_ctl_vci_i = 101;
  sim->m_cell_tready_i = 1;
  sim.Reset();
  media::CameraCellDecoder dec(width, height, 1, 100);
  atm::Aal5Reassembler bands;
  (void)bands.Open(1, 100);
  std::vector<uint32_t> words;
  std::vector<uint64_t> band_in, band_out;
  uint64_t cells = 0, ctl_cells = 0;
  Figures f;
  f.width = width;
  f.height = height;
  const media::PatternGeometry geom{width, height, 32};
  const uint64_t start = sim.cycle();
  const uint64_t frame_cycles = static_cast<uint64_t>(width) * height;
  const auto t0 = std::chrono::steady_clock::now();
  int frames = 0;
  while (frames < kFrames && sim.cycle() - start < (kFrames + 2) * frame_cycles) {
    sim->timestamp_i = static_cast<uint32_t>(sim.cycle());
    sim->eval();
    const bool moved = sim->m_cell_tvalid_o;
    const uint32_t data = sim->m_cell_tdata_o;
    const bool last = sim->m_cell_tlast_o;
    const uint64_t edge = sim.cycle() + 1;
    sim.Tick();
    if (sim->band_done_o) band_in.push_back(edge - 1);
    if (!moved) continue;
    words.push_back(data);
    if (!last) continue;
    if (((words[0] >> 4) & 0xFFFF) == 100) {
      ++cells;
    } else {
      ++ctl_cells;
    }
    dec.PushWords(words, edge);
    const auto cell = atm::Cell::FromWords(std::span<const uint32_t, 13>(words.data(), 13));
    words.clear();
    bands.Push(cell, edge);
    while (auto pdu = bands.Pop()) {
      auto tr = media::ParseTilePdu(pdu->data);
      if (tr.ok() && tr->tile_x + tr->count == tiles_x) band_out.push_back(edge);
    }
    while (auto fr = dec.tiles().Pop()) {
      ++frames;
      if (fr->complete && fr->image == media::PatternFrame(geom, fr->frame)) ++f.frames_ok;
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const uint64_t cycles = sim.cycle() - start;
  f.band_drops = sim->stat_band_drops_o;
  // Pixels taken into the buffer, over the cycles from the first pixel to the last
  // pixel of the last band captured (the pattern offers one pixel every cycle).
  const uint64_t in_cycles = band_in.empty() ? 1 : band_in.back() - start;
  f.pixels_per_cycle = static_cast<double>(sim->stat_bands_o) * 8 * width /
                       static_cast<double>(in_cycles);
  f.cells_per_frame = frames ? static_cast<double>(cells) / frames : 0;
  f.ctl_cells_per_frame = frames ? static_cast<double>(ctl_cells) / frames : 0;
  std::vector<uint64_t> lat;
  for (size_t i = 0; i < std::min(band_in.size(), band_out.size()); ++i) {
    lat.push_back(band_out[i] - band_in[i]);
  }
  if (!lat.empty()) {
    f.latency_min = *std::min_element(lat.begin(), lat.end());
    f.latency_max = *std::max_element(lat.begin(), lat.end());
    double sum = 0;
    for (auto l : lat) sum += static_cast<double>(l);
    f.latency_mean = sum / static_cast<double>(lat.size());
  }
  f.sim_cycles_per_second = secs > 0 ? static_cast<double>(cycles) / secs : 0;
  return f;
}

std::string Json(const std::vector<Figures>& all) {
  std::string out = "{\n  \"benchmark\": \"camera\",\n  \"tiles_per_pdu\": 5,\n  \"results\": [\n";
  char buf[1024];
  for (size_t i = 0; i < all.size(); ++i) {
    const Figures& f = all[i];
    std::snprintf(buf, sizeof buf,
                  "    {\"name\": \"%dx%d\", \"pixels_per_cycle\": %.3f, \"band_drops\": %llu, "
                  "\"cells_per_frame\": %.1f, \"control_cells_per_frame\": %.1f, "
                  "\"band_latency_cycles_min\": %llu, "
                  "\"band_latency_cycles_max\": %llu, \"band_latency_cycles_mean\": %.1f, "
                  "\"frames_checked_ok\": %d, \"frames\": %d, \"sim_cycles_per_second\": %.0f}%s\n",
                  f.width, f.height, f.pixels_per_cycle,
                  static_cast<unsigned long long>(f.band_drops), f.cells_per_frame,
                  f.ctl_cells_per_frame,
                  static_cast<unsigned long long>(f.latency_min),
                  static_cast<unsigned long long>(f.latency_max), f.latency_mean, f.frames_ok,
                  kFrames, f.sim_cycles_per_second, i + 1 < all.size() ? "," : "");
    out += buf;
  }
  out += "  ]\n}\n";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_path;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (std::strncmp(a, "--benchmark_out=", 16) == 0) out_path = a + 16;
    // Other --benchmark_* flags (format, repetitions...) are ignored.
  }
  std::vector<Figures> all;
  all.push_back(Run<PEGASUS_RTL_MODEL>(320, 240));
  all.push_back(Run<CAM640_MODEL>(640, 480));
  const std::string json = Json(all);
  std::fputs(json.c_str(), stdout);
  if (!out_path.empty()) {
    FILE* f = std::fopen(out_path.c_str(), "w");
    if (f == nullptr) {
      std::fprintf(stderr, "bench_camera: cannot write %s\n", out_path.c_str());
      return 1;
    }
    std::fputs(json.c_str(), f);
    std::fclose(f);
  }
  for (const auto& f : all) {
    if (f.frames_ok != kFrames || f.band_drops != 0) return 1;
  }
  return 0;
}
