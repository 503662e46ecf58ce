// The HCP codec (doc/wire_formats.md, "Host control protocol"): frames out of bodies
// and bodies out of a byte stream that mixes frames with console text, plus readers
// and writers of payload fields. The one codec of the format, freestanding (no heap,
// no exceptions, no hosted library) so the firmware's server and the host's client
// build the same source.
#ifndef PEGASUS_HOST_CONTROL_HCP_CODEC_H_
#define PEGASUS_HOST_CONTROL_HCP_CODEC_H_

#include <stddef.h>
#include <stdint.h>

#include "host/control/hcp_format.h"

namespace pegasus::hcp {

// Body bytes 0..7.
struct Header {
  uint8_t version = kVersion;
  uint8_t kind = 0;  // a Kind
  uint16_t seq = 0;
  uint16_t command = 0;
  uint16_t length = 0;  // payload bytes
};

// Writes one frame (SOF, escaped body with its CRC, EOF) for header h (its length is
// taken from n) and n payload bytes into out[0..cap). Returns the bytes written, or 0
// when n exceeds kMaxPayload or the frame does not fit in cap (kMaxWire always fits).
size_t EncodeFrame(const Header& h, const uint8_t* payload, size_t n, uint8_t* out, size_t cap);

// The AAL5 CRC-32 register (preset all ones, not complemented) after bytes[0..n).
uint32_t CrcRegister(const uint8_t* bytes, size_t n);

// Why a frame was refused; each maps to one ErrorCode.
enum class Fault : uint8_t {
  kNone,
  kBadCrc,      // kBadCrc
  kTruncated,   // kTruncated: a SOF arrived inside a frame
  kOversized,   // kOversized: more than kMaxBody body bytes
  kShort,       // kMalformed: fewer than kMinBody body bytes
  kBadEscape,   // kMalformed: ESC not followed by an escaped special byte
  kBadLength,   // kMalformed: length field not the body's payload length
  kBadKind,     // kMalformed: kind not 1..3
  kBadVersion,  // kVersionMismatch: CRC good, version not kVersion (header() valid)
};
ErrorCode FaultCode(Fault f);
// A sentence on the fault, for messages ("CRC-32 residue is wrong").
const char* FaultText(Fault f);

// Splits a byte stream into console text and frames, one byte at a time. Bytes
// outside frames are text; a frame is checked completely (escapes, size, CRC, version,
// length, kind) before it is offered. Never reads past its buffer, whatever the input.
class Decoder {
 public:
  enum class Event : uint8_t {
    kNone,   // the byte belongs to a frame in progress
    kText,   // the byte is console text
    kFrame,  // a good frame ended: header(), payload(), body()
    kFault,  // a frame was refused: fault() (and header() for kBadVersion)
  };

  Event Push(uint8_t byte);
  // Forgets any frame in progress.
  void Reset();

  bool in_frame() const { return in_frame_; }
  const Header& header() const { return header_; }
  const uint8_t* payload() const { return body_ + kHeaderBytes; }
  size_t payload_size() const { return header_.length; }
  const uint8_t* body() const { return body_; }
  size_t body_size() const { return size_; }
  Fault fault() const { return fault_; }
  // Bytes the refused frame had (its body as far as it was kept).
  size_t fault_size() const { return fault_size_; }

 private:
  Event Finish();
  Event Refuse(Fault f);

  uint8_t body_[kMaxBody];
  size_t size_ = 0;  // body bytes kept of the frame in progress
  size_t fault_size_ = 0;
  bool in_frame_ = false;
  bool escaped_ = false;     // the last byte was ESC
  bool bad_escape_ = false;  // the frame in progress had a bad escape
  bool oversized_ = false;   // the frame in progress passed kMaxBody
  Header header_;
  Fault fault_ = Fault::kNone;
};

// Appends big-endian fields to a payload buffer; ok() turns false (and stays false)
// when a field does not fit, and nothing more is written.
class PayloadWriter {
 public:
  PayloadWriter(uint8_t* buf, size_t cap) : buf_(buf), cap_(cap) {}
  void U8(uint8_t v);
  void U16(uint16_t v);
  void U32(uint32_t v);
  void U64(uint64_t v);
  void Bytes(const uint8_t* p, size_t n);
  // A NUL-terminated string without its NUL.
  void Text(const char* s);
  // An unsigned number in decimal digits.
  void Decimal(uint32_t v);
  // A length byte, then s (its first 255 bytes at most).
  void ShortText(const char* s);
  // Overwrites the byte at offset at, written earlier (a count known only later).
  void PatchU8(size_t at, uint8_t v) {
    if (at < size_) buf_[at] = v;
  }
  size_t size() const { return size_; }
  bool ok() const { return ok_; }
  // Drops everything written (for a handler that turns to an error).
  void Clear() {
    size_ = 0;
    ok_ = true;
  }

 private:
  bool Room(size_t n);
  uint8_t* buf_;
  size_t cap_;
  size_t size_ = 0;
  bool ok_ = true;
};

// Reads big-endian fields from a payload; each read returns false, and leaves its
// output alone, when the payload has too few bytes left.
class PayloadReader {
 public:
  PayloadReader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  bool U8(uint8_t* v);
  bool U16(uint16_t* v);
  bool U64(uint64_t* v);
  // n bytes in place.
  bool Bytes(size_t n, const uint8_t** out);
  size_t remaining() const { return n_ - pos_; }
  const uint8_t* rest() const { return p_ + pos_; }

 private:
  const uint8_t* p_;
  size_t n_;
  size_t pos_ = 0;
};

}  // namespace pegasus::hcp

#endif  // PEGASUS_HOST_CONTROL_HCP_CODEC_H_
