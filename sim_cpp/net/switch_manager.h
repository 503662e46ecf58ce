// SwitchManager: connection management of one switch_top through its Wishbone
// slave port, as firmware does it (rtl/switch/README.md, "Registers"): stage
// TBL_KEY, TBL_MASK, TBL_CLASS and per output TBL_OUT_SEL / TBL_OUT_HDR, write
// TBL_CMD, poll TBL_STATUS.BUSY. Register offsets come from the generated
// pegasus/memory_map.h.
//
// Accesses are queued on the node's bus (WishboneMaster) and happen in
// simulated time; the manager checks each request first (ports in range, no
// other VC of the same input on the same table index) and keeps host/switch's
// SwitchModel tables in step with what it wrote, so a test can ask the
// reference model where a cell goes.
#ifndef PEGASUS_SIM_CPP_NET_SWITCH_MANAGER_H_
#define PEGASUS_SIM_CPP_NET_SWITCH_MANAGER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "host/common/status.h"
#include "host/switch/switch_model.h"
#include "sim_cpp/net/node.h"

namespace pegasus::net {

// One output of a connection and the VPI/VCI its cells carry there.
struct VcOut {
  int port = 0;
  uint8_t vpi = 0;
  uint16_t vci = 0;
};

// The per-port counters of switch_top (CNT_*), as read over the bus.
struct SwitchPortCounters {
  uint32_t in = 0, out = 0, drop_no_vc = 0, drop_format = 0;
  uint32_t drop_full_guar = 0, drop_full_be = 0, drop_clp_guar = 0, drop_clp_be = 0;
  uint32_t buffered = 0;
  uint64_t drops() const {
    return uint64_t{drop_no_vc} + drop_format + drop_full_guar + drop_full_be + drop_clp_guar +
           drop_clp_be;
  }
};

class SwitchManager {
 public:
  SwitchManager(WishboneMaster& bus, int ports, int table_bits = 6);

  // Waits for the tables to be cleared after reset (TBL_STATUS.READY), then
  // sets CTRL.EN.
  void Start();
  // Cells of (vpi, vci) arriving on input `in` leave on each output of `outs`
  // with that output's VPI/VCI; guaranteed selects the class.
  Status Connect(int in, uint8_t vpi, uint16_t vci, const std::vector<VcOut>& outs,
                 bool guaranteed = true);
  Status Disconnect(int in, uint8_t vpi, uint16_t vci);
  // Connect's checks alone: whether Connect would accept the request.
  Status Check(int in, uint8_t vpi, uint16_t vci, const std::vector<VcOut>& outs) const;
  // Queues reads of every port's counters; counters() holds them once the bus
  // is idle.
  void ReadCounters();
  const std::vector<SwitchPortCounters>& counters() const { return counters_; }

  const sw::SwitchModel& model() const { return model_; }
  int ports() const { return ports_; }
  uint64_t commits() const { return commits_; }

 private:
  // Writes TBL_CMD (op, input) and waits for TBL_STATUS.BUSY to clear.
  void Commit(uint32_t op, int in);

  WishboneMaster& bus_;
  int ports_;
  int table_bits_;
  sw::SwitchModel model_;
  // (input, table index) -> VPI/VCI of the VC there.
  std::map<std::pair<int, int>, uint32_t> used_;
  std::vector<SwitchPortCounters> counters_;
  uint64_t commits_ = 0;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_SWITCH_MANAGER_H_
