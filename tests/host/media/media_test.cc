// host/media: tile PDUs encode and decode byte for byte against the wire layout (and bad
// ones are rejected and counted), frames survive tiles -> AAL5 cells -> rebuilt frame,
// lost rows give incomplete frames, the test-pattern reference has the properties the RTL comment states, and
// PPM images round-trip; audio cells encode, parse and decode with losses counted,
// WAV files have the right header, the tone reference has its frequency.
#include <random>

#include <gtest/gtest.h>

#include "host/atm/aal5.h"
#include "host/media/audio.h"
#include "host/media/image.h"
#include "host/media/test_pattern.h"
#include "host/media/tile_decoder.h"

namespace pegasus::media {
namespace {

Image RandomImage(int w, int h, uint32_t seed) {
  std::mt19937 rng(seed);
  Image img(w, h);
  for (auto& p : img.pixels) p = static_cast<uint16_t>(rng());
  return img;
}

TEST(TilePdu, EncodeParseRoundTrip) {
  const Image img = RandomImage(80, 16, 1);
  TileTrailer tr{.tile_x = 3, .tile_y = 1, .count = 5, .format = 0, .frame = 0xBEEF,
                 .timestamp = 0x12345678, .flags = kFlagLastPdu};
  const auto pdu = EncodeTilePdu(img, tr);
  ASSERT_EQ(pdu.size(), 5 * 128 + 16u);
  // 5 tiles + 16 + 8 bytes fill 14 cells.
  EXPECT_EQ(atm::Aal5CellCount(pdu.size()), 14u);
  auto got = ParseTilePdu(pdu);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, tr);
  // First pixel: tile (3, 1) row 0 column 0, big-endian.
  EXPECT_EQ((pdu[0] << 8) | pdu[1], img.at(24, 8));
  // Second row of the first tile starts at byte 16.
  EXPECT_EQ((pdu[16] << 8) | pdu[17], img.at(24, 9));
}

// The pixel+trailer encoder writes the wire layout byte for byte, and the decoder
// gives back the pixels and the trailer fields.
TEST(TilePdu, EncodeMatchesWireFormatAndDecodes) {
  TilePdu p;
  p.tile_x = 3;
  p.tile_y = 4;
  p.count = 5;
  for (int i = 0; i < 5 * 64; ++i) p.pixels.push_back(static_cast<uint16_t>(1 + i));
  p.frame = 0x1234;
  p.timestamp = 0xA1B2C3D4;
  p.flags = 1;
  const auto b = EncodeTilePdu(p);
  ASSERT_EQ(b.size(), 5u * 128 + 16);
  EXPECT_EQ(b[0], 0x00);
  EXPECT_EQ(b[1], 0x01);  // first pixel, big-endian
  EXPECT_EQ(b[640], 0);
  EXPECT_EQ(b[641], 3);  // tile_x
  EXPECT_EQ(b[643], 4);  // tile_y
  EXPECT_EQ(b[644], 5);  // count
  EXPECT_EQ(b[645], 0);  // format
  EXPECT_EQ(b[646], 0x12);
  EXPECT_EQ(b[648], 0xA1);
  EXPECT_EQ(b[655], 1);
  auto d = DecodeTilePdu(b);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->pixels, p.pixels);
  EXPECT_EQ(d->timestamp, p.timestamp);
  EXPECT_EQ(d->frame, p.frame);
  EXPECT_EQ(static_cast<const TileTrailer&>(*d), static_cast<const TileTrailer&>(p));
  // The image encoder gives the same bytes for the same pixels.
  Image img(64, 40);
  for (int i = 0; i < 5 * 64; ++i) {
    const int t = i / 64, r = (i % 64) / 8, c = i % 8;
    img.at((3 + t) * 8 + c, 4 * 8 + r) = p.pixels[size_t(i)];
  }
  EXPECT_EQ(EncodeTilePdu(img, p), b);
  // A count that disagrees with the length is written as given and rejected on decode.
  p.count = 6;
  EXPECT_FALSE(DecodeTilePdu(EncodeTilePdu(p)).ok());
}

TEST(TilePdu, BadPdusAreRejectedAndCounted) {
  const Image img = RandomImage(40, 8, 2);
  TileDecoder dec(40, 8);
  auto pdu = EncodeTilePdu(img, TileTrailer{.count = 2});
  auto shorter = pdu;
  shorter.erase(shorter.begin(), shorter.begin() + 4);
  EXPECT_FALSE(dec.PushPdu(shorter).ok());
  auto bad_format = pdu;
  bad_format[pdu.size() - 11] = 1;
  EXPECT_FALSE(dec.PushPdu(bad_format).ok());
  EXPECT_EQ(dec.counters().bad_pdus, 2u);
  EXPECT_FALSE(dec.HasFrame());
  // Tiles outside the frame are dropped and counted.
  auto outside = EncodeTilePdu(img, TileTrailer{.tile_x = 4, .count = 2});
  EXPECT_FALSE(dec.PushPdu(outside).ok());
  EXPECT_EQ(dec.counters().out_of_range, 1u);
}

void CellsRoundTrip(int w, int h, int k) {
  const Image img = RandomImage(w, h, static_cast<uint32_t>(w * k));
  CameraCellDecoder dec(w, h, 2, 77);
  size_t cells = 0;
  for (const auto& pdu : EncodeFrame(img, k, 9, 1000)) {
    for (const auto& cell : atm::Aal5Segment(pdu, 2, 77)) {
      dec.PushCell(cell);
      ++cells;
    }
  }
  auto f = dec.tiles().Pop();
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(f->complete);
  EXPECT_EQ(f->frame, 9);
  EXPECT_EQ(f->timestamp, 1000u);
  EXPECT_EQ(f->image, img);
  EXPECT_EQ(dec.tiles().counters().bad_pdus, 0u);
  EXPECT_FALSE(dec.tiles().HasFrame());
  if (k == 5 && w % 40 == 0) {
    EXPECT_EQ(cells, static_cast<size_t>(w / 40) * (h / 8) * 14);
  }
}

TEST(TileDecoder, FrameThroughCells) {
  CellsRoundTrip(320, 240, 5);
  CellsRoundTrip(640, 480, 5);
  CellsRoundTrip(88, 24, 7);
  CellsRoundTrip(8, 8, 1);
}

TEST(FrameSync, EncodeParseRoundTrip) {
  const FrameSync s{.frame = 7, .timestamp = 0xCAFEF00D, .tiles_x = 80, .tiles_y = 60,
                    .bands_sent = 58, .bands_dropped = 2, .tiles_sent = 58 * 80,
                    .cmd_seq = 0x1234, .cmd_drops = 3};
  const auto pdu = EncodeFrameSync(s);
  EXPECT_EQ(pdu[20], 0x12);
  EXPECT_EQ(pdu[23], 3);
  ASSERT_EQ(pdu.size(), kFrameSyncBytes);
  EXPECT_EQ(atm::Aal5CellCount(pdu.size()), 1u);
  auto back = ParseFrameSync(pdu);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, s);
  auto bad = pdu;
  bad[0] = 2;
  EXPECT_FALSE(ParseFrameSync(bad).ok());
}

TEST(CameraCommand, EncodeParseAndChecks) {
  const CameraLimits vga{640, 480, 80};
  const CameraCommand conf{.type = kCameraConfigure, .seq = 513, .x0 = 16, .y0 = 8,
                           .tiles_x = 78, .tiles_y = 59, .tiles_per_pdu = 5, .decim = 1};
  const auto pdu = EncodeCameraCommand(conf);
  ASSERT_EQ(pdu.size(), kCameraCommandBytes);
  EXPECT_EQ(pdu[0], kCameraConfigure);
  EXPECT_EQ(pdu[2], 2);   // seq, big-endian
  EXPECT_EQ(pdu[3], 1);
  EXPECT_EQ(pdu[8], 78);
  auto back = ParseCameraCommand(pdu, vga);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, conf);
  EXPECT_TRUE(ParseCameraCommand(EncodeCameraCommand({.type = kCameraStart, .seq = 1})).ok());
  EXPECT_TRUE(ParseCameraCommand(EncodeCameraCommand({.type = kCameraStop, .seq = 2})).ok());

  auto with = [&](auto change) {
    CameraCommand c = conf;
    change(c);
    return ParseCameraCommand(EncodeCameraCommand(c), vga).ok();
  };
  EXPECT_FALSE(with([](CameraCommand& c) { c.x0 = 32; }));       // 32 + 8 x 78 > 640
  EXPECT_FALSE(with([](CameraCommand& c) { c.y0 = 9; }));        // 9 + 8 x 59 > 480
  EXPECT_FALSE(with([](CameraCommand& c) { c.tiles_x = 81; c.x0 = 0; }));  // line buffer
  EXPECT_FALSE(with([](CameraCommand& c) { c.tiles_y = 0; }));
  EXPECT_FALSE(with([](CameraCommand& c) { c.tiles_per_pdu = 0; }));
  EXPECT_FALSE(with([](CameraCommand& c) { c.type = 8; }));
  EXPECT_FALSE(ParseCameraCommand(EncodeCameraCommand({.type = kCameraStart, .x0 = 1})).ok());
  auto reserved = pdu;
  reserved[15] = 1;
  EXPECT_FALSE(ParseCameraCommand(reserved, vga).ok());
  auto longer = pdu;
  longer.push_back(0);
  EXPECT_FALSE(ParseCameraCommand(longer, vga).ok());
}

TEST(TileDecoder, LostRowGivesIncompleteFrame) {
  const Image img = RandomImage(40, 24, 3);
  TileDecoder dec(40, 24);
  auto pdus = EncodeFrame(img, 5, 1, 0);
  ASSERT_EQ(pdus.size(), 3u);
  ASSERT_TRUE(dec.PushPdu(pdus[0]).ok());
  ASSERT_TRUE(dec.PushPdu(pdus[1]).ok());  // last row lost
  EXPECT_FALSE(dec.HasFrame());
  auto next = EncodeFrame(img, 5, 2, 0);
  ASSERT_TRUE(dec.PushPdu(next[0]).ok());
  auto f = dec.Pop();
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->frame, 1);
  EXPECT_FALSE(f->complete);
  EXPECT_EQ(f->tiles, 10u);
  EXPECT_EQ(dec.counters().incomplete, 1u);
}

TEST(TestPattern, FrameCounterBoxAndBars) {
  const PatternGeometry g{320, 240, 32};
  // Frame 5 = binary ...0101: blocks 13 and 15 white.
  EXPECT_EQ(PatternPixel(g, 5, 13 * 8, 0), 0xFFFF);
  EXPECT_EQ(PatternPixel(g, 5, 14 * 8 + 3, 7), 0x0000);
  EXPECT_EQ(PatternPixel(g, 5, 15 * 8 + 7, 2), 0xFFFF);
  // Box at (0, 0) in frame 0 under the counter; below it, the box colour.
  EXPECT_EQ(PatternPixel(g, 0, 0, 8), 0x0000);
  int bx, by;
  PatternBox(g, 3, &bx, &by);
  EXPECT_EQ(bx, 12);
  EXPECT_EQ(by, 6);
  // Wrap: x passes 320 - 32 = 288 after 72 steps.
  PatternBox(g, 73, &bx, &by);
  EXPECT_EQ(bx, 0);
  // Bars: a pixel far from the box: bar 4 (magenta) with its tile position.
  EXPECT_EQ(PatternPixel(g, 0, 4 * 40 + 3, 200), 0xF81F ^ ((200 % 8) << 3 | 3));
  // Every frame differs.
  EXPECT_NE(PatternFrame(g, 1), PatternFrame(g, 2));
}

TEST(Image, PpmRoundTrip) {
  const Image img = RandomImage(17, 5, 4);
  auto back = ParsePpm(EncodePpm(img));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, img);
  const std::string text = "P6\n# comment\n2 1\n255\n";
  std::vector<uint8_t> bytes(text.begin(), text.end());
  for (uint8_t b : {255, 0, 0, 0, 255, 0}) bytes.push_back(b);
  auto two = ParsePpm(bytes);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->at(0, 0), 0xF800);
  EXPECT_EQ(two->at(1, 0), 0x07E0);
  bytes.pop_back();
  EXPECT_FALSE(ParsePpm(bytes).ok());
}


TEST(Audio, CellRoundTripAndLosses) {
  AudioCell c;
  c.timestamp = 0xA1B2C3D4;
  c.seq = 0xFFFF;
  for (int i = 0; i < 8; ++i) c.samples[i] = {static_cast<int16_t>(-i * 1000), static_cast<int16_t>(i)};
  const auto pdu = EncodeAudioPdu(c);
  ASSERT_EQ(pdu.size(), 40u);
  EXPECT_EQ(atm::Aal5CellCount(pdu.size()), 1u);
  auto back = ParseAudioPdu(pdu);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, c);
  AudioDecoder dec;
  ASSERT_TRUE(dec.PushPdu(pdu).ok());
  c.seq = 2;  // 0 and 1 lost (the sequence wraps)
  ASSERT_TRUE(dec.PushPdu(EncodeAudioPdu(c)).ok());
  EXPECT_EQ(dec.counters().lost, 2u);
  EXPECT_EQ(dec.samples().size(), 32u);
  EXPECT_EQ(dec.samples()[8], StereoSample{});
  EXPECT_EQ(dec.samples()[24], c.samples[0]);
  EXPECT_FALSE(dec.PushPdu(std::vector<uint8_t>(39)).ok());
  EXPECT_EQ(dec.counters().bad, 1u);
}

TEST(Audio, WavHeaderAndToneFrequency) {
  std::vector<StereoSample> s;
  for (uint64_t n = 0; n < 48000; ++n) s.push_back(ToneSample(n, 440, 48000));
  const auto wav = EncodeWav(s, 48000);
  ASSERT_EQ(wav.size(), 44 + 48000 * 4u);
  EXPECT_EQ(std::string(wav.begin(), wav.begin() + 4), "RIFF");
  EXPECT_EQ(std::string(wav.begin() + 8, wav.begin() + 16), "WAVEfmt ");
  EXPECT_EQ(wav[22], 2);  // channels
  EXPECT_EQ(wav[24] | (wav[25] << 8) | (wav[26] << 16), 48000);
  std::vector<int16_t> left;
  for (const auto& x : s) left.push_back(x.left);
  EXPECT_NEAR(EstimateFrequency(left, 48000), 440.0, 0.5);
  EXPECT_EQ(ToneSample(0, 440, 48000).left, -16384);
}

}  // namespace
}  // namespace pegasus::media
