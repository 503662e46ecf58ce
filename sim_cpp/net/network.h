// Network: a desk-area network described in a few lines and run
// cycle-accurately.
//
//   net::Network net({.quantum = 32});
//   auto& sw = net.AddSwitch("sw0", 4);
//   auto& cam = net.AddCamera("camera0", camera_config);
//   auto& disp = net.AddDisplay("display0", display_config);
//   net.Connect(cam, sw.Port(1), {.delay = 64});
//   net.Connect(sw.Port(2), disp, {.delay = 64, .ber = 1e-6});
//   Status s = net.ShowCamera(cam, disp, display::MakeWindow(16, 8, 0, 0, 319,
//   239)); net.RunUntil([&] { return disp.frames_drawn() >= 3; }, 10'000'000);
//
// Nodes (node.h) wrap Verilated models; links (wire.h, link_port.h) carry the
// bytes of cells between their ports with a delay and a bit-error rate. The run
// advances every node a quantum of cycles at a time and exchanges link bytes at
// quantum boundaries, so a link's delay must be at least the quantum (Connect
// checks). Two runners give the same cycles, cells and pixels: the SystemC top
// (systemc_top.h: a module with an SC_THREAD per node, a primitive channel per
// wire direction) and a plain C++ loop.
//
// Describing a topology wrongly (a duplicate name, a port used twice, a delay
// below the quantum, a node type without a model in this build) throws
// TopologyError with the reason: it is configuration, checked before anything
// runs. Connection management on a built network (Route, ShowCamera) returns a
// Status and changes nothing on error.
#ifndef PEGASUS_SIM_CPP_NET_NETWORK_H_
#define PEGASUS_SIM_CPP_NET_NETWORK_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/common/status.h"
#include "host/display/display_model.h"
#include "sim_cpp/net/audio_node.h"
#include "sim_cpp/net/bridge_node.h"
#include "sim_cpp/net/camera_node.h"
#include "sim_cpp/net/display_node.h"
#include "sim_cpp/net/mgmt_bus.h"
#include "sim_cpp/net/node.h"
#include "sim_cpp/net/soc_node.h"
#include "sim_cpp/net/switch_node.h"
#include "sim_cpp/net/wire.h"

namespace pegasus::net {

class TopologyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NetworkConfig {
  // Cycles each node runs between two exchanges of link bytes; every link's
  // delay must be at least this.
  uint64_t quantum = 32;
  // The design clock: cycles to seconds in the summary, picoseconds in pcap
  // files.
  uint64_t clock_hz = 50'000'000;
  // Run under the SystemC top (true) or the plain C++ loop (false).
  bool systemc = true;
  // FST waveforms of chosen nodes for a window of cycles (wave.h), opened when the
  // network first runs, completed by Finish().
  WaveConfig wave = {};
};

// A port of a node; a node converts to its port 0.
struct PortRef {
  Node* node = nullptr;
  int port = 0;
  PortRef(Node& n, int p = 0) : node(&n), port(p) {}  // NOLINT: implicit by design
};

inline PortRef Port(Node& n, int p) { return PortRef(n, p); }

// A link between two node ports: one wire each way.
struct Link {
  std::string name;
  PortRef a, b;
  LinkParams params;
  std::unique_ptr<Wire> ab, ba;
};

class SystemCTop;

class Network {
 public:
  explicit Network(const NetworkConfig& config = {});
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  SwitchNode& AddSwitch(const std::string& name, int ports);
  CameraNode& AddCamera(const std::string& name, const CameraConfig& config);
  DisplayNode& AddDisplay(const std::string& name, const DisplayNodeConfig& config = {});
  SocNode& AddSoc(const std::string& name, const SocNodeConfig& config);
  // An audio node (its models run at the design clock: clock_hz must be theirs).
  AudioNode& AddAudio(const std::string& name, const AudioNodeConfig& config = {});
  // A host bridge port (bridge_node.h): listens on 127.0.0.1 at once (its
  // tcp_port() says where); connect its port 0 to a switch port.
  BridgeNode& AddBridge(const std::string& name, const BridgeConfig& config = {});
  // Joins two ports with a full-duplex link.
  Link& Connect(PortRef a, PortRef b, const LinkParams& params);
  // Carries the SoC's SWITCH-region accesses to the switch's management port with
  // `delay` cycles each way (at least the quantum; the round trip must fit the SoC's
  // external-bus timeout).
  MgmtBus& ConnectManagement(SocNode& soc, SwitchNode& sw, uint64_t delay);

  // Sets up the switch entries that carry (vpi, vci) leaving port `from` to the
  // node port `to` (or, when `to` is a switch port, out of that port), arriving
  // as (to_vpi, to_vci); every switch on the way (shortest path) translates to
  // it.
  Status Route(PortRef from, uint8_t vpi, uint16_t vci, PortRef to, uint8_t to_vpi,
               uint16_t to_vci);
  // The camera's data VC routed to the display as VCI `vci` (0..15 mod 64: the
  // window), the window set to `window`, and the camera's control VC routed out
  // of the first switch's port 0 (the NIC's port in the design; with no SoC
  // node there its cells are counted as sent on an unconnected port).
  Status ShowCamera(CameraNode& camera, DisplayNode& display, const display::WindowDesc& window,
                    uint16_t vci = 1);
  // The data VC of audio node `from` routed to `to`'s playout (its rx_vci, VPI 0).
  Status RouteAudio(AudioNode& from, AudioNode& to);

  // Runs until done() holds at a quantum boundary or max_cycles pass; returns
  // whether done() held.
  bool RunUntil(const std::function<bool()>& done, uint64_t max_cycles);
  void Run(uint64_t cycles) {
    RunUntil([] { return false; }, cycles);
  }
  // Runs until no node has management work queued.
  Status Settle(uint64_t max_cycles = 200'000);
  // Reads the switches' and displays' counters over their buses (runs a
  // little).
  Status ReadCounters();

  uint64_t cycle() const { return cycle_; }
  const NetworkConfig& config() const { return config_; }
  double cycle_us() const { return 1e6 / static_cast<double>(config_.clock_hz); }
  const std::vector<std::unique_ptr<Node>>& nodes() const { return nodes_; }
  const std::vector<std::unique_ptr<Link>>& links() const { return links_; }
  const std::vector<std::unique_ptr<MgmtBus>>& mgmt_buses() const { return mgmt_; }
  Node* Find(const std::string& name) const;
  // The link at a node port, or null.
  Link* LinkAt(const Node* node, int port) const;

  // Closes pcap files; returns the first error of any node or capture.
  Status Finish();

  // One line per link and node: cells, HEC corrections and discards, bit flips,
  // drops.
  std::string Summary() const;

 private:
  friend class SystemCTop;
  void Add(std::unique_ptr<Node> node);
  void AttachPorts(bool systemc);
  void OpenWaves();
  void RunQuantumPlain();

  NetworkConfig config_;
  std::unique_ptr<VerilatedContext> context_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<std::unique_ptr<Link>> links_;
  std::vector<std::unique_ptr<MgmtBus>> mgmt_;
  std::unique_ptr<SystemCTop> systemc_;
  bool attached_ = false;
  uint64_t cycle_ = 0;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_NETWORK_H_
