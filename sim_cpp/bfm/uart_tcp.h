// UartTcp: a TCP server on 127.0.0.1 that bridges a simulated UART's bytes to one
// client at a time, so host tools reach the simulated SoC's UART over a socket exactly
// as they reach a board's over a serial port (the pegasus tool's --tcp transport).
//
// Nothing here runs per simulated cycle. The simulation loop hands over each byte the
// UART transmits (Transmit, a push onto a queue) and calls Poll() every few thousand
// cycles; Poll() is non-blocking: it accepts a client when none is connected, sends
// what is queued and reads what the client sent, which the loop then takes
// (TakeReceived) and offers to the UART's receiver at the pace the receiver accepts.
// While no client is connected transmitted bytes are dropped (the simulator shows the
// console on stdout anyway). Bytes a client sent before it disconnected still reach
// the UART, as bytes sent on a serial line do; the server then waits for the next
// client.
#ifndef PEGASUS_SIM_CPP_BFM_UART_TCP_H_
#define PEGASUS_SIM_CPP_BFM_UART_TCP_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim_cpp/bfm/tcp_listener.h"

namespace pegasus::sim {

class UartTcp {
 public:
  UartTcp() = default;
  ~UartTcp();
  UartTcp(const UartTcp&) = delete;
  UartTcp& operator=(const UartTcp&) = delete;

  // Listens on 127.0.0.1:port; port 0 lets the system pick a free one (port() says
  // which). Returns "" or what went wrong.
  std::string Listen(uint16_t port);
  uint16_t port() const { return listener_.port(); }

  // Accepts, sends and receives without blocking.
  void Poll();
  // A byte the UART sent, for the client.
  void Transmit(uint8_t byte);
  // Bytes received from the client and not yet taken.
  size_t received() const { return rx_.size() - rx_pos_; }
  // Takes up to max received bytes.
  std::string TakeReceived(size_t max);

  bool connected() const { return client_ >= 0; }
  uint64_t clients_accepted() const { return clients_; }
  // Transmitted bytes dropped: no client, or a client that stopped reading.
  uint64_t tx_dropped() const { return tx_dropped_; }

  // Bytes queued for a client that does not read before newer ones are dropped.
  static constexpr size_t kMaxQueued = 1 << 20;

 private:
  void Disconnect();

  TcpListener listener_;
  int client_ = -1;
  std::string tx_;
  std::string rx_;
  size_t rx_pos_ = 0;
  uint64_t clients_ = 0;
  uint64_t tx_dropped_ = 0;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_BFM_UART_TCP_H_
