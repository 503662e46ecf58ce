#include "sim_cpp/net/systemc_top.h"

#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <systemc>

#include "sim_cpp/net/network.h"

namespace pegasus::net {
namespace {

using sc_core::sc_time;

// The interfaces of a wire direction as SystemC sees them.
struct WireTxIf : virtual sc_core::sc_interface, WireTx {};
struct WireRxIf : virtual sc_core::sc_interface, WireRx {};

class WireChannel : public sc_core::sc_prim_channel, public WireTxIf, public WireRxIf {
 public:
  WireChannel(const char* name, Wire& wire) : sc_core::sc_prim_channel(name), wire_(wire) {}
  void Send(std::span<const uint8_t> bytes) override {
    wire_.Send(bytes);
    request_update();
  }
  void Take(std::vector<uint8_t>* out) override { wire_.Take(out); }

 protected:
  void update() override { wire_.Commit(); }

 private:
  Wire& wire_;
};

// A management bus (mgmt_bus.h) as a primitive channel: what the nodes send during an
// evaluation phase is committed in its update phase, as a wire's bytes are.
class MgmtChannel : public sc_core::sc_prim_channel {
 public:
  MgmtChannel(const char* name, MgmtBus& bus) : sc_core::sc_prim_channel(name), bus_(bus) {
    bus_.on_send = [this] { request_update(); };
  }
  ~MgmtChannel() override { bus_.on_send = nullptr; }

 protected:
  void update() override { bus_.Commit(); }

 private:
  MgmtBus& bus_;
};

using TxPort = sc_core::sc_port<WireTxIf, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;
using RxPort = sc_core::sc_port<WireRxIf, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;

class NodeModule : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(NodeModule);
  NodeModule(sc_core::sc_module_name name, Node& node, const LinkParams* params, uint64_t quantum,
             sc_time period, uint64_t clock_ps, const uint64_t* start)
      : sc_core::sc_module(name),
        tx("tx", static_cast<size_t>(node.num_ports())),
        rx("rx", static_cast<size_t>(node.num_ports())),
        node_(node),
        quantum_(quantum),
        period_(period),
        clock_ps_(clock_ps),
        start_(start) {
    params_.assign(params, params + node.num_ports());
    SC_THREAD(Main);
  }

  sc_core::sc_vector<TxPort> tx;
  sc_core::sc_vector<RxPort> rx;

 private:
  void Main() {
    // Ports are bound now: give each link port its channels.
    for (int p = 0; p < node_.num_ports(); ++p) {
      WireTx* t =
          tx[static_cast<size_t>(p)].size() ? tx[static_cast<size_t>(p)].operator->() : nullptr;
      WireRx* r =
          rx[static_cast<size_t>(p)].size() ? rx[static_cast<size_t>(p)].operator->() : nullptr;
      if (t || r) node_.port(p).Attach(t, r, params_[static_cast<size_t>(p)], clock_ps_);
    }
    for (uint64_t t = *start_;; t += quantum_) {
      node_.BeginQuantum();
      node_.Run(t, quantum_);
      node_.EndQuantum();
      wait(period_ * static_cast<double>(quantum_));
    }
  }

  Node& node_;
  std::vector<LinkParams> params_;
  uint64_t quantum_;
  sc_time period_;
  uint64_t clock_ps_;
  const uint64_t* start_;
};

class Controller : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Controller);
  Controller(sc_core::sc_module_name name, uint64_t quantum, sc_time period)
      : sc_core::sc_module(name), quantum_(quantum), period_(period) {
    SC_THREAD(Main);
  }
  std::function<bool()> done;
  uint64_t cycle = 0;
  uint64_t end = 0;

 private:
  void Main() {
    wait(period_ * (static_cast<double>(quantum_) - 0.5));
    for (;;) {
      cycle += quantum_;
      if (cycle >= end || (done && done())) sc_core::sc_pause();
      wait(period_ * static_cast<double>(quantum_));
    }
  }
  uint64_t quantum_;
  sc_time period_;
};

}  // namespace

struct SystemCTop::Impl {
  std::vector<std::unique_ptr<WireChannel>> channels;
  std::vector<std::unique_ptr<MgmtChannel>> mgmt;
  std::vector<std::unique_ptr<NodeModule>> modules;
  std::unique_ptr<Controller> controller;
  uint64_t start = 0;
  bool started = false;
};

SystemCTop::SystemCTop(Network& net) : impl_(std::make_unique<Impl>()) {
  // A fresh kernel: SystemC elaborates once per simulation context.
  if (sc_core::sc_curr_simcontext && sc_core::sc_curr_simcontext->elaboration_done()) {
    sc_core::sc_curr_simcontext = new sc_core::sc_simcontext;
    sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  }
  const NetworkConfig& cfg = net.config();
  const uint64_t clock_ps = 1'000'000'000'000ull / cfg.clock_hz;
  const sc_time period(static_cast<double>(clock_ps), sc_core::SC_PS);
  impl_->start = net.cycle();
  std::map<const Node*, NodeModule*> module_of;
  for (const auto& n : net.nodes()) {
    std::vector<LinkParams> params(static_cast<size_t>(n->num_ports()));
    for (int p = 0; p < n->num_ports(); ++p) {
      if (const Link* l = net.LinkAt(n.get(), p)) params[static_cast<size_t>(p)] = l->params;
    }
    impl_->modules.push_back(std::make_unique<NodeModule>(
        n->name().c_str(), *n, params.data(), cfg.quantum, period, clock_ps, &impl_->start));
    module_of[n.get()] = impl_->modules.back().get();
  }
  for (const auto& l : net.links()) {
    auto ab = std::make_unique<WireChannel>(
        ("wire_" + l->a.node->name() + "_" + std::to_string(l->a.port) + "_to_" +
         l->b.node->name() + "_" + std::to_string(l->b.port))
            .c_str(),
        *l->ab);
    auto ba = std::make_unique<WireChannel>(
        ("wire_" + l->b.node->name() + "_" + std::to_string(l->b.port) + "_to_" +
         l->a.node->name() + "_" + std::to_string(l->a.port))
            .c_str(),
        *l->ba);
    NodeModule* a = module_of[l->a.node];
    NodeModule* b = module_of[l->b.node];
    a->tx[static_cast<size_t>(l->a.port)].bind(*ab);
    b->rx[static_cast<size_t>(l->b.port)].bind(*ab);
    b->tx[static_cast<size_t>(l->b.port)].bind(*ba);
    a->rx[static_cast<size_t>(l->a.port)].bind(*ba);
    impl_->channels.push_back(std::move(ab));
    impl_->channels.push_back(std::move(ba));
  }
  for (const auto& b : net.mgmt_buses()) {
    impl_->mgmt.push_back(std::make_unique<MgmtChannel>(
        ("mgmt_" + std::to_string(impl_->mgmt.size())).c_str(), *b));
  }
  impl_->controller = std::make_unique<Controller>("controller", cfg.quantum, period);
  impl_->controller->cycle = impl_->start;
}

SystemCTop::~SystemCTop() = default;

uint64_t SystemCTop::RunUntil(uint64_t start, const std::function<bool()>& done, uint64_t end) {
  Controller& c = *impl_->controller;
  if (start != c.cycle) {
    throw std::logic_error("SystemCTop: the network ran outside SystemC in between");
  }
  c.done = done;
  c.end = end;
  sc_core::sc_start();
  c.done = nullptr;
  return c.cycle;
}

}  // namespace pegasus::net

// libsystemc's own main() refers to sc_main. Pegasus programs have their own
// main and start the kernel through Network::RunUntil, so this entry is never
// the one that runs.
int sc_main(int, char*[]) { return 1; }
