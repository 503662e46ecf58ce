// HcpServer: the firmware side of the host control protocol (doc/wire_formats.md,
// "Host control protocol") on the UART. Layer: above the UART driver, below the
// firmware modules that answer commands.
//
// Poll() takes every byte waiting in the UART's receiver and feeds the shared codec
// (host/control/hcp_codec.h); each good request goes to the handler registered for its
// command, each refused frame is counted by its reason and answered with one error
// response, and the receiver goes on with the next frame. Bytes outside frames are
// counted and ignored. Responses are written to the UART whole, between console lines,
// so console text and frames never interleave inside a frame. Nothing is sent while a
// frame is arriving (a frame cut short by a SOF is answered when the frame that SOF
// starts has ended): the UART's receiver holds one byte, and the core does not read it
// while it waits to transmit.
//
// Modules register command handlers (Register) and devices (AddDevice); the server
// itself registers HELLO, PING, DEVICES and STATS in Init(). STATS asks the device's
// stats function for its counters. Tables are fixed arrays: no heap.
//
// Concurrency: one thread of control (the main loop) owns the server; handlers run
// inside Poll() and must not call Poll().
#ifndef PEGASUS_FIRMWARE_LIB_HCP_SERVER_H_
#define PEGASUS_FIRMWARE_LIB_HCP_SERVER_H_

#include <stdint.h>

#include "host/control/hcp_codec.h"

namespace pegasus::fw {

// Tunables.
inline constexpr int kHcpMaxHandlers = 16;
inline constexpr int kHcpMaxDevices = 16;

// A request as a handler sees it.
struct HcpRequest {
  uint16_t seq;
  uint16_t command;
  const uint8_t* payload;
  uint16_t length;
};

// What a handler answers: a response payload through out(), or an error.
class HcpReply {
 public:
  HcpReply(uint8_t* buf, uint32_t cap) : out_(buf, cap) {}
  hcp::PayloadWriter& out() { return out_; }
  // Turns the reply into an error response; append the message to the writer returned.
  hcp::PayloadWriter& Fail(hcp::ErrorCode code);
  bool failed() const { return failed_; }
  hcp::ErrorCode code() const { return code_; }

 private:
  hcp::PayloadWriter out_;
  bool failed_ = false;
  hcp::ErrorCode code_ = hcp::ErrorCode::kBadRequest;
};

// Counters of a STATS response, written in the order they are added.
class HcpStats {
 public:
  explicit HcpStats(hcp::PayloadWriter* w) : w_(w) {}
  void Add(const char* name, uint64_t value);
  uint8_t count() const { return count_; }

 private:
  hcp::PayloadWriter* w_;
  uint8_t count_ = 0;
};

using HcpHandler = void (*)(void* ctx, const HcpRequest& request, HcpReply* reply);
using HcpStatsFn = void (*)(void* ctx, HcpStats* stats);

// The server's own counters (STATS of the SoC device adds them with AddCounters).
struct HcpCounters {
  uint32_t rx_bytes = 0;
  uint32_t text_bytes = 0;   // received outside frames
  uint32_t frames_ok = 0;    // good requests dispatched
  uint32_t responses = 0;    // responses sent
  uint32_t errors_sent = 0;  // error responses sent
  uint32_t bad_crc = 0;
  uint32_t truncated = 0;
  uint32_t oversized = 0;
  uint32_t malformed = 0;  // short, bad escape, bad length, bad kind, not a request
  uint32_t bad_version = 0;
  uint32_t unknown_command = 0;
  uint32_t bad_request = 0;
  uint32_t no_device = 0;
  uint32_t refused = 0;  // IN_USE, OUT_OF_RANGE, NO_SUCH_CONNECTION, DEVICE_FAILED
};

class HcpServer {
 public:
  // Registers the built-in commands; name is the firmware's, for HELLO.
  void Init(const char* firmware_name);
  // False when the table is full or the command is taken.
  bool Register(uint16_t command, HcpHandler fn, void* ctx);
  // False when the table is full or the id is taken. name must stay valid.
  bool AddDevice(uint16_t id, hcp::DeviceKind kind, const char* name, HcpStatsFn fn, void* ctx);

  // Handles every byte waiting in the UART; returns the number taken.
  uint32_t Poll();
  // Handles one received byte.
  void Feed(uint8_t byte);

  const HcpCounters& counters() const { return counters_; }
  // Appends the server's counters (names as in doc/wire_formats.md).
  void AddCounters(HcpStats* stats) const;

 private:
  struct Entry {
    uint16_t command;
    HcpHandler fn;
    void* ctx;
  };
  struct Device {
    uint16_t id;
    hcp::DeviceKind kind;
    const char* name;
    HcpStatsFn fn;
    void* ctx;
  };

  void Dispatch();
  void Refuse(hcp::Fault fault);
  void SendTruncated();
  void Send(hcp::Kind kind, uint16_t seq, uint16_t command, const uint8_t* payload, uint32_t n);
  void CountError(hcp::ErrorCode code);

  static void Hello(void* ctx, const HcpRequest& request, HcpReply* reply);
  static void Ping(void* ctx, const HcpRequest& request, HcpReply* reply);
  static void Devices(void* ctx, const HcpRequest& request, HcpReply* reply);
  static void Stats(void* ctx, const HcpRequest& request, HcpReply* reply);

  hcp::Decoder decoder_;
  Entry handlers_[kHcpMaxHandlers];
  int handler_count_ = 0;
  Device devices_[kHcpMaxDevices];
  int device_count_ = 0;
  const char* name_ = "";
  HcpCounters counters_;
  uint32_t pending_truncations_ = 0;   // frames cut short, answered when the next ends
  uint8_t payload_[hcp::kMaxPayload];  // the response being built
  uint8_t wire_[hcp::kMaxWire];        // the frame being sent
};

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_HCP_SERVER_H_
