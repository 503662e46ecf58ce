// netmgr's tunables: the desk-area network it sets up (DESIGN.md: switch port 0 the
// NIC, 1 the camera, 2 the display), the VCs, the capture and the window. The
// network simulator's test (tests/net, SocNodeRunsNetmgr...) builds the same network.
#ifndef PEGASUS_FIRMWARE_APPS_NETMGR_NETMGR_CONFIG_H_
#define PEGASUS_FIRMWARE_APPS_NETMGR_NETMGR_CONFIG_H_

#include <stdint.h>

namespace netmgr {

// Switch ports.
inline constexpr uint8_t kNicPort = 0;
inline constexpr uint8_t kCameraPort = 1;
inline constexpr uint8_t kDisplayPort = 2;

// VCs (all VPI 0). The camera's data VC arrives at the display as kDisplayVci, which
// selects window kDisplayVci mod 64.
inline constexpr uint8_t kVpi = 0;
inline constexpr uint16_t kCameraVci = 32;
inline constexpr uint16_t kCameraCtlVci = 33;
inline constexpr uint16_t kDisplayVci = 1;
inline constexpr uint16_t kDisplayCtlVci = 34;

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
