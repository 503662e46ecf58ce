#include "host/bridge/bridge_client.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pegasus::bridge {

Result<std::unique_ptr<BridgeClient>> BridgeClient::Connect(const std::string& host_port) {
  const size_t colon = host_port.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == host_port.size()) {
    return Status::InvalidArgument("the bridge's address is HOST:PORT, not '" + host_port + "'");
  }
  const std::string host = host_port.substr(0, colon), port = host_port.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int e = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); e != 0) {
    return Status::InvalidArgument("cannot resolve " + host_port + ": " + ::gai_strerror(e));
  }
  std::string why = "no address";
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      why = std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0)
    return Status::Unavailable("cannot connect to the bridge at " + host_port + ": " + why);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return std::unique_ptr<BridgeClient>(new BridgeClient(fd));
}

BridgeClient::~BridgeClient() {
  if (fd_ >= 0) ::close(fd_);
}

Status BridgeClient::SendRaw(std::span<const uint8_t> bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t w = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return Status::IoError(std::string("bridge: send failed: ") + std::strerror(errno));
    done += static_cast<size_t>(w);
  }
  return Status::Ok();
}

Status BridgeClient::SendHello(const std::string& name) {
  return SendRaw(EncodeHello(Hello{kMaxPduBytes, name}));
}

Status BridgeClient::SendPdu(const PduMessage& pdu) {
  if (pdu.payload.size() > kMaxPduBytes) {
    return Status::InvalidArgument("a PDU of " + std::to_string(pdu.payload.size()) +
                                   " bytes is above AAL5's 65535");
  }
  if (pdu.cpi != 0) return Status::InvalidArgument("AAL5's CPI is 0");
  return SendRaw(EncodePdu(pdu, false));
}

Status BridgeClient::FinishSending() {
  if (::shutdown(fd_, SHUT_WR) != 0) {
    return Status::IoError(std::string("bridge: shutdown failed: ") + std::strerror(errno));
  }
  return Status::Ok();
}

Result<std::optional<Message>> BridgeClient::Decode() {
  switch (decoder_.Next()) {
    case Decoder::Event::kNeed:
      return std::optional<Message>();
    case Decoder::Event::kError:
      return Status::Corruption("bridge: " + decoder_.error().message);
    case Decoder::Event::kFrame:
      break;
  }
  Message m;
  m.type = decoder_.type();
  Status s;
  if (m.type == kTypeHello) {
    auto h = ParseHello(decoder_.body());
    if (h.ok()) m.hello = *h;
    s = h.status();
  } else if (m.type == kTypePduReceived) {
    auto p = ParsePdu(decoder_.body(), true);
    if (p.ok()) m.pdu = std::move(*p);
    s = p.status();
  } else if (m.type == kTypeError) {
    auto e = ParseError(decoder_.body());
    if (e.ok()) m.error = *e;
    s = e.status();
  } else {
    s = Status::Corruption("message type " + std::to_string(m.type) + " from the bridge");
  }
  if (!s.ok()) return Status::Corruption("bridge: " + s.message());
  return std::optional<Message>(std::move(m));
}

Result<std::optional<Message>> BridgeClient::Receive(int timeout_ms) {
  for (;;) {
    auto m = Decode();
    if (!m.ok() || m->has_value()) return m;
    if (closed_) return Status::Unavailable("bridge: the connection is closed");
    pollfd p{fd_, POLLIN, 0};
    int r;
    do {
      r = ::poll(&p, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    if (r < 0) return Status::IoError(std::string("bridge: poll failed: ") + std::strerror(errno));
    if (r == 0) return std::optional<Message>();
    uint8_t buf[65536];
    const ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && errno != ECONNRESET) {
      return Status::IoError(std::string("bridge: recv failed: ") + std::strerror(errno));
    }
    if (got <= 0) {
      closed_ = true;
      continue;  // frames already received are still delivered
    }
    decoder_.Push(std::span<const uint8_t>(buf, static_cast<size_t>(got)));
    timeout_ms = 0;  // the rest of what arrived, without waiting again
  }
}

}  // namespace pegasus::bridge
