#include "sim_cpp/bfm/uart_tcp.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pegasus::sim {

UartTcp::~UartTcp() {
  Disconnect();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

std::string UartTcp::Listen(uint16_t port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return std::string("socket: ") + std::strerror(errno);
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return "cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
  }
  if (::listen(listen_fd_, 1) != 0) return std::string("listen: ") + std::strerror(errno);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  return "";
}

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
  if (client_ < 0 && listen_fd_ >= 0) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // nobody waiting (EAGAIN) or a failed handshake: try next poll
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    client_ = fd;
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
