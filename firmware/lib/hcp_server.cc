#include "firmware/lib/hcp_server.h"

#include "firmware/lib/uart.h"

namespace pegasus::fw {

using hcp::ErrorCode;
using hcp::PayloadWriter;

hcp::PayloadWriter& HcpReply::Fail(ErrorCode code) {
  out_.Clear();
  out_.U16(static_cast<uint16_t>(code));
  failed_ = true;
  code_ = code;
  return out_;
}

void HcpStats::Add(const char* name, uint64_t value) {
  w_->ShortText(name);
  w_->U64(value);
  ++count_;
}

void HcpServer::Init(const char* firmware_name) {
  name_ = firmware_name;
  Register(static_cast<uint16_t>(hcp::Command::kHello), &HcpServer::Hello, this);
  Register(static_cast<uint16_t>(hcp::Command::kPing), &HcpServer::Ping, this);
  Register(static_cast<uint16_t>(hcp::Command::kDevices), &HcpServer::Devices, this);
  Register(static_cast<uint16_t>(hcp::Command::kStats), &HcpServer::Stats, this);
}

bool HcpServer::Register(uint16_t command, HcpHandler fn, void* ctx) {
  if (handler_count_ == kHcpMaxHandlers) return false;
  for (int i = 0; i < handler_count_; ++i) {
    if (handlers_[i].command == command) return false;
  }
  handlers_[handler_count_++] = Entry{command, fn, ctx};
  return true;
}

bool HcpServer::AddDevice(uint16_t id, hcp::DeviceKind kind, const char* name, HcpStatsFn fn,
                          void* ctx) {
  if (device_count_ == kHcpMaxDevices) return false;
  for (int i = 0; i < device_count_; ++i) {
    if (devices_[i].id == id) return false;
  }
  devices_[device_count_++] = Device{id, kind, name, fn, ctx};
  return true;
}

uint32_t HcpServer::Poll() {
  uint32_t n = 0;
  for (int c = UartGet(); c >= 0; c = UartGet()) {
    Feed(static_cast<uint8_t>(c));
    ++n;
  }
  return n;
}

void HcpServer::Feed(uint8_t byte) {
  ++counters_.rx_bytes;
  const hcp::Decoder::Event e = decoder_.Push(byte);
  if (e == hcp::Decoder::Event::kText) {
    ++counters_.text_bytes;
  } else if (e == hcp::Decoder::Event::kFault && decoder_.fault() == hcp::Fault::kTruncated) {
    // The SOF that cut the last frame short starts a new one, whose bytes are arriving
    // now: answer once that frame has ended, so nothing is sent while the host sends.
    CountError(ErrorCode::kTruncated);
    ++pending_truncations_;
  } else if (e != hcp::Decoder::Event::kNone) {
    for (; pending_truncations_ > 0; --pending_truncations_) SendTruncated();
    if (e == hcp::Decoder::Event::kFrame) {
      Dispatch();
    } else {
      Refuse(decoder_.fault());
    }
  }
}

void HcpServer::SendTruncated() {
  HcpReply reply(payload_, sizeof payload_);
  reply.Fail(ErrorCode::kTruncated).Text(hcp::FaultText(hcp::Fault::kTruncated));
  Send(hcp::Kind::kError, 0, 0, payload_, static_cast<uint32_t>(reply.out().size()));
}

void HcpServer::CountError(ErrorCode code) {
  switch (code) {
    case ErrorCode::kVersionMismatch:
      ++counters_.bad_version;
      break;
    case ErrorCode::kUnknownCommand:
      ++counters_.unknown_command;
      break;
    case ErrorCode::kNoSuchDevice:
      ++counters_.no_device;
      break;
    case ErrorCode::kBadRequest:
      ++counters_.bad_request;
      break;
    case ErrorCode::kBadCrc:
      ++counters_.bad_crc;
      break;
    case ErrorCode::kTruncated:
      ++counters_.truncated;
      break;
    case ErrorCode::kOversized:
      ++counters_.oversized;
      break;
    case ErrorCode::kMalformed:
      ++counters_.malformed;
      break;
    case ErrorCode::kInUse:
    case ErrorCode::kOutOfRange:
    case ErrorCode::kNoSuchConnection:
    case ErrorCode::kDeviceFailed:
      ++counters_.refused;
      break;
  }
}

void HcpServer::Refuse(hcp::Fault fault) {
  const ErrorCode code = hcp::FaultCode(fault);
  CountError(code);
  HcpReply reply(payload_, sizeof payload_);
  PayloadWriter& w = reply.Fail(code);
  uint16_t seq = 0;
  uint16_t command = 0;
  if (fault == hcp::Fault::kBadVersion) {
    // The CRC held, so the request's seq and command are known.
    seq = decoder_.header().seq;
    command = decoder_.header().command;
    w.Text("this device speaks HCP version ");
    w.Decimal(hcp::kVersion);
    w.Text("; the frame had version ");
    w.Decimal(decoder_.header().version);
  } else {
    w.Text(hcp::FaultText(fault));
    w.Text(" (");
    w.Decimal(static_cast<uint32_t>(decoder_.fault_size()));
    w.Text(" body bytes)");
  }
  Send(hcp::Kind::kError, seq, command, payload_, static_cast<uint32_t>(w.size()));
}

void HcpServer::Dispatch() {
  const hcp::Header& h = decoder_.header();
  HcpReply reply(payload_, sizeof payload_);
  if (h.kind != static_cast<uint8_t>(hcp::Kind::kRequest)) {
    // Well formed but not a request: answered like an unreadable frame (seq 0).
    CountError(ErrorCode::kMalformed);
    PayloadWriter& w = reply.Fail(ErrorCode::kMalformed);
    w.Text("the device takes requests (kind 1) only, not kind ");
    w.Decimal(h.kind);
    Send(hcp::Kind::kError, 0, 0, payload_, static_cast<uint32_t>(w.size()));
    return;
  }
  ++counters_.frames_ok;
  const HcpRequest request{h.seq, h.command, decoder_.payload(),
                           static_cast<uint16_t>(decoder_.payload_size())};
  const Entry* entry = nullptr;
  for (int i = 0; i < handler_count_; ++i) {
    if (handlers_[i].command == h.command) entry = &handlers_[i];
  }
  if (entry == nullptr) {
    PayloadWriter& w = reply.Fail(ErrorCode::kUnknownCommand);
    w.Text("unknown command ");
    w.Decimal(h.command);
    w.Text(
        " (this firmware serves HELLO 1, PING 2, DEVICES 3, STATS 4 and the commands "
        "its modules register)");
  } else {
    entry->fn(entry->ctx, request, &reply);
    if (!reply.failed() && !reply.out().ok()) {
      PayloadWriter& w = reply.Fail(ErrorCode::kBadRequest);
      w.Text("the response to command ");
      w.Decimal(h.command);
      w.Text(" does not fit in one frame");
    }
  }
  if (reply.failed()) CountError(reply.code());
  Send(reply.failed() ? hcp::Kind::kError : hcp::Kind::kResponse, h.seq, h.command, payload_,
       static_cast<uint32_t>(reply.out().size()));
}

void HcpServer::Send(hcp::Kind kind, uint16_t seq, uint16_t command, const uint8_t* payload,
                     uint32_t n) {
  hcp::Header h;
  h.kind = static_cast<uint8_t>(kind);
  h.seq = seq;
  h.command = command;
  const uint32_t size = static_cast<uint32_t>(hcp::EncodeFrame(h, payload, n, wire_, sizeof wire_));
  for (uint32_t i = 0; i < size; ++i) UartPut(static_cast<char>(wire_[i]));
  if (kind == hcp::Kind::kError) {
    ++counters_.errors_sent;
  } else {
    ++counters_.responses;
  }
}

void HcpServer::AddCounters(HcpStats* stats) const {
  const HcpCounters& c = counters_;
  stats->Add("rx_bytes", c.rx_bytes);
  stats->Add("text_bytes", c.text_bytes);
  stats->Add("frames_ok", c.frames_ok);
  stats->Add("responses", c.responses);
  stats->Add("errors_sent", c.errors_sent);
  stats->Add("bad_crc", c.bad_crc);
  stats->Add("truncated", c.truncated);
  stats->Add("oversized", c.oversized);
  stats->Add("malformed", c.malformed);
  stats->Add("bad_version", c.bad_version);
  stats->Add("unknown_command", c.unknown_command);
  stats->Add("bad_request", c.bad_request);
  stats->Add("no_device", c.no_device);
  stats->Add("refused", c.refused);
}

void HcpServer::Hello(void* ctx, const HcpRequest& request, HcpReply* reply) {
  const HcpServer* self = static_cast<const HcpServer*>(ctx);
  if (request.length < 1) {
    reply->Fail(ErrorCode::kBadRequest).Text("HELLO wants the host's version byte");
    return;
  }
  const uint8_t wanted = request.payload[0];
  if (wanted != hcp::kVersion) {
    PayloadWriter& w = reply->Fail(ErrorCode::kVersionMismatch);
    w.Text("this device speaks HCP version ");
    w.Decimal(hcp::kVersion);
    w.Text("; the host asked for version ");
    w.Decimal(wanted);
    return;
  }
  PayloadWriter& w = reply->out();
  w.U8(hcp::kVersion);
  w.U16(static_cast<uint16_t>(hcp::kMaxPayload));
  w.Text(self->name_);
}

void HcpServer::Ping(void*, const HcpRequest& request, HcpReply* reply) {
  reply->out().Bytes(request.payload, request.length);
}

void HcpServer::Devices(void* ctx, const HcpRequest& request, HcpReply* reply) {
  const HcpServer* self = static_cast<const HcpServer*>(ctx);
  if (request.length != 0) {
    reply->Fail(ErrorCode::kBadRequest).Text("DEVICES takes no payload");
    return;
  }
  PayloadWriter& w = reply->out();
  w.U8(static_cast<uint8_t>(self->device_count_));
  for (int i = 0; i < self->device_count_; ++i) {
    const Device& d = self->devices_[i];
    w.U16(d.id);
    w.U8(static_cast<uint8_t>(d.kind));
    w.ShortText(d.name);
  }
}

void HcpServer::Stats(void* ctx, const HcpRequest& request, HcpReply* reply) {
  const HcpServer* self = static_cast<const HcpServer*>(ctx);
  if (request.length != 2) {
    PayloadWriter& w = reply->Fail(ErrorCode::kBadRequest);
    w.Text("STATS wants a 2-byte device id, not ");
    w.Decimal(request.length);
    w.Text(" bytes");
    return;
  }
  const uint16_t id = static_cast<uint16_t>(request.payload[0] << 8 | request.payload[1]);
  for (int i = 0; i < self->device_count_; ++i) {
    const Device& d = self->devices_[i];
    if (d.id != id) continue;
    PayloadWriter& w = reply->out();
    w.U16(id);
    const uint32_t count_at = static_cast<uint32_t>(w.size());
    w.U8(0);  // the count, filled in below
    HcpStats stats(&w);
    if (d.fn != nullptr) d.fn(d.ctx, &stats);
    w.PatchU8(count_at, stats.count());
    return;
  }
  PayloadWriter& w = reply->Fail(ErrorCode::kNoSuchDevice);
  w.Text("no device with id ");
  w.Decimal(id);
  w.Text(" (DEVICES lists the ids)");
}

}  // namespace pegasus::fw
