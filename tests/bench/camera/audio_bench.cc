// bench_audio: audio node figures in simulation (see CMakeLists.txt). The node sends one
// second of its test tone; cells cross a network that delays each by 0..jitter cycles
// (in order) to the playout unit. Output: JSON to --benchmark_out=PATH (default stdout).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include PEGASUS_RTL_HEADER
#include PLAYOUT_HEADER
#include "host/atm/aal5.h"
#include "host/media/audio.h"
#include "sim_cpp/bfm/pdu_delay_line.h"
#include "sim_cpp/harness/sim_harness.h"
#include "tests/bench/bench_sim_options.h"

namespace {

using namespace pegasus;
constexpr uint32_t kClkHz = 480000, kRate = 48000, kTone = 1000;

struct AudioFigures {
  uint64_t jitter = 0, allowance = 0;
  uint64_t cells = 0, played = 0, exact = 0, underruns = 0, late = 0;
  double tone_hz = 0;
};

AudioFigures Run(uint64_t jitter, uint32_t allowance) {
  const sim::SimOptions options = sim::BenchSimOptions();
  sim::Harness<PEGASUS_RTL_MODEL> node("bench_audio_node", 10'000, options);
  sim::Harness<PLAYOUT_MODEL> play("bench_audio_playout", 10'000, options);
  node->cfg_enable_i = 1;
  node->cfg_ext_smp_i = 0;
  node->cfg_vpi_i = 0;
  node->cfg_vci_i = 200;
  node->m_cell_tready_i = 1;
  node.Reset();
  play->cfg_latency_i = allowance;
  sim::PduDelayLine<PLAYOUT_MODEL> net(play.model());
  play.Reset();
  atm::Aal5Reassembler reasm;
  (void)reasm.Open(0, 200);
  std::vector<uint32_t> cell;
  AudioFigures r;
  r.jitter = jitter;
  r.allowance = allowance;
  std::vector<int16_t> left;
  for (uint64_t i = 0; i < kClkHz; ++i) {
    const uint64_t now = node.cycle();
    node->timestamp_i = static_cast<uint32_t>(now);
    node->eval();
    const bool moved = node->m_cell_tvalid_o;
    const uint32_t data = node->m_cell_tdata_o;
    const bool last = node->m_cell_tlast_o;
    node.Tick();
    if (moved) {
      cell.push_back(data);
      if (last) {
        ++r.cells;
        reasm.Push(atm::Cell::FromWords(std::span<const uint32_t, 13>(cell.data(), 13)), now);
        cell.clear();
        while (auto pdu = reasm.Pop()) {
          net.Push(now + node.Random(0, jitter), std::move(pdu->data));
        }
      }
    }
    play->time_i = static_cast<uint32_t>(now);
    net.Drive(now);
    play.Tick();
    net.Advance();
    if (play->m_smp_tvalid_o) {
      const uint32_t d = play->m_smp_tdata_o;
      const media::StereoSample s{static_cast<int16_t>(d >> 16), static_cast<int16_t>(d & 0xFFFF)};
      if (s == media::ToneSample(r.played, kTone, kRate)) ++r.exact;
      left.push_back(s.left);
      ++r.played;
    }
  }
  r.underruns = play->stat_underruns_o;
  r.late = play->stat_late_o;
  r.tone_hz = media::EstimateFrequency(left, kRate);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_path;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--benchmark_out=", 16) == 0) out_path = argv[i] + 16;
  }
  std::vector<AudioFigures> all;
  for (uint64_t jitter : {0, 300, 1000}) {
    for (uint32_t allowance : {200u, 600u, 1200u}) all.push_back(Run(jitter, allowance));
  }
  std::string json = "{\n  \"benchmark\": \"audio\",\n  \"sample_hz\": 48000,\n"
                     "  \"clock_cycles_per_sample\": 10,\n  \"results\": [\n";
  char buf[512];
  for (size_t i = 0; i < all.size(); ++i) {
    const AudioFigures& r = all[i];
    std::snprintf(buf, sizeof buf,
                  "    {\"name\": \"jitter%llu_allowance%llu\", \"cells_per_second\": %llu, "
                  "\"samples_played\": %llu, \"samples_exact\": %llu, \"underruns\": %llu, "
                  "\"late_cells\": %llu, \"tone_hz\": %.2f}%s\n",
                  static_cast<unsigned long long>(r.jitter),
                  static_cast<unsigned long long>(r.allowance),
                  static_cast<unsigned long long>(r.cells),
                  static_cast<unsigned long long>(r.played),
                  static_cast<unsigned long long>(r.exact),
                  static_cast<unsigned long long>(r.underruns),
                  static_cast<unsigned long long>(r.late), r.tone_hz,
                  i + 1 < all.size() ? "," : "");
    json += buf;
  }
  json += "  ]\n}\n";
  std::fputs(json.c_str(), stdout);
  if (!out_path.empty()) {
    FILE* f = std::fopen(out_path.c_str(), "w");
    if (f == nullptr) return 1;
    std::fputs(json.c_str(), f);
    std::fclose(f);
  }
  return 0;
}
