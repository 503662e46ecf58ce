#include "host/bridge/bridge_codec.h"

#include <algorithm>
#include <cstdio>

namespace pegasus::bridge {
namespace {

void PutBe(std::vector<uint8_t>* out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint64_t GetBe(std::span<const uint8_t> in, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | in[at + static_cast<size_t>(i)];
  return v;
}

std::string Text(std::span<const uint8_t> in, size_t at) {
  return std::string(in.begin() + static_cast<std::ptrdiff_t>(at), in.end());
}

void PutText(std::vector<uint8_t>* out, const std::string& s) {
  out->insert(out->end(), s.begin(),
              s.begin() + static_cast<std::ptrdiff_t>(std::min(s.size(), kMaxTextBytes)));
}

}  // namespace

std::vector<uint8_t> EncodeFrame(uint8_t type, std::span<const uint8_t> body, uint8_t version) {
  std::vector<uint8_t> out{kMagic0, kMagic1, version, type};
  PutBe(&out, body.size(), 4);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::vector<uint8_t> EncodeHello(const Hello& hello) {
  std::vector<uint8_t> body;
  PutBe(&body, hello.max_pdu, 2);
  PutBe(&body, 0, 2);
  PutText(&body, hello.name);
  return EncodeFrame(kTypeHello, body);
}

std::vector<uint8_t> EncodePdu(const PduMessage& pdu, bool received) {
  std::vector<uint8_t> body;
  body.reserve(kPduReceivedFixedBytes + pdu.payload.size());
  body.push_back(pdu.vpi);
  body.push_back(pdu.clp ? kFlagClp : 0);
  PutBe(&body, pdu.vci, 2);
  body.push_back(pdu.uu);
  body.push_back(pdu.cpi);
  PutBe(&body, 0, 2);
  if (received) {
    PutBe(&body, pdu.cycle, 8);
    PutBe(&body, pdu.lost, 4);
  }
  body.insert(body.end(), pdu.payload.begin(), pdu.payload.end());
  return EncodeFrame(received ? kTypePduReceived : kTypePduSend, body);
}

std::vector<uint8_t> EncodeError(const ErrorMessage& error) {
  std::vector<uint8_t> body;
  PutBe(&body, static_cast<uint16_t>(error.code), 2);
  body.push_back(error.type);
  body.push_back(0);
  PutBe(&body, error.frame, 4);
  PutText(&body, error.message);
  return EncodeFrame(kTypeError, body);
}

Result<Hello> ParseHello(std::span<const uint8_t> body) {
  if (body.size() < kHelloFixedBytes) {
    return Status::InvalidArgument("HELLO body of " + std::to_string(body.size()) +
                                   " bytes, shorter than its 4 fixed bytes");
  }
  if (GetBe(body, 2, 2) != 0) return Status::InvalidArgument("HELLO reserved bytes 2..3 not 0");
  Hello h;
  h.max_pdu = static_cast<uint16_t>(GetBe(body, 0, 2));
  h.name = Text(body, kHelloFixedBytes);
  return h;
}

Result<PduMessage> ParsePdu(std::span<const uint8_t> body, bool received) {
  const size_t fixed = received ? kPduReceivedFixedBytes : kPduSendFixedBytes;
  const char* name = received ? "PDU_RECEIVED" : "PDU_SEND";
  if (body.size() < fixed) {
    return Status::InvalidArgument(std::string(name) + " body of " + std::to_string(body.size()) +
                                   " bytes, shorter than its " + std::to_string(fixed) +
                                   " fixed bytes");
  }
  if (body.size() - fixed > kMaxPduBytes) {
    return Status::InvalidArgument(std::string(name) + " payload of " +
                                   std::to_string(body.size() - fixed) +
                                   " bytes, above AAL5's 65535");
  }
  if (body[1] & ~kFlagClp) {
    return Status::InvalidArgument(std::string(name) + " flags 0x" + std::to_string(body[1]) +
                                   ": only bit 0 (CLP) may be set");
  }
  if (body[5] != 0) {
    return Status::InvalidArgument(std::string(name) + " CPI " + std::to_string(body[5]) +
                                   ": AAL5's CPI is 0");
  }
  if (GetBe(body, 6, 2) != 0) {
    return Status::InvalidArgument(std::string(name) + " reserved bytes 6..7 not 0");
  }
  PduMessage p;
  p.vpi = body[0];
  p.clp = body[1] & kFlagClp;
  p.vci = static_cast<uint16_t>(GetBe(body, 2, 2));
  p.uu = body[4];
  p.cpi = body[5];
  if (received) {
    p.cycle = GetBe(body, 8, 8);
    p.lost = static_cast<uint32_t>(GetBe(body, 16, 4));
  }
  p.payload.assign(body.begin() + static_cast<std::ptrdiff_t>(fixed), body.end());
  return p;
}

Result<ErrorMessage> ParseError(std::span<const uint8_t> body) {
  if (body.size() < kErrorFixedBytes) {
    return Status::InvalidArgument("ERROR body of " + std::to_string(body.size()) +
                                   " bytes, shorter than its 8 fixed bytes");
  }
  ErrorMessage e;
  e.code = static_cast<ErrorCode>(GetBe(body, 0, 2));
  e.type = body[2];
  e.frame = static_cast<uint32_t>(GetBe(body, 4, 4));
  e.message = Text(body, kErrorFixedBytes);
  return e;
}

void Decoder::Push(std::span<const uint8_t> bytes) {
  if (failed_) return;
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  buf_.insert(buf_.end(), bytes.begin(), bytes.end());
}

Decoder::Event Decoder::Next() {
  if (failed_ || pending() < kHeaderBytes) return Event::kNeed;
  const std::span<const uint8_t> h(buf_.data() + pos_, kHeaderBytes);
  const uint32_t length = static_cast<uint32_t>(GetBe(h, 4, 4));
  // A header with a bad magic names no type.
  auto fail = [&](ErrorCode code, std::string msg) {
    failed_ = true;
    error_ = ErrorMessage{code, code == ErrorCode::kBadMagic ? uint8_t{0} : h[3], frames_ + 1,
                          std::move(msg)};
    return Event::kError;
  };
  if (h[0] != kMagic0 || h[1] != kMagic1) {
    char got[8];
    std::snprintf(got, sizeof got, "%02x %02x", h[0], h[1]);
    return fail(ErrorCode::kBadMagic,
                std::string("frame header starts with ") + got + ", not 50 42 (\"PB\")");
  }
  if (h[2] != kVersion) {
    return fail(ErrorCode::kBadVersion, "protocol version " + std::to_string(h[2]) +
                                            "; this end speaks version " +
                                            std::to_string(kVersion));
  }
  if (length > max_body_) {
    return fail(ErrorCode::kOversize, "body length " + std::to_string(length) +
                                          " is above the largest this end takes, " +
                                          std::to_string(max_body_));
  }
  if (pending() < kHeaderBytes + length) return Event::kNeed;
  type_ = h[3];
  body_.assign(buf_.begin() + static_cast<std::ptrdiff_t>(pos_ + kHeaderBytes),
               buf_.begin() + static_cast<std::ptrdiff_t>(pos_ + kHeaderBytes + length));
  pos_ += kHeaderBytes + length;
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  ++frames_;
  return Event::kFrame;
}

}  // namespace pegasus::bridge
