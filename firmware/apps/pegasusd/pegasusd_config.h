// pegasusd's tunables: the device table of the desk-area network it manages, the
// screen, the window manager's border, and the capture a connection gets when the host
// gives no size.
//
// The device table is the network as it is wired: switch ports and VCs come from
// netmgr_config.h, which the network simulator's SoC topology (sim_cpp/net/topology.cc,
// BuildSocTopology) also builds from, and a board is wired the same way (DESIGN.md:
// switch port 0 the NIC, 1 the camera, 2 the display, 3 audio; here also 4 a second
// camera and 5 the audio playout). A board with other devices changes this table; the
// ids are what DEVICES reports and CONNECT takes.
#ifndef PEGASUS_FIRMWARE_APPS_PEGASUSD_PEGASUSD_CONFIG_H_
#define PEGASUS_FIRMWARE_APPS_PEGASUSD_PEGASUSD_CONFIG_H_

#include <stdint.h>

#include "firmware/apps/netmgr/netmgr_config.h"
#include "host/control/hcp_format.h"

namespace pegasusd {

using pegasus::hcp::DeviceKind;

inline constexpr uint8_t kNoPort = 0xFF;

// Which end of a connection a device can be.
enum class Role : uint8_t { kNone, kSource, kSink };

// One device of the network. data_vci: a camera's or an audio source's data VC as it
// leaves the device; a display's first window VC (its PDUs draw into window data_vci
// mod 64; kDisplayWindowVcis lists all); an audio sink's playout VC. ctl_vci: the
// device's control VC (camera commands and frame syncs, display window commands; audio
// devices have none).
struct DeviceSpec {
  uint16_t id;
  DeviceKind kind;
  const char* name;
  uint8_t port;  // switch port, kNoPort for the switch itself
  uint16_t data_vci;
  uint16_t ctl_vci;
  Role role;
};

inline constexpr DeviceSpec kDevices[] = {
    {0, DeviceKind::kSoc, "soc0", netmgr::kNicPort, 0, 0, Role::kNone},
    {1, DeviceKind::kNic, "nic0", netmgr::kNicPort, 0, 0, Role::kNone},
    {2, DeviceKind::kSwitch, "sw0", kNoPort, 0, 0, Role::kNone},
    {3, DeviceKind::kCamera, "camera0", netmgr::kCameraPort, netmgr::kCameraVci,
     netmgr::kCameraCtlVci, Role::kSource},
    {4, DeviceKind::kDisplay, "display0", netmgr::kDisplayPort, netmgr::kDisplayVci,
     netmgr::kDisplayCtlVci, Role::kSink},
    {5, DeviceKind::kCamera, "camera1", netmgr::kCamera1Port, netmgr::kCamera1Vci,
     netmgr::kCamera1CtlVci, Role::kSource},
    {6, DeviceKind::kAudio, "audio0", netmgr::kAudioPort, netmgr::kAudioVci, 0, Role::kSource},
    {7, DeviceKind::kAudio, "audio1", netmgr::kAudioSinkPort, netmgr::kAudioSinkVci, 0,
     Role::kSink},
};
inline constexpr uint32_t kDeviceCount = sizeof kDevices / sizeof kDevices[0];

// display0's window VCs, one a camera connection, in the order CONNECT hands them out,
// and its decorations window's VC (window kDecorVci mod 64, whole screen, z = 0, below
// every video window, which get z 1 and up).
inline constexpr uint16_t kDisplayWindowVcis[] = {netmgr::kDisplayVci, netmgr::kDisplay1Vci};
inline constexpr uint32_t kDisplayWindows = sizeof kDisplayWindowVcis / sizeof(uint16_t);
inline constexpr uint16_t kDecorVci = netmgr::kDecorVci;

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

// Connections held at once: one per camera, and one audio connection. STATS of
// display0 lists each camera connection in 147 bytes, so two leave room in a 496-byte
// response.
inline constexpr uint32_t kMaxConnections = 3;

// The window manager's border around every camera window, drawn into the decorations
// window: kBorder pixels wide on each side, in kBorderColour (RGB565); the rest of the
// decorations window is kBackground (the framebuffer's colour after reset).
inline constexpr int kBorder = 4;
inline constexpr uint16_t kBorderColour = 0xFFE0;  // yellow
inline constexpr uint16_t kBackground = 0x0000;
// Tiles in a decorations tile PDU (the display's MaxTiles).
inline constexpr int kDecorTilesPerPdu = 8;
// Cycles (mtime ticks) a window command needs to take effect: the display applies its
// window table at the next frame boundary, so this is one display frame and a margin
// (the simulated display: 82,656 cycles a scan; a 640x480 monitor at 60 Hz and 50 MHz:
// 833,334). The window manager repaints the area a window left after it.
inline constexpr uint64_t kWindowSwapCycles = 90000;

}  // namespace pegasusd

#endif  // PEGASUS_FIRMWARE_APPS_PEGASUSD_PEGASUSD_CONFIG_H_
