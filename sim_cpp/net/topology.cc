#include "sim_cpp/net/topology.h"

#include "firmware/apps/netmgr/netmgr_config.h"

namespace pegasus::net {

SocPath BuildSocTopology(Network& net, const SocTopology& t) {
  SocPath p;
  p.sw = &net.AddSwitch("sw0", 4);
  CameraConfig cc = t.camera;
  cc.commands = true;
  cc.vpi = netmgr::kVpi;
  cc.vci = netmgr::kCameraVci;
  cc.ctl_vci = netmgr::kCameraCtlVci;
  p.camera = &net.AddCamera("camera0", cc);
  DisplayNodeConfig dc = t.display;
  dc.open_vcis.push_back(netmgr::kDisplayVci);
  dc.ctl_vci = netmgr::kDisplayCtlVci;
  p.display = &net.AddDisplay("display0", dc);
  SocNodeConfig sc = t.soc;
  sc.elf = t.elf;
  p.soc = &net.AddSoc("soc0", sc);
  net.Connect(*p.soc, Port(*p.sw, netmgr::kNicPort), t.link);
  net.Connect(*p.camera, Port(*p.sw, netmgr::kCameraPort), t.link);
  LinkParams to_display = t.link;
  to_display.seed = t.link.seed + 1;
  net.Connect(Port(*p.sw, netmgr::kDisplayPort), *p.display, to_display);
  net.ConnectManagement(*p.soc, *p.sw, t.mgmt_delay);
  return p;
}

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
  if (t.audio) {
    v.audio_tx = &net.AddAudio("audio0", t.audio_config);
    v.audio_rx = &net.AddAudio("audio1", t.audio_config);
    LinkParams a = t.link;
    a.seed = t.link.seed + 2;
    net.Connect(*v.audio_tx, Port(sw0, t.two_switches ? 0 : 3), a);
    a.seed = t.link.seed + 3;
    net.Connect(*v.audio_rx, Port(*v.switches.back(), 0), a);
  }
  Status s = net.ShowCamera(*v.camera, *v.display, t.window, t.display_vci);
  if (!s.ok()) throw TopologyError(s.ToString());
  if (t.audio) {
    s = net.RouteAudio(*v.audio_tx, *v.audio_rx);
    if (!s.ok()) throw TopologyError(s.ToString());
  }
  s = net.Settle(1'000'000);
  if (!s.ok()) throw TopologyError(s.ToString());
  v.camera->Start();
  if (t.audio) v.audio_tx->Start();
  return v;
}

}  // namespace pegasus::net
