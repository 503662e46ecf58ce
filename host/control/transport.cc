#include "host/control/transport.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pegasus::hcp {
namespace {

// A file descriptor read with poll() and written whole: sockets and ttys alike.
class FdTransport : public Transport {
 public:
  FdTransport(int fd, std::string description, bool socket)
      : fd_(fd), description_(std::move(description)), socket_(socket) {}
  ~FdTransport() override { ::close(fd_); }

  Status Write(const uint8_t* data, size_t n) override {
    size_t done = 0;
    while (done < n) {
      // A socket whose peer has gone fails the write rather than raising SIGPIPE.
      const ssize_t w = socket_ ? ::send(fd_, data + done, n - done, MSG_NOSIGNAL)
                                : ::write(fd_, data + done, n - done);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return Status::IoError(description_ + ": write failed: " + std::strerror(errno));
      done += static_cast<size_t>(w);
    }
    return Status::Ok();
  }

  Result<size_t> Read(uint8_t* buf, size_t cap, int timeout_ms) override {
    pollfd p{fd_, POLLIN, 0};
    int r;
    do {
      r = ::poll(&p, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    if (r < 0) return Status::IoError(description_ + ": poll failed: " + std::strerror(errno));
    if (r == 0) return size_t{0};
    const ssize_t got = ::read(fd_, buf, cap);
    if (got < 0) return Status::IoError(description_ + ": read failed: " + std::strerror(errno));
    if (got == 0) return Status::IoError(description_ + ": the other end closed the connection");
    return static_cast<size_t>(got);
  }

  std::string Describe() const override { return description_; }

  Status FinishWriting() override {
    if (!socket_) return Transport::FinishWriting();
    if (::shutdown(fd_, SHUT_WR) != 0) {
      return Status::IoError(description_ + ": shutdown failed: " + std::strerror(errno));
    }
    return Status::Ok();
  }

 private:
  int fd_;
  std::string description_;
  bool socket_;
};

bool BaudConstant(int baud, speed_t* out) {
  struct Rate {
    int baud;
    speed_t constant;
  };
  static constexpr Rate kRates[] = {
      {9600, B9600},     {19200, B19200},     {38400, B38400},     {57600, B57600},
      {115200, B115200}, {230400, B230400},   {460800, B460800},   {500000, B500000},
      {921600, B921600}, {1000000, B1000000}, {2000000, B2000000}, {3000000, B3000000},
  };
  for (const Rate& r : kRates) {
    if (r.baud == baud) {
      *out = r.constant;
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<Transport>> ConnectTcp(const std::string& host_port) {
  const size_t colon = host_port.rfind(':');
  if (colon == std::string::npos || colon + 1 == host_port.size()) {
    return Status::InvalidArgument("the address is HOST:PORT, not '" + host_port + "'");
  }
  const std::string host = colon == 0 ? "127.0.0.1" : host_port.substr(0, colon);
  const std::string port = host_port.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const int gai = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &list);
  if (gai != 0) {
    return Status::InvalidArgument("cannot resolve " + host_port + ": " + ::gai_strerror(gai));
  }
  std::string last_error = "no address";
  int fd = -1;
  for (addrinfo* a = list; a != nullptr; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    last_error = std::strerror(errno);
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(list);
  if (fd < 0) {
    return Status::Unavailable("cannot connect to " + host_port + ": " + last_error +
                               " (is the simulator running and listening there?)");
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return std::unique_ptr<Transport>(new FdTransport(fd, "tcp " + host_port, true));
}

Result<std::unique_ptr<Transport>> OpenSerial(const std::string& path, int baud) {
  speed_t speed;
  if (!BaudConstant(baud, &speed)) {
    return Status::InvalidArgument("--baud " + std::to_string(baud) +
                                   " is not a standard rate (9600 .. 3000000)");
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return Status::Unavailable("cannot open " + path + ": " + std::strerror(errno));
  termios t{};
  if (::tcgetattr(fd, &t) != 0) {
    const std::string err = std::strerror(errno);
    ::close(fd);
    return Status::InvalidArgument(path + " is not a serial port: " + err);
  }
  ::cfmakeraw(&t);
  t.c_cflag |= CLOCAL | CREAD;
  t.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  ::cfsetispeed(&t, speed);
  ::cfsetospeed(&t, speed);
  if (::tcsetattr(fd, TCSANOW, &t) != 0) {
    const std::string err = std::strerror(errno);
    ::close(fd);
    return Status::IoError("cannot configure " + path + ": " + err);
  }
  ::tcflush(fd, TCIOFLUSH);
  return std::unique_ptr<Transport>(
      new FdTransport(fd, "serial " + path + " at " + std::to_string(baud), false));
}

}  // namespace pegasus::hcp
