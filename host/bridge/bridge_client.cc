#include "host/bridge/bridge_client.h"

namespace pegasus::bridge {

Result<std::unique_ptr<BridgeClient>> BridgeClient::Connect(const std::string& host_port) {
  auto t = hcp::ConnectTcp(host_port);
  if (!t.ok()) return t.status();
  return std::unique_ptr<BridgeClient>(new BridgeClient(std::move(*t)));
}

BridgeClient::~BridgeClient() = default;

Status BridgeClient::SendRaw(std::span<const uint8_t> bytes) {
  return transport_->Write(bytes.data(), bytes.size());
}

Status BridgeClient::SendHello(const std::string& name) {
  return SendRaw(EncodeHello(Hello{kMaxPduBytes, name}));
}

Status BridgeClient::SendPdu(const PduMessage& pdu) {
  if (pdu.payload.size() > kMaxPduBytes) {
    return Status::InvalidArgument("a PDU of " + std::to_string(pdu.payload.size()) +
                                   " bytes is above AAL5's 65535");
  }
  if (pdu.cpi != 0) return Status::InvalidArgument("AAL5's CPI is 0");
  return SendRaw(EncodePdu(pdu, false));
}

Status BridgeClient::FinishSending() { return transport_->FinishWriting(); }

Result<std::optional<Message>> BridgeClient::Decode() {
  switch (decoder_.Next()) {
    case Decoder::Event::kNeed:
      return std::optional<Message>();
    case Decoder::Event::kError:
      return Status::Corruption("bridge: " + decoder_.error().message);
    case Decoder::Event::kFrame:
      break;
  }
  Message m;
  m.type = decoder_.type();
  Status s;
  if (m.type == kTypeHello) {
    auto h = ParseHello(decoder_.body());
    if (h.ok()) m.hello = *h;
    s = h.status();
  } else if (m.type == kTypePduReceived) {
    auto p = ParsePdu(decoder_.body(), true);
    if (p.ok()) m.pdu = std::move(*p);
    s = p.status();
  } else if (m.type == kTypeError) {
    auto e = ParseError(decoder_.body());
    if (e.ok()) m.error = *e;
    s = e.status();
  } else {
    s = Status::Corruption("message type " + std::to_string(m.type) + " from the bridge");
  }
  if (!s.ok()) return Status::Corruption("bridge: " + s.message());
  return std::optional<Message>(std::move(m));
}

Result<std::optional<Message>> BridgeClient::Receive(int timeout_ms) {
  for (;;) {
    auto m = Decode();
    if (!m.ok() || m->has_value()) return m;
    if (closed_) {
      return Status::Unavailable("bridge: the connection is closed (" + closed_why_ + ")");
    }
    uint8_t buf[65536];
    Result<size_t> got = transport_->Read(buf, sizeof buf, timeout_ms);
    if (!got.ok()) {
      closed_ = true;
      closed_why_ = got.status().message();
      continue;  // frames already received are still delivered
    }
    if (*got == 0) return std::optional<Message>();
    decoder_.Push(std::span<const uint8_t>(buf, *got));
    timeout_ms = 0;  // the rest of what arrived, without waiting again
  }
}

}  // namespace pegasus::bridge
