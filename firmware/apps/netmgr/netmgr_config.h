// netmgr's tunables: the desk-area network it sets up (DESIGN.md: switch port 0 the
// NIC, 1 the camera, 2 the display, 3 audio, N-1 the link to other switches), the VCs,
// the capture and the window. The network simulator's SoC topology
// (sim_cpp/net/topology.cc, BuildSocTopology) and pegasusd's device table
// (firmware/apps/pegasusd/pegasusd_config.h) are built from the same constants.
#ifndef PEGASUS_FIRMWARE_APPS_NETMGR_NETMGR_CONFIG_H_
#define PEGASUS_FIRMWARE_APPS_NETMGR_NETMGR_CONFIG_H_

#include <stdint.h>

namespace netmgr {

// Switch ports of the workstation's 8-port switch. netmgr uses the first three; the
// others carry the devices pegasusd manages (audio0's capture, a second camera,
// audio1's playout). Port 6 is left for a host bridge, the last for the trunk.
inline constexpr uint8_t kSwitchPorts = 8;
inline constexpr uint8_t kNicPort = 0;
inline constexpr uint8_t kCameraPort = 1;
inline constexpr uint8_t kDisplayPort = 2;
inline constexpr uint8_t kAudioPort = 3;
inline constexpr uint8_t kCamera1Port = 4;
inline constexpr uint8_t kAudioSinkPort = 5;
inline constexpr uint8_t kHostPort = 6;
inline constexpr uint8_t kTrunkPort = kSwitchPorts - 1;

// VCs (all VPI 0). The camera's data VC arrives at the display as kDisplayVci, which
// selects window kDisplayVci mod 64.
inline constexpr uint8_t kVpi = 0;
inline constexpr uint16_t kCameraVci = 32;
inline constexpr uint16_t kCameraCtlVci = 33;
inline constexpr uint16_t kDisplayVci = 1;
inline constexpr uint16_t kDisplayCtlVci = 34;
// The second camera's data and control VCs, and the display window its video is
// shown in (kDisplay1Vci mod 64). Every VCI the NIC sends or receives on differs from
// the others in its low 4 bits (the switch's table index on the smallest board).
inline constexpr uint16_t kCamera1Vci = 36;
inline constexpr uint16_t kCamera1CtlVci = 37;
inline constexpr uint16_t kDisplay1Vci = 2;
// The display's decorations window (kDecorVci mod 64): the window manager's
// whole-screen layer at z = 0, drawn with tile PDUs from the NIC.
inline constexpr uint16_t kDecorVci = 15;
// Audio: audio0 sends its samples on kAudioVci from boot; audio1 plays what arrives on
// kAudioSinkVci (its reassembler opens it at boot).
inline constexpr uint16_t kAudioVci = 48;
inline constexpr uint16_t kAudioSinkVci = 50;

// The capture: 80x48 pixels at (40, 24) of the camera's frame, 5 tiles a PDU.
inline constexpr uint16_t kCaptureX0 = 40;
inline constexpr uint16_t kCaptureY0 = 24;
inline constexpr uint8_t kCaptureTilesX = 10;
inline constexpr uint8_t kCaptureTilesY = 6;
inline constexpr uint8_t kTilesPerPdu = 5;

// The window: the video's top-left at (kWindowX, kWindowY), clipped to the screen
// below and right of that corner.
inline constexpr int16_t kWindowX = 16;
inline constexpr int16_t kWindowY = 8;
inline constexpr uint16_t kClipX1 = 319;
inline constexpr uint16_t kClipY1 = 239;

// Frames to show before the camera is stopped.
inline constexpr uint32_t kFrames = 3;
// The camera counts as stopped once the switch's camera input has taken no cell for
// this many cycles (longer than a frame's blanking at the camera's timing).
inline constexpr uint32_t kQuietCycles = 100000;

}  // namespace netmgr

#endif  // PEGASUS_FIRMWARE_APPS_NETMGR_NETMGR_CONFIG_H_
