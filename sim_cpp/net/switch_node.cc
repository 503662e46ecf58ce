#include "sim_cpp/net/switch_node.h"

#include <vector>

#include NET_SWITCH4_HEADER
#include NET_SWITCH8_HEADER
#include "verilated_fst_c.h"

namespace pegasus::net {

using SwitchModel4 = NET_SWITCH4_MODEL;
using SwitchModel8 = NET_SWITCH8_MODEL;
static_assert(NET_SWITCH4_PARAM_NumPorts == 4);
static_assert(NET_SWITCH8_PARAM_NumPorts == 8);

// The node's state apart from the model: what every port count shares.
struct SwitchPorts {
  explicit SwitchPorts(int ports)
      : feed(static_cast<size_t>(ports)), collect(static_cast<size_t>(ports)) {}
  std::vector<CellFeeder> feed;
  std::vector<CellCollector> collect;
};

// One model of the port counts built; the other pointer is null.
struct SwitchNode::Impl {
  Impl(VerilatedContext* context, const std::string& name, int ports) : io(ports) {
    if (ports == 8) {
      m8 = std::make_unique<SwitchModel8>(context, name.c_str());
    } else {
      m4 = std::make_unique<SwitchModel4>(context, name.c_str());
    }
  }
  std::unique_ptr<SwitchModel4> m4;
  std::unique_ptr<SwitchModel8> m8;
  SwitchPorts io;
};

Result<std::unique_ptr<SwitchNode>> SwitchNode::Create(const std::string& name, int ports,
                                                       VerilatedContext* context) {
  if (!Supported(ports)) {
    return Status::InvalidArgument("switch " + name + ": no switch_top model with " +
                                   std::to_string(ports) +
                                   " ports in this build (built: 4, 8; add a pegasus_verilate "
                                   "line to sim_cpp/net/CMakeLists.txt for more)");
  }
  return std::unique_ptr<SwitchNode>(new SwitchNode(name, ports, context));
}

namespace {

template <typename M>
void InitModel(M& m) {
  m.s_cell_tvalid_i = 0;
  m.s_cell_tlast_i = 0;
  m.m_cell_tready_i = 0;
  m.wb_cyc_i = 0;
  m.wb_stb_i = 0;
  m.wb_we_i = 0;
  m.wb_sel_i = 0;
  ResetModel(m);
}

}  // namespace

SwitchNode::SwitchNode(const std::string& name, int ports, VerilatedContext* context)
    : Node(name, NodeKind::kSwitch, ports),
      manager_(bus_, ports),
      impl_(std::make_unique<Impl>(context, name, ports)) {
  if (impl_->m8) {
    InitModel(*impl_->m8);
  } else {
    InitModel(*impl_->m4);
  }
  manager_.Start();
}

SwitchNode::~SwitchNode() {
  if (impl_->m8) {
    impl_->m8->final();
  } else {
    impl_->m4->final();
  }
}

void SwitchNode::Run(uint64_t start, uint64_t n) {
  if (impl_->m8) {
    RunModel(*impl_->m8, start, n);
  } else {
    RunModel(*impl_->m4, start, n);
  }
}

template <typename M>
void SwitchNode::RunModel(M& m, uint64_t start, uint64_t n) {
  SwitchPorts& io = impl_->io;
  const int ports = num_ports();
  for (uint64_t c = start; c < start + n; ++c) {
    cycle_ = c;
    BusRequest req;
    if (mgmt_ && mgmt_->RequestDue(c, &req)) {
      bus_.Access(req.write, req.addr, req.data, req.sel,
                  [this](uint32_t v) { mgmt_->Answer(cycle_, v); });
    }
    uint32_t valid = 0, last = 0, ready = 0;
    for (int p = 0; p < ports; ++p) {
      LinkPort& lp = port(p);
      lp.Cycle(c);
      uint32_t data = 0;
      bool l = false;
      if (io.feed[static_cast<size_t>(p)].Offer(lp, &data, &l)) {
        valid |= 1u << p;
        if (l) last |= 1u << p;
        m.s_cell_tdata_i[p] = data;
      }
      if (lp.TxReady()) ready |= 1u << p;
    }
    m.s_cell_tvalid_i = static_cast<uint8_t>(valid);
    m.s_cell_tlast_i = static_cast<uint8_t>(last);
    m.m_cell_tready_i = static_cast<uint8_t>(ready);
    bus_.Drive(m);
    m.eval();
    Wave(c, false);
    const uint32_t taken = valid & m.s_cell_tready_o;
    const uint32_t sent = ready & m.m_cell_tvalid_o;
    for (int p = 0; p < ports; ++p) {
      if ((taken >> p) & 1) io.feed[static_cast<size_t>(p)].Taken(port(p));
      if ((sent >> p) & 1) {
        CellCollector& k = io.collect[static_cast<size_t>(p)];
        if (k.Push(m.m_cell_tdata_o[p], (m.m_cell_tlast_o >> p) & 1)) port(p).Transmit(k.cell());
      }
    }
    m.clk_i = 1;
    m.eval();
    Wave(c, true);
    m.clk_i = 0;
    bus_.Sample(m);
  }
}

void SwitchNode::TraceModels(VerilatedFstC& fst) {
  if (impl_->m8) {
    impl_->m8->trace(&fst, 99);
  } else {
    impl_->m4->trace(&fst, 99);
  }
}

std::string SwitchNode::Stats() const {
  std::string s;
  const auto& cs = manager_.counters();
  for (int p = 0; p < num_ports(); ++p) {
    const SwitchPortCounters& c = cs[static_cast<size_t>(p)];
    s += "port " + std::to_string(p) + ": in " + std::to_string(c.in) + " out " +
         std::to_string(c.out) + " drops " + std::to_string(c.drops());
    if (c.drops()) {
      s += " (no VC " + std::to_string(c.drop_no_vc) + ", format " + std::to_string(c.drop_format) +
           ", full " + std::to_string(c.drop_full_guar + c.drop_full_be) + ", CLP " +
           std::to_string(c.drop_clp_guar + c.drop_clp_be) + ")";
    }
    if (p + 1 < num_ports()) s += "; ";
  }
  return s;
}

}  // namespace pegasus::net
