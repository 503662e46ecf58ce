#include "sim_cpp/net/switch_node.h"

#include <vector>

#include NET_SWITCH4_HEADER
#include "verilated_fst_c.h"

namespace pegasus::net {

using SwitchModel4 = NET_SWITCH4_MODEL;

struct SwitchNode::Impl {
  Impl(VerilatedContext* context, const std::string& name, int ports)
      : model(context, name.c_str()),
        feed(static_cast<size_t>(ports)),
        collect(static_cast<size_t>(ports)) {}
  SwitchModel4 model;
  std::vector<CellFeeder> feed;
  std::vector<CellCollector> collect;
};

Result<std::unique_ptr<SwitchNode>> SwitchNode::Create(const std::string& name, int ports,
                                                       VerilatedContext* context) {
  if (!Supported(ports)) {
    return Status::InvalidArgument("switch " + name + ": no switch_top model with " +
                                   std::to_string(ports) +
                                   " ports in this build (built: 4; add a pegasus_verilate "
                                   "line to sim_cpp/net/CMakeLists.txt for more)");
  }
  return std::unique_ptr<SwitchNode>(new SwitchNode(name, ports, context));
}

SwitchNode::SwitchNode(const std::string& name, int ports, VerilatedContext* context)
    : Node(name, NodeKind::kSwitch, ports),
      manager_(bus_, ports),
      impl_(std::make_unique<Impl>(context, name, ports)) {
  SwitchModel4& m = impl_->model;
  m.s_cell_tvalid_i = 0;
  m.s_cell_tlast_i = 0;
  m.m_cell_tready_i = 0;
  m.wb_cyc_i = 0;
  m.wb_stb_i = 0;
  m.wb_we_i = 0;
  m.wb_sel_i = 0;
  ResetModel(m);
  manager_.Start();
}

SwitchNode::~SwitchNode() { impl_->model.final(); }

void SwitchNode::Run(uint64_t start, uint64_t n) {
  SwitchModel4& m = impl_->model;
  const int ports = num_ports();
  for (uint64_t c = start; c < start + n; ++c) {
    cycle_ = c;
    BusRequest req;
    if (mgmt_ && mgmt_->RequestDue(c, &req)) {
      bus_.Access(req.write, req.addr, req.data, req.sel,
                  [this](uint32_t v) { mgmt_->Answer(cycle_, v); });
    }
    uint8_t valid = 0, last = 0, ready = 0;
    for (int p = 0; p < ports; ++p) {
      LinkPort& lp = port(p);
      lp.Cycle(c);
      uint32_t data = 0;
      bool l = false;
      if (impl_->feed[static_cast<size_t>(p)].Offer(lp, &data, &l)) {
        valid |= static_cast<uint8_t>(1u << p);
        if (l) last |= static_cast<uint8_t>(1u << p);
        m.s_cell_tdata_i[p] = data;
      }
      if (lp.TxReady()) ready |= static_cast<uint8_t>(1u << p);
    }
    m.s_cell_tvalid_i = valid;
    m.s_cell_tlast_i = last;
    m.m_cell_tready_i = ready;
    bus_.Drive(m);
    m.eval();
    Wave(c, false);
    const uint8_t taken = valid & m.s_cell_tready_o;
    const uint8_t sent = ready & m.m_cell_tvalid_o;
    for (int p = 0; p < ports; ++p) {
      if ((taken >> p) & 1) impl_->feed[static_cast<size_t>(p)].Taken(port(p));
      if ((sent >> p) & 1) {
        CellCollector& k = impl_->collect[static_cast<size_t>(p)];
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

void SwitchNode::TraceModels(VerilatedFstC& fst) { impl_->model.trace(&fst, 99); }

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
