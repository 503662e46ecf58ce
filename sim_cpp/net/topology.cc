#include "sim_cpp/net/topology.h"

namespace pegasus::net {

VideoPath BuildVideoTopology(Network& net, const VideoTopology& t) {
  VideoPath v;
  SwitchNode& sw0 = net.AddSwitch("sw0", 4);
  v.switches.push_back(&sw0);
  v.camera = &net.AddCamera("camera0", t.camera);
  v.display = &net.AddDisplay("display0", t.display);
  net.Connect(*v.camera, Port(sw0, 1), t.link);
  LinkParams to_display = t.link;
  to_display.pcap = t.display_pcap;
  to_display.seed = t.link.seed + 1;
  if (t.two_switches) {
    SwitchNode& sw1 = net.AddSwitch("sw1", 4);
    v.switches.push_back(&sw1);
    net.Connect(Port(sw0, 3), Port(sw1, 3), t.trunk);
    net.Connect(Port(sw1, 2), *v.display, to_display);
  } else {
    net.Connect(Port(sw0, 2), *v.display, to_display);
  }
  Status s = net.ShowCamera(*v.camera, *v.display, t.window, t.display_vci);
  if (!s.ok()) throw TopologyError(s.ToString());
  s = net.Settle(1'000'000);
  if (!s.ok()) throw TopologyError(s.ToString());
  v.camera->Start();
  return v;
}

}  // namespace pegasus::net
