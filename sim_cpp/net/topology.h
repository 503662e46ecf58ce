// The video topologies the program, the tests and the benchmark share:
//
//   one switch:    camera0 -> sw0.1, sw0.2 -> display0
//   two switches:  camera0 -> sw0.1, sw0.3 <-> sw1.3 (inter-switch link), sw1.2
//   -> display0
//
// Port 0 of each switch is left for the SoC's NIC (DESIGN.md: port 0 NIC, 1
// camera, 2 display, 3 audio, N-1 the link to other switches). The camera's
// data VC is routed to the display's VCI display_vci (window display_vci mod
// 64) and its control VC out of sw0's port 0.
//
// The firmware-managed network, an 8-port sw0 wired as the design's workstation
// (ports and VCs from firmware/apps/netmgr/netmgr_config.h):
//
//   sw0.0 soc0 (its NIC; the firmware ELF manages sw0 through a management bus)
//   sw0.1 camera0 (camera_top's pattern, taking commands)
//   sw0.2 display0 (both camera windows' VCs, the decorations window's and the control
//         VC opened at its boot)
//   sw0.3 audio0 (its tone on its data VC from boot: dropped and counted by sw0 until a
//         connection routes it)
//   sw0.4 camera1 (the pattern through the pixel source, every pixel inverted, so its
//         picture differs from camera0's everywhere; taking commands)
//   sw0.5 audio1 (the playout: its reassembler opens the sink VC at boot)
//   sw0.6 free (a host bridge), sw0.7 free (the trunk to other switches)
//
// Nothing is routed from C++.
#ifndef PEGASUS_SIM_CPP_NET_TOPOLOGY_H_
#define PEGASUS_SIM_CPP_NET_TOPOLOGY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim_cpp/net/network.h"

namespace pegasus::net {

struct VideoTopology {
  CameraConfig camera;
  DisplayNodeConfig display;
  LinkParams link;
  // The window the camera's video is shown in.
  display::WindowDesc window =
      display::MakeWindow(0, 0, 0, 0, DisplayNode::kWidth - 1, DisplayNode::kHeight - 1);
  uint16_t display_vci = 1;
  bool two_switches = false;
  // The inter-switch link (two_switches).
  LinkParams trunk;
  // When not empty: pcap of the PDUs arriving at the display.
  std::string display_pcap;
  // The audio path beside the video: audio0's data VC to audio1's playout (one
  // switch: audio0 on sw0.3, the design's audio port, audio1 on sw0.0; two switches:
  // audio0 on sw0.0, audio1 on sw1.0, across the inter-switch link), both nodes with
  // audio_config, links like `link`; both started with the camera.
  bool audio = false;
  AudioNodeConfig audio_config;
  // A host bridge (bridge0, bridge_node.h) on sw0's port bridge_port (0 or 3 are free
  // with one switch; -1: none), its link like `link`. Routes to and from it are the
  // caller's.
  int bridge_port = -1;
  BridgeConfig bridge;
  // Start the camera (and audio0) once everything is set up; false leaves it to the
  // caller (CameraNode::Start, AudioNode::Start).
  bool start = true;
};

// A sensor's timing at `fps` frames a second of the design clock: the C++-made
// pattern through the pixel source, lines evenly spread over the frame with 12 lines'
// worth of vertical blanking, pixels one a cycle within a line. False (c unchanged)
// when a line would be shorter than the frame's width plus 16 cycles.
bool SetSensorTiming(CameraConfig* c, uint64_t clock_hz, double fps);

struct VideoPath {
  CameraNode* camera = nullptr;
  DisplayNode* display = nullptr;
  std::vector<SwitchNode*> switches;
  // With VideoTopology::audio.
  AudioNode* audio_tx = nullptr;
  AudioNode* audio_rx = nullptr;
  // With VideoTopology::bridge_port.
  BridgeNode* bridge = nullptr;
};

struct SocTopology {
  std::string elf;
  // camera_top's pattern by default; commands are always on.
  CameraConfig camera;
  // camera1: the pattern's C++ reference at camera_top's size and line timing, every
  // pixel XORed with 0xFFFF, and a frame 16 cycles longer (cameras do not share a
  // frame clock, and a tile PDU's timestamp then tells whose frame it is, which the
  // latency measurement needs); commands are always on.
  CameraConfig camera1 = SecondCamera();
  DisplayNodeConfig display;
  // audio0 and audio1 (VCs are set from netmgr_config.h).
  AudioNodeConfig audio;
  SocNodeConfig soc;  // elf is taken from above
  LinkParams link;
  uint64_t mgmt_delay = 64;

  static CameraConfig SecondCamera() {
    CameraConfig c;
    c.source = CameraConfig::Source::kPatternFrames;
    c.width = CameraNode::kPatternWidth;
    c.height = CameraNode::kPatternHeight;
    c.h_blank = CameraNode::kPatternHBlank;
    c.v_blank = CameraNode::kPatternVBlank + 16;
    c.pattern_xor = 0xFFFF;
    return c;
  }
};

struct SocPath {
  SocNode* soc = nullptr;
  SwitchNode* sw = nullptr;
  CameraNode* camera = nullptr;
  DisplayNode* display = nullptr;
  AudioNode* audio0 = nullptr;  // capture (sending from boot)
  CameraNode* camera1 = nullptr;
  AudioNode* audio1 = nullptr;  // playout
};

// Adds the nodes, links and the management bus (throws TopologyError on a bad
// description); the firmware does the rest once the network runs.
SocPath BuildSocTopology(Network& net, const SocTopology& t);

// Adds the nodes and links, routes the video and sets the window up (throws
// TopologyError on a bad description), then runs until the switches and the
// display have carried out their set-up accesses.
VideoPath BuildVideoTopology(Network& net, const VideoTopology& t);

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_TOPOLOGY_H_
