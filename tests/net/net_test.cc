// The desk-area network simulator against reference models: every pixel of the
// display's screen (read from its video output) must equal what host/media's
// camera model (the test pattern and the tile packer, EncodeFrame),
// host/switch's SwitchModel (the VC the switches deliver on, from the tables
// the managers wrote) and host/display's DisplayModel (window, clipping) give
// for the frames the display drew. The SoC node runs the netmgr firmware, which sets
// up the same kind of network through the switch's management port and the devices'
// control VCs, and its console reports are checked against the camera and the switch.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <sstream>
#include <vector>

#include "host/display/display_model.h"
#include "host/media/test_pattern.h"
#include "host/media/tile_decoder.h"
#include "firmware/apps/netmgr/netmgr_config.h"
#include "sim_cpp/net/latency.h"
#include "sim_cpp/net/network.h"
#include "sim_cpp/net/topology.h"
#include "tests/net/screen_check.h"

namespace pegasus::net {
namespace {

// The display context index the camera's data VC reaches, from the switch
// models.
uint32_t IndexAtDisplay(const VideoPath& v) {
  const CameraConfig& c = v.camera->config();
  uint32_t header = atm::Cell::MakeHeader(0, c.vpi, c.vci, 0, false);
  int in = 1;
  for (SwitchNode* sw : v.switches) {
    const sw::Route r = sw->manager().model().RouteOf(in, header);
    EXPECT_EQ(r.copies.size(), 1u) << sw->name();
    if (r.copies.empty()) return 64;
    header = r.copies[0].header;
    in = 3;  // the inter-switch link's port on the next switch
  }
  return (header >> 4) & 63;
}

// Records every PDU the display finished, in order.
struct DrawLog {
  explicit DrawLog(DisplayNode& d) {
    d.on_drawn = [this](const DrawnPdu& p) { pdus.push_back(p); };
  }
  std::vector<DrawnPdu> pdus;
};

// The model's framebuffer after the PDUs the display drew, each rebuilt from
// the camera model (so a PDU that was lost is not drawn, and one that arrived
// must carry exactly the model's pixels).
display::DisplayModel ModelScreen(const CameraNode& cam, const Capture& cap, uint32_t index,
                                  const display::WindowDesc& w,
                                  const std::vector<DrawnPdu>& drawn) {
  display::DisplayModel model = NewScreenModel();
  model.WriteShadow(static_cast<int>(index), w);
  model.Swap();
  std::map<uint32_t, std::vector<std::vector<uint8_t>>> frames;
  const int k = cap.tiles_per_pdu;
  const int per_row = (cap.tiles_x + k - 1) / k;
  for (const DrawnPdu& p : drawn) {
    EXPECT_EQ(p.index, index);
    auto it = frames.find(p.trailer.frame);
    if (it == frames.end()) {
      it =
          frames
              .emplace(p.trailer.frame, media::EncodeFrame(VideoFrame(cam, cap, p.trailer.frame),
                                                           k, p.trailer.frame, p.trailer.timestamp))
              .first;
    }
    const size_t n = static_cast<size_t>(p.trailer.tile_y * per_row + p.trailer.tile_x / k);
    EXPECT_LT(n, it->second.size());
    if (n >= it->second.size()) continue;
    model.Blit(p.index, it->second[n]);
  }
  return model;
}

display::DisplayModel ModelScreen(const VideoPath& v, const display::WindowDesc& w,
                                  const std::vector<DrawnPdu>& drawn) {
  return ModelScreen(*v.camera, CaptureOf(v.camera->config()), IndexAtDisplay(v), w, drawn);
}

// Runs until the camera has stopped, its last frame can have arrived, and the
// screen has been scanned out completely after the last PDU was drawn.
void RunToRest(Network& net, const VideoPath& v) {
  ASSERT_TRUE(net.RunUntil([&] { return v.camera->stopped(); }, 40 * v.camera->frame_cycles()))
      << "camera0 did not finish its frames by cycle " << net.cycle() << ":\n"
      << net.Summary();
  net.Run(v.camera->frame_cycles() + 20'000);
  const uint64_t last = v.display->last_draw_cycle();
  ASSERT_TRUE(net.RunUntil([&] { return v.display->screen_start() > last; }, 400'000));
  ASSERT_EQ(v.display->last_draw_cycle(), last) << "PDUs still arriving";
}

TEST(NetVideo, ScreenEqualsCameraSwitchDisplayModel) {
  Network net;
  VideoTopology t;
  t.camera.x0 = 16;
  t.camera.tiles_x = 10;  // 80 x 48 of the 320 x 240 test pattern
  t.camera.tiles_y = 6;
  t.camera.max_frames = 2;
  // Offset so that the screen cuts the right and bottom edges and the clip
  // rectangle the left one.
  t.window = display::MakeWindow(250, 200, 254, 0, 4095, 4095);
  const VideoPath v = BuildVideoTopology(net, t);
  DrawLog log(*v.display);
  RunToRest(net, v);
  ASSERT_TRUE(net.ReadCounters().ok());
  EXPECT_EQ(v.camera->band_drops(), 0u);
  EXPECT_EQ(v.display->frames_drawn(), 2u);
  ASSERT_EQ(log.pdus.size(),
            2u * 6 * 2);  // 2 frames x 6 bands x 2 PDUs of 5 tiles
  const display::DisplayModel model = ModelScreen(v, t.window, log.pdus);
  EXPECT_EQ(CompareScreen(*v.display, model), 0);
  const DisplayStats s = v.display->stats();
  EXPECT_EQ(s.display, model.counters());
  EXPECT_GT(s.display.pix_clipped, 0u);
  // Every cell the camera's link delivered went into the switch, and out to the
  // display.
  const auto& c = v.switches[0]->manager().counters();
  EXPECT_EQ(c[1].in, net.LinkAt(v.camera, 0)->b.node->port(1).rx_counters().delivered);
  EXPECT_EQ(c[1].drops(), 0u);
  EXPECT_EQ(c[2].out, v.display->port(0).rx_counters().delivered);
  EXPECT_EQ(s.reasm.pdus, log.pdus.size());
}

TEST(NetVideo, TwoSwitchesCarryTheCameraToTheDisplay) {
  Network net;
  VideoTopology t;
  t.two_switches = true;
  t.camera = SmallCamera(2);
  t.link.bytes_per_cycle = 2;  // 56 cells of 53 bytes in 1,600 cycles
  t.trunk = t.link;
  t.trunk.delay = 200;
  t.window = display::MakeWindow(100, 60, 100, 60, 259, 179);
  const VideoPath v = BuildVideoTopology(net, t);
  ASSERT_EQ(v.switches.size(), 2u);
  DrawLog log(*v.display);
  RunToRest(net, v);
  ASSERT_TRUE(net.ReadCounters().ok());
  EXPECT_EQ(v.camera->band_drops(), 0u);
  EXPECT_EQ(v.display->frames_drawn(), 2u);
  ASSERT_EQ(log.pdus.size(), 2u * 15 * 4);
  EXPECT_EQ(CompareScreen(*v.display, ModelScreen(v, t.window, log.pdus)), 0);
  // The data cells crossed the inter-switch link: out of sw0.3, into sw1.3, out
  // sw1.2.
  const auto& c0 = v.switches[0]->manager().counters();
  const auto& c1 = v.switches[1]->manager().counters();
  EXPECT_GT(c0[3].out, 0u);
  EXPECT_EQ(c1[3].in, c0[3].out);
  EXPECT_EQ(c1[2].out, c1[3].in);
  EXPECT_EQ(c1[3].drops(), 0u);
}

TEST(NetVideo, BitErrorsAreCorrectedOrDroppedNeverDrawn) {
  Network net;
  VideoTopology t;
  t.camera = SmallCamera(3);
  t.link.ber = 5e-5;
  t.link.seed = 11;
  t.link.bytes_per_cycle = 2;
  t.window = display::MakeWindow(0, 0, 0, 0, 159, 119);
  const VideoPath v = BuildVideoTopology(net, t);
  DrawLog log(*v.display);
  RunToRest(net, v);
  ASSERT_TRUE(net.ReadCounters().ok());
  EXPECT_EQ(v.camera->band_drops(), 0u);  // every loss below is the links' doing
  // Pixels: every PDU that was drawn carries the model's pixels; lost ones are
  // absent.
  EXPECT_EQ(CompareScreen(*v.display, ModelScreen(v, t.window, log.pdus)), 0);
  uint64_t flips = 0, corrected = 0, discarded = 0;
  for (const auto& l : net.links()) {
    for (const Wire* w : {l->ab.get(), l->ba.get()}) flips += w->counters().bit_flips;
    for (const PortRef& end : {l->a, l->b}) {
      const atm::LinkRxCounters& r = end.node->port(end.port).rx_counters();
      // I.432: every cell received is delivered, idle-discarded, HEC-discarded
      // or lost to overflow, exactly once.
      EXPECT_EQ(r.received, r.delivered + r.idle_discarded + r.hec_discarded + r.overflow_drops);
      corrected += r.hec_corrected;
      discarded += r.hec_discarded;
    }
  }
  const DisplayStats s = v.display->stats();
  std::printf(
      "bit flips %llu, headers corrected %llu, cells discarded %llu; "
      "PDUs drawn %zu, "
      "dropped by AAL5 for CRC %llu, length %llu\n",
      static_cast<unsigned long long>(flips), static_cast<unsigned long long>(corrected),
      static_cast<unsigned long long>(discarded), log.pdus.size(),
      static_cast<unsigned long long>(s.reasm.drop_crc),
      static_cast<unsigned long long>(s.reasm.drop_length));
  EXPECT_GT(flips, 0u);
  EXPECT_GT(corrected, 0u);
  EXPECT_LE(corrected + discarded, flips);
  // Payload errors are caught by AAL5: the reassembler dropped PDUs, and the
  // display drew exactly the PDUs the reassembler delivered.
  EXPECT_GT(s.reasm.drop_crc + s.reasm.drop_length, 0u);
  EXPECT_EQ(s.reasm.pdus, log.pdus.size());
  EXPECT_LT(log.pdus.size(), 3u * 15 * 4);
  EXPECT_GT(log.pdus.size(), 0u);
  // The switch took in exactly the cells the camera link delivered.
  const auto& c = v.switches[0]->manager().counters();
  EXPECT_EQ(c[1].in, v.switches[0]->port(1).rx_counters().delivered);
}

TEST(NetVideo, SystemCAndPlainRunnerAgreeCycleForCycle) {
  std::vector<media::Image> screens;
  std::vector<uint64_t> cells, drawn;
  for (bool systemc : {true, false}) {
    NetworkConfig nc;
    nc.systemc = systemc;
    nc.quantum = 50;
    Network net(nc);
    VideoTopology t;
    t.camera = SmallCamera(1);
    t.link.delay = 75;
    t.link.ber = 2e-5;
    const VideoPath v = BuildVideoTopology(net, t);
    net.Run(150'000);
    screens.push_back(v.display->screen());
    cells.push_back(v.display->port(0).rx_counters().delivered);
    drawn.push_back(v.display->last_draw_cycle());
    EXPECT_GT(v.display->pdus_drawn(), 0u);
  }
  EXPECT_EQ(cells[0], cells[1]);
  EXPECT_EQ(drawn[0], drawn[1]);
  EXPECT_TRUE(screens[0] == screens[1]);
}

TEST(NetTopology, BadDescriptionsAndRoutesAreRejected) {
  NetworkConfig nc;
  nc.quantum = 64;
  Network net(nc);
  SwitchNode& sw = net.AddSwitch("sw0", 4);
  CameraNode& cam = net.AddCamera("camera0", CameraConfig{});
  DisplayNode& disp = net.AddDisplay("display0");
  EXPECT_THROW(net.AddSwitch("sw1", 16), TopologyError);  // no 16-port model built
  EXPECT_THROW(net.AddSwitch("camera0", 4), TopologyError);
  LinkParams fast;
  fast.delay = 63;
  EXPECT_THROW(net.Connect(cam, Port(sw, 1), fast), TopologyError);
  LinkParams link;
  link.delay = 64;
  net.Connect(cam, Port(sw, 1), link);
  EXPECT_THROW(net.Connect(Port(sw, 1), disp, link), TopologyError);
  EXPECT_THROW(net.Connect(Port(sw, 4), disp, link), TopologyError);
  net.Connect(Port(sw, 2), disp, link);
  // Window 20 does not exist.
  EXPECT_FALSE(net.ShowCamera(cam, disp, display::WindowDesc{}, 20).ok());
  EXPECT_EQ(sw.manager().commits(), 0u);  // refused before any route was written
  ASSERT_TRUE(net.Route(cam, 0, 32, disp, 0, 1).ok());
  // VCI 96 shares table index 32 with VCI 32 on input 1: refused, table
  // unchanged.
  Status s = net.Route(cam, 0, 96, disp, 0, 2);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("table index"), std::string::npos) << s.ToString();
  const sw::Route r = sw.manager().model().RouteOf(1, atm::Cell::MakeHeader(0, 0, 32, 0, false));
  ASSERT_EQ(r.copies.size(), 1u);
  EXPECT_EQ(r.copies[0].out, 2);
  EXPECT_EQ((r.copies[0].header >> 4) & 0xFFFF, 1u);
  EXPECT_TRUE(
      sw.manager().model().RouteOf(1, atm::Cell::MakeHeader(0, 0, 96, 0, false)).copies.empty());
  EXPECT_FALSE(net.Route(Port(sw, 3), 0, 5, disp, 0, 1).ok());  // port 3 has no link
}

#ifdef PEGASUS_NETMGR_ELF
// netmgr's report lines (firmware/apps/netmgr/main.cc), parsed from the console.
struct FrameLine {
  uint32_t frame, timestamp, tiles_x, tiles_y, bands, dropped, cmd, drops;
};
struct PortLine {
  uint32_t in, out, drops;
};

void ParseNetmgr(const std::string& console, std::vector<FrameLine>* frames,
                 std::map<int, PortLine>* ports) {
  std::istringstream in(console);
  std::string line;
  while (std::getline(in, line)) {
    FrameLine f;
    PortLine p;
    int port = 0;
    if (std::sscanf(line.c_str(),
                    "netmgr: frame %u timestamp %u tiles %ux%u bands %u dropped %u cmd %u "
                    "drops %u",
                    &f.frame, &f.timestamp, &f.tiles_x, &f.tiles_y, &f.bands, &f.dropped, &f.cmd,
                    &f.drops) == 8) {
      frames->push_back(f);
    } else if (std::sscanf(line.c_str(), "netmgr: port %d in %u out %u drops %u", &port, &p.in,
                           &p.out, &p.drops) == 4) {
      (*ports)[port] = p;
    }
  }
}

// The firmware-managed network (topology.h) running netmgr, links of 4 bytes a cycle.
SocPath BuildSocNetwork(Network& net) {
  SocTopology t;
  t.elf = PEGASUS_NETMGR_ELF;
  t.link.bytes_per_cycle = 4;
  return BuildSocTopology(net, t);
}
#endif

// camera0 -> sw0 -> display0 with soc0 on sw0's port 0, everything set up by the
// netmgr firmware (no SwitchManager call, no window register written from C++): its
// routes, its window command and its camera commands must give the screen the models
// give for that capture and window, and its per-frame lines must match the camera.
TEST(NetSoc, NetmgrFirmwareSetsUpTheVideoPath) {
#ifndef PEGASUS_NETMGR_ELF
  GTEST_SKIP() << "built without the firmware images";
#else
  Network net;
  const SocPath n = BuildSocNetwork(net);
  SwitchNode& sw = *n.sw;
  CameraNode& cam = *n.camera;
  DisplayNode& disp = *n.display;
  SocNode& soc = *n.soc;
  DrawLog log(disp);
  LatencyMeter latency(cam, disp, netmgr::kDisplayVci & 63);
  // A pipe on the console (as sim_cpp/bfm/uart_tcp's bridge would be) sees every byte.
  struct Pipe : UartPipe {
    void Put(uint8_t b) override { out.push_back(static_cast<char>(b)); }
    void Poll(std::string*) override { ++polls; }
    std::string out;
    int polls = 0;
  } pipe;
  soc.AttachUart(&pipe);
  ASSERT_TRUE(net.RunUntil([&] { return soc.finished(); }, 2'000'000))
      << "netmgr did not finish by cycle " << net.cycle() << "; console:\n"
      << soc.console() << net.Summary();
  EXPECT_EQ(soc.exit_code(), 0) << soc.console();
  EXPECT_EQ(pipe.out, soc.console());
  EXPECT_GT(pipe.polls, 0);
  // The screen after one more full scan-out.
  const uint64_t last = disp.last_draw_cycle();
  ASSERT_TRUE(net.RunUntil([&] { return disp.screen_start() > last; }, 400'000));
  ASSERT_EQ(disp.last_draw_cycle(), last) << "PDUs still arriving";
  ASSERT_TRUE(net.ReadCounters().ok());
  std::printf("%s%s", soc.console().c_str(), net.Summary().c_str());

  // netmgr_config.h: the capture, shown through window kDisplayVci at (kWindowX,
  // kWindowY) clipped to the screen below and right of it; kFrames frames.
  using namespace netmgr;
  const Capture cap{kCaptureX0, kCaptureY0, kCaptureTilesX, kCaptureTilesY, kTilesPerPdu};
  const display::WindowDesc window =
      display::MakeWindow(kWindowX, kWindowY, kWindowX, kWindowY, kClipX1, kClipY1);
  const uint32_t window_index = kDisplayVci & 63;
  // Tile PDUs a frame and cells a PDU (128 bytes a tile, the 16-byte tile trailer, the
  // 8-byte AAL5 trailer, 48-byte cells).
  const uint32_t pdus = kCaptureTilesY * ((kCaptureTilesX + kTilesPerPdu - 1) / kTilesPerPdu);
  const uint32_t cells = (128 * kTilesPerPdu + 16 + 8 + 47) / 48;
  std::vector<FrameLine> frames;
  std::map<int, PortLine> ports;
  ParseNetmgr(soc.console(), &frames, &ports);
  ASSERT_EQ(frames.size(), kFrames) << soc.console();
  for (size_t i = 0; i < frames.size(); ++i) {
    const FrameLine& f = frames[i];
    EXPECT_EQ(f.tiles_x, kCaptureTilesX);
    EXPECT_EQ(f.tiles_y, kCaptureTilesY);
    EXPECT_EQ(f.bands, kCaptureTilesY);
    EXPECT_EQ(f.dropped, 0u);
    EXPECT_EQ(f.cmd, 2u);  // configure (1) and start (2) applied together
    EXPECT_EQ(f.drops, 0u);
    if (i > 0) {  // consecutive frames, one camera frame period apart
      EXPECT_EQ(f.frame, frames[i - 1].frame + 1);
      EXPECT_EQ(f.timestamp - frames[i - 1].timestamp, cam.frame_cycles());
    }
  }
  EXPECT_EQ(cam.frames_captured(), kFrames);  // stopped after the last
  // Every frame reported was drawn whole, and nothing else.
  std::map<uint32_t, uint32_t> pdus_of;
  for (const DrawnPdu& p : log.pdus) {
    ++pdus_of[p.trailer.frame];
    EXPECT_EQ(p.index, window_index);
  }
  EXPECT_EQ(pdus_of.size(), frames.size());
  for (const FrameLine& f : frames) EXPECT_EQ(pdus_of[f.frame], pdus) << "frame " << f.frame;
  EXPECT_EQ(CompareScreen(disp, ModelScreen(cam, cap, window_index, window, log.pdus)), 0);
  // Latency is reckoned from the capture origin the commands set (camera_top reports
  // it; the node's configuration says 0,0): a PDU's newest pixel arrives within a
  // band's eight lines (8 x 336 cycles), where the configured origin would put it some
  // 24 lines (8,100 cycles) later.
  EXPECT_EQ(latency.newest_pixel().count, log.pdus.size());
  EXPECT_GT(latency.newest_pixel().min, 0u);
  EXPECT_LT(latency.newest_pixel().max, 8u * cam.line_cycles());
  EXPECT_LT(latency.oldest_pixel().max, 16u * cam.line_cycles());
  // One window command reached the display's control VC.
  EXPECT_EQ(disp.control_pdus(), 1u);
  // The counters netmgr printed are the switch's (8 ports). Nothing moved after it read
  // them but audio0's tone on port 3, which no VC carries: every cell of it dropped.
  const auto& c = sw.manager().counters();
  ASSERT_EQ(ports.size(), 8u) << soc.console();
  for (int p = 0; p < 8; ++p) {
    const SwitchPortCounters& k = c[static_cast<size_t>(p)];
    if (p == netmgr::kAudioPort) {
      EXPECT_GT(ports[p].in, 0u);
      EXPECT_EQ(ports[p].drops, ports[p].in);
      EXPECT_GE(k.in, ports[p].in);
      EXPECT_EQ(k.drop_no_vc, k.in);
      continue;
    }
    EXPECT_EQ(ports[p].in, k.in) << "port " << p;
    EXPECT_EQ(ports[p].out, k.out) << "port " << p;
    EXPECT_EQ(ports[p].drops, k.drops()) << "port " << p;
  }
  // camera1 never started, audio1 got nothing.
  EXPECT_EQ(c[netmgr::kCamera1Port].in, 0u);
  EXPECT_EQ(c[netmgr::kAudioSinkPort].out, 0u);
  // NIC -> switch: window command, configure, start, stop (a cell each); switch -> NIC:
  // a frame sync a frame; camera -> switch: the frames' tile PDUs and the frame syncs.
  EXPECT_EQ(c[0].in, 4u);
  EXPECT_EQ(c[0].out, kFrames);
  EXPECT_EQ(c[1].in, kFrames * pdus * cells + kFrames);
  EXPECT_EQ(c[2].out, kFrames * pdus * cells + 1);
  EXPECT_EQ(soc.xbus_unmapped(), 0u);
  EXPECT_EQ(soc.xbus_timeouts(), 0u);
  const Status finish = net.Finish();  // includes the display following every PDU
  EXPECT_TRUE(finish.ok()) << finish.ToString();
#endif
}

// The management bus obeys the quantum rule as links do: the SystemC top and the plain
// loop give the same console, the same finishing cycle and the same screen.
TEST(NetSoc, SystemCAndPlainRunnerAgreeWithTheSoc) {
#ifndef PEGASUS_NETMGR_ELF
  GTEST_SKIP() << "built without the firmware images";
#else
  std::vector<std::string> consoles;
  std::vector<uint64_t> finish, drawn;
  std::vector<media::Image> screens;
  for (bool systemc : {true, false}) {
    NetworkConfig nc;
    nc.systemc = systemc;
    nc.quantum = 64;
    Network net(nc);
    const SocPath n = BuildSocNetwork(net);
    ASSERT_TRUE(net.RunUntil([&] { return n.soc->finished(); }, 2'000'000)) << n.soc->console();
    net.Run(100'000);
    consoles.push_back(n.soc->console());
    finish.push_back(n.soc->finish_cycle());
    drawn.push_back(n.display->last_draw_cycle());
    screens.push_back(n.display->screen());
  }
  EXPECT_EQ(consoles[0], consoles[1]);
  EXPECT_EQ(finish[0], finish[1]);
  EXPECT_EQ(drawn[0], drawn[1]);
  EXPECT_TRUE(screens[0] == screens[1]);
#endif
}

TEST(NetSoc, BadSocDescriptionsAreRejected) {
  NetworkConfig nc;
  nc.quantum = 64;
  Network net(nc);
  SocNodeConfig sc;
  sc.elf = "no_such.elf";
  EXPECT_THROW(net.AddSoc("soc0", sc), TopologyError);
#ifdef PEGASUS_NETMGR_ELF
  sc.elf = PEGASUS_NETMGR_ELF;
  SocNode& soc = net.AddSoc("soc0", sc);
  SwitchNode& sw = net.AddSwitch("sw0", 4);
  EXPECT_THROW(net.ConnectManagement(soc, sw, 63), TopologyError);    // below the quantum
  EXPECT_THROW(net.ConnectManagement(soc, sw, 1000), TopologyError);  // beyond the timeout
  net.ConnectManagement(soc, sw, 64);
  EXPECT_THROW(net.ConnectManagement(soc, sw, 64), TopologyError);    // one bus each
#endif
}

}  // namespace
}  // namespace pegasus::net
