// SystemCTop: the SystemC top level of a Network. Each node is a NodeModule
// with one SC_THREAD that, at every quantum boundary T, takes the bytes its
// links delivered, clocks its Verilated model through cycles [T, T + quantum)
// in plain C++ (Node::Run), hands the bytes it emitted to its links and waits
// one quantum of simulated time (quantum x clock period). Each direction of a
// link is a WireChannel, a primitive channel bound to the sending module's tx
// port and the receiving module's rx port: bytes written in the evaluation
// phase become readable in the update phase, so no thread sees another's bytes
// of the same instant, and with delay >= quantum none needs them (wire.h). A
// controller thread checks the run's stop condition half a cycle before each
// boundary, when every node has finished the quantum, and pauses the kernel
// (sc_pause) so that the next RunUntil continues the same simulation.
//
// SystemC allows one elaboration per kernel; each SystemCTop makes a fresh
// simulation context, so a process (a test program) can build and run several
// networks one after the other.
//
// A SoC node (soc_node.h) is one more NodeModule; its management bus to a
// switch (mgmt_bus.h) is a primitive channel like a wire direction, committed in
// the update phase.
#ifndef PEGASUS_SIM_CPP_NET_SYSTEMC_TOP_H_
#define PEGASUS_SIM_CPP_NET_SYSTEMC_TOP_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace pegasus::net {

class Network;

class SystemCTop {
 public:
  explicit SystemCTop(Network& net);
  ~SystemCTop();
  // Runs from cycle `start` until done() holds at a quantum boundary or cycle
  // `end`; returns the cycle reached.
  uint64_t RunUntil(uint64_t start, const std::function<bool()>& done, uint64_t end);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_SYSTEMC_TOP_H_
