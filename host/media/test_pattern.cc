#include "host/media/test_pattern.h"

namespace pegasus::media {

void PatternBox(const PatternGeometry& g, uint32_t frame, int* box_x, int* box_y) {
  int bx = 0, by = 0;
  for (uint32_t f = 0; f < frame; ++f) {
    bx = bx + 4 > g.width - g.box_size ? 0 : bx + 4;
    by = by + 2 > g.height - g.box_size ? 0 : by + 2;
  }
  *box_x = bx;
  *box_y = by;
}

namespace {
constexpr uint16_t kBars[8] = {0xFFFF, 0xFFE0, 0x07FF, 0x07E0, 0xF81F, 0xF800, 0x001F, 0x0000};

uint16_t Pixel(const PatternGeometry& g, uint32_t frame, int bx, int by, int x, int y) {
  const uint32_t f = frame & 0xFFFF;
  if (y < 8 && x < 128) return ((f >> (15 - x / 8)) & 1) ? 0xFFFF : 0x0000;
  if (x >= bx && x - bx < g.box_size && y >= by && y - by < g.box_size) {
    return static_cast<uint16_t>((((f >> 3) & 0x1F) << 11) | ((f & 0x3F) << 5) | (f & 0x1F));
  }
  const int bar = x / (g.width / 8);
  return static_cast<uint16_t>(kBars[bar > 7 ? 7 : bar] ^ (((y & 7) << 3) | (x & 7)));
}
}  // namespace

uint16_t PatternPixel(const PatternGeometry& g, uint32_t frame, int x, int y) {
  int bx, by;
  PatternBox(g, frame, &bx, &by);
  return Pixel(g, frame, bx, by, x, y);
}

Image PatternFrame(const PatternGeometry& g, uint32_t frame) {
  int bx, by;
  PatternBox(g, frame, &bx, &by);
  Image img(g.width, g.height);
  for (int y = 0; y < g.height; ++y) {
    for (int x = 0; x < g.width; ++x) img.at(x, y) = Pixel(g, frame, bx, by, x, y);
  }
  return img;
}

}  // namespace pegasus::media
