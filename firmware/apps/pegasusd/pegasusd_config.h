// pegasusd's tunables: the device table of the desk-area network it manages, the
// screen, and the capture a connection gets when the host gives no size.
//
// The device table is the network as it is wired: switch ports and VCs come from
// netmgr_config.h, which the network simulator's SoC topology (sim_cpp/net/topology.cc,
// BuildSocTopology) also builds from, and a board is wired the same way (DESIGN.md:
// switch port 0 the NIC, 1 the camera, 2 the display). A board with other devices
// changes this table; the ids are what DEVICES reports and CONNECT takes.
#ifndef PEGASUS_FIRMWARE_APPS_PEGASUSD_PEGASUSD_CONFIG_H_
#define PEGASUS_FIRMWARE_APPS_PEGASUSD_PEGASUSD_CONFIG_H_

#include <stdint.h>

#include "firmware/apps/netmgr/netmgr_config.h"
#include "host/control/hcp_format.h"

namespace pegasusd {

using pegasus::hcp::DeviceKind;

inline constexpr uint8_t kNoPort = 0xFF;

// One device of the network. data_vci: a camera's data VC as it leaves the camera; a
// display's VC whose PDUs draw into window data_vci mod 64. ctl_vci: the device's
// control VC (camera commands and frame syncs, display window commands).
struct DeviceSpec {
  uint16_t id;
  DeviceKind kind;
  const char* name;
  uint8_t port;  // switch port, kNoPort for the switch itself
  uint16_t data_vci;
  uint16_t ctl_vci;
};

inline constexpr DeviceSpec kDevices[] = {
    {0, DeviceKind::kSoc, "soc0", netmgr::kNicPort, 0, 0},
    {1, DeviceKind::kNic, "nic0", netmgr::kNicPort, 0, 0},
    {2, DeviceKind::kSwitch, "sw0", kNoPort, 0, 0},
    {3, DeviceKind::kCamera, "camera0", netmgr::kCameraPort, netmgr::kCameraVci,
     netmgr::kCameraCtlVci},
    {4, DeviceKind::kDisplay, "display0", netmgr::kDisplayPort, netmgr::kDisplayVci,
     netmgr::kDisplayCtlVci},
};
inline constexpr uint32_t kDeviceCount = sizeof kDevices / sizeof kDevices[0];

// The display's screen and the camera's video frame (rtl/display FbWidth x FbHeight,
// rtl/camera Width x Height as sim_cpp/net builds them) and the camera's line buffer.
inline constexpr int kScreenWidth = 320;
inline constexpr int kScreenHeight = 240;
inline constexpr int kVideoWidth = 320;
inline constexpr int kVideoHeight = 240;
inline constexpr int kMaxTilesX = 40;

// A connection's capture when CONNECT gives no size (netmgr's: 80x48), centred in the
// video frame on the 8-pixel grid; tiles in a tile PDU.
inline constexpr uint16_t kDefaultWidth = 80;
inline constexpr uint16_t kDefaultHeight = 48;
inline constexpr uint8_t kTilesPerPdu = 5;

// Connections held at once (one per camera; STATS of display0 lists each in 147
// bytes, so two leave room in a 496-byte response).
inline constexpr uint32_t kMaxConnections = 2;

}  // namespace pegasusd

#endif  // PEGASUS_FIRMWARE_APPS_PEGASUSD_PEGASUSD_CONFIG_H_
