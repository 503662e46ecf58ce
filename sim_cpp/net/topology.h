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
// The firmware-managed network: soc0 on sw0.0 (its NIC) running a firmware ELF that
// manages sw0 through a management bus, camera0 on sw0.1 taking commands, display0 on
// sw0.2 with netmgr's window VC and control VC opened at its boot
// (firmware/apps/netmgr/netmgr_config.h). Nothing is routed from C++.
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
};

struct VideoPath {
  CameraNode* camera = nullptr;
  DisplayNode* display = nullptr;
  std::vector<SwitchNode*> switches;
  // With VideoTopology::audio.
  AudioNode* audio_tx = nullptr;
  AudioNode* audio_rx = nullptr;
};

struct SocTopology {
  std::string elf;
  // camera_top's pattern by default; commands are always on.
  CameraConfig camera;
  DisplayNodeConfig display;
  SocNodeConfig soc;  // elf is taken from above
  LinkParams link;
  uint64_t mgmt_delay = 64;
};

struct SocPath {
  SocNode* soc = nullptr;
  SwitchNode* sw = nullptr;
  CameraNode* camera = nullptr;
  DisplayNode* display = nullptr;
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
