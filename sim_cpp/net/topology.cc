#include "sim_cpp/net/topology.h"

#include "firmware/apps/netmgr/netmgr_config.h"

namespace pegasus::net {

SocPath BuildSocTopology(Network& net, const SocTopology& t) {
  SocPath p;
  p.sw = &net.AddSwitch("sw0", netmgr::kSwitchPorts);
  // A camera the firmware runs by commands, on its VCs.
  const auto camera = [&](const char* name, CameraConfig c, uint16_t vci, uint16_t ctl_vci) {
    c.commands = true;
    c.vpi = netmgr::kVpi;
    c.vci = vci;
    c.ctl_vci = ctl_vci;
    return &net.AddCamera(name, c);
  };
  p.camera = camera("camera0", t.camera, netmgr::kCameraVci, netmgr::kCameraCtlVci);
  DisplayNodeConfig dc = t.display;
  for (uint16_t vci : {netmgr::kDisplayVci, netmgr::kDisplay1Vci, netmgr::kDecorVci}) {
    dc.open_vcis.push_back(vci);
  }
  dc.ctl_vci = netmgr::kDisplayCtlVci;
  p.display = &net.AddDisplay("display0", dc);
  AudioNodeConfig ac = t.audio;
  ac.vpi = netmgr::kVpi;
  ac.vci = netmgr::kAudioVci;
  ac.rx_vci = netmgr::kAudioSinkVci;
  p.audio0 = &net.AddAudio("audio0", ac);
  p.camera1 = camera("camera1", t.camera1, netmgr::kCamera1Vci, netmgr::kCamera1CtlVci);
  p.audio1 = &net.AddAudio("audio1", ac);
  SocNodeConfig sc = t.soc;
  sc.elf = t.elf;
  p.soc = &net.AddSoc("soc0", sc);
  // Each link its own bit-error seed.
  uint64_t seed = t.link.seed;
  const auto link = [&] {
    LinkParams l = t.link;
    l.seed = seed++;
    return l;
  };
  net.Connect(*p.soc, Port(*p.sw, netmgr::kNicPort), link());
  net.Connect(*p.camera, Port(*p.sw, netmgr::kCameraPort), link());
  net.Connect(Port(*p.sw, netmgr::kDisplayPort), *p.display, link());
  net.Connect(*p.audio0, Port(*p.sw, netmgr::kAudioPort), link());
  net.Connect(*p.camera1, Port(*p.sw, netmgr::kCamera1Port), link());
  net.Connect(Port(*p.sw, netmgr::kAudioSinkPort), *p.audio1, link());
  net.ConnectManagement(*p.soc, *p.sw, t.mgmt_delay);
  p.audio0->Start();
  return p;
}

bool SetSensorTiming(CameraConfig* c, uint64_t clock_hz, double fps) {
  const double frame_cycles = static_cast<double>(clock_hz) / fps;
  const int line = static_cast<int>(frame_cycles / (c->height + 12));
  if (line < c->width + 16) return false;
  c->source = CameraConfig::Source::kPatternFrames;
  c->h_blank = line - c->width;
  c->v_blank = static_cast<int>(frame_cycles) - line * c->height;
  return true;
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
  if (t.bridge_port >= 0) {
    v.bridge = &net.AddBridge("bridge0", t.bridge);
    LinkParams b = t.link;
    b.seed = t.link.seed + 4;
    net.Connect(*v.bridge, Port(sw0, t.bridge_port), b);
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
  if (t.start) {
    v.camera->Start();
    if (t.audio) v.audio_tx->Start();
  }
  return v;
}

}  // namespace pegasus::net
