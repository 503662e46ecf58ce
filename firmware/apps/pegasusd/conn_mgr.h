// ConnMgr: pegasusd's connection manager. Layer: above the switch-management, NIC,
// camera- and display-control drivers and the window manager's Decorations, below the
// HCP server, whose CONNECT, DISCONNECT, WINDOW handlers it provides, and whose DEVICES
// and STATS it feeds from the device table (pegasusd_config.h).
//
// A connection is either a camera streaming into a window of a display (the camera's
// data VC routed through the switch to a free window VC of the display, a window
// descriptor sent on the display's control VC, configure + start on the camera's, and
// a border painted around the window in the decorations window), or an audio source's
// data VC routed to an audio sink's playout VC (guaranteed class; audio devices have no
// control VC). Control VCs and the decorations window are set up once, at Init().
// Every request is checked whole before anything is sent, so a refused request changes
// nothing: unknown devices (NO_SUCH_DEVICE), a pair that is not camera -> display or
// audio source -> audio sink (BAD_REQUEST), a device or VC another connection holds
// (IN_USE), a window not wholly on the screen or a size the camera cannot capture
// (OUT_OF_RANGE), an unknown connection id (NO_SUCH_CONNECTION). A switch or NIC that
// does not take a command is DEVICE_FAILED, after undoing what the request had done.
//
// Window changes: a window command takes effect at the display's next frame boundary;
// after a move, resize or disconnect the manager waits kWindowSwapCycles (polling the
// NIC) and repaints the decorations over the area the window left and the one it took,
// so the old border and the video left behind are erased.
//
// The cameras' frame-sync messages are taken from the NIC in Poll() and summed per
// camera (STATS camera0, camera1). Polled, one thread: the main loop calls Poll() and
// the HCP server's Poll(); handlers run inside the latter.
#ifndef PEGASUS_FIRMWARE_APPS_PEGASUSD_CONN_MGR_H_
#define PEGASUS_FIRMWARE_APPS_PEGASUSD_CONN_MGR_H_

#include <stdint.h>

#include "firmware/apps/pegasusd/decor.h"
#include "firmware/apps/pegasusd/pegasusd_config.h"
#include "firmware/lib/camera_ctl.h"
#include "firmware/lib/display_ctl.h"
#include "firmware/lib/hcp_server.h"
#include "firmware/lib/nic.h"
#include "firmware/lib/switch_mgmt.h"

namespace pegasusd {

class ConnMgr {
 public:
  // Switch, NIC and control VCs up, the devices and commands registered with server.
  // False (with a console line) when a step fails.
  bool Init(pegasus::fw::HcpServer* server);
  // Takes the frame-sync messages the NIC has received and reclaims sent PDUs.
  void Poll();

 private:
  struct Connection {
    bool used;
    bool audio;  // an audio connection (no window)
    uint16_t id;
    uint8_t source, sink;  // kDevices indices
    uint16_t vci;          // the display's window VC (camera connections)
    int16_t x, y;          // window's top-left on the screen
    uint16_t w, h;         // window and capture size, pixels
    uint8_t z;
  };
  struct CameraStats {
    uint32_t syncs;  // frame-sync messages
    uint32_t last_frame, bands_sent, bands_dropped, tiles_sent, cmd_seq, cmd_drops;
  };
  // What a device's STATS function gets: the manager and the device's kDevices index.
  struct DeviceCtx {
    ConnMgr* self;
    uint8_t index;
  };
  static constexpr uint32_t kCameras = 2;

  using Reply = pegasus::fw::HcpReply;
  using Request = pegasus::fw::HcpRequest;

  static void OnConnect(void* ctx, const Request& request, Reply* reply);
  static void OnDisconnect(void* ctx, const Request& request, Reply* reply);
  static void OnWindow(void* ctx, const Request& request, Reply* reply);
  static void SwitchStats(void* ctx, pegasus::fw::HcpStats* stats);
  static void CameraStatsFn(void* ctx, pegasus::fw::HcpStats* stats);
  static void DisplayStats(void* ctx, pegasus::fw::HcpStats* stats);
  static void AudioStats(void* ctx, pegasus::fw::HcpStats* stats);
  static void NicStats(void* ctx, pegasus::fw::HcpStats* stats);

  void Connect(const Request& request, Reply* reply);
  void Disconnect(const Request& request, Reply* reply);
  void Window(const Request& request, Reply* reply);

  // The kDevices index of id, or -1 (with a NO_SUCH_DEVICE reply).
  int FindDevice(uint16_t id, Reply* reply) const;
  Connection* FindConnection(uint16_t id, Reply* reply);
  // The camera slot (0..kCameras-1) of kDevices index d.
  static uint32_t CameraSlot(uint8_t d);
  pegasus::fw::CameraCtl& CameraOf(uint8_t d) { return cameras_[CameraSlot(d)]; }
  // Checks a window and capture of w x h at (x, y); false with an OUT_OF_RANGE reply.
  static bool CheckGeometry(int x, int y, int w, int h, Reply* reply);
  // Sends c's window descriptor (enabled or not); false with a DEVICE_FAILED reply.
  bool SendWindow(const Connection& c, bool enable, Reply* reply);
  // Sends c's capture configuration; 0 when the NIC did not take it.
  uint16_t SendCapture(const Connection& c);
  // Paints the decorations around `area` for the camera windows in use, skipping the
  // tiles wholly inside `hole` (null: none); false when the NIC did not take a PDU.
  bool Decorate(const Rect& area, const Rect* hole);
  // Waits until a window command just sent has taken effect (kWindowSwapCycles),
  // taking frame syncs meanwhile.
  void WaitForSwap();
  // Waits until the NIC has sent every queued PDU.
  void Flush();
  bool Route(uint8_t in, uint16_t vci, uint8_t out, uint16_t out_vci);

  static constexpr uint32_t kTxCount = 8;
  static constexpr uint32_t kRxCount = 8;
  static constexpr uint32_t kBufferBytes = 64;  // control messages are one cell

  alignas(16) pegasus::fw::NicDesc tx_[kTxCount];
  alignas(16) pegasus::fw::NicDesc rx_[kRxCount];
  alignas(4) uint8_t rx_buffers_[kRxCount * kBufferBytes];
  pegasus::fw::Nic nic_;
  pegasus::fw::SwitchMgmt switch_;
  pegasus::fw::CameraCtl cameras_[kCameras] = {{nic_, netmgr::kVpi, netmgr::kCameraCtlVci},
                                               {nic_, netmgr::kVpi, netmgr::kCamera1CtlVci}};
  pegasus::fw::DisplayCtl display_{nic_, netmgr::kVpi, netmgr::kDisplayCtlVci};
  Decorations decor_{nic_};
  // Zero from .bss: a ConnMgr lives in static storage (the firmware has no memset).
  CameraStats camera_stats_[kCameras];
  Connection conns_[kMaxConnections];
  DeviceCtx device_ctx_[kDeviceCount];
  uint16_t next_id_ = 1;
  uint32_t connects_ = 0, disconnects_ = 0, window_changes_ = 0;
};

}  // namespace pegasusd

#endif  // PEGASUS_FIRMWARE_APPS_PEGASUSD_CONN_MGR_H_
