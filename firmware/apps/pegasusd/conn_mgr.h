// ConnMgr: pegasusd's connection manager. Layer: above the switch-management, NIC,
// camera- and display-control drivers, below the HCP server, whose CONNECT, DISCONNECT,
// WINDOW handlers it provides, and whose DEVICES and STATS it feeds from the device
// table (pegasusd_config.h).
//
// A connection is a camera streaming into a window of a display: the camera's data VC
// routed through the switch to the display's window VC, a window descriptor sent on
// the display's control VC and configure + start on the camera's. Control VCs are
// routed once, at Init(). Every request is checked whole before anything is sent, so a
// refused request changes nothing: unknown devices (NO_SUCH_DEVICE), a device or VC
// another connection holds (IN_USE), a window not wholly on the screen or a size the
// camera cannot capture (OUT_OF_RANGE), an unknown connection id (NO_SUCH_CONNECTION).
// A switch or NIC that does not take a command is DEVICE_FAILED, after undoing what
// the request had done.
//
// The camera's frame-sync messages are taken from the NIC in Poll() and summed per
// camera (STATS camera0). Polled, one thread: the main loop calls Poll() and the HCP
// server's Poll(); handlers run inside the latter.
#ifndef PEGASUS_FIRMWARE_APPS_PEGASUSD_CONN_MGR_H_
#define PEGASUS_FIRMWARE_APPS_PEGASUSD_CONN_MGR_H_

#include <stdint.h>

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
    uint16_t id;
    uint8_t source, sink;  // kDevices indices
    int16_t x, y;          // window's top-left on the screen
    uint16_t w, h;         // window and capture size, pixels
    uint8_t z;
  };
  struct CameraStats {
    uint32_t syncs;  // frame-sync messages
    uint32_t last_frame, bands_sent, bands_dropped, tiles_sent, cmd_seq, cmd_drops;
  };

  using Reply = pegasus::fw::HcpReply;
  using Request = pegasus::fw::HcpRequest;

  static void OnConnect(void* ctx, const Request& request, Reply* reply);
  static void OnDisconnect(void* ctx, const Request& request, Reply* reply);
  static void OnWindow(void* ctx, const Request& request, Reply* reply);
  static void SwitchStats(void* ctx, pegasus::fw::HcpStats* stats);
  static void CameraStatsFn(void* ctx, pegasus::fw::HcpStats* stats);
  static void DisplayStats(void* ctx, pegasus::fw::HcpStats* stats);
  static void NicStats(void* ctx, pegasus::fw::HcpStats* stats);

  void Connect(const Request& request, Reply* reply);
  void Disconnect(const Request& request, Reply* reply);
  void Window(const Request& request, Reply* reply);

  // The kDevices index of id, or -1 (with a NO_SUCH_DEVICE reply).
  int FindDevice(uint16_t id, Reply* reply) const;
  Connection* FindConnection(uint16_t id, Reply* reply);
  // Checks a window and capture of w x h at (x, y); false with an OUT_OF_RANGE reply.
  static bool CheckGeometry(int x, int y, int w, int h, Reply* reply);
  // Sends c's window descriptor (enabled or not); false with a DEVICE_FAILED reply.
  bool SendWindow(const Connection& c, bool enable, Reply* reply);
  // Sends c's capture configuration; 0 when the NIC did not take it.
  uint16_t SendCapture(const Connection& c);
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
  pegasus::fw::CameraCtl camera_{nic_, netmgr::kVpi, kDevices[3].ctl_vci};
  pegasus::fw::DisplayCtl display_{nic_, netmgr::kVpi, kDevices[4].ctl_vci};
  // Zero from .bss: a ConnMgr lives in static storage (the firmware has no memset).
  CameraStats camera_stats_;
  Connection conns_[kMaxConnections];
  uint16_t next_id_ = 1;
  uint32_t connects_ = 0, disconnects_ = 0, window_changes_ = 0;
};

}  // namespace pegasusd

#endif  // PEGASUS_FIRMWARE_APPS_PEGASUSD_CONN_MGR_H_
