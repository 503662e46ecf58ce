// pegasusd, the connection manager, on the firmware-managed network (topology.h: an
// 8-port sw0 with soc0, camera0, display0, audio0, camera1, audio1), driven only
// through the host control protocol: the C++ HCP client (host/control) talks to soc0's
// UART. Nothing is routed or set up from C++.
//
// The screen is checked against a composition of the models, pixel by pixel: the
// cameras' reference pictures (CameraNode::SourceFrame; camera1's is camera0's pattern
// with every pixel inverted, so the two windows cannot be mistaken for each other)
// through the window descriptors pegasusd reports (capture centred in the video frame,
// as pegasusd configures it), stacked by z, over the decorations layer (a kBorder-pixel
// ring of kBorderColour around each window, kBackground elsewhere). While cameras
// stream, a scan may show tiles of two consecutive frames, so a video pixel may equal
// any of the frames drawn into its window since the connection; the decorations are
// exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "firmware/apps/netmgr/netmgr_config.h"
#include "firmware/apps/pegasusd/pegasusd_config.h"
#include "host/control/hcp_client.h"
#include "host/media/image.h"
#include "sim_cpp/net/network.h"
#include "sim_cpp/net/topology.h"
#include "tests/net/audio_check.h"

namespace pegasus::net {
namespace {

#ifdef PEGASUS_PEGASUSD_ELF

// Device ids of pegasusd's table.
constexpr uint16_t kCamera0 = 3, kDisplay0 = 4, kCamera1 = 5, kAudio0 = 6, kAudio1 = 7;
// A read gives up when the firmware has written nothing for this long.
constexpr uint64_t kReadCycles = 4'000'000;

// soc0's UART as the HCP client's transport: what the client writes is queued for the
// firmware's UART receiver; a read runs the network until the firmware has written
// bytes. on_step runs after every step of the network (the tests watch the screen).
class NetTransport : public hcp::Transport {
 public:
  NetTransport(Network& net, SocNode& soc) : net_(net), soc_(soc), pos_(soc.console().size()) {}

  Status Write(const uint8_t* data, size_t n) override {
    soc_.UartInput(std::string(reinterpret_cast<const char*>(data), n));
    return Status::Ok();
  }
  Result<size_t> Read(uint8_t* buf, size_t cap, int) override {
    const uint64_t until = net_.cycle() + kReadCycles;
    while (soc_.console().size() == pos_) {
      if (net_.cycle() >= until) {
        return Status::Unavailable("no byte from soc0's UART in " + std::to_string(kReadCycles) +
                                   " cycles");
      }
      Step();
    }
    const size_t n = std::min(cap, soc_.console().size() - pos_);
    std::memcpy(buf, soc_.console().data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::string Describe() const override { return "soc0's UART (simulated)"; }

  void Step() {
    net_.Run(1024);
    if (on_step) on_step();
  }

  std::function<void()> on_step;

 private:
  Network& net_;
  SocNode& soc_;
  size_t pos_;
};

// A camera window as the composition sees it.
struct Win {
  int x, y, w, h, z;
  const CameraNode* camera;
  uint8_t window;  // the display's window (its VC mod 64)
};

// Where pegasusd puts a w x h capture in the camera's video frame.
int CaptureX0(int w) { return ((pegasusd::kVideoWidth - w) / 2) & ~7; }
int CaptureY0(int h) { return ((pegasusd::kVideoHeight - h) / 2) & ~7; }

bool Inside(const Win& w, int x, int y) {
  return x >= w.x && x < w.x + w.w && y >= w.y && y < w.y + w.h;
}

// The decorations layer at (x, y): a border within kBorder pixels outside a window.
uint16_t Decoration(const std::vector<Win>& wins, int x, int y) {
  constexpr int b = pegasusd::kBorder;
  for (const Win& w : wins) {
    const bool ring = x >= w.x - b && x < w.x + w.w + b && y >= w.y - b && y < w.y + w.h + b;
    if (ring && !Inside(w, x, y)) return pegasusd::kBorderColour;
  }
  return pegasusd::kBackground;
}

// Candidate pictures of each window (by its display window number).
using Pictures = std::map<uint8_t, std::vector<media::Image>>;

// The network, the client, and what the display drew.
class PegasusdNet {
 public:
  static NetworkConfig PlainLoop() {
    NetworkConfig c;
    c.systemc = false;
    return c;
  }

  PegasusdNet() : net_(PlainLoop()) {
    SocTopology t;
    t.elf = PEGASUS_PEGASUSD_ELF;
    t.link.bytes_per_cycle = 4;
    path_ = BuildSocTopology(net_, t);
    path_.display->on_drawn = [this](const DrawnPdu& p) {
      frames_[p.index].insert(p.trailer.frame);
      if (p.trailer.last()) ++complete_[p.index];
    };
    const bool up = net_.RunUntil(
        [&] { return path_.soc->console().find("pegasusd: serving HCP") != std::string::npos; },
        2'000'000);
    EXPECT_TRUE(up) << "pegasusd did not start; console:\n" << path_.soc->console();
    transport_ = std::make_unique<NetTransport>(net_, *path_.soc);
    client_ = std::make_unique<hcp::HcpClient>(transport_.get(), 1);
    client_->set_timeout_ms(600'000);
    hcp::HelloInfo hello;
    const hcp::ClientStatus s = client_->Hello(&hello);
    EXPECT_TRUE(s.ok()) << s.message;
  }

  hcp::HcpClient& client() { return *client_; }
  NetTransport& transport() { return *transport_; }
  Network& net() { return net_; }
  const SocPath& path() const { return path_; }

  std::map<std::string, uint64_t> Stats(uint16_t id) {
    std::vector<hcp::Counter> counters;
    const hcp::ClientStatus s = client_->Stats(id, &counters);
    EXPECT_TRUE(s.ok()) << s.message;
    std::map<std::string, uint64_t> m;
    for (const hcp::Counter& c : counters) m[c.name] = c.value;
    return m;
  }

  // Connects camera (device id) to display0 at (x, y), w x h; the window as pegasusd
  // reports it.
  Win Connect(uint16_t camera, int x, int y, int w, int h, uint16_t* id) {
    hcp::ConnectionInfo c;
    const hcp::ClientStatus s =
        client_->Connect(camera, kDisplay0, static_cast<int16_t>(x), static_cast<int16_t>(y),
                         static_cast<uint16_t>(w), static_cast<uint16_t>(h), &c);
    EXPECT_TRUE(s.ok()) << s.message;
    *id = c.id;
    const auto d = Stats(kDisplay0);
    const std::string n = "conn" + std::to_string(c.id);
    return Win{static_cast<int>(d.at(n + ".x")),
               static_cast<int>(d.at(n + ".y")),
               static_cast<int>(d.at(n + ".w")),
               static_cast<int>(d.at(n + ".h")),
               static_cast<int>(d.at(n + ".z")),
               camera == kCamera0 ? path_.camera : path_.camera1,
               c.window};
  }

  // Runs until every window of wins has drawn n more whole frames, then until a scan
  // has started and ended after that.
  void RunFrames(const std::vector<Win>& wins, uint64_t n) {
    std::map<uint8_t, uint64_t> want;
    for (const Win& w : wins) want[w.window] = complete_[w.window] + n;
    const bool drawn = net_.RunUntil(
        [&] {
          for (const auto& [window, count] : want) {
            if (complete_[window] < count) return false;
          }
          return true;
        },
        5'000'000);
    ASSERT_TRUE(drawn) << "frames not drawn by cycle " << net_.cycle();
    const uint64_t scans = path_.display->screens();
    ASSERT_TRUE(net_.RunUntil([&] { return path_.display->screens() >= scans + 2; }, 400'000));
  }

  // The composition's candidates: for each window, the pictures of the last n frames
  // drawn into it.
  Pictures Candidates(const std::vector<Win>& wins, int n = 3) {
    Pictures pictures;
    for (const Win& w : wins) {
      const std::set<uint32_t>& f = frames_[w.window];
      auto it = f.end();
      for (int k = 0; k < n && it != f.begin(); ++k) {
        --it;
        pictures[w.window].push_back(w.camera->SourceFrame(*it));
      }
    }
    return pictures;
  }

  // Whether pixel value got at (x, y) fits the composition of wins over the
  // decorations (a video pixel: any of its window's candidate pictures).
  static bool Fits(uint16_t got, const std::vector<Win>& wins, Pictures& pictures, int x, int y,
                   std::string* why) {
    const Win* top = nullptr;
    for (const Win& w : wins) {
      if (Inside(w, x, y) && (top == nullptr || w.z > top->z)) top = &w;
    }
    if (top == nullptr) {
      const uint16_t want = Decoration(wins, x, y);
      if (why) *why = "decoration " + std::to_string(want);
      return got == want;
    }
    const int vx = CaptureX0(top->w) + x - top->x, vy = CaptureY0(top->h) + y - top->y;
    if (why) *why = "window " + std::to_string(top->window) + " video";
    for (const media::Image& p : pictures[top->window]) {
      if (p.at(vx, vy) == got) return true;
    }
    return false;
  }

  // Pixels of screen that do not fit the composition; the first few in *where.
  int Mismatches(const media::Image& screen, const std::vector<Win>& wins, std::string* where) {
    Pictures pictures = Candidates(wins);
    int bad = 0;
    for (int y = 0; y < screen.height; ++y) {
      for (int x = 0; x < screen.width; ++x) {
        std::string why;
        if (!Fits(screen.at(x, y), wins, pictures, x, y, &why) && ++bad <= 5) {
          *where += " (" + std::to_string(x) + "," + std::to_string(y) + ") is " +
                    std::to_string(screen.at(x, y)) + ", wants " + why + ";";
        }
      }
    }
    return bad;
  }

 private:
  Network net_;
  SocPath path_;
  std::unique_ptr<NetTransport> transport_;
  std::unique_ptr<hcp::HcpClient> client_;
  std::map<uint8_t, std::set<uint32_t>> frames_;
  std::map<uint8_t, uint64_t> complete_;
};

#endif  // PEGASUS_PEGASUSD_ELF

// Two camera windows overlapping on display0 with the window manager's borders: the
// whole screen equals the composition. Then camera0's window moves while both
// cameras stream: every scan meanwhile shows, pixel by pixel, the composition with the
// window at its old place or its new one, or the pixel the scan before showed there
// (not yet drawn again); a window never appears anywhere else, and the other window
// and every border away from the move stay exact. Once the move is done the screen
// equals the composition with the window at its new place: its old border and the
// video it left are painted over.
TEST(NetPegasusd, TwoCameraWindowsWithBordersEqualTheComposition) {
#ifndef PEGASUS_PEGASUSD_ELF
  GTEST_SKIP() << "built without the firmware images";
#else
  PegasusdNet p;
  std::vector<hcp::DeviceInfo> devices;
  ASSERT_TRUE(p.client().Devices(&devices).ok());
  std::map<std::string, std::pair<uint16_t, uint8_t>> by_name;
  for (const hcp::DeviceInfo& d : devices) by_name[d.name] = {d.id, d.kind};
  using K = hcp::DeviceKind;
  EXPECT_EQ(by_name["camera1"], std::make_pair(kCamera1, static_cast<uint8_t>(K::kCamera)));
  EXPECT_EQ(by_name["audio0"], std::make_pair(kAudio0, static_cast<uint8_t>(K::kAudio)));
  EXPECT_EQ(by_name["audio1"], std::make_pair(kAudio1, static_cast<uint8_t>(K::kAudio)));
  const auto sw = p.Stats(2);
  EXPECT_EQ(sw.at("ports"), 8u);
  EXPECT_EQ(sw.at("port3.device"), kAudio0);
  EXPECT_EQ(sw.at("port4.device"), kCamera1);
  EXPECT_EQ(sw.at("port5.device"), kAudio1);

  uint16_t id0 = 0, id1 = 0;
  std::vector<Win> wins;
  wins.push_back(p.Connect(kCamera0, 24, 40, 80, 48, &id0));
  wins.push_back(p.Connect(kCamera1, 88, 64, 96, 64, &id1));
  EXPECT_EQ(wins[0].window, 1);
  EXPECT_EQ(wins[1].window, 2);
  EXPECT_EQ(wins[0].z, 1) << "camera windows are above the decorations window (z 0)";
  EXPECT_GT(wins[1].z, wins[0].z) << "a new window opens in front";
  p.RunFrames(wins, 2);
  std::string where;
  const media::Image& screen = p.path().display->screen();
  EXPECT_EQ(p.Mismatches(screen, wins, &where), 0) << where;
  // The composition is not trivially met: borders and both pictures are on the screen.
  int border = 0;
  for (uint16_t px : screen.pixels) border += px == pegasusd::kBorderColour;
  EXPECT_GT(border, 2 * (80 + 96) * pegasusd::kBorder / 2);

  // Move camera0's window while both stream, watching every scan.
  const media::Image before_move = screen;
  const std::vector<Win> before = wins;
  wins[0].x = 200;
  wins[0].y = 150;
  std::vector<media::Image> scans;
  uint64_t seen = p.path().display->screens();
  p.transport().on_step = [&] {
    if (p.path().display->screens() != seen) {
      seen = p.path().display->screens();
      scans.push_back(p.path().display->screen());
    }
  };
  hcp::ConnectionInfo moved;
  const hcp::ClientStatus s = p.client().Window(id0, hcp::WindowOp::kMove, 200, 150, &moved);
  ASSERT_TRUE(s.ok()) << s.message;
  p.transport().on_step = nullptr;
  EXPECT_EQ(moved.x, 200);
  EXPECT_EQ(moved.y, 150);
  ASSERT_GE(scans.size(), 1u) << "the move took less than a scan";
  media::Image last = before_move;
  // The frames drawn before and during the move.
  Pictures old_pictures = p.Candidates(before, 8), new_pictures = p.Candidates(wins, 8);
  for (size_t k = 0; k < scans.size(); ++k) {
    int bad = 0;
    std::string where_k;
    for (int y = 0; y < scans[k].height; ++y) {
      for (int x = 0; x < scans[k].width; ++x) {
        const uint16_t got = scans[k].at(x, y);
        if (got == last.at(x, y) || PegasusdNet::Fits(got, before, old_pictures, x, y, nullptr) ||
            PegasusdNet::Fits(got, wins, new_pictures, x, y, nullptr)) {
          continue;
        }
        if (++bad <= 5) {
          where_k += " (" + std::to_string(x) + "," + std::to_string(y) + ") is " +
                     std::to_string(got) + ";";
        }
      }
    }
    EXPECT_EQ(bad, 0) << "scan " << k << " of the move:" << where_k;
    last = scans[k];
  }
  p.RunFrames(wins, 2);
  where.clear();
  EXPECT_EQ(p.Mismatches(p.path().display->screen(), wins, &where), 0) << where;
  const auto d = p.Stats(kDisplay0);
  EXPECT_EQ(d.at("connections"), 2u);
  EXPECT_EQ(d.at("window_changes"), 1u);
#endif
}

// audio0 -> audio1 through sw0 by `CONNECT audio0 audio1` (guaranteed class): every
// frame audio1 plays is audio0's tone sample for its time, from the first cell that
// arrived, with no gap; before the connection sw0 drops audio0's cells (no VC) and
// after the disconnect it does again. Bad requests (audio to a display, a camera to
// audio, a second connection of a busy device, a window for audio, an unknown device)
// are refused with their errors and change nothing.
TEST(NetPegasusd, AudioConnectionPlaysTheToneSampleExact) {
#ifndef PEGASUS_PEGASUSD_ELF
  GTEST_SKIP() << "built without the firmware images";
#else
  PegasusdNet p;
  AudioNode& a0 = *p.path().audio0;
  AudioNode& a1 = *p.path().audio1;
  p.net().Run(20 * kCellCycles);
  auto s0 = p.Stats(kAudio0);
  EXPECT_EQ(s0.at("connection"), 0u);
  EXPECT_EQ(s0.at("port"), netmgr::kAudioPort);
  EXPECT_GT(s0.at("cells_in"), 10u);
  EXPECT_EQ(s0.at("drops"), s0.at("cells_in")) << "no route yet: every cell dropped";
  EXPECT_TRUE(a1.played().empty());

  hcp::ConnectionInfo c;
  const auto refused = [&](uint16_t src, uint16_t sink, int16_t x, uint16_t code,
                           const std::string& text) {
    const hcp::ClientStatus s = p.client().Connect(src, sink, x, 0, 0, 0, &c);
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.code, code) << s.message;
    EXPECT_NE(s.message.find(text), std::string::npos) << s.message;
  };
  using E = hcp::ErrorCode;
  const uint16_t bad_request = static_cast<uint16_t>(E::kBadRequest);
  refused(kAudio0, kDisplay0, 0, bad_request, "not audio0 and display0");
  refused(kCamera0, kAudio1, 0, bad_request, "not camera0 and audio1");
  refused(kAudio1, kAudio0, 0, bad_request, "not audio1 and audio0");
  refused(kAudio0, kAudio1, 8, bad_request, "an audio connection has no window");
  refused(kAudio0, 9, 0, static_cast<uint16_t>(E::kNoSuchDevice), "no device with id 9");
  EXPECT_EQ(p.Stats(kAudio0).at("connection"), 0u);

  ASSERT_TRUE(p.client().Connect(kAudio0, kAudio1, 0, 0, 0, 0, &c).ok());
  const uint16_t id = c.id;
  EXPECT_EQ(c.window, 0);
  refused(kAudio0, kAudio1, 0, static_cast<uint16_t>(E::kInUse),
          "audio0's data VC 48 is in use by connection " + std::to_string(id));
  hcp::ConnectionInfo w;
  const hcp::ClientStatus ws = p.client().Window(id, hcp::WindowOp::kMove, 0, 0, &w);
  EXPECT_EQ(ws.code, bad_request) << ws.message;
  EXPECT_NE(ws.message.find("is an audio connection"), std::string::npos) << ws.message;

  p.net().Run(60 * kCellCycles + a1.config().latency);
  const PlayCheck r = CheckPlayed(a1, a0.start_cycle(), Tone);
  EXPECT_GT(r.frames, 8u * 50);
  EXPECT_EQ(r.gap_frames, 0u);
  const AudioStats st = a1.stats();
  EXPECT_EQ(st.underruns, 0u);
  EXPECT_EQ(st.late + st.early + st.bad, 0u);
  s0 = p.Stats(kAudio0);
  const auto s1 = p.Stats(kAudio1);
  EXPECT_EQ(s0.at("connection"), id);
  EXPECT_EQ(s1.at("connection"), id);
  EXPECT_GE(s1.at("cells_out"), st.cells);

  ASSERT_TRUE(p.client().Disconnect(id).ok());
  const uint64_t out = p.Stats(kAudio1).at("cells_out");
  p.net().Run(20 * kCellCycles);
  EXPECT_EQ(p.Stats(kAudio1).at("cells_out"), out);
  s0 = p.Stats(kAudio0);
  EXPECT_EQ(s0.at("connection"), 0u);
  EXPECT_EQ(s0.at("cells_in") - s0.at("drops"), out)
      << "every cell from audio0 while connected went to audio1";
#endif
}

}  // namespace
}  // namespace pegasus::net
