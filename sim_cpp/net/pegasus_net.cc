// pegasus-net: the desk-area network simulator's video demonstration. camera0
// streams through sw0 (or sw0 and sw1 joined by an inter-switch link) into a
// window of display0 for N frames; the screen is written as PNG after each
// frame, and a summary gives frames, cells per link, drops by reason and the
// latency from a pixel entering the camera to it being in the framebuffer, next
// to the frame time.
//
//   pegasus-net [--frames=N] [--out=DIR] [--at=X,Y] [--capture=WxH]
//   [--two-switches]
//               [--fps=F] [--quantum=Q] [--delay=D] [--ber=B] [--link-bytes=K]
//               [--pcap=FILE] [--plain] [--clock-mhz=M] [--ppm=FILE[,FILE...]]
//               [--audio[=WAV]]
//   pegasus-net --soc=ELF [--out=DIR] [--quantum=Q] [--delay=D] [--link-bytes=K]
//               [--plain] [--max-cycles=N] [--uart-tcp=PORT]
//   either with [--wave=NODE[,NODE...]] [--wave-window=FIRST:LAST] [--wave-dir=DIR]
//               [--pcap=NODE[.PORT]:FILE ...]
//   the first with [--bridge=SWITCH_PORT[:TCP_PORT]] [--bridge-route=FROM:TO ...]
//
// --pcap=NODE[.PORT]:FILE captures the PDUs arriving at a node's port (soc0's NIC,
// audio1, a switch port) into a pcap file; --pcap=FILE alone, the link into display0.
//
// --wave writes an FST waveform of each node named (DIR/NODE.fst, DIR default the
// --out folder, else the current one) for cycles FIRST..LAST (default: the whole run),
// for GTKWave (`pegasus wave`).
//
// With --soc the network is the firmware-managed one (topology.h, SocTopology):
// soc0 runs the ELF (firmware/apps/netmgr), which sets up sw0, the camera and the
// window itself; its console goes to stdout, and the run ends when the firmware
// finishes (the exit status is the firmware's). The summary ends with what audio1
// played of audio0's tone (pegasusd connects them on request); --audio=WAV writes it.
//
// --uart-tcp=PORT bridges soc0's UART to a TCP server on 127.0.0.1:PORT (0: a free
// port; the line "pegasus-net: uart-tcp listening on 127.0.0.1:N" on stderr says
// which), for the pegasus tool's --tcp (firmware/apps/pegasusd). stdout then shows the
// console text without the host control protocol's frames, and the run goes on until
// the firmware finishes, or until --max-cycles (default: no limit) have passed and no
// client is connected. SIGINT or SIGTERM stops a --soc run at the next quantum
// boundary: the summary (with the pixel-to-framebuffer latency of what the firmware's
// connections drew) is printed and the exit status is 0 unless the firmware failed.
//
// --bridge puts bridge0, the host bridge port (bridge_node.h), on sw0's port 0 or 3 of
// the one-switch topology, listening on 127.0.0.1:TCP_PORT (default 0: a free one; the
// line "pegasus-net: bridge0 on sw0.P listening on 127.0.0.1:N" on stderr says which).
// --bridge-route=N:display routes the bridge's VC 0/N to display0's window 2 (the whole
// screen at (0, 0), behind the camera's window: host tile PDUs land at their own tile
// positions); --bridge-route=camera:N sends camera0's video to the bridge too, arriving
// as VC 0/N, and the camera then starts once a client has connected. After the frames
// the run goes on while a client is connected, and until --max-cycles while none has
// been; SIGINT or SIGTERM ends the waiting with the summary.
//
// --audio adds the audio path (topology.h): audio0's test tone through the switches
// to audio1's playout, streaming with the camera; the summary adds its counters and
// how many played sample frames equal the tone's C++ reference.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "host/media/audio.h"
#include "host/control/hcp_codec.h"
#include "sim_cpp/bfm/uart_tcp.h"
#include "sim_cpp/net/latency.h"
#include "sim_cpp/net/network.h"
#include "sim_cpp/net/topology.h"

namespace {

using namespace pegasus;

const char kUsage[] =
    "usage: pegasus-net [options]\n"
    "  --frames=N         camera frames to stream (default 3)\n"
    "  --out=DIR          folder for the screen PNGs (default net_frames; '' "
    "for none)\n"
    "  --at=X,Y           window position on the 320x240 screen (default "
    "80,60)\n"
    "  --capture=WxH      camera capture size in pixels, multiples of 8 "
    "(default 160x120)\n"
    "  --two-switches     camera on sw0, display on sw1, an inter-switch link "
    "between\n"
    "  --fps=F            camera frame rate at the design clock, lines spread "
    "over the\n"
    "                     frame as a sensor sends them (the test pattern made "
    "in C++,\n"
    "                     through the pixel source); default: camera_top's own "
    "pattern\n"
    "  --ppm=A[,B...]     frames from PPM files (320x240 or larger) instead\n"
    "  --quantum=Q        cycles between link exchanges (default 32)\n"
    "  --delay=D          link delay in cycles, >= quantum (default 64)\n"
    "  --ber=B            bit-error rate on every link (default 0)\n"
    "  --link-bytes=K     link bytes a cycle (default 4: camera_top's own "
    "pattern sends a\n"
    "                     frame every 80,840 cycles, more than a byte a cycle "
    "carries)\n"
    "  --pcap=FILE        capture the PDUs on the link into display0\n"
    "  --pcap=NODE[.P]:FILE  capture the PDUs arriving at a node's port P (default 0),\n"
    "                     e.g. soc0:nic.pcap, audio1:audio.pcap (with --soc too; repeatable)\n"
    "  --plain            run the nodes from a plain C++ loop instead of "
    "SystemC\n"
    "  --clock-mhz=M      design clock (default 50)\n"
    "  --soc=ELF          soc0 on sw0's port 0 runs ELF (netmgr) and manages the network\n"
    "  --max-cycles=N     with --soc: give up after N cycles (default 20,000,000); with\n"
    "                     --bridge: wait for a client until cycle N\n"
    "  --uart-tcp=PORT    with --soc: soc0's UART on TCP 127.0.0.1:PORT (0: a free one)\n"
    "  --audio[=WAV]      audio0's tone to audio1's playout beside the video (one switch:\n"
    "                     sw0.3 -> sw0.0; two: sw0.0 -> sw1.0); WAV: audio1's played\n"
    "                     samples. With --soc: only =WAV (the firmware connects audio)\n"
    "  --wave=NODE[,...]  FST waveform of each node named (e.g. sw0,display0): DIR/NODE.fst\n"
    "  --wave-window=A:B  only cycles A..B (default: the whole run)\n"
    "  --wave-dir=DIR     folder for the FST files (default: --out's, else .)\n"
    "  --bridge=P[:T]     bridge0 (host bridge port) on sw0.P (0 or 3), TCP 127.0.0.1:T\n"
    "                     (default 0: a free one, named on stderr)\n"
    "  --bridge-route=N:display  the bridge's VC 0/N to display0's window 2 (whole screen,\n"
    "                     behind the camera's)\n"
    "  --bridge-route=camera:N   camera0's video also to the bridge, as VC 0/N (the camera\n"
    "                     starts when a client has connected)\n";

bool Flag(const std::string& arg, const char* name, std::string* value) {
  const std::string prefix = std::string(name) + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  *value = arg.substr(prefix.size());
  return true;
}

int Fail(const std::string& msg) {
  std::fprintf(stderr, "pegasus-net: %s\n", msg.c_str());
  return 2;
}

// The FST files written (Network::Finish has completed them).
void PrintWaves(const net::WaveConfig& w) {
  for (const std::string& n : w.nodes) {
    std::printf("  wave: %s/%s.fst, cycles %llu..%s (open with `pegasus wave %s/%s.fst`)\n",
                w.dir.c_str(), n.c_str(), static_cast<unsigned long long>(w.first),
                w.last == UINT64_MAX ? "end" : std::to_string(w.last).c_str(), w.dir.c_str(),
                n.c_str());
  }
}

// --pcap=NODE[.PORT]:FILE: a capture of the PDUs arriving at that node port; "" or
// what is wrong.
std::string CaptureAt(net::Network& network, const std::vector<std::string>& specs) {
  for (const std::string& spec : specs) {
    const size_t colon = spec.find(':');
    std::string node = spec.substr(0, colon);
    const std::string file = spec.substr(colon + 1);
    int port = 0;
    if (const size_t dot = node.find('.'); dot != std::string::npos) {
      char* end = nullptr;
      port = static_cast<int>(std::strtol(node.c_str() + dot + 1, &end, 10));
      if (*end != '\0' || end == node.c_str() + dot + 1) return "--pcap " + spec + ": bad port";
      node.resize(dot);
    }
    net::Node* n = network.Find(node);
    if (n == nullptr) return "--pcap " + spec + ": the network has no node " + node;
    if (port < 0 || port >= n->num_ports()) {
      return "--pcap " + spec + ": " + node + " has ports 0.." + std::to_string(n->num_ports() - 1);
    }
    if (file.empty()) return "--pcap " + spec + ": no file";
    const Status s = n->port(port).CapturePcap(file);
    if (!s.ok()) return "--pcap " + spec + ": " + s.ToString();
  }
  return "";
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The audio path's figures: what audio1 played against the tone's reference. The
// first frame played is the first cell's first sample (tone sample 8 x its sequence
// number, which with --soc is not 0: audio0 sends from boot, before any route); later
// frames follow one a sample period.
void PrintAudio(const net::AudioNode& tx, const net::AudioNode& rx, double us) {
  const net::AudioStats a = tx.stats(), b = rx.stats();
  const auto& played = rx.played();
  uint64_t exact = 0, silent = 0;
  if (!played.empty()) {
    // Align on the first frame that is not silence: its tone sample number.
    size_t k0 = 0;
    while (k0 < played.size() && played[k0] == media::StereoSample{}) ++k0;
    // A sine takes each value twice a period, so one frame does not fix the phase: the
    // first cell's eight frames (or all that were played) must match.
    uint64_t n0 = 0;
    const size_t span = std::min<size_t>(8, played.size() - k0);
    for (uint64_t n = 0; k0 < played.size() && n < 8 * a.cells_sent; ++n) {
      size_t j = 0;
      while (j < span && media::ToneSample(n + j, net::AudioNode::kToneHz,
                                           net::AudioNode::kSampleHz) == played[k0 + j]) {
        ++j;
      }
      if (j == span) {
        n0 = n - k0;
        break;
      }
    }
    for (size_t k = 0; k < played.size(); ++k) {
      if (played[k] == media::ToneSample(n0 + k, net::AudioNode::kToneHz,
                                         net::AudioNode::kSampleHz)) {
        ++exact;
      } else if (played[k] == media::StereoSample{}) {
        ++silent;
      }
    }
  }
  std::printf("  audio: %s -> %s: %llu cells sent (%llu dropped at the sender), %llu taken by "
              "the playout; %llu frames played (%.1f ms), %llu equal to the tone's reference, "
              "%llu silence, %llu other; underruns %llu, late %llu, early %llu, bad %llu; "
              "latency allowance %u cycles (%.1f us)\n",
              tx.name().c_str(), rx.name().c_str(),
              static_cast<unsigned long long>(a.cells_sent),
              static_cast<unsigned long long>(a.sender_drops),
              static_cast<unsigned long long>(b.cells),
              static_cast<unsigned long long>(b.played),
              1000.0 * static_cast<double>(b.played) / net::AudioNode::kSampleHz,
              static_cast<unsigned long long>(exact), static_cast<unsigned long long>(silent),
              static_cast<unsigned long long>(played.size() - exact - silent),
              static_cast<unsigned long long>(b.underruns),
              static_cast<unsigned long long>(b.late), static_cast<unsigned long long>(b.early),
              static_cast<unsigned long long>(b.bad), rx.config().latency,
              rx.config().latency * us);
}

// --bridge: where bridge0 goes and what is routed to and from it.
struct BridgeOptions {
  int switch_port = -1;  // -1: no bridge
  net::BridgeConfig config;
  std::vector<uint16_t> to_display;  // the bridge's VCIs shown in window kBridgeWindow
  std::vector<uint16_t> from_camera;  // VCIs camera0's video arrives on at the bridge
};
// The display window (and VCI) the bridge's PDUs are shown in.
constexpr uint16_t kBridgeWindow = 2;

// Parses "P[:T]" into the options; "" or what is wrong.
std::string ParseBridge(const std::string& v, BridgeOptions* b) {
  char* end = nullptr;
  const unsigned long sp = std::strtoul(v.c_str(), &end, 10);
  unsigned long tp = 0;
  if (end != v.c_str() && *end == ':') {
    const char* t = end + 1;
    tp = std::strtoul(t, &end, 10);
    if (end == t) tp = 65536;
  }
  if (v.empty() || *end != '\0' || (sp != 0 && sp != 3) || tp > 65535) {
    return "--bridge takes SWITCH_PORT[:TCP_PORT]: sw0's free port 0 or 3, a TCP port "
           "0..65535 (0: any free one), not " + v;
  }
  b->switch_port = static_cast<int>(sp);
  b->config.tcp_port = static_cast<uint16_t>(tp);
  return "";
}

// Parses "N:display" or "camera:N" into the options; "" or what is wrong.
std::string ParseBridgeRoute(const std::string& v, BridgeOptions* b) {
  const size_t colon = v.find(':');
  const std::string from = v.substr(0, colon);
  const std::string to = colon == std::string::npos ? "" : v.substr(colon + 1);
  const std::string& n = to == "display" ? from : to;
  char* end = nullptr;
  const unsigned long vci = std::strtoul(n.c_str(), &end, 10);
  const bool ok = !n.empty() && *end == '\0' && vci <= 65535 &&
                  ((to == "display" && b->to_display.empty()) || from == "camera");
  if (!ok) {
    return "--bridge-route takes N:display (once) or camera:N, N a VCI 0..65535, not " + v;
  }
  (to == "display" ? b->to_display : b->from_camera).push_back(static_cast<uint16_t>(vci));
  return "";
}

// --bridge-route's routes on the one-switch topology with bridge0: the bridge's VCs to
// display0's window kBridgeWindow (whole screen, behind the camera's window), the
// camera's video to the bridge as well.
Status RouteBridge(net::Network& network, const net::VideoPath& v, const BridgeOptions& b) {
  Status s = Status::Ok();
  for (uint16_t vci : b.to_display) {
    if (s.ok()) s = network.Route(*v.bridge, 0, vci, *v.display, 0, kBridgeWindow);
    if (s.ok()) {
      s = v.display->SetWindow(0, kBridgeWindow,
                               display::MakeWindow(0, 0, 0, 0, net::DisplayNode::kWidth - 1,
                                                   net::DisplayNode::kHeight - 1, 0));
    }
  }
  const net::CameraConfig& c = v.camera->config();
  for (uint16_t vci : b.from_camera) {
    if (s.ok()) s = network.Route(*v.camera, c.vpi, c.vci, *v.bridge, 0, vci);
  }
  if (s.ok()) s = network.Settle(1'000'000);
  return s;
}

// SIGINT/SIGTERM during a --soc run: the handler only records the signal; the run
// stops at the next quantum boundary (RunUntil's predicate) and prints its summary.
volatile std::sig_atomic_t g_stop_signal = 0;

void OnStopSignal(int sig) { g_stop_signal = sig; }

// The latency meter's figures.
void PrintLatency(const net::LatencyMeter& latency, const std::string& camera,
                  uint64_t frame_cycles, double us) {
  const net::LatencyStats& nw = latency.newest_pixel();
  const net::LatencyStats& od = latency.oldest_pixel();
  if (!nw.count) return;
  std::printf(
      "  latency, pixel into %s -> in display0's framebuffer (%llu tile PDUs):\n"
      "    newest pixel of a PDU: min %llu, mean %.0f, max %llu cycles (%.1f / %.1f / %.1f us)\n"
      "    oldest pixel of a PDU: min %llu, mean %.0f, max %llu cycles (%.1f / %.1f / %.1f us)\n"
      "    frame time: %llu cycles (%.1f us, %.1f frames/s)\n",
      camera.c_str(), static_cast<unsigned long long>(nw.count),
      static_cast<unsigned long long>(nw.min),
      nw.mean(), static_cast<unsigned long long>(nw.max), nw.min * us, nw.mean() * us,
      nw.max * us, static_cast<unsigned long long>(od.min), od.mean(),
      static_cast<unsigned long long>(od.max), od.min * us, od.mean() * us, od.max * us,
      static_cast<unsigned long long>(frame_cycles), frame_cycles * us,
      1e6 / (frame_cycles * us));
}

// soc0's UART on a UartTcp (SocNode's UartPipe): bytes the firmware writes go to the
// client, and the console text among them (outside HCP frames) to stdout.
class TcpUartPipe : public net::UartPipe {
 public:
  sim::UartTcp& tcp() { return tcp_; }
  void Put(uint8_t byte) override {
    tcp_.Transmit(byte);
    if (filter_.Push(byte) == hcp::Decoder::Event::kText) {
      std::fputc(byte, stdout);
      if (byte == '\n') std::fflush(stdout);
    }
  }
  void Poll(std::string* out) override {
    const uint64_t clients = tcp_.clients_accepted();
    tcp_.Poll();
    if (tcp_.clients_accepted() != clients) {
      std::fprintf(stderr, "pegasus-net: uart-tcp client connected\n");
    }
    if (tcp_.received() > 0) *out += tcp_.TakeReceived(SIZE_MAX);
  }

 private:
  sim::UartTcp tcp_;
  hcp::Decoder filter_;
};

// The firmware-managed network: runs until the firmware finishes, then one more
// scan-out (the last PNG). With uart_tcp_port >= 0 the UART is on TCP and max_cycles
// only ends the run while no client is connected. SIGINT or SIGTERM ends the run at
// the next quantum boundary with the summary, and exit status 0 unless the firmware
// has failed.
int RunSoc(const net::NetworkConfig& nc, const net::SocTopology& t, uint64_t max_cycles,
           long uart_tcp_port, const std::vector<std::string>& pcap_at) {
  net::Network network(nc);
  net::SocPath p;
  try {
    p = net::BuildSocTopology(network, t);
  } catch (const net::TopologyError& e) {
    return Fail(e.what());
  }
  if (const std::string err = CaptureAt(network, pcap_at); !err.empty()) return Fail(err);
  TcpUartPipe pipe;
  if (uart_tcp_port >= 0) {
    const std::string err = pipe.tcp().Listen(static_cast<uint16_t>(uart_tcp_port));
    if (!err.empty()) return Fail("--uart-tcp: " + err);
    p.soc->AttachUart(&pipe);
    std::fprintf(stderr, "pegasus-net: uart-tcp listening on 127.0.0.1:%u\n", pipe.tcp().port());
  }
  std::printf("pegasus-net: soc0 (%s) -> sw0 (8 ports) <- camera0, camera1, audio0; sw0 -> "
              "display0, audio1; %s, quantum %llu cycles, links and management bus %llu "
              "cycles\n",
              t.elf.c_str(), nc.systemc ? "SystemC" : "plain C++ loop",
              static_cast<unsigned long long>(nc.quantum),
              static_cast<unsigned long long>(t.link.delay));
  std::fflush(stdout);
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  // Pixel-to-framebuffer latency of what the firmware's connections draw. Windows are
  // the firmware's choice, so a tile PDU is attributed to the camera that started a
  // frame at its trailer's timestamp (camera_top reports each frame's timestamp and
  // the capture origin applied to it); one both cameras could have sent is not
  // counted, and PDUs of neither are the window manager's decorations.
  net::LatencyMeter latency0(*p.camera), latency1(*p.camera1);
  uint64_t latency_ambiguous = 0;
  p.display->on_drawn = [&](const net::DrawnPdu& d) {
    const bool cam0 = p.camera->FrameStartedAt(d.trailer.timestamp);
    const bool cam1 = p.camera1->FrameStartedAt(d.trailer.timestamp);
    if (cam0 && cam1) ++latency_ambiguous;
    if (cam0 != cam1) (cam0 ? latency0 : latency1).Add(d);
  };
  const double cpu0 = CpuSeconds();
  auto stop = [&] { return p.soc->finished() || g_stop_signal != 0; };
  if (uart_tcp_port < 0) {
    network.RunUntil(stop, max_cycles);
  } else {
    // A connected client keeps the network running past max_cycles; the limit is
    // checked between runs of kChunk cycles (network.cycle() advances between runs).
    constexpr uint64_t kChunk = 65536;
    while (!stop() && (network.cycle() < max_cycles || pipe.tcp().connected())) {
      const uint64_t left = network.cycle() < max_cycles ? max_cycles - network.cycle() : kChunk;
      network.RunUntil(stop, std::min(kChunk, left));
    }
  }
  const bool done = p.soc->finished();
  const int sig = g_stop_signal;
  const uint64_t run_cycles = network.cycle();
  const double cpu = CpuSeconds() - cpu0;
  if (done) {
    const uint64_t last = p.display->last_draw_cycle();
    network.RunUntil([&] { return p.display->screen_start() > last; }, 400'000);
  }
  Status s = network.ReadCounters();
  if (!s.ok()) return Fail(s.ToString());
  std::string state = done ? (p.soc->exit_code() == 0 ? "passed" : "failed") : "still running";
  if (!done && sig != 0) state += sig == SIGINT ? ", stopped by SIGINT" : ", stopped by SIGTERM";
  std::printf("\nsummary: firmware %s at cycle %llu; %.0f cycles a CPU second up to then\n",
              state.c_str(), static_cast<unsigned long long>(run_cycles), run_cycles / cpu);
  std::printf("  frames: captured %u, drawn %llu, PNGs written %llu (camera0 and camera1)\n",
              p.camera->frames_captured() + p.camera1->frames_captured(),
              static_cast<unsigned long long>(p.display->frames_drawn()),
              static_cast<unsigned long long>(p.display->pngs_written()));
  std::fputs(network.Summary().c_str(), stdout);
  // What audio1 played of audio0's tone (none unless the firmware connected them).
  PrintAudio(*p.audio0, *p.audio1, network.cycle_us());
  const double us = network.cycle_us();
  PrintLatency(latency0, "camera0", p.camera->frame_cycles(), us);
  PrintLatency(latency1, "camera1", p.camera1->frame_cycles(), us);
  if (latency_ambiguous) {
    std::printf("  latency: %llu tile PDUs not counted (both cameras started a frame at their "
                "timestamp)\n",
                static_cast<unsigned long long>(latency_ambiguous));
  }
  std::fflush(stdout);
  s = network.Finish();
  if (!s.ok()) return Fail(s.ToString());
  PrintWaves(network.config().wave);
  if (done) return p.soc->exit_code() == 0 ? 0 : 1;
  return sig != 0 ? 0 : 1;
}

int Main(int argc, char** argv) {
  uint32_t frames = 3;
  std::string out = "net_frames", pcap;
  std::vector<std::string> pcap_at;  // NODE[.PORT]:FILE
  int at_x = 80, at_y = 60, cap_w = 160, cap_h = 120;
  double fps = 0, ber = 0;
  uint64_t quantum = 32, delay = 64, clock_mhz = 50;
  int link_bytes = 4;
  bool two = false, plain = false;
  std::vector<std::string> ppm;
  std::string soc_elf;
  uint64_t max_cycles = 20'000'000;
  bool max_cycles_given = false;
  long uart_tcp_port = -1;
  bool audio = false;
  std::string audio_wav;
  BridgeOptions bridge_opts;
  net::WaveConfig wave;
  std::string wave_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    std::string v;
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (Flag(a, "--frames", &v)) {
      frames = static_cast<uint32_t>(std::stoul(v));
    } else if (Flag(a, "--out", &v)) {
      out = v;
    } else if (Flag(a, "--at", &v)) {
      if (std::sscanf(v.c_str(), "%d,%d", &at_x, &at_y) != 2) return Fail("--at wants X,Y");
    } else if (Flag(a, "--capture", &v)) {
      if (std::sscanf(v.c_str(), "%dx%d", &cap_w, &cap_h) != 2 || cap_w % 8 || cap_h % 8 ||
          cap_w <= 0 || cap_h <= 0) {
        return Fail("--capture wants WxH, multiples of 8");
      }
    } else if (a == "--two-switches") {
      two = true;
    } else if (Flag(a, "--fps", &v)) {
      fps = std::stod(v);
    } else if (Flag(a, "--ppm", &v)) {
      std::stringstream ss(v);
      for (std::string f; std::getline(ss, f, ',');) ppm.push_back(f);
    } else if (Flag(a, "--quantum", &v)) {
      quantum = std::stoull(v);
    } else if (Flag(a, "--delay", &v)) {
      delay = std::stoull(v);
    } else if (Flag(a, "--ber", &v)) {
      ber = std::stod(v);
    } else if (Flag(a, "--link-bytes", &v)) {
      link_bytes = std::stoi(v);
    } else if (Flag(a, "--pcap", &v)) {
      // NODE[.PORT]:FILE names a node port; a plain FILE is the link into display0.
      const size_t colon = v.find(':');
      if (colon != std::string::npos && v.find('/') > colon) {
        pcap_at.push_back(v);
      } else {
        pcap = v;
      }
    } else if (a == "--plain") {
      plain = true;
    } else if (Flag(a, "--clock-mhz", &v)) {
      clock_mhz = std::stoull(v);
    } else if (Flag(a, "--soc", &v)) {
      soc_elf = v;
    } else if (Flag(a, "--max-cycles", &v)) {
      max_cycles = std::stoull(v);
      max_cycles_given = true;
    } else if (Flag(a, "--uart-tcp", &v)) {
      char* end = nullptr;
      uart_tcp_port = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || uart_tcp_port < 0 || uart_tcp_port > 65535) {
        return Fail("--uart-tcp takes a port 0..65535 (0: any free one), not " + v);
      }
    } else if (Flag(a, "--wave", &v)) {
      std::stringstream ss(v);
      for (std::string n; std::getline(ss, n, ',');) {
        if (!n.empty()) wave.nodes.push_back(n);
      }
      if (wave.nodes.empty()) return Fail("--wave wants node names, e.g. --wave=sw0,display0");
    } else if (Flag(a, "--wave-window", &v)) {
      unsigned long long first = 0, last = 0;
      char extra = 0;
      if (std::sscanf(v.c_str(), "%llu:%llu%c", &first, &last, &extra) != 2 || first > last) {
        return Fail("--wave-window wants FIRST:LAST cycles with FIRST <= LAST, not " + v);
      }
      wave.first = first;
      wave.last = last;
    } else if (Flag(a, "--wave-dir", &v)) {
      wave_dir = v;
    } else if (Flag(a, "--bridge", &v)) {
      const std::string err = ParseBridge(v, &bridge_opts);
      if (!err.empty()) return Fail(err);
    } else if (Flag(a, "--bridge-route", &v)) {
      const std::string err = ParseBridgeRoute(v, &bridge_opts);
      if (!err.empty()) return Fail(err);
    } else if (a == "--audio") {
      audio = true;
    } else if (Flag(a, "--audio", &v)) {
      audio = true;
      audio_wav = v;
    } else {
      std::fputs(kUsage, stderr);
      return Fail("unknown argument " + a);
    }
  }
  if (frames == 0) return Fail("--frames must be at least 1");
  if (uart_tcp_port >= 0 && soc_elf.empty()) return Fail("--uart-tcp needs --soc=ELF");
  if (clock_mhz == 0) return Fail("--clock-mhz must be at least 1");
  const bool bridged = bridge_opts.switch_port >= 0;
  if (bridged && (!soc_elf.empty() || two || audio)) {
    return Fail("--bridge goes on the one-switch video topology (sw0's free port 0 or 3): "
                "not with --soc, --two-switches or --audio");
  }
  if (!bridged && (!bridge_opts.to_display.empty() || !bridge_opts.from_camera.empty())) {
    return Fail("--bridge-route needs --bridge");
  }

  net::NetworkConfig nc;
  nc.quantum = quantum;
  nc.clock_hz = clock_mhz * 1'000'000;
  nc.systemc = !plain;
  if (!wave.nodes.empty()) {
    wave.dir = !wave_dir.empty() ? wave_dir : !out.empty() ? out : ".";
    std::error_code ec;
    std::filesystem::create_directories(wave.dir, ec);
    if (ec) return Fail("cannot create " + wave.dir + ": " + ec.message());
    nc.wave = wave;
  }
  if (!soc_elf.empty()) {
    net::SocTopology st;
    st.elf = soc_elf;
    st.soc.uart_stdout = uart_tcp_port < 0;  // else the pipe shows the console text
    if (uart_tcp_port >= 0 && !max_cycles_given) max_cycles = UINT64_MAX;
    st.link.delay = delay;
    st.link.bytes_per_cycle = link_bytes;
    st.mgmt_delay = delay;
    st.audio.wav_path = audio_wav;  // audio0 and audio1 are always there; the firmware routes
    if (!out.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(out, ec);
      if (ec) return Fail("cannot create " + out + ": " + ec.message());
      st.display.png_dir = out;
    }
    if (!pcap.empty()) pcap_at.push_back("display0:" + pcap);
    return RunSoc(nc, st, max_cycles, uart_tcp_port, pcap_at);
  }
  net::Network network(nc);

  net::VideoTopology t;
  t.two_switches = two;
  t.camera.max_frames = frames;
  t.camera.tiles_x = cap_w / 8;
  t.camera.tiles_y = cap_h / 8;
  if (!ppm.empty()) {
    t.camera.source = net::CameraConfig::Source::kFiles;
    t.camera.files = ppm;
  } else if (fps > 0) {
    if (!net::SetSensorTiming(&t.camera, nc.clock_hz, fps)) {
      return Fail("--fps too high for 320x240 at this clock");
    }
  }
  t.link.delay = delay;
  t.link.ber = ber;
  t.link.bytes_per_cycle = link_bytes;
  t.trunk = t.link;
  t.trunk.seed = 2;
  t.window = display::MakeWindow(at_x, at_y, static_cast<uint32_t>(std::max(at_x, 0)),
                                 static_cast<uint32_t>(std::max(at_y, 0)),
                                 static_cast<uint32_t>(std::max(at_x + cap_w - 1, 0)),
                                 static_cast<uint32_t>(std::max(at_y + cap_h - 1, 0)));
  if (!out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) return Fail("cannot create " + out + ": " + ec.message());
    t.display.png_dir = out;
  }
  t.display_pcap = pcap;
  t.audio = audio;
  t.audio_config.wav_path = audio_wav;
  if (bridged) {
    t.bridge_port = bridge_opts.switch_port;
    t.bridge = bridge_opts.config;
    t.window.z = 1;    // in front of the bridge's whole-screen window
    t.start = false;   // started below, once a client takes the camera's video
  }
  net::VideoPath v;
  try {
    v = net::BuildVideoTopology(network, t);
  } catch (const net::TopologyError& e) {
    return Fail(e.what());
  }
  net::BridgeNode* bridge = v.bridge;
  if (bridged) {
    if (const Status s = RouteBridge(network, v, bridge_opts); !s.ok()) return Fail(s.ToString());
  }
  if (const std::string err = CaptureAt(network, pcap_at); !err.empty()) return Fail(err);
  net::LatencyMeter latency(*v.camera, *v.display, t.display_vci & 63);
  const double us = network.cycle_us();
  const uint64_t frame_cycles = v.camera->frame_cycles();
  std::printf(
      "pegasus-net: camera0 (%s %dx%d, capture %dx%d) -> %s -> display0 window "
      "at "
      "(%d, %d); %s, quantum %llu cycles, links %llu cycles, BER %g, %d byte%s "
      "a cycle, "
      "clock %llu MHz\n",
      ppm.empty() ? "test pattern" : "PPM frames", v.camera->source_width(),
      v.camera->source_height(), cap_w, cap_h, two ? "sw0 -> sw1" : "sw0", at_x, at_y,
      plain ? "plain C++ loop" : "SystemC", static_cast<unsigned long long>(quantum),
      static_cast<unsigned long long>(delay), ber, link_bytes, link_bytes == 1 ? "" : "s",
      static_cast<unsigned long long>(clock_mhz));
  if (bridge) {
    std::fprintf(stderr, "pegasus-net: bridge0 on sw0.%d listening on 127.0.0.1:%u\n",
                 bridge_opts.switch_port, bridge->tcp_port());
    std::signal(SIGINT, OnStopSignal);
    std::signal(SIGTERM, OnStopSignal);
    // The camera's video goes to the bridge: start it once a client is there to take
    // it (or at --max-cycles, or a signal).
    while (!bridge_opts.from_camera.empty() && !bridge->connected() && g_stop_signal == 0 &&
           network.cycle() < max_cycles) {
      network.RunUntil([&] { return bridge->connected() || g_stop_signal != 0; }, 65536);
    }
    v.camera->Start();
  }
  const auto wall0 = std::chrono::steady_clock::now();
  auto wall = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  };
  // Each frame gets two frame periods and the first also the wait for a start
  // of frame.
  for (uint32_t f = 1; f <= frames; ++f) {
    if (!network.RunUntil([&] { return v.display->frames_drawn() >= f; },
                          3 * frame_cycles + 100'000)) {
      std::printf("  frame %u not drawn after %llu cycles: see the summary\n", f,
                  static_cast<unsigned long long>(network.cycle()));
      break;
    }
    std::printf("  frame %u drawn at cycle %llu (%.3f ms simulated, %.1f s wall)\n", f,
                static_cast<unsigned long long>(network.cycle()), network.cycle() * us / 1000,
                wall());
    std::fflush(stdout);
  }
  // The bridge: on while a client is connected, and until --max-cycles while none has
  // been; SIGINT or SIGTERM ends the wait at the next quantum boundary.
  while (bridge && g_stop_signal == 0 &&
         (bridge->connected() || (bridge->stats().clients == 0 && network.cycle() < max_cycles))) {
    network.RunUntil([&] { return g_stop_signal != 0; }, 65536);
  }
  // One more scan-out for the last PNG, with the camera stopped.
  if (!out.empty()) {
    const uint64_t want = std::min<uint64_t>(frames, v.display->frames_drawn());
    network.RunUntil([&] { return v.display->pngs_written() >= want; }, 400'000);
  }
  const uint64_t sim_cycles = network.cycle();
  const double secs = wall();
  Status s = network.ReadCounters();
  if (!s.ok()) return Fail(s.ToString());
  std::printf(
      "\nsummary after %llu cycles (%.3f ms at %llu MHz) in %.1f s: %.0f "
      "cycles/s, %.4f x "
      "real time\n",
      static_cast<unsigned long long>(sim_cycles), sim_cycles * us / 1000,
      static_cast<unsigned long long>(clock_mhz), secs, sim_cycles / secs,
      sim_cycles / secs / static_cast<double>(nc.clock_hz));
  std::printf(
      "  frames: captured %u, drawn %llu; PNGs written %llu to %s "
      "(%llu of them scanned "
      "while later tiles landed)\n",
      v.camera->frames_captured(), static_cast<unsigned long long>(v.display->frames_drawn()),
      static_cast<unsigned long long>(v.display->pngs_written()), out.empty() ? "-" : out.c_str(),
      static_cast<unsigned long long>(v.display->torn_pngs()));
  std::fputs(network.Summary().c_str(), stdout);
  PrintLatency(latency, "camera0", frame_cycles, us);
  if (audio) PrintAudio(*v.audio_tx, *v.audio_rx, us);
  s = network.Finish();
  if (!s.ok()) return Fail(s.ToString());
  PrintWaves(network.config().wave);
  return v.display->frames_drawn() >= frames ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const pegasus::net::TopologyError& e) {
    // A description error found once the network runs (a --wave node it lacks).
    return Fail(e.what());
  }
}
