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
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

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
    "  --plain            run the nodes from a plain C++ loop instead of "
    "SystemC\n"
    "  --clock-mhz=M      design clock (default 50)\n";

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

int Main(int argc, char** argv) {
  uint32_t frames = 3;
  std::string out = "net_frames", pcap;
  int at_x = 80, at_y = 60, cap_w = 160, cap_h = 120;
  double fps = 0, ber = 0;
  uint64_t quantum = 32, delay = 64, clock_mhz = 50;
  int link_bytes = 4;
  bool two = false, plain = false;
  std::vector<std::string> ppm;
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
      pcap = v;
    } else if (a == "--plain") {
      plain = true;
    } else if (Flag(a, "--clock-mhz", &v)) {
      clock_mhz = std::stoull(v);
    } else {
      std::fputs(kUsage, stderr);
      return Fail("unknown argument " + a);
    }
  }
  if (frames == 0) return Fail("--frames must be at least 1");
  if (clock_mhz == 0) return Fail("--clock-mhz must be at least 1");

  net::NetworkConfig nc;
  nc.quantum = quantum;
  nc.clock_hz = clock_mhz * 1'000'000;
  nc.systemc = !plain;
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
    // A sensor's timing: lines evenly spread over the frame, 12 lines' worth of
    // vertical blanking, pixels one a cycle within a line.
    t.camera.source = net::CameraConfig::Source::kPatternFrames;
    const double frame_cycles = static_cast<double>(nc.clock_hz) / fps;
    const int line = static_cast<int>(frame_cycles / (t.camera.height + 12));
    if (line < t.camera.width + 16) return Fail("--fps too high for 320x240 at this clock");
    t.camera.h_blank = line - t.camera.width;
    t.camera.v_blank = static_cast<int>(frame_cycles) - line * t.camera.height;
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
  net::VideoPath v;
  try {
    v = net::BuildVideoTopology(network, t);
  } catch (const net::TopologyError& e) {
    return Fail(e.what());
  }
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
  const net::LatencyStats& nw = latency.newest_pixel();
  const net::LatencyStats& od = latency.oldest_pixel();
  if (nw.count) {
    std::printf(
        "  latency, pixel into camera0 -> in display0's framebuffer (%llu tile "
        "PDUs):\n"
        "    newest pixel of a PDU: min %llu, mean %.0f, max %llu cycles (%.1f "
        "/ %.1f / "
        "%.1f us)\n"
        "    oldest pixel of a PDU: min %llu, mean %.0f, max %llu cycles (%.1f "
        "/ %.1f / "
        "%.1f us)\n"
        "    frame time: %llu cycles (%.1f us, %.1f frames/s)\n",
        static_cast<unsigned long long>(nw.count), static_cast<unsigned long long>(nw.min),
        nw.mean(), static_cast<unsigned long long>(nw.max), nw.min * us, nw.mean() * us,
        nw.max * us, static_cast<unsigned long long>(od.min), od.mean(),
        static_cast<unsigned long long>(od.max), od.min * us, od.mean() * us, od.max * us,
        static_cast<unsigned long long>(frame_cycles), frame_cycles * us,
        1e6 / (frame_cycles * us));
  }
  s = network.Finish();
  if (!s.ok()) return Fail(s.ToString());
  return v.display->frames_drawn() >= frames ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) { return Main(argc, argv); }
