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
};

struct VideoPath {
  CameraNode* camera = nullptr;
  DisplayNode* display = nullptr;
  std::vector<SwitchNode*> switches;
};

// Adds the nodes and links, routes the video and sets the window up (throws
// TopologyError on a bad description), then runs until the switches and the
// display have carried out their set-up accesses.
VideoPath BuildVideoTopology(Network& net, const VideoTopology& t);

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_TOPOLOGY_H_
