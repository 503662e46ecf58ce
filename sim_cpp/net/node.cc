#include "sim_cpp/net/node.h"

#include <stdexcept>

namespace pegasus::net {

Node::Node(std::string name, NodeKind kind, int ports) : name_(std::move(name)), kind_(kind) {
  for (int p = 0; p < ports; ++p) {
    ports_.push_back(std::make_unique<LinkPort>(name_ + "." + std::to_string(p)));
  }
}

void Node::OpenWave(const std::string& path, uint64_t first, uint64_t last, uint64_t clock_hz) {
  wave_ = std::make_unique<NodeWave>(
      path, [this](VerilatedFstC& fst) { TraceModels(fst); }, first, last, clock_hz);
}

void Node::TraceModels(VerilatedFstC&) {
  throw std::runtime_error("wave: node " + name_ + " has no Verilated model to trace");
}

}  // namespace pegasus::net
