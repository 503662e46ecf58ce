// camera_top end to end: cells out of the camera are reassembled (host/atm/aal5.h) and
// rebuilt into frames (host/media/tile_decoder.h), which must equal the source frames
// pixel for pixel:
//   - the RTL test pattern against its C++ reference (host/media/test_pattern.h), at
//     k = 5 and k = 7 tiles a PDU (7 leaves a short PDU at the end of each band);
//   - frames from a PPM file fed through the pixel-source model, whole and through a
//     capture rectangle;
//   - band latency (last pixel of a band in -> last cell of its tiles out), printed;
//   - back-pressure: long stalls on m_cell_tready_i drop whole bands, counted, and
//     every tile that arrives is intact;
//   - decimation and start/stop;
//   - commands on the control VC (camera_cmd): start, configure and stop take effect
//     at frame boundaries (frames after a configure are the new rectangle of the
//     pattern, pixel for pixel; the frame-sync messages carry the command's sequence
//     number); malformed commands and cells on other VCs are dropped, counted by
//     reason, and change nothing.
// The resolution comes from the target's parameters (PEGASUS_PARAM_Width/Height).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "host/atm/aal5.h"
#include "host/media/image.h"
#include "host/media/test_pattern.h"
#include "host/media/tile_decoder.h"
#include "sim_cpp/bfm/cell_stream.h"
#include "sim_cpp/bfm/pixel_source.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::media {
namespace {

using Model = PEGASUS_RTL_MODEL;
constexpr int kWidth = PEGASUS_PARAM_Width;
constexpr int kHeight = PEGASUS_PARAM_Height;
constexpr int kHBlank = PEGASUS_PARAM_HBlank;
constexpr int kVBlank = PEGASUS_PARAM_VBlank;
constexpr uint8_t kVpi = 1;
constexpr uint16_t kVci = 100;
constexpr uint16_t kCtlVci = 101;

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

struct Config {
  bool ext = false;
  bool enable = true;
  int decim = 0;
  int x0 = 0, y0 = 0;
  int tiles_x = kWidth / 8, tiles_y = kHeight / 8;
  int k = 5;
  bool commands = false;  // configuration by commands (cfg_cmd_en_i)
};

// The camera with a cell sink, a decoder and per-band timing.
class Camera {
 public:
  explicit Camera(const Config& cfg)
      : sim_(TestName()), sink_(sim_.model(), sim_.rng(), 100),
        cmd_(sim_.model(), sim_.rng(), 100), pix_(sim_.model(), kHBlank, kVBlank),
        decoder_(cfg.tiles_x * 8, cfg.tiles_y * 8, kVpi, kVci), cfg_(cfg) {
    (void)band_reasm_.Open(kVpi, kVci);
    (void)band_reasm_.Open(kVpi, kCtlVci);
    Apply(cfg);
    sim_.Reset();
  }

  void Apply(const Config& cfg) {
    cfg_ = cfg;
    sim_->cfg_ext_pix_i = cfg.ext;
    sim_->cfg_enable_i = cfg.enable;
    sim_->cfg_decim_i = cfg.decim;
    sim_->cfg_x0_i = cfg.x0;
    sim_->cfg_y0_i = cfg.y0;
    sim_->cfg_tiles_x_i = cfg.tiles_x;
    sim_->cfg_tiles_y_i = cfg.tiles_y;
    sim_->cfg_tiles_per_pdu_i = cfg.k;
    sim_->cfg_vpi_i = kVpi;
    sim_->cfg_vci_i = kVci;
    sim_->cfg_ctl_vci_i = kCtlVci;
    sim_->cfg_cmd_en_i = cfg.commands;
  }

  // Queues cells for the camera's network input (commands).
  void SendCells(const std::vector<atm::Cell>& cells) {
    for (const atm::Cell& c : cells) cmd_.PushCell(c.ToWords());
  }
  void SendCommand(const CameraCommand& c, uint16_t vci = kCtlVci) {
    SendCells(atm::Aal5Segment(EncodeCameraCommand(c), kVpi, vci));
  }

  // One clock cycle.
  void Step() {
    sim_->timestamp_i = static_cast<uint32_t>(sim_.cycle());
    if (cfg_.ext) pix_.Drive();
    sink_.Drive();
    cmd_.Drive();
    sim_->eval();
    sink_.Sample();
    cmd_.Sample();
    const uint64_t edge = sim_.cycle() + 1;
    sim_.Tick();
    if (sim_->band_done_o) band_in_.push_back(edge - 1);
    for (auto& words : sink_.TakeCells()) {
      ++cells_;
      decoder_.PushWords(words, edge);
      band_reasm_.Push(atm::Cell::FromWords(std::span<const uint32_t, 13>(words.data(), 13)), edge);
      while (auto pdu = band_reasm_.Pop()) {
        if (pdu->vci == kCtlVci) {
          auto sync = ParseFrameSync(pdu->data);
          EXPECT_TRUE(sync.ok()) << sync.status().ToString();
          if (sync.ok()) syncs_.push_back(*sync);
          continue;
        }
        auto tr = ParseTilePdu(pdu->data);
        if (tr.ok() && tr->tile_x + tr->count == cfg_.tiles_x) band_out_.push_back(edge);
        if (keep_tiles_) {
          auto t = DecodeTilePdu(pdu->data);
          EXPECT_TRUE(t.ok()) << t.status().ToString();
          if (t.ok()) tiles_.push_back(std::move(*t));
        }
      }
    }
  }
  void Run(uint64_t cycles) {
    for (uint64_t i = 0; i < cycles; ++i) Step();
  }
  // Runs until n frames are decoded (or max cycles).
  void RunFrames(size_t n, uint64_t max_cycles) {
    for (uint64_t i = 0; i < max_cycles && frames_.size() < n; ++i) {
      Step();
      while (auto f = decoder_.tiles().Pop()) frames_.push_back(std::move(*f));
    }
  }

  sim::Harness<Model>& sim() { return sim_; }
  sim::CellSink<Model>& sink() { return sink_; }
  sim::PixelSource<Model>& pix() { return pix_; }
  CameraCellDecoder& decoder() { return decoder_; }
  std::vector<DecodedFrame>& frames() { return frames_; }
  const std::vector<uint64_t>& band_in() const { return band_in_; }
  const std::vector<uint64_t>& band_out() const { return band_out_; }
  uint64_t cells() const { return cells_; }
  const std::vector<FrameSync>& syncs() const { return syncs_; }
  // Tile PDUs as they arrive (when kept).
  void KeepTiles(bool keep) { keep_tiles_ = keep; }
  std::vector<TilePdu>& tiles() { return tiles_; }
  bool commands_sent() const { return cmd_.idle(); }

 private:
  sim::Harness<Model> sim_;
  sim::CellSink<Model> sink_;
  sim::CellSource<Model> cmd_;
  sim::PixelSource<Model> pix_;
  CameraCellDecoder decoder_;
  atm::Aal5Reassembler band_reasm_;
  Config cfg_;
  std::vector<DecodedFrame> frames_;
  std::vector<uint64_t> band_in_, band_out_;
  bool keep_tiles_ = false;
  std::vector<TilePdu> tiles_;
  std::vector<FrameSync> syncs_;
  uint64_t cells_ = 0;
};

constexpr uint64_t kFrameCycles =
    static_cast<uint64_t>(kWidth + kHBlank) * kHeight + kVBlank;

size_t PdusPerFrame(int tiles_x, int tiles_y, int k) {
  return static_cast<size_t>((tiles_x + k - 1) / k) * tiles_y;
}

void ExpectSameImage(const Image& got, const Image& want, const std::string& what) {
  ASSERT_EQ(got.width, want.width) << what;
  ASSERT_EQ(got.height, want.height) << what;
  size_t bad = 0;
  for (int y = 0; y < want.height; ++y) {
    for (int x = 0; x < want.width; ++x) {
      if (got.at(x, y) != want.at(x, y) && bad++ < 5) {
        ADD_FAILURE() << what << ": pixel (" << x << ", " << y << ") is 0x" << std::hex
                      << got.at(x, y) << ", want 0x" << want.at(x, y);
      }
    }
  }
  EXPECT_EQ(bad, 0u) << what << ": pixels that differ";
}

void PatternTest(int k, int ready_percent) {
  Config cfg;
  cfg.k = k;
  Camera cam(cfg);
  cam.sink().set_ready_percent(ready_percent);
  const PatternGeometry geom{kWidth, kHeight, 32};
  cam.RunFrames(3, 4 * kFrameCycles);
  ASSERT_EQ(cam.frames().size(), 3u);
  for (size_t i = 0; i < cam.frames().size(); ++i) {
    const DecodedFrame& f = cam.frames()[i];
    EXPECT_EQ(f.frame, i);
    EXPECT_TRUE(f.complete);
    ExpectSameImage(f.image, PatternFrame(geom, f.frame), "frame " + std::to_string(i));
    if (i > 0) {
      // Timestamps are the time base at each start of frame: one frame period apart.
      EXPECT_EQ(f.timestamp - cam.frames()[i - 1].timestamp, kFrameCycles);
    }
  }
  // The control stream has one frame-sync message a frame, with the same frame number
  // and timestamp as the frame's tile PDUs, every band sent.
  ASSERT_GE(cam.syncs().size(), cam.frames().size());
  for (size_t i = 0; i < cam.frames().size(); ++i) {
    const FrameSync& s = cam.syncs()[i];
    EXPECT_EQ(s.frame, cam.frames()[i].frame);
    EXPECT_EQ(s.timestamp, cam.frames()[i].timestamp);
    EXPECT_EQ(s.tiles_x, kWidth / 8);
    EXPECT_EQ(s.tiles_y, kHeight / 8);
    EXPECT_EQ(s.bands_sent, kHeight / 8);
    EXPECT_EQ(s.bands_dropped, 0);
    EXPECT_EQ(s.tiles_sent, static_cast<uint32_t>(kWidth / 8 * kHeight / 8));
  }
  EXPECT_EQ(cam.sim()->stat_ctl_lost_o, 0u);
  const auto& c = cam.decoder().tiles().counters();
  EXPECT_EQ(c.bad_pdus, 0u);
  EXPECT_EQ(c.pdus, 3 * PdusPerFrame(kWidth / 8, kHeight / 8, k));
  EXPECT_EQ(cam.sim()->stat_band_drops_o, 0u);
  EXPECT_EQ(cam.sink().protocol_errors(), 0u);
  const size_t pdu_bytes = static_cast<size_t>(k) * kTileBytes + kTileTrailerBytes;
  std::printf("[camera] %dx%d k=%d: %zu PDUs of %zu bytes a frame, %llu cells in 3 frames\n",
              kWidth, kHeight, k, PdusPerFrame(kWidth / 8, kHeight / 8, k), pdu_bytes,
              static_cast<unsigned long long>(cam.cells()));
}

TEST(Camera, PatternFramesMatchReferenceK5) { PatternTest(5, 100); }

TEST(Camera, PatternFramesMatchReferenceK7WithBackPressure) { PatternTest(7, 90); }

// A picture that is not the pattern: gradients and noise, via a PPM file on disk.
Image MakePicture(int w, int h, uint32_t seed) {
  Image img(w, h);
  uint32_t s = seed;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      s = s * 1664525u + 1013904223u;
      img.at(x, y) = Rgb565(static_cast<uint8_t>(x * 255 / w), static_cast<uint8_t>(y * 255 / h),
                            static_cast<uint8_t>(s >> 24));
    }
  }
  return img;
}

Image Crop(const Image& src, int x0, int y0, int w, int h) {
  Image out(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) out.at(x, y) = src.at(x0 + x, y0 + y);
  }
  return out;
}

void PpmTest(const Config& cfg) {
  Camera cam(cfg);
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("camera_" + std::to_string(kWidth) + "_" +
                             std::to_string(cam.sim().seed()) + ".ppm")).string();
  std::vector<Image> src;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(WritePpm(path, MakePicture(kWidth, kHeight, static_cast<uint32_t>(cam.sim().seed() + i))).ok());
    auto img = ReadPpm(path);
    ASSERT_TRUE(img.ok()) << img.status().ToString();
    src.push_back(*img);
    cam.pix().PushFrame(*img);
  }
  std::filesystem::remove(path);
  cam.RunFrames(2, 3 * kFrameCycles);
  ASSERT_EQ(cam.frames().size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(cam.frames()[i].complete);
    EXPECT_EQ(cam.frames()[i].frame, i);
    ExpectSameImage(cam.frames()[i].image,
                    Crop(src[i], cfg.x0, cfg.y0, cfg.tiles_x * 8, cfg.tiles_y * 8),
                    "PPM frame " + std::to_string(i));
  }
  EXPECT_EQ(cam.sim()->stat_band_drops_o, 0u);
}

TEST(Camera, PpmFramesThroughPixelSource) {
  Config cfg;
  cfg.ext = true;
  cfg.k = 4;
  PpmTest(cfg);
}

TEST(Camera, CaptureRectangle) {
  Config cfg;
  cfg.ext = true;
  cfg.x0 = 13;
  cfg.y0 = 5;
  cfg.tiles_x = 11;
  cfg.tiles_y = 7;
  cfg.k = 3;
  PpmTest(cfg);
}

TEST(Camera, BandLatency) {
  Config cfg;
  Camera cam(cfg);
  cam.RunFrames(2, 3 * kFrameCycles);
  ASSERT_EQ(cam.frames().size(), 2u);
  const auto& in = cam.band_in();
  const auto& out = cam.band_out();
  ASSERT_GE(in.size(), static_cast<size_t>(2 * kHeight / 8));
  ASSERT_GE(out.size(), static_cast<size_t>(2 * kHeight / 8));
  std::vector<uint64_t> lat;
  for (size_t i = 0; i < static_cast<size_t>(2 * kHeight / 8); ++i) {
    ASSERT_GT(out[i], in[i]);
    lat.push_back(out[i] - in[i]);
  }
  const auto [mn, mx] = std::minmax_element(lat.begin(), lat.end());
  const double mean = std::accumulate(lat.begin(), lat.end(), 0.0) / lat.size();
  // The output moves 24 pixels in 13 cycles; the band's tiles cannot leave before
  // their line 7 arrives, so the tail is about (8W - 24/13 W) * 13/24 cycles.
  const int tiles_x = kWidth / 8;
  const int cells = ((tiles_x + 4) / 5) * 14;
  std::printf("[camera] %dx%d band latency (last pixel in -> last cell out): min %llu, "
              "max %llu, mean %.1f cycles (band = %d cells = %d cycles of output)\n",
              kWidth, kHeight, static_cast<unsigned long long>(*mn),
              static_cast<unsigned long long>(*mx), mean, cells, cells * 13);
  // Bound: all the band's cells, less the part sent during its last line, plus slack.
  EXPECT_LE(*mx, static_cast<uint64_t>(cells * 13 - kWidth + 40));
}

TEST(Camera, BackPressureDropsWholeBands) {
  Config cfg;
  Camera cam(cfg);
  const PatternGeometry geom{kWidth, kHeight, 32};
  // Stall the network for a band time now and then.
  const uint64_t band_cycles = 8ull * (kWidth + kHBlank);
  for (uint64_t t = 0; t < 3 * kFrameCycles; ++t) {
    const uint64_t phase = t % (3 * band_cycles);
    cam.sink().set_ready_percent(phase < 2 * band_cycles ? 0 : 100);
    cam.Step();
    while (auto f = cam.decoder().tiles().Pop()) cam.frames().push_back(std::move(*f));
  }
  // Stop capture and let everything in flight drain.
  cam.sink().set_ready_percent(100);
  cfg.enable = false;
  cam.Apply(cfg);
  cam.Run(2 * kFrameCycles);
  cam.decoder().tiles().Flush();
  while (auto f = cam.decoder().tiles().Pop()) cam.frames().push_back(std::move(*f));
  const uint64_t drops = cam.sim()->stat_band_drops_o;
  const uint64_t bands = cam.sim()->stat_bands_o;
  std::printf("[camera] back-pressure: %llu bands sent, %llu dropped\n",
              static_cast<unsigned long long>(bands), static_cast<unsigned long long>(drops));
  EXPECT_GT(drops, 0u);
  EXPECT_EQ(cam.sink().protocol_errors(), 0u);
  // Every tile that arrived equals the reference; the tiles missing are exactly the
  // dropped bands'.
  const int tiles_x = kWidth / 8;
  uint64_t tiles = 0;
  for (const auto& f : cam.frames()) {
    const Image want = PatternFrame(geom, f.frame);
    for (int ty = 0; ty < kHeight / 8; ++ty) {
      // A band is either all there, equal to the reference, or all missing (zero).
      bool all_same = true, all_zero = true;
      for (int y = ty * 8; y < ty * 8 + 8; ++y) {
        for (int x = 0; x < kWidth; ++x) {
          all_same = all_same && f.image.at(x, y) == want.at(x, y);
          all_zero = all_zero && f.image.at(x, y) == 0;
        }
      }
      EXPECT_TRUE(all_same || all_zero) << "frame " << f.frame << " band " << ty << " corrupt";
    }
    tiles += f.tiles;
  }
  EXPECT_EQ(cam.decoder().tiles().counters().bad_pdus, 0u);
  EXPECT_EQ(tiles, bands * tiles_x);
  // The control stream says what was dropped: one message a captured frame, and per
  // frame the tiles it says were sent are the tiles that arrived.
  EXPECT_EQ(cam.sim()->stat_ctl_lost_o, 0u);
  ASSERT_EQ(cam.syncs().size(), cam.sim()->stat_frames_o);
  uint64_t sync_drops = 0, sync_bands = 0;
  for (size_t i = 0; i < cam.syncs().size(); ++i) {
    const FrameSync& s = cam.syncs()[i];
    sync_drops += s.bands_dropped;
    sync_bands += s.bands_sent;
    EXPECT_EQ(s.bands_sent + s.bands_dropped, kHeight / 8);
    if (i > 0) {
      EXPECT_GT(s.timestamp, cam.syncs()[i - 1].timestamp);
    }
    for (const auto& f : cam.frames()) {
      if (f.frame == s.frame) {
        EXPECT_EQ(f.tiles, s.tiles_sent) << "frame " << f.frame;
        EXPECT_EQ(f.timestamp, s.timestamp);
      }
    }
  }
  EXPECT_EQ(sync_drops, drops);
  EXPECT_EQ(sync_bands, bands);
  EXPECT_EQ(cam.sim()->stat_frames_o * (kHeight / 8), bands + drops);
}

TEST(Camera, DecimationAndStartStop) {
  Config cfg;
  cfg.decim = 1;
  Camera cam(cfg);
  cam.RunFrames(2, 5 * kFrameCycles);
  ASSERT_EQ(cam.frames().size(), 2u);
  EXPECT_EQ(cam.frames()[0].frame, 0);
  EXPECT_EQ(cam.frames()[1].frame, 2);
  // Stop: nothing more after the frame in progress.
  cfg.enable = false;
  cam.Apply(cfg);
  cam.Run(2 * kFrameCycles);
  const uint64_t cells = cam.cells();
  cam.Run(2 * kFrameCycles);
  EXPECT_EQ(cam.cells(), cells);
  EXPECT_EQ(cam.sim()->stat_band_drops_o, 0u);
}

// Each tile of `pdu` equals the pattern of its frame at the capture rectangle's place.
void ExpectTilesArePattern(const TilePdu& pdu, int x0, int y0) {
  const PatternGeometry geom{kWidth, kHeight, 32};
  for (int t = 0; t < pdu.count; ++t) {
    for (int i = 0; i < 64; ++i) {
      const int x = x0 + 8 * (pdu.tile_x + t) + i % 8, y = y0 + 8 * pdu.tile_y + i / 8;
      ASSERT_EQ(pdu.pixels[64 * t + i], PatternPixel(geom, pdu.frame, x, y))
          << "frame " << pdu.frame << " tile " << pdu.tile_x + t << "," << pdu.tile_y;
    }
  }
}

TEST(Camera, CommandsStartConfigureStopAtFrameBoundaries) {
  Config cfg;
  cfg.enable = false;  // the commands start it
  cfg.commands = true;
  Camera cam(cfg);
  cam.KeepTiles(true);
  cam.Run(kFrameCycles / 3);
  EXPECT_EQ(cam.cells(), 0u) << "capture before a start command";
  EXPECT_EQ(cam.sim()->cap_x0_o, 0u) << "the inputs' origin before any command";

  // Start (seq 1): whole frames of the inputs' configuration from the next frame on.
  cam.SendCommand({.type = kCameraStart, .seq = 1});
  cam.Run(2 * kFrameCycles + kFrameCycles / 2);

  ASSERT_FALSE(cam.syncs().empty());
  EXPECT_EQ(cam.syncs().back().cmd_seq, 1);
  EXPECT_EQ(cam.syncs().back().tiles_x, kWidth / 8);
  EXPECT_EQ(cam.sim()->stat_cmds_o, 1u);

  // Configure (seq 2) in the middle of a frame: that frame keeps the old rectangle,
  // the frames after it are the new one, k = 2, pixel for pixel.
  const CameraCommand conf{.type = kCameraConfigure, .seq = 2, .x0 = 24, .y0 = 16,
                           .tiles_x = 5, .tiles_y = 3, .tiles_per_pdu = 2, .decim = 0};
  cam.tiles().clear();
  cam.SendCommand(conf);
  cam.Run(3 * kFrameCycles);
  EXPECT_EQ(cam.sim()->stat_cmds_o, 2u);
  std::vector<int> old_frames;
  int new_tiles = 0;
  for (const TilePdu& t : cam.tiles()) {
    if (t.count > 2) {  // k = 5: the old configuration
      ASSERT_EQ(new_tiles, 0) << "a tile of the old configuration after the new one";
      old_frames.push_back(t.frame);
      ExpectTilesArePattern(t, 0, 0);
      continue;
    }
    ASSERT_EQ(std::count(old_frames.begin(), old_frames.end(), t.frame), 0)
        << "frame " << t.frame << " mixes two configurations";
    ASSERT_LE(t.tile_x + t.count, 5);
    ASSERT_LT(t.tile_y, 3);
    ExpectTilesArePattern(t, 24, 16);
    new_tiles += t.count;
  }
  EXPECT_FALSE(old_frames.empty()) << "the command did not arrive in the middle of a frame";
  EXPECT_GE(new_tiles, 2 * 15) << "two whole frames of the new rectangle";
  // The capture origin camera_top reports for the frame in capture is the command's,
  // and its timestamp is that of the last tiles' frame or of the frame after it.
  EXPECT_EQ(cam.sim()->cap_x0_o, 24u);
  EXPECT_EQ(cam.sim()->cap_y0_o, 16u);
  const uint32_t last_ts = cam.tiles().back().timestamp;
  EXPECT_TRUE(cam.sim()->cap_ts_o == last_ts || cam.sim()->cap_ts_o == last_ts + kFrameCycles)
      << "frame in capture stamped " << cam.sim()->cap_ts_o << ", last tiles " << last_ts;
  const FrameSync last = cam.syncs().back();
  EXPECT_EQ(last.cmd_seq, 2);
  EXPECT_EQ(last.tiles_x, 5);
  EXPECT_EQ(last.tiles_y, 3);

  // Bad commands: each is dropped, counted by reason, and changes nothing.
  std::vector<uint8_t> bytes = EncodeCameraCommand({.type = kCameraStop, .seq = 9});
  auto bad_crc = atm::Aal5Segment(bytes, kVpi, kCtlVci);
  bad_crc[0].payload[3] ^= 0x10;  // the sequence number, under the CRC
  cam.SendCells(bad_crc);
  std::vector<uint8_t> longer = bytes;
  longer.resize(20);  // a 20-byte PDU is not a command
  cam.SendCells(atm::Aal5Segment(longer, kVpi, kCtlVci));
  auto two_cells = atm::Aal5Segment(std::vector<uint8_t>(60, 0), kVpi, kCtlVci);
  cam.SendCells(two_cells);  // the first does not end its PDU, the second is 60 bytes
  cam.SendCommand({.type = 9, .seq = 10});                         // unknown type
  cam.SendCommand({.type = kCameraConfigure, .seq = 11, .x0 = 0, .y0 = 0,
                   .tiles_x = static_cast<uint8_t>(kWidth / 8 + 1), .tiles_y = 1,
                   .tiles_per_pdu = 1});                            // wider than the frame
  cam.SendCommand({.type = kCameraConfigure, .seq = 12, .x0 = 0, .y0 = 0, .tiles_x = 1,
                   .tiles_y = 1, .tiles_per_pdu = 0});              // no tiles a PDU
  cam.SendCommand({.type = kCameraStop, .seq = 13}, kCtlVci + 7);   // another VC
  cam.Run(2 * kFrameCycles);
  EXPECT_EQ(cam.sim()->stat_cmds_o, 2u);
  EXPECT_EQ(cam.sim()->stat_cmd_drop_format_o, 4u);
  EXPECT_EQ(cam.sim()->stat_cmd_drop_cmd_o, 3u);
  EXPECT_EQ(cam.sim()->stat_cmd_drop_vc_o, 1u);
  EXPECT_EQ(cam.syncs().back().cmd_seq, 2);
  EXPECT_EQ(cam.syncs().back().cmd_drops, 7);
  EXPECT_EQ(cam.syncs().back().tiles_x, 5) << "a bad command changed the configuration";
  // Each command checks as the C++ codec checks it.
  const CameraLimits limits{kWidth, kHeight, PEGASUS_PARAM_MaxTilesX};
  EXPECT_TRUE(ParseCameraCommand(EncodeCameraCommand(conf), limits).ok());
  EXPECT_FALSE(ParseCameraCommand(longer, limits).ok());
  EXPECT_FALSE(ParseCameraCommand(EncodeCameraCommand({.type = 9}), limits).ok());

  // Stop (seq 14): nothing after the frame in progress.
  cam.SendCommand({.type = kCameraStop, .seq = 14});
  cam.Run(2 * kFrameCycles);
  const uint64_t cells = cam.cells();
  const uint32_t frames = cam.sim()->stat_frames_o;
  cam.Run(2 * kFrameCycles);
  EXPECT_EQ(cam.cells(), cells);
  EXPECT_EQ(cam.sim()->stat_frames_o, frames);
  // The stop shows in a frame-sync message only when it came before the frame in
  // progress was summarised.
  EXPECT_TRUE(cam.syncs().back().cmd_seq == 2 || cam.syncs().back().cmd_seq == 14);
  EXPECT_EQ(cam.sim()->stat_cmds_o, 3u);
}

}  // namespace
}  // namespace pegasus::media
