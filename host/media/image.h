// Image: an RGB565 picture (one uint16_t a pixel, row by row) as the camera carries it,
// with conversions from and to 8-bit RGB and binary PPM (P6) files (PNG: png.h).
#ifndef PEGASUS_HOST_MEDIA_IMAGE_H_
#define PEGASUS_HOST_MEDIA_IMAGE_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "host/common/status.h"

namespace pegasus::media {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint16_t> pixels;  // RGB565, width * height, row by row

  Image() = default;
  Image(int w, int h) : width(w), height(h), pixels(static_cast<size_t>(w) * h, 0) {}
  uint16_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
  uint16_t& at(int x, int y) { return pixels[static_cast<size_t>(y) * width + x]; }
  bool operator==(const Image&) const = default;
};

// 8-bit RGB to RGB565 (truncating) and back (bit replication).
constexpr uint16_t Rgb565(uint8_t r, uint8_t g, uint8_t b) {
  return static_cast<uint16_t>(((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3));
}
void Rgb888(uint16_t p, uint8_t* r, uint8_t* g, uint8_t* b);
// RGB565 pixels as 8-bit RGB triples (Rgb888 of each), in the same order.
std::vector<uint8_t> ToRgb888(std::span<const uint16_t> pixels);

// Reads a binary PPM (P6, maxval 255, comments allowed) as RGB565.
Result<Image> ReadPpm(const std::string& path);
// Parses a PPM held in memory.
Result<Image> ParsePpm(const std::vector<uint8_t>& bytes);
// Writes RGB565 pixels as a binary PPM (P6, maxval 255).
Status WritePpm(const std::string& path, const Image& image);
std::vector<uint8_t> EncodePpm(const Image& image);

}  // namespace pegasus::media

#endif  // PEGASUS_HOST_MEDIA_IMAGE_H_
