// Host bridge protocol (doc/wire_formats.md, "Host bridge protocol"): the framed
// messages between a host process and the network simulator's bridge node
// (sim_cpp/net/bridge_node.h) over TCP. These are the layout's constants; the codec is
// host/bridge/bridge_codec.h.
//
// A frame is an 8-byte header (magic "PB", version, type, body length, big-endian)
// and the body. The bridge sends HELLO on connecting, PDU_RECEIVED for each AAL5 PDU
// it reassembled from its link and ERROR for each frame it refused; the host sends
// PDU_SEND for each PDU the bridge is to segment onto the link, and may send HELLO.
#ifndef PEGASUS_HOST_BRIDGE_BRIDGE_FORMAT_H_
#define PEGASUS_HOST_BRIDGE_BRIDGE_FORMAT_H_

#include <cstddef>
#include <cstdint>

namespace pegasus::bridge {

inline constexpr uint8_t kMagic0 = 0x50;  // 'P'
inline constexpr uint8_t kMagic1 = 0x42;  // 'B'
inline constexpr uint8_t kVersion = 1;
inline constexpr size_t kHeaderBytes = 8;

// Message types (header byte 3).
inline constexpr uint8_t kTypeHello = 1;        // both ways
inline constexpr uint8_t kTypePduSend = 2;      // host -> bridge
inline constexpr uint8_t kTypePduReceived = 3;  // bridge -> host
inline constexpr uint8_t kTypeError = 4;        // bridge -> host

// Largest AAL5 PDU payload (ITU-T I.363.5's 16-bit Length).
inline constexpr size_t kMaxPduBytes = 65535;
// Fixed fields before the payload.
inline constexpr size_t kHelloFixedBytes = 4;         // max_pdu (2), reserved (2)
inline constexpr size_t kPduSendFixedBytes = 8;       // vpi, flags, vci (2), uu, cpi, reserved (2)
inline constexpr size_t kPduReceivedFixedBytes = 20;  // the same, cycle (8), lost (4)
inline constexpr size_t kErrorFixedBytes = 8;         // code (2), type, reserved, frame (4)
// Largest body the bridge accepts (a PDU_SEND of a 65,535-byte PDU) and the largest
// the host accepts (a PDU_RECEIVED of one).
inline constexpr size_t kMaxBodyToBridge = kPduSendFixedBytes + kMaxPduBytes;
inline constexpr size_t kMaxBodyToHost = kPduReceivedFixedBytes + kMaxPduBytes;
// Longest text (a name, an error message) a sender puts into a message.
inline constexpr size_t kMaxTextBytes = 1024;

// PDU flags (PDU_SEND, PDU_RECEIVED byte 1): bit 0 CLP (the cells' cell-loss
// priority; on PDU_RECEIVED set when any cell of the PDU had it); the others 0.
inline constexpr uint8_t kFlagClp = 0x01;

// Error codes (ERROR bytes 0..1). After the first three the bridge closes the
// connection; after the others it skips the frame and goes on with the next.
enum class ErrorCode : uint16_t {
  kBadMagic = 1,     // the header does not start with "PB": closed
  kBadVersion = 2,   // a version the bridge does not speak: closed
  kOversize = 3,     // a body length above the receiver's largest: closed
  kUnknownType = 4,  // a type the receiver does not take: skipped
  kMalformed = 5,    // a body that does not fit its type: skipped
  kTruncated = 6,    // the connection's sending side ended inside a frame
};

// True when the bridge closes the connection after this error.
constexpr bool ErrorCloses(ErrorCode code) {
  return code == ErrorCode::kBadMagic || code == ErrorCode::kBadVersion ||
         code == ErrorCode::kOversize || code == ErrorCode::kTruncated;
}

}  // namespace pegasus::bridge

#endif  // PEGASUS_HOST_BRIDGE_BRIDGE_FORMAT_H_
