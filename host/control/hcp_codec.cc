#include "host/control/hcp_codec.h"

#include "firmware/lib/crc32.h"

namespace pegasus::hcp {
namespace {

// The AAL5 CRC-32, a byte at a time (a frame's header and payload lie in two buffers):
// the firmware's bitwise version, which needs no table.
uint32_t CrcUpdate(uint32_t reg, uint8_t b) { return fw::Crc32Aal5Step(reg, b); }

bool IsSpecial(uint8_t b) { return b == kSof || b == kEof || b == kEsc; }

size_t Length(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

// Appends b to out, escaped if it is a framing byte; false when out is full.
bool PutEscaped(uint8_t b, uint8_t* out, size_t cap, size_t* pos) {
  const size_t need = IsSpecial(b) ? 2 : 1;
  if (cap - *pos < need) return false;
  if (need == 2) {
    out[(*pos)++] = kEsc;
    out[(*pos)++] = static_cast<uint8_t>(b ^ kEscXor);
  } else {
    out[(*pos)++] = b;
  }
  return true;
}

}  // namespace

const char* ErrorCodeName(uint16_t code) {
  switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::kVersionMismatch:
      return "VERSION_MISMATCH";
    case ErrorCode::kUnknownCommand:
      return "UNKNOWN_COMMAND";
    case ErrorCode::kNoSuchDevice:
      return "NO_SUCH_DEVICE";
    case ErrorCode::kBadRequest:
      return "BAD_REQUEST";
    case ErrorCode::kBadCrc:
      return "BAD_CRC";
    case ErrorCode::kTruncated:
      return "TRUNCATED";
    case ErrorCode::kOversized:
      return "OVERSIZED";
    case ErrorCode::kMalformed:
      return "MALFORMED";
    case ErrorCode::kInUse:
      return "IN_USE";
    case ErrorCode::kOutOfRange:
      return "OUT_OF_RANGE";
    case ErrorCode::kNoSuchConnection:
      return "NO_SUCH_CONNECTION";
    case ErrorCode::kDeviceFailed:
      return "DEVICE_FAILED";
  }
  return "UNKNOWN_ERROR";
}

const char* DeviceKindName(uint8_t kind) {
  switch (static_cast<DeviceKind>(kind)) {
    case DeviceKind::kSoc:
      return "soc";
    case DeviceKind::kNic:
      return "nic";
    case DeviceKind::kSwitch:
      return "switch";
    case DeviceKind::kCamera:
      return "camera";
    case DeviceKind::kDisplay:
      return "display";
    case DeviceKind::kAudio:
      return "audio";
  }
  return "unknown";
}

uint32_t CrcRegister(const uint8_t* bytes, size_t n) {
  uint32_t reg = 0xFFFFFFFF;
  for (size_t i = 0; i < n; ++i) reg = CrcUpdate(reg, bytes[i]);
  return reg;
}

size_t EncodeFrame(const Header& h, const uint8_t* payload, size_t n, uint8_t* out, size_t cap) {
  if (n > kMaxPayload) return 0;
  uint8_t head[kHeaderBytes] = {h.version,
                                h.kind,
                                static_cast<uint8_t>(h.seq >> 8),
                                static_cast<uint8_t>(h.seq),
                                static_cast<uint8_t>(h.command >> 8),
                                static_cast<uint8_t>(h.command),
                                static_cast<uint8_t>(n >> 8),
                                static_cast<uint8_t>(n)};
  uint32_t crc = 0xFFFFFFFF;
  size_t pos = 0;
  if (cap < 2) return 0;
  out[pos++] = kSof;
  for (uint8_t b : head) {
    crc = CrcUpdate(crc, b);
    if (!PutEscaped(b, out, cap, &pos)) return 0;
  }
  for (size_t i = 0; i < n; ++i) {
    crc = CrcUpdate(crc, payload[i]);
    if (!PutEscaped(payload[i], out, cap, &pos)) return 0;
  }
  crc = ~crc;
  for (int shift = 24; shift >= 0; shift -= 8) {
    if (!PutEscaped(static_cast<uint8_t>(crc >> shift), out, cap, &pos)) return 0;
  }
  if (pos == cap) return 0;
  out[pos++] = kEof;
  return pos;
}

ErrorCode FaultCode(Fault f) {
  switch (f) {
    case Fault::kBadCrc:
      return ErrorCode::kBadCrc;
    case Fault::kTruncated:
      return ErrorCode::kTruncated;
    case Fault::kOversized:
      return ErrorCode::kOversized;
    case Fault::kBadVersion:
      return ErrorCode::kVersionMismatch;
    case Fault::kNone:
    case Fault::kShort:
    case Fault::kBadEscape:
    case Fault::kBadLength:
    case Fault::kBadKind:
      break;
  }
  return ErrorCode::kMalformed;
}

const char* FaultText(Fault f) {
  switch (f) {
    case Fault::kNone:
      return "no fault";
    case Fault::kBadCrc:
      return "the frame's CRC-32 residue is wrong";
    case Fault::kTruncated:
      return "a frame lost its end (a SOF came before its EOF)";
    case Fault::kOversized:
      return "a frame passed the 508-byte body limit";
    case Fault::kShort:
      return "a frame body is shorter than the 12-byte minimum";
    case Fault::kBadEscape:
      return "an ESC byte is not followed by 0x22, 0x23 or 0x30";
    case Fault::kBadLength:
      return "the length field does not match the frame's payload";
    case Fault::kBadKind:
      return "the kind byte is not 1, 2 or 3";
    case Fault::kBadVersion:
      return "the frame's version is not this device's";
  }
  return "unknown fault";
}

void Decoder::Reset() {
  size_ = 0;
  in_frame_ = false;
  escaped_ = false;
  bad_escape_ = false;
  oversized_ = false;
}

Decoder::Event Decoder::Refuse(Fault f) {
  fault_ = f;
  fault_size_ = size_;
  return Event::kFault;
}

Decoder::Event Decoder::Push(uint8_t byte) {
  if (byte == kSof) {
    const bool cut = in_frame_;
    const size_t kept = size_;
    Reset();
    in_frame_ = true;
    if (cut) {
      fault_ = Fault::kTruncated;
      fault_size_ = kept;
      return Event::kFault;
    }
    return Event::kNone;
  }
  if (!in_frame_) return Event::kText;
  if (byte == kEof) {
    if (escaped_) bad_escape_ = true;
    const Event e = Finish();
    Reset();
    return e;
  }
  uint8_t b = byte;
  if (escaped_) {
    escaped_ = false;
    b = static_cast<uint8_t>(byte ^ kEscXor);
    if (!IsSpecial(b)) bad_escape_ = true;
  } else if (byte == kEsc) {
    escaped_ = true;
    return Event::kNone;
  }
  if (size_ < kMaxBody) {
    body_[size_++] = b;
  } else {
    oversized_ = true;
  }
  return Event::kNone;
}

Decoder::Event Decoder::Finish() {
  if (oversized_) return Refuse(Fault::kOversized);
  if (bad_escape_) return Refuse(Fault::kBadEscape);
  if (size_ < kMinBody) return Refuse(Fault::kShort);
  if (CrcRegister(body_, size_) != kCrcResidue) return Refuse(Fault::kBadCrc);
  header_.version = body_[0];
  header_.kind = body_[1];
  header_.seq = static_cast<uint16_t>(body_[2] << 8 | body_[3]);
  header_.command = static_cast<uint16_t>(body_[4] << 8 | body_[5]);
  header_.length = static_cast<uint16_t>(body_[6] << 8 | body_[7]);
  if (header_.version != kVersion) return Refuse(Fault::kBadVersion);
  if (header_.length != size_ - kMinBody) return Refuse(Fault::kBadLength);
  if (header_.kind < static_cast<uint8_t>(Kind::kRequest) ||
      header_.kind > static_cast<uint8_t>(Kind::kError)) {
    return Refuse(Fault::kBadKind);
  }
  fault_ = Fault::kNone;
  return Event::kFrame;
}

bool PayloadWriter::Room(size_t n) {
  if (!ok_ || cap_ - size_ < n) {
    ok_ = false;
    return false;
  }
  return true;
}

void PayloadWriter::U8(uint8_t v) {
  if (Room(1)) buf_[size_++] = v;
}

void PayloadWriter::U16(uint16_t v) {
  if (!Room(2)) return;
  buf_[size_++] = static_cast<uint8_t>(v >> 8);
  buf_[size_++] = static_cast<uint8_t>(v);
}

void PayloadWriter::U32(uint32_t v) {
  if (!Room(4)) return;
  for (int shift = 24; shift >= 0; shift -= 8) buf_[size_++] = static_cast<uint8_t>(v >> shift);
}

void PayloadWriter::U64(uint64_t v) {
  U32(static_cast<uint32_t>(v >> 32));
  U32(static_cast<uint32_t>(v));
}

void PayloadWriter::Bytes(const uint8_t* p, size_t n) {
  if (!Room(n)) return;
  for (size_t i = 0; i < n; ++i) buf_[size_++] = p[i];
}

void PayloadWriter::Text(const char* s) { Bytes(reinterpret_cast<const uint8_t*>(s), Length(s)); }

void PayloadWriter::Decimal(uint32_t v) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  if (!Room(static_cast<size_t>(n))) return;
  while (n > 0) buf_[size_++] = static_cast<uint8_t>(digits[--n]);
}

void PayloadWriter::ShortText(const char* s) {
  size_t n = Length(s);
  if (n > 255) n = 255;
  if (!Room(1 + n)) return;
  U8(static_cast<uint8_t>(n));
  Bytes(reinterpret_cast<const uint8_t*>(s), n);
}

bool PayloadReader::U8(uint8_t* v) {
  if (remaining() < 1) return false;
  *v = p_[pos_++];
  return true;
}

bool PayloadReader::U16(uint16_t* v) {
  if (remaining() < 2) return false;
  *v = static_cast<uint16_t>(p_[pos_] << 8 | p_[pos_ + 1]);
  pos_ += 2;
  return true;
}

bool PayloadReader::U64(uint64_t* v) {
  if (remaining() < 8) return false;
  uint64_t x = 0;
  for (int i = 0; i < 8; ++i) x = x << 8 | p_[pos_ + i];
  pos_ += 8;
  *v = x;
  return true;
}

bool PayloadReader::Bytes(size_t n, const uint8_t** out) {
  if (remaining() < n) return false;
  *out = p_ + pos_;
  pos_ += n;
  return true;
}

}  // namespace pegasus::hcp
