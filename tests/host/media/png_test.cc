// EncodePng: the chunks, their CRCs and the pixels, read back with zlib.
#include "host/media/png.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <string>

namespace pegasus::media {
namespace {

uint32_t Get32(const std::vector<uint8_t>& b, size_t i) {
  return (uint32_t{b[i]} << 24) | (uint32_t{b[i + 1]} << 16) | (uint32_t{b[i + 2]} << 8) |
         b[i + 3];
}

TEST(Png, ChunksCrcsAndPixelsReadBack) {
  const int w = 13, h = 7;
  std::vector<uint8_t> rgb(size_t(w) * h * 3);
  for (size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<uint8_t>(i * 37 + 5);
  const auto png = EncodePng(w, h, rgb);
  const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  ASSERT_TRUE(std::equal(sig, sig + 8, png.begin()));
  size_t pos = 8;
  std::vector<std::string> kinds;
  std::vector<uint8_t> idat;
  while (pos < png.size()) {
    const uint32_t n = Get32(png, pos);
    const std::string kind(png.begin() + long(pos) + 4, png.begin() + long(pos) + 8);
    kinds.push_back(kind);
    const uLong crc = crc32(0, png.data() + pos + 4, n + 4);
    EXPECT_EQ(crc, Get32(png, pos + 8 + n)) << kind;
    if (kind == "IHDR") {
      EXPECT_EQ(Get32(png, pos + 8), uint32_t(w));
      EXPECT_EQ(Get32(png, pos + 12), uint32_t(h));
      EXPECT_EQ(png[pos + 16], 8);
      EXPECT_EQ(png[pos + 17], 2);
    }
    if (kind == "IDAT") idat.insert(idat.end(), png.begin() + long(pos) + 8,
                                    png.begin() + long(pos) + 8 + n);
    pos += 12 + n;
  }
  EXPECT_EQ(pos, png.size());
  EXPECT_EQ(kinds, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  std::vector<uint8_t> raw(size_t(w * 3 + 1) * h);
  uLongf len = raw.size();
  ASSERT_EQ(uncompress(raw.data(), &len, idat.data(), idat.size()), Z_OK);
  ASSERT_EQ(len, raw.size());
  for (int y = 0; y < h; ++y) {
    EXPECT_EQ(raw[size_t(y) * (w * 3 + 1)], 0);  // filter none
    for (int i = 0; i < w * 3; ++i) {
      EXPECT_EQ(raw[size_t(y) * (w * 3 + 1) + 1 + size_t(i)], rgb[size_t(y) * w * 3 + size_t(i)]);
    }
  }
}

TEST(Png, WritePngRejectsWrongSize) {
  std::vector<uint8_t> rgb(10);
  EXPECT_FALSE(WritePng("unused.png", 2, 2, rgb).ok());
}

}  // namespace
}  // namespace pegasus::media
