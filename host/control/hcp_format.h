// The host control protocol (HCP) between the pegasus tool and the SoC's firmware:
// constants of the wire format. The grammar is in doc/wire_formats.md, "Host control
// protocol". Freestanding: included by the firmware and the host alike.
#ifndef PEGASUS_HOST_CONTROL_HCP_FORMAT_H_
#define PEGASUS_HOST_CONTROL_HCP_FORMAT_H_

#include <stddef.h>
#include <stdint.h>

namespace pegasus::hcp {

// Framing bytes.
inline constexpr uint8_t kSof = 0x02;
inline constexpr uint8_t kEof = 0x03;
inline constexpr uint8_t kEsc = 0x10;
// An escaped byte is sent as kEsc, byte ^ kEscXor.
inline constexpr uint8_t kEscXor = 0x20;

// The version this codec speaks (body byte 0).
inline constexpr uint8_t kVersion = 1;

// Body layout: version, kind, seq (2), command (2), length (2), payload, CRC-32 (4).
inline constexpr size_t kHeaderBytes = 8;
inline constexpr size_t kCrcBytes = 4;
inline constexpr size_t kMinBody = kHeaderBytes + kCrcBytes;
inline constexpr size_t kMaxPayload = 496;
inline constexpr size_t kMaxBody = kHeaderBytes + kMaxPayload + kCrcBytes;  // 508
// Worst case on the wire: SOF, every body byte escaped, EOF.
inline constexpr size_t kMaxWire = 2 + 2 * kMaxBody;
// AAL5 CRC-32 register after a whole body including its own CRC.
inline constexpr uint32_t kCrcResidue = 0xC704DD7B;

// Body byte 1.
enum class Kind : uint8_t { kRequest = 1, kResponse = 2, kError = 3 };

// Body bytes 4..5.
// CONNECT, DISCONNECT and WINDOW are the connection manager's (firmware/apps/pegasusd).
enum class Command : uint16_t {
  kHello = 1,
  kPing = 2,
  kDevices = 3,
  kStats = 4,
  kConnect = 5,
  kDisconnect = 6,
  kWindow = 7,
};

// WINDOW's operations (request byte 2).
enum class WindowOp : uint8_t { kMove = 1, kResize = 2, kRaise = 3 };

// First two payload bytes of an error response.
enum class ErrorCode : uint16_t {
  kVersionMismatch = 1,
  kUnknownCommand = 2,
  kNoSuchDevice = 3,
  kBadRequest = 4,
  kBadCrc = 5,
  kTruncated = 6,
  kOversized = 7,
  kMalformed = 8,
  kInUse = 9,        // a device, window or VC another connection holds
  kOutOfRange = 10,  // a window (partly) off the screen, a size the camera cannot take
  kNoSuchConnection = 11,
  kDeviceFailed = 12,  // the switch or the NIC did not take a command
};

// Device kinds in a DEVICES response.
enum class DeviceKind : uint8_t {
  kSoc = 1,
  kNic = 2,
  kSwitch = 3,
  kCamera = 4,
  kDisplay = 5,
  kAudio = 6,
};

// Name of an error code ("VERSION_MISMATCH"), or "UNKNOWN_ERROR".
const char* ErrorCodeName(uint16_t code);
// Name of a device kind ("soc"), or "unknown".
const char* DeviceKindName(uint8_t kind);

}  // namespace pegasus::hcp

#endif  // PEGASUS_HOST_CONTROL_HCP_FORMAT_H_
