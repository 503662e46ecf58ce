// netmgr: the workstation's connection manager at boot. Through the switch's
// management port it connects camera0's data VC to display0, routes the camera's
// control VC both ways and the display's control VC from the NIC's port; over the NIC
// it opens a window on the display (a window command) and configures and starts the
// camera (camera commands); then it prints one line per frame-sync message the camera
// sends, stops the camera after netmgr_config.h's kFrames frames, waits for the camera's
// cells to stop and prints the switch's counters. Ends through the test finisher: 0
// when every step worked, else the number of the step that failed.
//
// Console lines (tests/net parses the frame and port lines):
//   netmgr: 4 routes set in <cycles> cycles
//   netmgr: frame <n> timestamp <t> tiles <x>x<y> bands <sent> dropped <d> cmd <seq> drops <r>
//   netmgr: port <p> in <cells> out <cells> drops <cells>
//
// Polled: no interrupts. The NIC rings and buffers are static.
#include <stdint.h>

#include "firmware/apps/netmgr/netmgr_config.h"
#include "firmware/lib/camera_ctl.h"
#include "firmware/lib/display_ctl.h"
#include "firmware/lib/mmio.h"
#include "firmware/lib/nic.h"
#include "firmware/lib/print.h"
#include "firmware/lib/switch_mgmt.h"
#include "firmware/lib/uart.h"
#include "pegasus/memory_map.h"

namespace {

using namespace pegasus::fw;
using namespace netmgr;

constexpr uint32_t kTxCount = 8;
constexpr uint32_t kRxCount = 8;
constexpr uint32_t kBufferBytes = 64;  // control messages are one cell

alignas(16) NicDesc g_tx[kTxCount];
alignas(16) NicDesc g_rx[kRxCount];
alignas(4) uint8_t g_rx_buffers[kRxCount * kBufferBytes];

// The window and the capture, from netmgr_config.h.
constexpr Window kWindow{kWindowX, kWindowY, static_cast<uint16_t>(kWindowX),
                         static_cast<uint16_t>(kWindowY), kClipX1, kClipY1, 0, true};
constexpr CameraCapture kCapture{kCaptureX0, kCaptureY0, kCaptureTilesX, kCaptureTilesY,
                                 kTilesPerPdu, 0};

Nic g_nic;
SwitchMgmt g_switch;
CameraCtl g_camera(g_nic, kVpi, kCameraCtlVci);
DisplayCtl g_display(g_nic, kVpi, kDisplayCtlVci);

uint32_t Now() { return Read32(PEGASUS_CLINT_MTIME_LO_ADDR); }

// Fails the run at step `step` with a message.
[[noreturn]] void Fail(uint32_t step, const char* what) {
  Print("netmgr: FAIL ");
  Print(what);
  Print("\n");
  pegasus_exit(static_cast<int>(step));
}

void Route(uint32_t step, uint8_t in, uint16_t vci, uint8_t out, uint16_t out_vci) {
  const SwitchOut o{out, kVpi, out_vci};
  const SwitchResult r = g_switch.Connect(in, kVpi, vci, &o, 1);
  if (r != SwitchResult::kOk) Fail(step, SwitchResultName(r));
}

// Sends and waits until the NIC has sent everything queued.
void Flush() {
  while (g_nic.TxPending() != 0) g_nic.TxReclaim(nullptr);
}

void PrintFrame(const FrameSync& f) {
  Print("netmgr: frame ");
  PrintDec(f.frame);
  Print(" timestamp ");
  PrintDec(f.timestamp);
  Print(" tiles ");
  PrintDec(f.tiles_x);
  Print("x");
  PrintDec(f.tiles_y);
  Print(" bands ");
  PrintDec(f.bands_sent);
  Print(" dropped ");
  PrintDec(f.bands_dropped);
  Print(" cmd ");
  PrintDec(f.cmd_seq);
  Print(" drops ");
  PrintDec(f.cmd_drops);
  Print("\n");
}

// Takes frame-sync messages until `frames` have arrived.
void ShowFrames(uint32_t frames) {
  uint32_t seen = 0;
  while (seen < frames) {
    NicPdu pdu;
    if (!g_nic.Receive(&pdu)) continue;
    FrameSync f;
    if (g_camera.IsControl(pdu) && ParseFrameSync(pdu.data, pdu.length, &f)) {
      PrintFrame(f);
      ++seen;
    } else {
      Print("netmgr: ignored a PDU on VCI ");
      PrintDec(pdu.vci);
      Print("\n");
    }
    g_nic.Release();
  }
}

// Waits until the switch's camera input has been quiet for kQuietCycles.
void WaitForQuiet() {
  SwitchPortCounters c;
  g_switch.ReadCounters(kCameraPort, &c);
  uint32_t last = c.in;
  uint32_t since = Now();
  while (Now() - since < kQuietCycles) {
    g_switch.ReadCounters(kCameraPort, &c);
    if (c.in != last) {
      last = c.in;
      since = Now();
    }
  }
}

void PrintCounters() {
  for (uint32_t p = 0; p < g_switch.ports(); ++p) {
    SwitchPortCounters c;
    g_switch.ReadCounters(p, &c);
    Print("netmgr: port ");
    PrintDec(p);
    Print(" in ");
    PrintDec(c.in);
    Print(" out ");
    PrintDec(c.out);
    Print(" drops ");
    PrintDec(c.drop_no_vc + c.drop_format + c.drop_full + c.drop_clp);
    Print("\n");
  }
}

}  // namespace

int main() {
  UartInit(1);                                                    // console
  Print("netmgr: start\n");
  if (g_switch.Init() != SwitchResult::kOk) Fail(1, "no switch");  // tables ready, forwarding
  g_nic.Init(g_tx, kTxCount, g_rx, kRxCount, g_rx_buffers, kBufferBytes);
  if (!g_nic.SetVc(kVpi, kCameraCtlVci, true)) Fail(2, "NIC VC");  // frame syncs in
  const uint32_t t0 = Now();
  Route(3, kCameraPort, kCameraVci, kDisplayPort, kDisplayVci);     // video: camera -> window
  Route(4, kCameraPort, kCameraCtlVci, kNicPort, kCameraCtlVci);    // frame syncs -> NIC
  Route(5, kNicPort, kCameraCtlVci, kCameraPort, kCameraCtlVci);    // commands -> camera
  Route(6, kNicPort, kDisplayCtlVci, kDisplayPort, kDisplayCtlVci); // window commands -> display
  const uint32_t route_cycles = Now() - t0;
  Print("netmgr: 4 routes set in ");
  PrintDec(route_cycles);
  Print(" cycles\n");
  if (!g_display.SetWindow(kDisplayVci & 63, kWindow)) Fail(7, "window command");
  if (g_camera.Configure(kCapture) == 0) Fail(8, "configure command");   // at the next frame
  if (g_camera.Start() == 0) Fail(9, "start command");
  Flush();
  Print("netmgr: camera started\n");
  ShowFrames(kFrames);                                              // one line a frame
  if (g_camera.Stop() == 0) Fail(10, "stop command");
  Flush();
  WaitForQuiet();                                                   // last cells through
  PrintCounters();
  Print("netmgr: done\n");
  return 0;
}
