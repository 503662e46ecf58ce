// TcpListener: a TCP server socket on 127.0.0.1 for the simulators' bridges to host
// programs (the UART's, sim_cpp/bfm/uart_tcp.h; the host bridge port's,
// sim_cpp/net/bridge_node.h). Nothing blocks: Accept() returns at once, and the client
// sockets it hands out are non-blocking too, so a bridge polled between simulated
// cycles never stalls the simulation.
#ifndef PEGASUS_SIM_CPP_BFM_TCP_LISTENER_H_
#define PEGASUS_SIM_CPP_BFM_TCP_LISTENER_H_

#include <cstdint>
#include <string>

namespace pegasus::sim {

class TcpListener {
 public:
  TcpListener() = default;
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  // Listens on 127.0.0.1:port; port 0 lets the system pick a free one (port() says
  // which). Returns "" or what went wrong.
  std::string Listen(uint16_t port);
  uint16_t port() const { return port_; }
  // A waiting client's socket (non-blocking, close-on-exec, TCP_NODELAY; the caller
  // closes it), or -1 when none is waiting or not listening.
  int Accept();

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_BFM_TCP_LISTENER_H_
