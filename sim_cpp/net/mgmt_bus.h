// MgmtBus: a management bus between two nodes: the SoC's external devices bus
// (soc_top's xbus_*) carried to a switch's Wishbone management port (wb_*). Like a
// link, it has a delay of at least the network's quantum each way, so the order in which
// the nodes run a quantum never matters (README.md, "Time, the quantum and link
// delays"): a request the master puts out in cycle c reaches the slave in cycle
// c + delay, the slave's answer given in cycle a reaches the master in cycle a + delay.
// Both move only at commits (the SystemC channel's update phase, or the plain runner's
// end of quantum), and with delay >= quantum everything a node needs in its quantum was
// committed at the end of an earlier one.
//
// The master has one access out at a time (the core waits for its answer), so answers
// need no tags. An access that the master gave up on (soc_top's timeout) is still
// answered by the slave; the master must drop that answer when it arrives.
#ifndef PEGASUS_SIM_CPP_NET_MGMT_BUS_H_
#define PEGASUS_SIM_CPP_NET_MGMT_BUS_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace pegasus::net {

struct BusRequest {
  uint64_t arrive = 0;  // cycle it reaches the slave
  bool write = false;
  uint32_t addr = 0;    // byte offset in the slave's region
  uint32_t data = 0;
  uint8_t sel = 0xF;
};

struct BusAnswer {
  uint64_t arrive = 0;  // cycle it reaches the master
  uint32_t data = 0;
};

class MgmtBus {
 public:
  MgmtBus(std::string name, uint64_t delay) : name_(std::move(name)), delay_(delay) {}

  const std::string& name() const { return name_; }
  uint64_t delay() const { return delay_; }
  uint64_t accesses() const { return accesses_; }

  // Master side: an access put out in `cycle`.
  void Request(uint64_t cycle, bool write, uint32_t addr, uint32_t data, uint8_t sel) {
    req_pending_.push_back(BusRequest{cycle + delay_, write, addr, data, sel});
    ++accesses_;
    if (on_send) on_send();
  }
  // Master side: the answer due by `cycle`, if any (committed answers only).
  bool AnswerDue(uint64_t cycle, uint32_t* data) {
    if (ans_.empty() || ans_.front().arrive > cycle) return false;
    *data = ans_.front().data;
    ans_.pop_front();
    return true;
  }
  // Slave side: the next request due by `cycle`, if any.
  bool RequestDue(uint64_t cycle, BusRequest* req) {
    if (req_.empty() || req_.front().arrive > cycle) return false;
    *req = req_.front();
    req_.pop_front();
    return true;
  }
  // Slave side: the answer to the oldest request, given in `cycle`.
  void Answer(uint64_t cycle, uint32_t data) {
    ans_pending_.push_back(BusAnswer{cycle + delay_, data});
    if (on_send) on_send();
  }
  // Makes what was sent since the last commit visible to the other side.
  void Commit() {
    for (const BusRequest& r : req_pending_) req_.push_back(r);
    for (const BusAnswer& a : ans_pending_) ans_.push_back(a);
    req_pending_.clear();
    ans_pending_.clear();
  }

  // Called on each Request/Answer (the SystemC channel asks for its update phase).
  std::function<void()> on_send;

 private:
  std::string name_;
  uint64_t delay_;
  uint64_t accesses_ = 0;
  std::vector<BusRequest> req_pending_;
  std::vector<BusAnswer> ans_pending_;
  std::deque<BusRequest> req_;
  std::deque<BusAnswer> ans_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_MGMT_BUS_H_
