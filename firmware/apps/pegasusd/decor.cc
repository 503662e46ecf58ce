// Decorations: the window manager's border painter (decor.h). Tile PDU layout:
// doc/wire_formats.md, "Camera tile PDU".
#include "firmware/apps/pegasusd/decor.h"

namespace pegasusd {

using pegasus::fw::PutTilePixel;
using pegasus::fw::PutTileTrailer;

namespace {

int Min(int a, int b) { return a < b ? a : b; }
int Max(int a, int b) { return a > b ? a : b; }

// Sets line[a - x0 .. b - x0) to colour, cut to [x0, x0 + width).
void Fill(uint16_t* line, int x0, int width, int a, int b, uint16_t colour) {
  for (int x = Max(a, x0); x < Min(b, x0 + width); ++x) line[x - x0] = colour;
}

}  // namespace

void Decorations::Flush() {
  while (nic_.TxPending() != 0) nic_.TxReclaim(nullptr);
}

bool Decorations::PaintAround(const Rect& area, const Rect* hole, const Rect* windows, uint32_t n) {
  const int x0 = Max(area.x - kBorder, 0), y0 = Max(area.y - kBorder, 0);
  const int x1 = Min(area.x + area.w + kBorder, kScreenWidth) - 1;
  const int y1 = Min(area.y + area.h + kBorder, kScreenHeight) - 1;
  if (x1 < x0 || y1 < y0) return true;
  const auto in_hole = [&](int tx, int ty) {
    return hole != nullptr && tx * 8 >= hole->x && tx * 8 + 8 <= hole->x + hole->w &&
           ty * 8 >= hole->y && ty * 8 + 8 <= hole->y + hole->h;
  };
  for (int ty = y0 / 8; ty <= y1 / 8; ++ty) {
    // Runs of tiles outside the hole, at most kDecorTilesPerPdu each.
    for (int tx = x0 / 8; tx <= x1 / 8;) {
      if (in_hole(tx, ty)) {
        ++tx;
        continue;
      }
      int end = tx;
      while (end + 1 <= x1 / 8 && end + 1 - tx < kDecorTilesPerPdu && !in_hole(end + 1, ty)) {
        ++end;
      }
      if (!PaintRun(tx, end, ty, windows, n)) return false;
      tx = end + 1;
    }
  }
  Flush();
  return true;
}

bool Decorations::PaintRun(int tx0, int tx1, int ty, const Rect* windows, uint32_t n) {
  uint16_t line[kDecorTilesPerPdu * 8];
  const int count = tx1 - tx0 + 1;
  const int sx = tx0 * 8, width = count * 8;
  Flush();  // the buffer is free once the NIC has sent the PDU before
  for (int r = 0; r < 8; ++r) {
    const int y = ty * 8 + r;
    Fill(line, sx, width, sx, sx + width, kBackground);
    for (uint32_t i = 0; i < n; ++i) {
      const Rect& w = windows[i];
      if (y < w.y - kBorder || y >= w.y + w.h + kBorder) continue;
      if (y < w.y || y >= w.y + w.h) {  // above or below: the ring's whole width
        Fill(line, sx, width, w.x - kBorder, w.x + w.w + kBorder, kBorderColour);
      } else {  // beside the window: its left and right sides
        Fill(line, sx, width, w.x - kBorder, w.x, kBorderColour);
        Fill(line, sx, width, w.x + w.w, w.x + w.w + kBorder, kBorderColour);
      }
    }
    for (int c = 0; c < width; ++c) {
      PutTilePixel(pdu_, static_cast<uint32_t>(c / 8), static_cast<uint32_t>(c % 8),
                   static_cast<uint32_t>(r), line[c]);
    }
  }
  const uint32_t length =
      PutTileTrailer(pdu_, static_cast<uint8_t>(count), static_cast<uint16_t>(tx0),
                     static_cast<uint16_t>(ty), 0, 0, 0);
  return nic_.Send(pdu_, static_cast<uint16_t>(length), netmgr::kVpi, kDecorVci, 0);
}

}  // namespace pegasusd
