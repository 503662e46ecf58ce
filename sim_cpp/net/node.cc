#include "sim_cpp/net/node.h"

namespace pegasus::net {

Node::Node(std::string name, NodeKind kind, int ports) : name_(std::move(name)), kind_(kind) {
  for (int p = 0; p < ports; ++p) {
    ports_.push_back(std::make_unique<LinkPort>(name_ + "." + std::to_string(p)));
  }
}

}  // namespace pegasus::net
