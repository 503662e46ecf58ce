// SwitchNode: rtl/switch's switch_top (NumPorts 4 or 8) as a network node. Port
// p of the switch is link port p: the link receiver feeds input p's cell
// stream, output p's cell stream feeds the link transmitter. Connections are
// managed through the switch's Wishbone slave port by its SwitchManager, or by a
// SoC node's firmware through a management bus (mgmt_bus.h): its requests join the
// same queue of accesses, taken in the cycle they arrive (or when the port is free).
#ifndef PEGASUS_SIM_CPP_NET_SWITCH_NODE_H_
#define PEGASUS_SIM_CPP_NET_SWITCH_NODE_H_

#include <memory>
#include <string>

#include "host/common/status.h"
#include "sim_cpp/net/mgmt_bus.h"
#include "sim_cpp/net/node.h"
#include "sim_cpp/net/switch_manager.h"

namespace pegasus::net {

class SwitchNode : public Node {
 public:
  // Port counts with a Verilated model in this build.
  static bool Supported(int ports) { return ports == 4 || ports == 8; }
  static Result<std::unique_ptr<SwitchNode>> Create(const std::string& name, int ports,
                                                    VerilatedContext* context);
  ~SwitchNode() override;

  void Run(uint64_t start, uint64_t n) override;
  void TraceModels(VerilatedFstC& fst) override;
  bool Busy() const override { return !bus_.idle(); }
  std::string Stats() const override;

  // The management bus whose requests this switch's Wishbone port serves (one).
  void AttachManagement(MgmtBus* bus) { mgmt_ = bus; }
  bool has_management() const { return mgmt_ != nullptr; }

  SwitchManager& manager() { return manager_; }
  const SwitchManager& manager() const { return manager_; }

 private:
  struct Impl;
  SwitchNode(const std::string& name, int ports, VerilatedContext* context);
  // The cycle loop for the model of this node's port count.
  template <typename M>
  void RunModel(M& m, uint64_t start, uint64_t n);

  WishboneMaster bus_;
  SwitchManager manager_;
  MgmtBus* mgmt_ = nullptr;
  uint64_t cycle_ = 0;  // the cycle Run is in (for answers to the management bus)
  std::unique_ptr<Impl> impl_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_SWITCH_NODE_H_
