// The host bridge port (sim_cpp/net/bridge_node.h) end to end: a host client
// (host/bridge/bridge_client.h) sends camera tile PDUs through the bridge and the
// switch into a display window, and the screen must equal host/display's model fed
// exactly those PDUs; the camera's video routed to the bridge must reach the client as
// the camera model's PDUs (host/media's EncodeFrame of the pattern); bad frames on the
// socket get their ERROR and leave the video path as the models say; the SystemC and
// plain runners give the same cycles, PDUs and pixels. The codec is checked on its own
// first.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "host/bridge/bridge_client.h"
#include "host/bridge/bridge_codec.h"
#include "host/display/display_model.h"
#include "host/media/tile_decoder.h"
#include "sim_cpp/net/network.h"
#include "tests/net/screen_check.h"

namespace pegasus::net {
namespace {

using bridge::BridgeClient;
using bridge::ErrorCode;
using bridge::Message;

constexpr uint16_t kHostVci = 200;    // the client's tiles leave the bridge on 0/200
constexpr uint16_t kHostWindow = 2;   // ... and reach the display as VCI 2 (window 2)
constexpr uint16_t kCameraVci = 1;    // camera0's video at the display (window 1)
constexpr uint16_t kToHostVci = 100;  // camera0's video at the bridge

struct BridgeNet {
  SwitchNode* sw = nullptr;
  CameraNode* cam = nullptr;
  DisplayNode* disp = nullptr;
  BridgeNode* bridge = nullptr;
};

// camera0 -> sw0.1, sw0.2 -> display0, bridge0 <-> sw0.3; links of 2 bytes a cycle.
BridgeNet Build(Network& net, const CameraConfig& cc, const BridgeConfig& bc = {}) {
  BridgeNet n;
  n.sw = &net.AddSwitch("sw0", 4);
  n.cam = &net.AddCamera("camera0", cc);
  n.disp = &net.AddDisplay("display0");
  n.bridge = &net.AddBridge("bridge0", bc);
  LinkParams link;
  link.delay = 64;
  link.bytes_per_cycle = 2;
  net.Connect(*n.cam, Port(*n.sw, 1), link);
  link.seed = 1;
  net.Connect(Port(*n.sw, 2), *n.disp, link);
  link.seed = 2;
  net.Connect(*n.bridge, Port(*n.sw, 3), link);
  return n;
}

std::unique_ptr<BridgeClient> Connect(const BridgeNode& b) {
  auto c = BridgeClient::Connect("127.0.0.1:" + std::to_string(b.tcp_port()));
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(*c) : nullptr;
}

// Every message that has arrived; stops at the connection's end (closed() then).
void Drain(BridgeClient& c, std::vector<Message>* out) {
  while (!c.closed()) {
    auto m = c.Receive(0);
    if (!m.ok()) {
      EXPECT_EQ(m.status().code(), Status::Code::kUnavailable) << m.status().ToString();
      return;
    }
    if (!m->has_value()) return;
    out->push_back(std::move(**m));
  }
}

// Runs the network in pieces, reading the client, until pred() holds (or max_cycles).
bool RunReading(Network& net, BridgeClient& c, std::vector<Message>* got,
                const std::function<bool()>& pred, uint64_t max_cycles) {
  const uint64_t end = net.cycle() + max_cycles;
  for (;;) {
    Drain(c, got);
    if (pred()) return true;
    if (net.cycle() >= end) return false;
    net.Run(4096);
  }
}

// The camera model's PDU with this PDU's frame, timestamp and position (so a PDU that
// differs in any pixel or trailer field is caught); empty when its trailer is bad.
std::vector<uint8_t> ModelPdu(const CameraNode& cam, const std::vector<uint8_t>& pdu) {
  auto t = media::ParseTilePdu(pdu);
  if (!t.ok()) return {};
  const int k = cam.config().tiles_per_pdu;
  const int per_row = (cam.config().tiles_x + k - 1) / k;
  const auto frame = media::EncodeFrame(VideoFrame(cam, t->frame), k, t->frame, t->timestamp);
  const size_t n = static_cast<size_t>(t->tile_y * per_row + t->tile_x / k);
  return n < frame.size() ? frame[n] : std::vector<uint8_t>{};
}

// Waits for the last drawn PDU to be scanned out whole.
void ScanOut(Network& net, const DisplayNode& d) {
  const uint64_t last = d.last_draw_cycle();
  ASSERT_TRUE(net.RunUntil([&] { return d.screen_start() > last; }, 400'000));
  ASSERT_EQ(d.last_draw_cycle(), last) << "PDUs still arriving";
}

// An 80x48 image of random pixels (seeded) as tile PDUs of 4 tiles (rows of 4, 4, 2).
std::vector<std::vector<uint8_t>> HostTiles(uint32_t seed) {
  std::printf("host tiles: seed %u\n", seed);
  std::mt19937 rng(seed);
  media::Image img(80, 48);
  for (uint16_t& p : img.pixels) p = static_cast<uint16_t>(rng());
  return media::EncodeFrame(img, 4, 7, 123456);
}

// A window for the client's tiles: video frame at (40, 100), the clip rectangle
// cutting its left 8 columns and bottom 8 rows, in front of window 1.
display::WindowDesc HostWindow() { return display::MakeWindow(40, 100, 48, 100, 319, 139, 3); }

// Routes 0/kHostVci from the bridge to display window kHostWindow.
void RouteHostToDisplay(Network& net, BridgeNet& n) {
  ASSERT_TRUE(net.Route(*n.bridge, 0, kHostVci, *n.disp, 0, kHostWindow).ok());
  ASSERT_TRUE(n.disp->SetWindow(0, kHostWindow, HostWindow()).ok());
}

// Frames that should come back as errors, with the code each must get.
std::vector<uint8_t> Pdu(uint8_t cpi, size_t payload) {
  bridge::PduMessage p;
  p.vci = 300;
  p.cpi = cpi;
  p.payload.assign(payload, 0xA5);
  return bridge::EncodePdu(p, false);
}

TEST(BridgeCodec, RoundTripsAndRefusesBadFrames) {
  bridge::PduMessage p;
  p.vpi = 3;
  p.vci = 0xBEEF;
  p.clp = true;
  p.uu = 0x5A;
  p.cycle = 0x0102030405060708ull;
  p.lost = 9;
  p.payload = {1, 2, 3};
  const auto rx = bridge::EncodePdu(p, true);
  ASSERT_EQ(rx.size(), bridge::kHeaderBytes + 20 + 3);
  EXPECT_EQ(rx[0], 'P');
  EXPECT_EQ(rx[1], 'B');
  EXPECT_EQ(rx[2], 1);
  EXPECT_EQ(rx[3], bridge::kTypePduReceived);
  EXPECT_EQ(rx[7], 23);  // body length, big-endian
  // Fed a byte at a time: one frame, at its last byte.
  bridge::Decoder d(bridge::kMaxBodyToHost);
  for (size_t i = 0; i < rx.size(); ++i) {
    d.Push(std::span<const uint8_t>(&rx[i], 1));
    EXPECT_EQ(d.Next(),
              i + 1 == rx.size() ? bridge::Decoder::Event::kFrame : bridge::Decoder::Event::kNeed);
  }
  auto q = bridge::ParsePdu(d.body(), true);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->vpi, 3);
  EXPECT_EQ(q->vci, 0xBEEF);
  EXPECT_TRUE(q->clp);
  EXPECT_EQ(q->uu, 0x5A);
  EXPECT_EQ(q->cycle, p.cycle);
  EXPECT_EQ(q->lost, 9u);
  EXPECT_EQ(q->payload, p.payload);
  // The same body as a PDU_SEND has 12 bytes too many before the payload: still a
  // well-formed PDU_SEND, so check the fields that would be refused instead.
  EXPECT_FALSE(bridge::ParsePdu(std::vector<uint8_t>{0, 0, 0, 1, 0, 1, 0, 0}, false).ok());  // CPI
  EXPECT_FALSE(
      bridge::ParsePdu(std::vector<uint8_t>{0, 2, 0, 1, 0, 0, 0, 0}, false).ok());        // flags
  EXPECT_FALSE(bridge::ParsePdu(std::vector<uint8_t>{0, 0, 0, 1, 0, 0, 0}, false).ok());  // short
  EXPECT_TRUE(bridge::ParsePdu(std::vector<uint8_t>{0, 1, 0, 1, 0, 0, 0, 0}, false).ok());
  const auto hello = bridge::EncodeHello({bridge::kMaxPduBytes, "bridge0"});
  auto h = bridge::ParseHello(std::span<const uint8_t>(hello).subspan(bridge::kHeaderBytes));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->name, "bridge0");
  EXPECT_EQ(h->max_pdu, 65535);

  struct Bad {
    std::vector<uint8_t> bytes;
    ErrorCode code;
  };
  std::vector<uint8_t> big = bridge::EncodeFrame(bridge::kTypePduSend, {});
  big[5] = 0x01;  // body length 65,536 + 8 + 1 is above a PDU_SEND's largest
  big[6] = 0x00;
  big[7] = 0x09;
  const Bad bad[] = {
      {{'G', 'E', 'T', ' ', '/', ' ', 'H', 'T'}, ErrorCode::kBadMagic},
      {bridge::EncodeFrame(bridge::kTypeHello, std::vector<uint8_t>(4), 2), ErrorCode::kBadVersion},
      {big, ErrorCode::kOversize},
  };
  for (const Bad& b : bad) {
    bridge::Decoder e(bridge::kMaxBodyToBridge);
    e.Push(b.bytes);
    ASSERT_EQ(e.Next(), bridge::Decoder::Event::kError);
    EXPECT_EQ(e.error().code, b.code) << e.error().message;
    EXPECT_TRUE(e.failed());
    EXPECT_EQ(e.Next(), bridge::Decoder::Event::kNeed);  // nothing after a lost stream
  }
  // The largest PDU_SEND body is taken.
  bridge::Decoder ok(bridge::kMaxBodyToBridge);
  ok.Push(Pdu(0, bridge::kMaxPduBytes));
  EXPECT_EQ(ok.Next(), bridge::Decoder::Event::kFrame);
}

// Random streams of PDU_SEND frames fed in random pieces, half of them with one header
// byte damaged: the decoder cuts exactly the frames before the damage, then stops with
// the damage's code; undamaged streams are cut whole.
TEST(BridgeCodec, DamagedStreamsStopAtTheDamageWithACode) {
  const uint32_t seed = 1126;
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> stream;
    std::vector<size_t> ends;  // where each good frame ends
    const int n = 1 + static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
      bridge::PduMessage p;
      p.vci = static_cast<uint16_t>(rng());
      p.payload.resize(rng() % 200);
      for (uint8_t& b : p.payload) b = static_cast<uint8_t>(rng());
      const auto f = bridge::EncodePdu(p, false);
      stream.insert(stream.end(), f.begin(), f.end());
      ends.push_back(stream.size());
    }
    // Damage a header byte of a random frame (magic, version or the length's top byte).
    const bool damage = rng() % 2;
    size_t at = 0;
    if (damage) {
      const size_t k = rng() % ends.size();
      at = (k == 0 ? 0 : ends[k - 1]) + std::array<size_t, 4>{0, 1, 2, 4}[rng() % 4];
      stream[at] ^= static_cast<uint8_t>(1 + rng() % 255);
    }
    bridge::Decoder d(bridge::kMaxBodyToBridge);
    size_t pos = 0;
    int frames = 0;
    bool error = false;
    while (pos < stream.size() && !error) {
      const size_t chunk = std::min<size_t>(stream.size() - pos, 1 + rng() % 300);
      d.Push(std::span<const uint8_t>(stream).subspan(pos, chunk));
      pos += chunk;
      for (;;) {
        const auto e = d.Next();
        if (e == bridge::Decoder::Event::kNeed) break;
        if (e == bridge::Decoder::Event::kError) {
          error = true;
          break;
        }
        ++frames;
        ASSERT_TRUE(bridge::ParsePdu(d.body(), false).ok());
      }
    }
    if (!damage) {
      EXPECT_FALSE(error);
      EXPECT_EQ(frames, n);
      continue;
    }
    // Frames wholly before the damaged one are cut; its header (magic, version, or a
    // length grown past the largest) stops the decoder with the code and its number.
    const int before =
        static_cast<int>(std::upper_bound(ends.begin(), ends.end(), at) - ends.begin());
    EXPECT_EQ(frames, before) << "round " << round;
    ASSERT_TRUE(error) << "round " << round;
    EXPECT_TRUE(d.failed());
    EXPECT_TRUE(d.error().code == ErrorCode::kBadMagic ||
                d.error().code == ErrorCode::kBadVersion || d.error().code == ErrorCode::kOversize)
        << static_cast<int>(d.error().code);
    EXPECT_EQ(d.error().frame, static_cast<uint32_t>(before + 1));
  }
}

// (a) A client's tile PDUs -> bridge0 -> sw0 -> display0's window 2: the screen is
// exactly the display model fed those PDUs, and the counters account for every cell.
TEST(NetBridge, HostTilePdusAreDrawnExactly) {
  Network net;
  BridgeNet n = Build(net, SmallCamera(1));
  RouteHostToDisplay(net, n);
  ASSERT_TRUE(net.Settle(1'000'000).ok());
  const auto tiles = HostTiles(20261126);
  ASSERT_EQ(tiles.size(), 18u);  // 6 tile rows of 4 + 4 + 2 tiles
  auto client = Connect(*n.bridge);
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->SendHello("bridge_test").ok());
  size_t cells = 0;
  for (const auto& t : tiles) {
    bridge::PduMessage p;
    p.vci = kHostVci;
    p.payload = t;
    ASSERT_TRUE(client->SendPdu(p).ok());
    cells += atm::Aal5CellCount(t.size());
  }
  std::vector<Message> got;
  ASSERT_TRUE(RunReading(
      net, *client, &got, [&] { return n.disp->pdus_drawn() >= tiles.size(); }, 1'000'000))
      << net.Summary();
  ScanOut(net, *n.disp);
  ASSERT_TRUE(net.ReadCounters().ok());
  std::printf("%s", net.Summary().c_str());

  display::DisplayModel model = NewScreenModel();
  model.WriteShadow(kHostWindow, HostWindow());
  model.Swap();
  for (const auto& t : tiles) model.Blit(kHostWindow, t);
  EXPECT_EQ(CompareScreen(*n.disp, model), 0);
  EXPECT_EQ(n.disp->pdus_drawn(), tiles.size());
  EXPECT_GT(model.counters().pix_clipped, 0u);
  EXPECT_EQ(n.disp->stats().display, model.counters());

  const BridgeStats s = n.bridge->stats();
  EXPECT_EQ(s.clients, 1u);
  EXPECT_EQ(s.hellos, 1u);
  EXPECT_EQ(s.pdus_from_host, tiles.size());
  EXPECT_EQ(s.cells_to_link, cells);
  EXPECT_EQ(n.sw->manager().counters()[3].in, cells);
  EXPECT_EQ(n.sw->manager().counters()[3].drops(), 0u);
  // The bridge said hello first and nothing else came back.
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].type, bridge::kTypeHello);
  EXPECT_EQ(got[0].hello.name, "bridge0");
  EXPECT_EQ(got[0].hello.max_pdu, 65535);
}

// (b) camera0's video multicast to display0 and to bridge0: the client receives every
// tile PDU, each equal to the camera model's, in order, on the bridge's VC.
TEST(NetBridge, CameraVideoReachesTheClientAsTheModelsPdus) {
  Network net;
  BridgeNet n = Build(net, SmallCamera(2));
  const CameraConfig& c = n.cam->config();
  ASSERT_TRUE(
      net.ShowCamera(*n.cam, *n.disp, display::MakeWindow(0, 0, 0, 0, 159, 119), kCameraVci).ok());
  ASSERT_TRUE(net.Route(*n.cam, c.vpi, c.vci, *n.bridge, 0, kToHostVci).ok());
  ASSERT_TRUE(net.Settle(1'000'000).ok());
  auto client = Connect(*n.bridge);
  ASSERT_TRUE(client);
  std::vector<Message> got;
  ASSERT_TRUE(RunReading(
      net, *client, &got, [&] { return n.bridge->connected(); }, 20'000));
  n.cam->Start();
  ASSERT_TRUE(RunReading(
      net, *client, &got, [&] { return n.cam->stopped(); }, 40 * n.cam->frame_cycles()));
  RunReading(
      net, *client, &got, [] { return false; }, n.cam->frame_cycles());  // the rest
  std::printf("%s", net.Summary().c_str());

  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].type, bridge::kTypeHello);
  size_t pdus = 0;
  uint64_t prev_cycle = 0;
  std::map<uint32_t, int> per_frame;
  for (size_t i = 1; i < got.size(); ++i) {
    const Message& m = got[i];
    ASSERT_EQ(m.type, bridge::kTypePduReceived) << "message " << i << ": " << m.error.message;
    ++pdus;
    EXPECT_EQ(m.pdu.vpi, 0);
    EXPECT_EQ(m.pdu.vci, kToHostVci);
    EXPECT_FALSE(m.pdu.clp);
    EXPECT_EQ(m.pdu.uu, 0);
    EXPECT_EQ(m.pdu.lost, 0u);
    EXPECT_GT(m.pdu.cycle, prev_cycle);
    prev_cycle = m.pdu.cycle;
    const auto model = ModelPdu(*n.cam, m.pdu.payload);
    ASSERT_FALSE(model.empty()) << "PDU " << i << " has no place in the camera's frame";
    EXPECT_TRUE(m.pdu.payload == model) << "PDU " << i << " differs from the camera model's";
    ++per_frame[media::ParseTilePdu(m.pdu.payload)->frame];
  }
  EXPECT_EQ(n.cam->band_drops(), 0u);
  EXPECT_EQ(pdus, 2u * 15 * 4);  // 2 frames x 15 bands x 4 PDUs of 5 tiles
  EXPECT_EQ(per_frame.size(), 2u);
  const BridgeStats s = n.bridge->stats();
  EXPECT_EQ(s.pdus_to_host, pdus);
  EXPECT_EQ(s.reasm.pdus, pdus);
  EXPECT_EQ(s.drop_no_client + s.drop_host_slow + s.reasm.drop_crc + s.reasm.drop_length, 0u);
  EXPECT_EQ(s.cells_from_link, pdus * 14);  // 664 bytes: 14 cells a PDU
  EXPECT_EQ(n.disp->pdus_drawn(), pdus);    // the display got the same video
}

// Runs until the client gets an ERROR; returns it (code 0 when none came).
bridge::ErrorMessage AwaitError(Network& net, BridgeClient& c) {
  std::vector<Message> got;
  bridge::ErrorMessage e;
  e.code = ErrorCode{0};
  RunReading(
      net, c, &got,
      [&] {
        for (const Message& m : got) {
          if (m.type == bridge::kTypeError) {
            e = m.error;
            return true;
          }
        }
        return c.closed();
      },
      200'000);
  return e;
}

// (c) Bad frames while camera0 streams to display0 and bridge0: each gets its ERROR
// (skipped, or the connection closed after it), and the video on the screen and at
// the next client is exactly the models'.
TEST(NetBridge, BadFramesGetErrorsAndLeaveTheVideoUntouched) {
  Network net;
  constexpr uint32_t kFrames = 8;  // the bad clients take about four frame times
  BridgeNet n = Build(net, SmallCamera(kFrames));
  const CameraConfig& c = n.cam->config();
  const display::WindowDesc window = display::MakeWindow(80, 60, 80, 60, 239, 179);
  ASSERT_TRUE(net.ShowCamera(*n.cam, *n.disp, window, kCameraVci).ok());
  ASSERT_TRUE(net.Route(*n.cam, c.vpi, c.vci, *n.bridge, 0, kToHostVci).ok());
  ASSERT_TRUE(net.Settle(1'000'000).ok());
  std::vector<DrawnPdu> drawn;
  n.disp->on_drawn = [&](const DrawnPdu& p) { drawn.push_back(p); };
  n.cam->Start();

  // Skipped frames: the connection stays and takes the next good frame.
  {
    auto cl = Connect(*n.bridge);
    ASSERT_TRUE(cl);
    const uint8_t body[] = {'x'};
    ASSERT_TRUE(cl->SendRaw(bridge::EncodeFrame(9, body)).ok());
    bridge::ErrorMessage e = AwaitError(net, *cl);
    EXPECT_EQ(e.code, ErrorCode::kUnknownType) << e.message;
    EXPECT_EQ(e.type, 9);
    EXPECT_EQ(e.frame, 1u);
    ASSERT_TRUE(cl->SendRaw(Pdu(1, 10)).ok());  // CPI 1
    e = AwaitError(net, *cl);
    EXPECT_EQ(e.code, ErrorCode::kMalformed) << e.message;
    EXPECT_EQ(e.frame, 2u);
    EXPECT_NE(e.message.find("CPI"), std::string::npos) << e.message;
    const uint8_t shortbody[] = {0, 0, 1};
    ASSERT_TRUE(cl->SendRaw(bridge::EncodeFrame(bridge::kTypePduSend, shortbody)).ok());
    e = AwaitError(net, *cl);
    EXPECT_EQ(e.code, ErrorCode::kMalformed) << e.message;
    EXPECT_EQ(e.frame, 3u);
    // A good PDU on an unrouted VC: segmented and sent, dropped by the switch.
    ASSERT_TRUE(cl->SendRaw(Pdu(0, 100)).ok());
    net.Run(20'000);
    EXPECT_FALSE(cl->closed());
    EXPECT_EQ(n.bridge->stats().pdus_from_host, 1u);
    EXPECT_EQ(n.bridge->stats().cells_to_link, 3u);
  }
  // Frames after which the stream cannot be trusted: answered, then closed.
  struct Fatal {
    const char* what;
    std::vector<uint8_t> bytes;
    ErrorCode code;
  };
  std::vector<uint8_t> oversize = Pdu(0, 10);
  oversize[4] = 0x7F;  // body length 0x7F00_0012
  std::vector<uint8_t> truncated = Pdu(0, 200);
  truncated.resize(100);
  const std::vector<Fatal> fatal = {
      {"bad magic", {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P'}, ErrorCode::kBadMagic},
      {"oversize", oversize, ErrorCode::kOversize},
      {"version 2", bridge::EncodeFrame(bridge::kTypeHello, std::vector<uint8_t>(4), 2),
       ErrorCode::kBadVersion},
      {"truncated", truncated, ErrorCode::kTruncated},
  };
  for (const Fatal& f : fatal) {
    SCOPED_TRACE(f.what);
    auto cl = Connect(*n.bridge);
    ASSERT_TRUE(cl);
    ASSERT_TRUE(cl->SendRaw(f.bytes).ok());
    if (f.code == ErrorCode::kTruncated) {
      ASSERT_TRUE(cl->FinishSending().ok());
    }
    const bridge::ErrorMessage e = AwaitError(net, *cl);
    EXPECT_EQ(e.code, f.code) << e.message;
    std::printf("%s: error %u on frame %u: %s\n", f.what, static_cast<unsigned>(e.code), e.frame,
                e.message.c_str());
    std::vector<Message> rest;
    EXPECT_TRUE(RunReading(
        net, *cl, &rest, [&] { return cl->closed(); }, 100'000))
        << "the bridge did not close the connection";
  }
  // The next client gets the video as the camera model makes it.
  auto cl = Connect(*n.bridge);
  ASSERT_TRUE(cl);
  std::vector<Message> got;
  ASSERT_TRUE(RunReading(
      net, *cl, &got, [&] { return n.cam->stopped(); }, 40 * n.cam->frame_cycles()));
  RunReading(
      net, *cl, &got, [] { return false; }, n.cam->frame_cycles() + 20'000);
  ScanOut(net, *n.disp);
  ASSERT_TRUE(net.ReadCounters().ok());
  std::printf("%s", net.Summary().c_str());
  std::map<uint32_t, int> per_frame;
  for (const Message& m : got) {
    if (m.type != bridge::kTypePduReceived) continue;
    EXPECT_TRUE(m.pdu.payload == ModelPdu(*n.cam, m.pdu.payload));
    ++per_frame[media::ParseTilePdu(m.pdu.payload)->frame];
  }
  // Every frame that began after the client connected came whole (all but the first).
  ASSERT_GE(per_frame.size(), 2u);
  for (auto it = std::next(per_frame.begin()); it != per_frame.end(); ++it) {
    EXPECT_EQ(it->second, 15 * 4) << "frame " << it->first;
  }

  // The screen: the camera model's PDUs for what the display drew, every one of them.
  EXPECT_EQ(drawn.size(), kFrames * 15 * 4);
  display::DisplayModel model = NewScreenModel();
  model.WriteShadow(kCameraVci, window);
  model.Swap();
  const int per_row = (c.tiles_x + c.tiles_per_pdu - 1) / c.tiles_per_pdu;
  for (const DrawnPdu& p : drawn) {
    const auto frame = media::EncodeFrame(VideoFrame(*n.cam, p.trailer.frame), c.tiles_per_pdu,
                                          p.trailer.frame, p.trailer.timestamp);
    model.Blit(p.index, frame[static_cast<size_t>(p.trailer.tile_y * per_row +
                                                  p.trailer.tile_x / c.tiles_per_pdu)]);
  }
  EXPECT_EQ(CompareScreen(*n.disp, model), 0);
  EXPECT_EQ(n.cam->band_drops(), 0u);
  const auto& sc = n.sw->manager().counters();
  EXPECT_EQ(sc[1].drops(), 0u);
  EXPECT_EQ(sc[3].drops(), 3u);  // the 3 cells on the unrouted VC, nothing else
  const BridgeStats s = n.bridge->stats();
  EXPECT_EQ(s.clients, 6u);
  EXPECT_EQ(s.pdus_from_host, 1u);
  EXPECT_EQ(s.refused[static_cast<size_t>(ErrorCode::kBadMagic)], 1u);
  EXPECT_EQ(s.refused[static_cast<size_t>(ErrorCode::kBadVersion)], 1u);
  EXPECT_EQ(s.refused[static_cast<size_t>(ErrorCode::kOversize)], 1u);
  EXPECT_EQ(s.refused[static_cast<size_t>(ErrorCode::kUnknownType)], 1u);
  EXPECT_EQ(s.refused[static_cast<size_t>(ErrorCode::kMalformed)], 2u);
  EXPECT_EQ(s.refused[static_cast<size_t>(ErrorCode::kTruncated)], 1u);
  EXPECT_EQ(s.reasm.drop_crc + s.reasm.drop_length + s.drop_host_slow, 0u);
}

// (d) The same network and client under SystemC and the plain loop: the same PDUs at
// the same cycles to the client, the same screen, the same counters.
TEST(NetBridge, SystemCAndPlainRunnerAgree) {
  struct Outcome {
    std::vector<std::pair<uint64_t, std::vector<uint8_t>>> received;
    media::Image screen;
    uint64_t last_draw = 0, cells_to_link = 0, cells_from_link = 0;
  };
  std::vector<Outcome> runs;
  const auto tiles = HostTiles(7);
  for (bool systemc : {true, false}) {
    NetworkConfig nc;
    nc.systemc = systemc;
    nc.quantum = 50;
    Network net(nc);
    BridgeConfig bc;
    bc.poll_cycles = 3000;  // not a multiple of the quantum
    BridgeNet n = Build(net, SmallCamera(1), bc);
    const CameraConfig& c = n.cam->config();
    ASSERT_TRUE(
        net.ShowCamera(*n.cam, *n.disp, display::MakeWindow(0, 0, 0, 0, 159, 119), kCameraVci)
            .ok());
    ASSERT_TRUE(net.Route(*n.cam, c.vpi, c.vci, *n.bridge, 0, kToHostVci).ok());
    RouteHostToDisplay(net, n);
    ASSERT_TRUE(net.Settle(1'000'000).ok());
    auto cl = Connect(*n.bridge);
    ASSERT_TRUE(cl);
    for (const auto& t : tiles) {
      bridge::PduMessage p;
      p.vci = kHostVci;
      p.payload = t;
      ASSERT_TRUE(cl->SendPdu(p).ok());
    }
    n.cam->Start();
    std::vector<Message> got;
    RunReading(
        net, *cl, &got, [] { return false; }, 150'000);
    Outcome o;
    for (const Message& m : got) {
      if (m.type == bridge::kTypePduReceived) o.received.emplace_back(m.pdu.cycle, m.pdu.payload);
    }
    o.screen = n.disp->screen();
    o.last_draw = n.disp->last_draw_cycle();
    o.cells_to_link = n.bridge->stats().cells_to_link;
    o.cells_from_link = n.bridge->stats().cells_from_link;
    EXPECT_EQ(n.bridge->stats().pdus_from_host, tiles.size());
    EXPECT_GT(o.received.size(), 0u);
    runs.push_back(std::move(o));
  }
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].received.size(), runs[1].received.size());
  EXPECT_TRUE(runs[0].received == runs[1].received);
  EXPECT_TRUE(runs[0].screen == runs[1].screen);
  EXPECT_EQ(runs[0].last_draw, runs[1].last_draw);
  EXPECT_EQ(runs[0].cells_to_link, runs[1].cells_to_link);
  EXPECT_EQ(runs[0].cells_from_link, runs[1].cells_from_link);
}

TEST(NetBridge, BadBridgeDescriptionsAreRejected) {
  Network net;
  BridgeConfig bc;
  bc.accept = {{0, 1}, {0, 2}, {0, 3}};
  bc.max_vcs = 2;
  EXPECT_THROW(net.AddBridge("bridge0", bc), TopologyError);
  BridgeNode& b = net.AddBridge("bridge1");
  EXPECT_GT(b.tcp_port(), 0);
  BridgeConfig taken;
  taken.tcp_port = b.tcp_port();  // already listening
  EXPECT_THROW(net.AddBridge("bridge2", taken), TopologyError);
  EXPECT_THROW(net.AddBridge("bridge1"), TopologyError);
}

}  // namespace
}  // namespace pegasus::net
