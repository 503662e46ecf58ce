// The host bridge protocol's codec (doc/wire_formats.md, "Host bridge protocol";
// constants in host/bridge/bridge_format.h): messages to and from bytes, and the
// Decoder that cuts a byte stream into frames with the checks both ends make. The
// bridge node (sim_cpp/net/bridge_node.h), the client (bridge_client.h) and the tests
// use it.
#ifndef PEGASUS_HOST_BRIDGE_BRIDGE_CODEC_H_
#define PEGASUS_HOST_BRIDGE_BRIDGE_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "host/bridge/bridge_format.h"
#include "host/common/status.h"

namespace pegasus::bridge {

struct Hello {
  uint16_t max_pdu = kMaxPduBytes;
  std::string name;  // the sender: the bridge node's name, or the host program's
};

// A PDU on a VC: PDU_SEND carries the fields up to payload, PDU_RECEIVED all of them.
struct PduMessage {
  uint8_t vpi = 0;
  uint16_t vci = 0;
  bool clp = false;
  uint8_t uu = 0;
  uint8_t cpi = 0;
  // PDU_RECEIVED: the network cycle the PDU's last cell left the bridge's link
  // receiver, and the PDUs lost since the previous PDU_RECEIVED of the connection
  // (reassembly errors on accepted VCs, the host queue full).
  uint64_t cycle = 0;
  uint32_t lost = 0;
  std::vector<uint8_t> payload;
};

struct ErrorMessage {
  ErrorCode code = ErrorCode::kMalformed;
  uint8_t type = 0;     // the refused frame's type (0 when its header was unreadable)
  uint32_t frame = 0;   // the refused frame's number on the connection, from 1
  std::string message;  // what was wrong, for a person
};

// A frame with any header fields and body (tests build bad frames with it).
std::vector<uint8_t> EncodeFrame(uint8_t type, std::span<const uint8_t> body,
                                 uint8_t version = kVersion);
std::vector<uint8_t> EncodeHello(const Hello& hello);
// PDU_SEND, or PDU_RECEIVED with `received`. The fields are written as given.
std::vector<uint8_t> EncodePdu(const PduMessage& pdu, bool received);
std::vector<uint8_t> EncodeError(const ErrorMessage& error);

// Body parsers: each checks the length and the reserved fields of its type.
Result<Hello> ParseHello(std::span<const uint8_t> body);
Result<PduMessage> ParsePdu(std::span<const uint8_t> body, bool received);
Result<ErrorMessage> ParseError(std::span<const uint8_t> body);

// Cuts frames out of a byte stream. Push bytes, then take Next() until it says kNeed.
// A header with the wrong magic, another version or a body longer than max_body is an
// error the stream cannot recover from (the decoder stops: failed()); everything
// after a good header is one frame, whatever its type.
class Decoder {
 public:
  enum class Event { kNeed, kFrame, kError };

  explicit Decoder(size_t max_body) : max_body_(max_body) {}

  void Push(std::span<const uint8_t> bytes);
  // kFrame: type() and body() hold the frame until the next call; kError: error().
  Event Next();
  uint8_t type() const { return type_; }
  std::span<const uint8_t> body() const { return body_; }
  const ErrorMessage& error() const { return error_; }
  bool failed() const { return failed_; }
  // Frames cut so far (the number of the one in hand).
  uint32_t frames() const { return frames_; }
  // Bytes held that do not make a whole frame yet.
  size_t pending() const { return buf_.size() - pos_; }

 private:
  size_t max_body_;
  std::vector<uint8_t> buf_;
  size_t pos_ = 0;
  uint8_t type_ = 0;
  std::vector<uint8_t> body_;
  ErrorMessage error_;
  bool failed_ = false;
  uint32_t frames_ = 0;
};

}  // namespace pegasus::bridge

#endif  // PEGASUS_HOST_BRIDGE_BRIDGE_CODEC_H_
