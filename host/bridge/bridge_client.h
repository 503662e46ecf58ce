// BridgeClient: a host process's end of the network simulator's host bridge port
// (sim_cpp/net/bridge_node.h; protocol in doc/wire_formats.md, "Host bridge
// protocol"). It connects over TCP, sends PDUs for the bridge to segment onto its
// switch port and receives the PDUs the bridge reassembled, the bridge's HELLO and its
// ERROR answers as messages.
//
//   auto c = bridge::BridgeClient::Connect("127.0.0.1:5600");
//   (*c)->SendPdu({.vpi = 0, .vci = 200, .payload = tile_pdu});
//   auto m = (*c)->Receive(100);   // HELLO first, then PDU_RECEIVED / ERROR
//
// Connect does not wait for the bridge: a simulator that runs in the same thread
// accepts at its next poll, so the HELLO is simply the first message received. Writes
// block until the kernel has taken the bytes; Receive waits at most its timeout.
#ifndef PEGASUS_HOST_BRIDGE_BRIDGE_CLIENT_H_
#define PEGASUS_HOST_BRIDGE_BRIDGE_CLIENT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "host/bridge/bridge_codec.h"
#include "host/control/transport.h"
#include "host/common/status.h"

namespace pegasus::bridge {

struct Message {
  uint8_t type = 0;  // kTypeHello, kTypePduReceived or kTypeError
  Hello hello;
  PduMessage pdu;
  ErrorMessage error;
};

class BridgeClient {
 public:
  // Connects to HOST:PORT (a dotted IPv4 address or a name).
  static Result<std::unique_ptr<BridgeClient>> Connect(const std::string& host_port);
  ~BridgeClient();
  BridgeClient(const BridgeClient&) = delete;
  BridgeClient& operator=(const BridgeClient&) = delete;

  // HELLO with this program's name.
  Status SendHello(const std::string& name);
  // PDU_SEND; refuses a payload above 65,535 bytes or a CPI other than 0 before
  // sending anything.
  Status SendPdu(const PduMessage& pdu);
  // Bytes as they are (a frame built with EncodeFrame, or anything else).
  Status SendRaw(std::span<const uint8_t> bytes);
  // Ends the sending side (TCP half-close): the bridge takes what was sent and
  // answers; Receive goes on working.
  Status FinishSending();

  // The next message, waiting up to timeout_ms (0: only what has arrived); nullopt
  // when none came in time. The bridge closing the connection is an error
  // (Unavailable), and so is a frame the codec refuses (the stream is then lost).
  Result<std::optional<Message>> Receive(int timeout_ms);
  bool closed() const { return closed_; }

 private:
  explicit BridgeClient(std::unique_ptr<hcp::Transport> transport)
      : transport_(std::move(transport)) {}
  // Decodes the next whole frame already received, if any.
  Result<std::optional<Message>> Decode();

  std::unique_ptr<hcp::Transport> transport_;
  bool closed_ = false;
  std::string closed_why_;
  Decoder decoder_{kMaxBodyToHost};
};

}  // namespace pegasus::bridge

#endif  // PEGASUS_HOST_BRIDGE_BRIDGE_CLIENT_H_
