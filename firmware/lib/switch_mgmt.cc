// Switch management driver: the TBL_* staging protocol and CNT_* counters of
// switch_mgmt.h over the registers of the generated memory map.
#include "firmware/lib/switch_mgmt.h"

#include "firmware/lib/mmio.h"
#include "pegasus/memory_map.h"

namespace pegasus::fw {
namespace {

// Polls of TBL_STATUS before a commit (or the reset clear) is declared stuck.
constexpr uint32_t kBusyPolls = 100000;

uint32_t Reg(uint32_t offset) { return Read32(PEGASUS_SWITCH_BASE + offset); }
void SetReg(uint32_t offset, uint32_t value) { Write32(PEGASUS_SWITCH_BASE + offset, value); }
uint32_t VcWord(uint8_t vpi, uint16_t vci) {
  return (static_cast<uint32_t>(vpi) << PEGASUS_SWITCH_TBL_KEY_VPI_LSB) |
         (static_cast<uint32_t>(vci) << PEGASUS_SWITCH_TBL_KEY_VCI_LSB);
}

}  // namespace

const char* SwitchResultName(SwitchResult r) {
  switch (r) {
    case SwitchResult::kOk: return "ok";
    case SwitchResult::kNotFound: return "not found";
    case SwitchResult::kBadPort: return "bad port";
    case SwitchResult::kIndexInUse: return "table index in use";
    case SwitchResult::kNoOutputs: return "no outputs";
    case SwitchResult::kTimeout: return "switch busy";
  }
  return "?";
}

SwitchResult SwitchMgmt::Init() {
  if (Reg(PEGASUS_SWITCH_ID) != PEGASUS_SWITCH_ID_RESET) return SwitchResult::kNotFound;
  const uint32_t info = Reg(PEGASUS_SWITCH_INFO);
  ports_ = (info & PEGASUS_SWITCH_INFO_PORTS_MASK) >> PEGASUS_SWITCH_INFO_PORTS_LSB;
  table_bits_ = (info & PEGASUS_SWITCH_INFO_TABLE_BITS_MASK) >> PEGASUS_SWITCH_INFO_TABLE_BITS_LSB;
  if (ports_ > kMaxPorts || (1u << table_bits_) > kMaxEntries) return SwitchResult::kBadPort;
  for (uint32_t p = 0; p < kMaxPorts; ++p) {
    for (uint32_t i = 0; i < kMaxEntries; ++i) used_[p][i] = 0;
  }
  uint32_t polls = 0;
  while (!(Reg(PEGASUS_SWITCH_TBL_STATUS) & PEGASUS_SWITCH_TBL_STATUS_READY_MASK)) {
    if (++polls > kBusyPolls) return SwitchResult::kTimeout;
  }
  SetReg(PEGASUS_SWITCH_CTRL, PEGASUS_SWITCH_CTRL_EN_MASK);
  return SwitchResult::kOk;
}

SwitchResult SwitchMgmt::Commit(uint32_t op, uint32_t in) {
  SetReg(PEGASUS_SWITCH_TBL_CMD, (op << PEGASUS_SWITCH_TBL_CMD_OP_LSB) |
                                     (in << PEGASUS_SWITCH_TBL_CMD_PORT_LSB));
  uint32_t polls = 0;
  while (Reg(PEGASUS_SWITCH_TBL_STATUS) & PEGASUS_SWITCH_TBL_STATUS_BUSY_MASK) {
    if (++polls > kBusyPolls) return SwitchResult::kTimeout;
  }
  return SwitchResult::kOk;
}

SwitchResult SwitchMgmt::Connect(uint32_t in, uint8_t vpi, uint16_t vci, const SwitchOut* outs,
                                 uint32_t n, bool guaranteed) {
  if (in >= ports_) return SwitchResult::kBadPort;
  if (n == 0) return SwitchResult::kNoOutputs;
  const uint32_t key = VcWord(vpi, vci);
  uint32_t& slot = used_[in][vci & ((1u << table_bits_) - 1)];
  if (slot != 0 && slot != (key | 1)) return SwitchResult::kIndexInUse;
  uint32_t mask = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (outs[i].port >= ports_ || (mask >> outs[i].port) & 1) return SwitchResult::kBadPort;
    mask |= 1u << outs[i].port;
  }
  SetReg(PEGASUS_SWITCH_TBL_KEY, key);
  SetReg(PEGASUS_SWITCH_TBL_MASK, mask);
  SetReg(PEGASUS_SWITCH_TBL_CLASS, guaranteed ? PEGASUS_SWITCH_TBL_CLASS_GUAR_MASK : 0);
  for (uint32_t i = 0; i < n; ++i) {
    SetReg(PEGASUS_SWITCH_TBL_OUT_SEL, outs[i].port);
    SetReg(PEGASUS_SWITCH_TBL_OUT_HDR, VcWord(outs[i].vpi, outs[i].vci));
  }
  const SwitchResult r = Commit(PEGASUS_SWITCH_TBL_CMD_OP_WRITE, in);
  if (r == SwitchResult::kOk) slot = key | 1;
  return r;
}

SwitchResult SwitchMgmt::Disconnect(uint32_t in, uint8_t vpi, uint16_t vci) {
  if (in >= ports_) return SwitchResult::kBadPort;
  const uint32_t key = VcWord(vpi, vci);
  uint32_t& slot = used_[in][vci & ((1u << table_bits_) - 1)];
  if (slot != (key | 1)) return SwitchResult::kNotFound;
  SetReg(PEGASUS_SWITCH_TBL_KEY, key);
  const SwitchResult r = Commit(PEGASUS_SWITCH_TBL_CMD_OP_REMOVE, in);
  if (r == SwitchResult::kOk) slot = 0;
  return r;
}

void SwitchMgmt::ReadCounters(uint32_t port, SwitchPortCounters* c) const {
  SetReg(PEGASUS_SWITCH_CNT_SEL, port);
  c->in = Reg(PEGASUS_SWITCH_CNT_IN);
  c->out = Reg(PEGASUS_SWITCH_CNT_OUT);
  c->drop_no_vc = Reg(PEGASUS_SWITCH_CNT_DROP_NO_VC);
  c->drop_format = Reg(PEGASUS_SWITCH_CNT_DROP_FORMAT);
  c->drop_full = Reg(PEGASUS_SWITCH_CNT_DROP_FULL_GUAR) + Reg(PEGASUS_SWITCH_CNT_DROP_FULL_BE);
  c->drop_clp = Reg(PEGASUS_SWITCH_CNT_DROP_CLP_GUAR) + Reg(PEGASUS_SWITCH_CNT_DROP_CLP_BE);
  c->buffered = Reg(PEGASUS_SWITCH_CNT_BUFFERED);
}

}  // namespace pegasus::fw
