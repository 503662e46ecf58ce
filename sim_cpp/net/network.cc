#include "sim_cpp/net/network.h"

#include <deque>
#include <map>
#include <sstream>

#include "sim_cpp/net/systemc_top.h"
#include "verilated.h"

namespace pegasus::net {
namespace {

uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::string PortName(const PortRef& p) { return p.node->name() + "." + std::to_string(p.port); }

}  // namespace

Network::Network(const NetworkConfig& config)
    : config_(config), context_(std::make_unique<VerilatedContext>()) {
  if (config_.quantum == 0) throw TopologyError("the quantum must be at least one cycle");
  if (config_.clock_hz == 0) throw TopologyError("the clock frequency must not be 0");
  if (!config_.wave.nodes.empty()) context_->traceEverOn(true);
}

Network::~Network() {
  systemc_.reset();
  mgmt_.clear();
  links_.clear();
  nodes_.clear();
}

void Network::Add(std::unique_ptr<Node> node) {
  if (attached_) throw TopologyError("node " + node->name() + " added after the network ran");
  if (Find(node->name())) throw TopologyError("two nodes are named " + node->name());
  nodes_.push_back(std::move(node));
}

Node* Network::Find(const std::string& name) const {
  for (const auto& n : nodes_) {
    if (n->name() == name) return n.get();
  }
  return nullptr;
}

SwitchNode& Network::AddSwitch(const std::string& name, int ports) {
  if (Find(name)) throw TopologyError("two nodes are named " + name);
  auto node = SwitchNode::Create(name, ports, context_.get());
  if (!node.ok()) throw TopologyError(node.status().message());
  SwitchNode& ref = **node;
  Add(std::move(*node));
  return ref;
}

CameraNode& Network::AddCamera(const std::string& name, const CameraConfig& config) {
  if (Find(name)) throw TopologyError("two nodes are named " + name);
  auto node = CameraNode::Create(name, config, context_.get());
  if (!node.ok()) throw TopologyError(node.status().message());
  CameraNode& ref = **node;
  Add(std::move(*node));
  return ref;
}

DisplayNode& Network::AddDisplay(const std::string& name, const DisplayNodeConfig& config) {
  if (Find(name)) throw TopologyError("two nodes are named " + name);
  auto node = DisplayNode::Create(name, config, context_.get());
  if (!node.ok()) throw TopologyError(node.status().message());
  DisplayNode& ref = **node;
  Add(std::move(*node));
  return ref;
}

SocNode& Network::AddSoc(const std::string& name, const SocNodeConfig& config) {
  if (Find(name)) throw TopologyError("two nodes are named " + name);
  auto node = SocNode::Create(name, config, context_.get());
  if (!node.ok()) throw TopologyError(node.status().message());
  SocNode& ref = **node;
  Add(std::move(*node));
  return ref;
}

AudioNode& Network::AddAudio(const std::string& name, const AudioNodeConfig& config) {
  if (Find(name)) throw TopologyError("two nodes are named " + name);
  auto node = AudioNode::Create(name, config, config_.clock_hz, context_.get());
  if (!node.ok()) throw TopologyError(node.status().message());
  AudioNode& ref = **node;
  Add(std::move(*node));
  return ref;
}

BridgeNode& Network::AddBridge(const std::string& name, const BridgeConfig& config) {
  if (Find(name)) throw TopologyError("two nodes are named " + name);
  auto node = BridgeNode::Create(name, config);
  if (!node.ok()) throw TopologyError(node.status().message());
  BridgeNode& ref = **node;
  Add(std::move(*node));
  return ref;
}

MgmtBus& Network::ConnectManagement(SocNode& soc, SwitchNode& sw, uint64_t delay) {
  if (attached_) throw TopologyError("management bus added after the network ran");
  if (soc.has_management()) throw TopologyError(soc.name() + " already manages a switch");
  if (sw.has_management()) throw TopologyError(sw.name() + " is already managed by a SoC");
  if (delay < config_.quantum) {
    throw TopologyError("management bus " + soc.name() + " - " + sw.name() + ": delay " +
                        std::to_string(delay) + " cycles is below the quantum (" +
                        std::to_string(config_.quantum) + ")");
  }
  // A round trip plus the switch's slowest access (a counter read) and a margin for
  // accesses queued ahead on its port.
  if (2 * delay + 64 > SocNode::kXbusTimeout) {
    throw TopologyError("management bus " + soc.name() + " - " + sw.name() + ": delay " +
                        std::to_string(delay) + " cycles each way does not fit the SoC's " +
                        std::to_string(SocNode::kXbusTimeout) +
                        "-cycle external-bus timeout (at most " +
                        std::to_string((SocNode::kXbusTimeout - 64) / 2) + ")");
  }
  mgmt_.push_back(std::make_unique<MgmtBus>(soc.name() + "->" + sw.name(), delay));
  soc.AttachManagement(mgmt_.back().get());
  sw.AttachManagement(mgmt_.back().get());
  return *mgmt_.back();
}

Link* Network::LinkAt(const Node* node, int port) const {
  for (const auto& l : links_) {
    if ((l->a.node == node && l->a.port == port) || (l->b.node == node && l->b.port == port)) {
      return l.get();
    }
  }
  return nullptr;
}

Link& Network::Connect(PortRef a, PortRef b, const LinkParams& params) {
  if (attached_) throw TopologyError("link added after the network ran");
  for (const PortRef& p : {a, b}) {
    if (p.port < 0 || p.port >= p.node->num_ports()) {
      throw TopologyError(p.node->name() + " has no port " + std::to_string(p.port));
    }
    if (LinkAt(p.node, p.port)) throw TopologyError(PortName(p) + " already has a link");
  }
  if (a.node == b.node && a.port == b.port) throw TopologyError("a link needs two ports");
  if (params.delay < config_.quantum) {
    throw TopologyError("link " + PortName(a) + " - " + PortName(b) + ": delay " +
                        std::to_string(params.delay) + " cycles is below the quantum (" +
                        std::to_string(config_.quantum) +
                        "): bytes must reach the receiver no sooner than the next exchange");
  }
  if (params.bytes_per_cycle < 1 || params.bytes_per_cycle > 8) {
    throw TopologyError("link bytes per cycle must be 1..8");
  }
  if (!(params.ber >= 0 && params.ber <= 0.5)) throw TopologyError("link BER must be 0..0.5");
  auto link =
      std::make_unique<Link>(Link{PortName(a) + "-" + PortName(b), a, b, params, nullptr, nullptr});
  link->ab =
      std::make_unique<Wire>(PortName(a) + "->" + PortName(b), params.ber, Mix(params.seed * 2));
  link->ba = std::make_unique<Wire>(PortName(b) + "->" + PortName(a), params.ber,
                                    Mix(params.seed * 2 + 1));
  if (!params.pcap.empty()) {
    Status s = b.node->port(b.port).CapturePcap(params.pcap);
    if (!s.ok()) throw TopologyError(s.ToString());
  }
  links_.push_back(std::move(link));
  return *links_.back();
}

Status Network::Route(PortRef from, uint8_t vpi, uint16_t vci, PortRef to, uint8_t to_vpi,
                      uint16_t to_vci) {
  struct Hop {
    SwitchNode* sw;
    int in;
    int out;
  };
  auto peer_of = [this](const Node* n, int p) -> const PortRef* {
    const Link* l = LinkAt(n, p);
    if (!l) return nullptr;
    return (l->a.node == n && l->a.port == p) ? &l->b : &l->a;
  };
  const PortRef* first = peer_of(from.node, from.port);
  if (!first) return Status::InvalidArgument(PortName(from) + " has no link");
  if (first->node == to.node && first->port == to.port) {
    if (vpi != to_vpi || vci != to_vci) {
      return Status::InvalidArgument(PortName(from) + " is linked to " + PortName(to) +
                                     " directly: no switch can translate the VC");
    }
    return Status::Ok();
  }
  // Breadth-first over (switch, input port), shortest path first.
  struct State {
    SwitchNode* sw;
    int in;
    int parent;
    int out;  // output taken from the parent
  };
  std::vector<State> seen;
  std::deque<int> queue;
  auto visit = [&](const PortRef* p, int parent, int out) {
    if (!p || p->node->kind() != NodeKind::kSwitch) return;
    for (const State& s : seen) {
      if (s.sw == p->node) return;
    }
    seen.push_back(State{static_cast<SwitchNode*>(p->node), p->port, parent, out});
    queue.push_back(static_cast<int>(seen.size()) - 1);
  };
  visit(first, -1, -1);
  int found = -1, found_out = -1;
  while (!queue.empty() && found < 0) {
    const int i = queue.front();
    queue.pop_front();
    const State s = seen[static_cast<size_t>(i)];
    for (int q = 0; q < s.sw->num_ports() && found < 0; ++q) {
      if (q == s.in) continue;
      const PortRef* next = peer_of(s.sw, q);
      if ((to.node == s.sw && to.port == q) ||
          (next && next->node == to.node && next->port == to.port)) {
        found = i;
        found_out = q;
      } else {
        visit(next, i, q);
      }
    }
  }
  if (found < 0) {
    return Status::NotFound("no path of switches from " + PortName(from) + " to " + PortName(to));
  }
  std::vector<Hop> hops;
  for (int i = found, out = found_out; i >= 0;
       out = seen[static_cast<size_t>(i)].out, i = seen[static_cast<size_t>(i)].parent) {
    hops.insert(hops.begin(),
                Hop{seen[static_cast<size_t>(i)].sw, seen[static_cast<size_t>(i)].in, out});
  }
  // Each switch adds this output to whatever the VC already has there
  // (multicast).
  std::vector<std::vector<VcOut>> outs(hops.size());
  for (size_t h = 0; h < hops.size(); ++h) {
    const uint8_t in_vpi = h == 0 ? vpi : to_vpi;
    const uint16_t in_vci = h == 0 ? vci : to_vci;
    SwitchManager& m = hops[h].sw->manager();
    const uint32_t header = (uint32_t{in_vpi} << 20) | (uint32_t{in_vci} << 4);
    if (const sw::Connection* c = m.model().Lookup(hops[h].in, header)) {
      for (int o = 0; o < m.ports(); ++o) {
        if (((c->out_mask >> o) & 1) && o != hops[h].out) {
          const uint32_t v = c->out_vpi_vci[static_cast<size_t>(o)];
          outs[h].push_back(VcOut{o, static_cast<uint8_t>(v >> 16), static_cast<uint16_t>(v)});
        }
      }
    }
    outs[h].push_back(VcOut{hops[h].out, to_vpi, to_vci});
    Status s = m.Check(hops[h].in, in_vpi, in_vci, outs[h]);
    if (!s.ok()) return Status::InvalidArgument(hops[h].sw->name() + ": " + s.message());
  }
  for (size_t h = 0; h < hops.size(); ++h) {
    Status s = hops[h].sw->manager().Connect(hops[h].in, h == 0 ? vpi : to_vpi,
                                             h == 0 ? vci : to_vci, outs[h]);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status Network::ShowCamera(CameraNode& camera, DisplayNode& display,
                           const display::WindowDesc& window, uint16_t vci) {
  // Checked first, so that a refused window leaves no route behind.
  Status ok = display.CheckWindow(vci, window);
  if (!ok.ok()) return ok;
  const CameraConfig& c = camera.config();
  Status s = Route(camera, c.vpi, c.vci, display, 0, vci);
  if (!s.ok()) return s;
  s = display.SetWindow(0, vci, window);
  if (!s.ok()) return s;
  // The control VC goes to the first switch's port 0, the NIC's in the design.
  const Link* l = LinkAt(&camera, 0);
  const PortRef& sw = l->a.node == &camera ? l->b : l->a;
  if (sw.node->kind() == NodeKind::kSwitch && sw.port != 0 &&
      !static_cast<SwitchNode*>(sw.node)->manager().model().Lookup(
          sw.port, (uint32_t{c.vpi} << 20) | (uint32_t{c.ctl_vci} << 4))) {
    s = Route(camera, c.vpi, c.ctl_vci, PortRef(*sw.node, 0), c.vpi, c.ctl_vci);
  }
  return s;
}

Status Network::RouteAudio(AudioNode& from, AudioNode& to) {
  return Route(from, from.config().vpi, from.config().vci, to, 0, to.config().rx_vci);
}

void Network::OpenWaves() {
  for (const std::string& name : config_.wave.nodes) {
    Node* n = Find(name);
    if (n == nullptr) throw TopologyError("wave: the network has no node " + name);
    try {
      n->OpenWave(config_.wave.dir + "/" + name + ".fst", config_.wave.first, config_.wave.last,
                  config_.clock_hz);
    } catch (const std::runtime_error& e) {
      throw TopologyError(e.what());
    }
  }
}

void Network::AttachPorts(bool systemc) {
  attached_ = true;
  OpenWaves();
  if (systemc) {
    systemc_ = std::make_unique<SystemCTop>(*this);
    return;
  }
  const uint64_t clock_ps = 1'000'000'000'000ull / config_.clock_hz;
  for (const auto& l : links_) {
    l->a.node->port(l->a.port).Attach(l->ab.get(), l->ba.get(), l->params, clock_ps);
    l->b.node->port(l->b.port).Attach(l->ba.get(), l->ab.get(), l->params, clock_ps);
  }
}

void Network::RunQuantumPlain() {
  for (const auto& n : nodes_) {
    n->BeginQuantum();
    n->Run(cycle_, config_.quantum);
    n->EndQuantum();
  }
  for (const auto& l : links_) {
    l->ab->Commit();
    l->ba->Commit();
  }
  for (const auto& b : mgmt_) b->Commit();
  cycle_ += config_.quantum;
}

bool Network::RunUntil(const std::function<bool()>& done, uint64_t max_cycles) {
  if (!attached_) AttachPorts(config_.systemc);
  if (done()) return true;
  const uint64_t end = cycle_ + max_cycles;
  if (systemc_) {
    cycle_ = systemc_->RunUntil(cycle_, done, end);
    return done();
  }
  while (cycle_ < end) {
    RunQuantumPlain();
    if (done()) return true;
  }
  return false;
}

Status Network::Settle(uint64_t max_cycles) {
  auto idle = [this] {
    for (const auto& n : nodes_) {
      if (n->Busy()) return false;
    }
    return true;
  };
  if (RunUntil(idle, max_cycles)) return Status::Ok();
  std::string busy;
  for (const auto& n : nodes_) {
    if (n->Busy()) busy += " " + n->name();
  }
  return Status::Unavailable("management accesses still queued after " +
                             std::to_string(max_cycles) + " cycles on" + busy);
}

Status Network::ReadCounters() {
  for (const auto& n : nodes_) {
    if (n->kind() == NodeKind::kSwitch) static_cast<SwitchNode*>(n.get())->manager().ReadCounters();
    if (n->kind() == NodeKind::kDisplay) static_cast<DisplayNode*>(n.get())->ReadStats();
  }
  return Settle();
}

Status Network::Finish() {
  Status first = Status::Ok();
  for (const auto& n : nodes_) {
    for (int p = 0; p < n->num_ports(); ++p) {
      Status s = n->port(p).Close();
      if (first.ok() && !s.ok()) first = s;
    }
    if (n->kind() == NodeKind::kDisplay) {
      const std::string& e = static_cast<DisplayNode*>(n.get())->error();
      if (first.ok() && !e.empty()) first = Status::IoError(e);
    }
    if (n->kind() == NodeKind::kAudio) {
      Status s = static_cast<AudioNode*>(n.get())->Finish();
      if (first.ok() && !s.ok()) first = s;
    }
    n->CloseWave();
  }
  return first;
}

std::string Network::Summary() const {
  std::ostringstream o;
  for (const auto& l : links_) {
    for (int dir = 0; dir < 2; ++dir) {
      const PortRef& src = dir == 0 ? l->a : l->b;
      const PortRef& dst = dir == 0 ? l->b : l->a;
      const Wire& w = dir == 0 ? *l->ab : *l->ba;
      const LinkPort& tx = src.node->port(src.port);
      const LinkPort& rx = dst.node->port(dst.port);
      if (tx.tx_counters().cells_sent == 0 && rx.rx_counters().received == 0) continue;
      const atm::LinkRxCounters& r = rx.rx_counters();
      o << "  link " << w.name() << ": cells sent " << tx.tx_counters().cells_sent << " (idle "
        << tx.tx_counters().idle_sent << "), received " << r.delivered << ", bit flips "
        << w.counters().bit_flips << ", HEC corrected " << r.hec_corrected << ", HEC discarded "
        << r.hec_discarded << ", sync losses " << r.sync_losses << ", receiver overflow "
        << rx.counters().rx_overflow << "\n";
    }
  }
  for (const auto& b : mgmt_) {
    o << "  management bus " << b->name() << ": " << b->accesses() << " accesses, "
      << b->delay() << " cycles each way\n";
  }
  for (const auto& n : nodes_) {
    for (int p = 0; p < n->num_ports(); ++p) {
      if (n->port(p).counters().unconnected) {
        o << "  " << n->name() << "." << p << ": " << n->port(p).counters().unconnected
          << " cells sent on a port with no link (dropped)\n";
      }
    }
    const std::string s = n->Stats();
    if (!s.empty()) o << "  " << n->name() << ": " << s << "\n";
  }
  return o.str();
}

}  // namespace pegasus::net
