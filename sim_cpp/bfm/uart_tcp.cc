#include "sim_cpp/bfm/uart_tcp.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pegasus::sim {

UartTcp::~UartTcp() { Disconnect(); }

std::string UartTcp::Listen(uint16_t port) { return listener_.Listen(port); }

void UartTcp::Disconnect() {
  if (client_ >= 0) ::close(client_);
  client_ = -1;
  tx_.clear();
}

void UartTcp::Transmit(uint8_t byte) {
  if (client_ < 0 || tx_.size() >= kMaxQueued) {
    ++tx_dropped_;
    return;
  }
  tx_.push_back(static_cast<char>(byte));
}

std::string UartTcp::TakeReceived(size_t max) {
  const size_t n = std::min(max, received());
  std::string out = rx_.substr(rx_pos_, n);
  rx_pos_ += n;
  if (rx_pos_ == rx_.size()) {
    rx_.clear();
    rx_pos_ = 0;
  }
  return out;
}

void UartTcp::Poll() {
  if (client_ < 0) {
    client_ = listener_.Accept();
    if (client_ < 0) return;  // nobody waiting: try next poll
    ++clients_;
  }
  if (client_ < 0) return;
  while (!tx_.empty()) {
    const ssize_t w = ::send(client_, tx_.data(), tx_.size(), MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (w < 0) {
      Disconnect();
      return;
    }
    tx_.erase(0, static_cast<size_t>(w));
  }
  char buf[4096];
  for (;;) {
    const ssize_t r = ::recv(client_, buf, sizeof buf, 0);
    if (r > 0) {
      rx_.append(buf, static_cast<size_t>(r));
      continue;
    }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    Disconnect();  // closed by the client, or failed
    return;
  }
}

}  // namespace pegasus::sim
