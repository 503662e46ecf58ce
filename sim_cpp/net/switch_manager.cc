#include "sim_cpp/net/switch_manager.h"

#include <string>

#include "pegasus/memory_map.h"

namespace pegasus::net {
namespace {

uint32_t VcWord(uint32_t vpi, uint32_t vci) { return ((vpi & 0xFF) << 20) | ((vci & 0xFFFF) << 4); }

sw::SwitchConfig ModelConfig(int ports, int table_bits) {
  sw::SwitchConfig c;
  c.ports = ports;
  c.table_bits = table_bits;
  return c;
}

}  // namespace

SwitchManager::SwitchManager(WishboneMaster& bus, int ports, int table_bits)
    : bus_(bus),
      ports_(ports),
      table_bits_(table_bits),
      model_(ModelConfig(ports, table_bits)),
      counters_(static_cast<size_t>(ports)) {}

void SwitchManager::Start() {
  bus_.PollUntil(PEGASUS_SWITCH_TBL_STATUS, PEGASUS_SWITCH_TBL_STATUS_READY_MASK,
                 PEGASUS_SWITCH_TBL_STATUS_READY_MASK);
  bus_.Write(PEGASUS_SWITCH_CTRL, PEGASUS_SWITCH_CTRL_EN_MASK);
}

Status SwitchManager::Check(int in, uint8_t vpi, uint16_t vci,
                            const std::vector<VcOut>& outs) const {
  if (in < 0 || in >= ports_) {
    return Status::InvalidArgument("switch has no input port " + std::to_string(in) +
                                   " (ports 0.." + std::to_string(ports_ - 1) + ")");
  }
  if (outs.empty()) return Status::InvalidArgument("a connection needs at least one output");
  const int index = static_cast<int>(vci & ((1u << table_bits_) - 1));
  auto it = used_.find({in, index});
  if (it != used_.end() && it->second != sw::SwitchModel::VpiVci(vpi, vci)) {
    return Status::InvalidArgument(
        "input " + std::to_string(in) + ": VCI " + std::to_string(vci) + " shares table index " +
        std::to_string(index) + " with VC " + std::to_string(it->second >> 16) + "/" +
        std::to_string(it->second & 0xFFFF) + " (VCs of one input must differ in VCI bits " +
        std::to_string(table_bits_ - 1) + ":0)");
  }
  uint32_t mask = 0;
  for (const VcOut& o : outs) {
    if (o.port < 0 || o.port >= ports_) {
      return Status::InvalidArgument("switch has no output port " + std::to_string(o.port));
    }
    if (mask & (1u << o.port)) {
      return Status::InvalidArgument("output port " + std::to_string(o.port) + " given twice");
    }
    mask |= 1u << o.port;
  }
  return Status::Ok();
}

Status SwitchManager::Connect(int in, uint8_t vpi, uint16_t vci, const std::vector<VcOut>& outs,
                              bool guaranteed) {
  Status ok = Check(in, vpi, vci, outs);
  if (!ok.ok()) return ok;
  const int index = static_cast<int>(vci & ((1u << table_bits_) - 1));
  sw::Connection c;
  c.guaranteed = guaranteed;
  c.out_vpi_vci.assign(static_cast<size_t>(ports_), 0);
  for (const VcOut& o : outs) {
    c.out_mask |= 1u << o.port;
    c.out_vpi_vci[static_cast<size_t>(o.port)] = sw::SwitchModel::VpiVci(o.vpi, o.vci);
  }
  Status s = model_.SetEntry(in, vpi, vci, c);
  if (!s.ok()) return s;
  used_[{in, index}] = sw::SwitchModel::VpiVci(vpi, vci);
  bus_.Write(PEGASUS_SWITCH_TBL_KEY, VcWord(vpi, vci));
  bus_.Write(PEGASUS_SWITCH_TBL_MASK, c.out_mask);
  bus_.Write(PEGASUS_SWITCH_TBL_CLASS, guaranteed ? PEGASUS_SWITCH_TBL_CLASS_GUAR_MASK : 0);
  for (const VcOut& o : outs) {
    bus_.Write(PEGASUS_SWITCH_TBL_OUT_SEL, static_cast<uint32_t>(o.port));
    bus_.Write(PEGASUS_SWITCH_TBL_OUT_HDR, VcWord(o.vpi, o.vci));
  }
  Commit(PEGASUS_SWITCH_TBL_CMD_OP_WRITE, in);
  return Status::Ok();
}

Status SwitchManager::Disconnect(int in, uint8_t vpi, uint16_t vci) {
  const int index = static_cast<int>(vci & ((1u << table_bits_) - 1));
  auto it = used_.find({in, index});
  if (it == used_.end() || it->second != sw::SwitchModel::VpiVci(vpi, vci)) {
    return Status::NotFound("input " + std::to_string(in) + " has no connection for VC " +
                            std::to_string(vpi) + "/" + std::to_string(vci));
  }
  used_.erase(it);
  Status s = model_.RemoveEntry(in, vpi, vci);
  if (!s.ok()) return s;
  bus_.Write(PEGASUS_SWITCH_TBL_KEY, VcWord(vpi, vci));
  Commit(PEGASUS_SWITCH_TBL_CMD_OP_REMOVE, in);
  return Status::Ok();
}

void SwitchManager::Commit(uint32_t op, int in) {
  bus_.Write(PEGASUS_SWITCH_TBL_CMD,
             (op << PEGASUS_SWITCH_TBL_CMD_OP_LSB) | static_cast<uint32_t>(in));
  bus_.PollUntil(PEGASUS_SWITCH_TBL_STATUS, PEGASUS_SWITCH_TBL_STATUS_BUSY_MASK, 0);
  ++commits_;
}

void SwitchManager::ReadCounters() {
  for (int p = 0; p < ports_; ++p) {
    SwitchPortCounters* c = &counters_[static_cast<size_t>(p)];
    bus_.Write(PEGASUS_SWITCH_CNT_SEL, static_cast<uint32_t>(p));
    const std::pair<uint32_t, uint32_t*> regs[] = {
        {PEGASUS_SWITCH_CNT_IN, &c->in},
        {PEGASUS_SWITCH_CNT_OUT, &c->out},
        {PEGASUS_SWITCH_CNT_DROP_NO_VC, &c->drop_no_vc},
        {PEGASUS_SWITCH_CNT_DROP_FORMAT, &c->drop_format},
        {PEGASUS_SWITCH_CNT_DROP_FULL_GUAR, &c->drop_full_guar},
        {PEGASUS_SWITCH_CNT_DROP_FULL_BE, &c->drop_full_be},
        {PEGASUS_SWITCH_CNT_DROP_CLP_GUAR, &c->drop_clp_guar},
        {PEGASUS_SWITCH_CNT_DROP_CLP_BE, &c->drop_clp_be},
        {PEGASUS_SWITCH_CNT_BUFFERED, &c->buffered},
    };
    for (const auto& [addr, field] : regs) {
      bus_.Read(addr, [field](uint32_t v) { *field = v; });
    }
  }
}

}  // namespace pegasus::net
