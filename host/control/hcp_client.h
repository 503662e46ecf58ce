// HcpClient: the host side of the host control protocol (doc/wire_formats.md, "Host
// control protocol") over a Transport. One request at a time: Call() sends a request
// and waits for the response with its sequence number, passing console text that
// arrives meanwhile to a callback. The typed calls (Hello, Ping, Devices, Stats) parse
// the responses. Every failure comes back as a ClientStatus whose kind tells a caller
// (and the pegasus tool's exit code) what went wrong.
#ifndef PEGASUS_HOST_CONTROL_HCP_CLIENT_H_
#define PEGASUS_HOST_CONTROL_HCP_CLIENT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/control/hcp_codec.h"
#include "host/control/transport.h"

namespace pegasus::hcp {

struct ClientStatus {
  enum class Kind {
    kOk,
    kTimeout,   // no response in time
    kIo,        // the transport failed or closed
    kCorrupt,   // a response arrived damaged (CRC, framing), or our request did
    kVersion,   // the device speaks another version
    kNoDevice,  // the device has no such device id
    kDevice,    // any other error response (code and message from the device)
    kProtocol,  // a response that does not parse as its command's
  };
  Kind kind = Kind::kOk;
  uint16_t code = 0;    // the device's error code, for error responses
  std::string message;  // what happened, for a person

  bool ok() const { return kind == Kind::kOk; }
  static ClientStatus Ok() { return {}; }
  static ClientStatus Error(Kind k, std::string msg, uint16_t code = 0) {
    return {k, code, std::move(msg)};
  }
};

struct DeviceInfo {
  uint16_t id = 0;
  uint8_t kind = 0;  // a DeviceKind
  std::string name;
};

struct Counter {
  std::string name;
  uint64_t value = 0;
};

struct HelloInfo {
  uint8_t version = 0;
  uint16_t max_payload = 0;
  std::string firmware;
};

// A connection as CONNECT and WINDOW report it.
struct ConnectionInfo {
  uint16_t id = 0;
  uint8_t window = 0;    // CONNECT: the display's window
  int16_t x = 0, y = 0;  // WINDOW: the window's top-left on the screen
  uint16_t w = 0, h = 0;
  uint8_t z = 0;  // WINDOW: stacking order
};

// One frame or fault seen on the line (for Raw()).
struct SeenFrame {
  bool fault = false;
  Fault why = Fault::kNone;  // when fault
  Header header;
  std::vector<uint8_t> payload;
};

class HcpClient {
 public:
  // transport must outlive the client. first_seq seeds the sequence numbers (0 is
  // skipped), so a new session does not take an old session's late response for its
  // own.
  HcpClient(Transport* transport, uint16_t first_seq);

  void set_timeout_ms(int ms) { timeout_ms_ = ms; }
  // Console text from the device (bytes outside frames).
  void OnText(std::function<void(char)> fn) { text_fn_ = std::move(fn); }

  // Sends a request and waits for its response; *payload gets the response's payload.
  ClientStatus Call(Command command, const std::vector<uint8_t>& request,
                    std::vector<uint8_t>* payload);
  // The same for any command number (to test how a device answers unknown ones).
  ClientStatus CallRaw(uint16_t command, const std::vector<uint8_t>& request,
                       std::vector<uint8_t>* payload);

  ClientStatus Hello(HelloInfo* info, uint8_t version = kVersion);
  ClientStatus Ping(const std::vector<uint8_t>& bytes);
  ClientStatus Devices(std::vector<DeviceInfo>* devices);
  ClientStatus Stats(uint16_t id, std::vector<Counter>* counters);
  // The connection manager's commands (firmware/apps/pegasusd). w and h 0: the
  // device's default size. *info gets id, window, w and h (CONNECT) or id, x, y, w, h
  // and z (WINDOW).
  ClientStatus Connect(uint16_t source, uint16_t sink, int16_t x, int16_t y, uint16_t w, uint16_t h,
                       ConnectionInfo* info);
  ClientStatus Disconnect(uint16_t id);
  ClientStatus Window(uint16_t id, WindowOp op, int16_t a, int16_t b, ConnectionInfo* info);

  // Writes bytes as they are (no framing) and collects the frames and faults that
  // arrive within the timeout, or until max_frames have arrived.
  ClientStatus Raw(const std::vector<uint8_t>& bytes, std::vector<SeenFrame>* seen,
                   size_t max_frames = SIZE_MAX);

 private:
  ClientStatus ReadOne(int timeout_ms, SeenFrame* out, bool* got);

  Transport* transport_;
  Decoder decoder_;
  std::vector<uint8_t> pending_;  // bytes read but not yet decoded
  size_t pending_pos_ = 0;
  uint16_t seq_;
  int timeout_ms_ = 5000;
  std::function<void(char)> text_fn_;
};

}  // namespace pegasus::hcp

#endif  // PEGASUS_HOST_CONTROL_HCP_CLIENT_H_
