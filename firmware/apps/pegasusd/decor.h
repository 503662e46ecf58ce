// Decorations: pegasusd's window manager draws a border around every camera window
// into the display's decorations window. Layer: above the NIC driver, below ConnMgr.
//
// The decorations window (pegasusd_config.h kDecorVci) is a whole-screen window at
// z = 0 with its video frame's origin at the screen's: the display draws its pixels
// only where no video window is in front, so a border is simply painted around a
// window and the video covers the inside. The layer's picture is a function of the
// windows alone: a pixel is kBorderColour when it lies within kBorder pixels outside
// any window (a ring around it), else kBackground. Paint() sends that picture for a
// screen area as tile PDUs (kDecorTilesPerPdu tiles each, one tile row) on the
// decorations VC through the NIC, so painting an area again after windows changed
// both erases old borders and draws new ones.
//
// One PDU buffer: each PDU is sent whole (Nic::TxPending() 0) before the next is built.
#ifndef PEGASUS_FIRMWARE_APPS_PEGASUSD_DECOR_H_
#define PEGASUS_FIRMWARE_APPS_PEGASUSD_DECOR_H_

#include <stdint.h>

#include "firmware/apps/pegasusd/pegasusd_config.h"
#include "firmware/lib/nic.h"
#include "firmware/lib/tile_pdu.h"

namespace pegasusd {

// A window on the screen: top-left (x, y), w x h pixels.
struct Rect {
  int x, y, w, h;
};

class Decorations {
 public:
  explicit Decorations(pegasus::fw::Nic& nic) : nic_(nic) {}

  // Paints the decorations of `windows` (n of them) over the tiles covering `area`
  // grown by kBorder on each side (cut to the screen), except tiles wholly inside
  // `hole` (a window whose video covers them; null: none). False when the NIC did not
  // take a PDU.
  bool PaintAround(const Rect& area, const Rect* hole, const Rect* windows, uint32_t n);

 private:
  // Paints tiles tx0..tx1 of tile row ty (on the screen) in one PDU.
  bool PaintRun(int tx0, int tx1, int ty, const Rect* windows, uint32_t n);
  void Flush();

  pegasus::fw::Nic& nic_;
  // Not initialised: every PDU is written whole before it is sent.
  alignas(4) uint8_t pdu_[pegasus::fw::TilePduBytes(kDecorTilesPerPdu)];
};

}  // namespace pegasusd

#endif  // PEGASUS_FIRMWARE_APPS_PEGASUSD_DECOR_H_
