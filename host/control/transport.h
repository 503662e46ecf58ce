// Transport: a byte pipe to the simulators and boards: the HCP client's (a TCP socket
// to pegasus-sim's bridged UART or a serial port to a board; both carry the same
// bytes; tests can put their own implementation underneath the client) and the host
// bridge client's (host/bridge, TCP).
#ifndef PEGASUS_HOST_CONTROL_TRANSPORT_H_
#define PEGASUS_HOST_CONTROL_TRANSPORT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "host/common/status.h"

namespace pegasus::hcp {

class Transport {
 public:
  virtual ~Transport() = default;
  // Writes all n bytes.
  virtual Status Write(const uint8_t* data, size_t n) = 0;
  // Waits up to timeout_ms for bytes and reads at most cap of them; 0 bytes means the
  // time passed. A closed connection is an error.
  virtual Result<size_t> Read(uint8_t* buf, size_t cap, int timeout_ms) = 0;
  // "tcp 127.0.0.1:5555", "serial /dev/ttyUSB1 at 115200".
  virtual std::string Describe() const = 0;
  // Ends the sending side and keeps receiving (a TCP half-close); a pipe that cannot
  // (a serial port) says so.
  virtual Status FinishWriting() {
    return Status::InvalidArgument(Describe() + ": cannot close only its sending side");
  }
};

// Connects to HOST:PORT (a name or a dotted address).
Result<std::unique_ptr<Transport>> ConnectTcp(const std::string& host_port);
// Opens a serial port raw, 8N1, no flow control, at baud (a standard rate).
Result<std::unique_ptr<Transport>> OpenSerial(const std::string& path, int baud);

}  // namespace pegasus::hcp

#endif  // PEGASUS_HOST_CONTROL_TRANSPORT_H_
