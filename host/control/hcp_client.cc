#include "host/control/hcp_client.h"

#include <chrono>

namespace pegasus::hcp {
namespace {

using Clock = std::chrono::steady_clock;

int MsLeft(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

std::string ErrorMessage(const SeenFrame& f) {
  PayloadReader r(f.payload.data(), f.payload.size());
  uint16_t code = 0;
  if (!r.U16(&code)) return "error response without a code";
  return std::string(ErrorCodeName(code)) + ": " +
         std::string(reinterpret_cast<const char*>(r.rest()), r.remaining());
}

// A length byte and that many bytes of text (PayloadWriter::ShortText).
bool ReadShortText(PayloadReader& r, std::string* out) {
  uint8_t len = 0;
  const uint8_t* text = nullptr;
  if (!r.U8(&len) || !r.Bytes(len, &text)) return false;
  out->assign(reinterpret_cast<const char*>(text), len);
  return true;
}

}  // namespace

HcpClient::HcpClient(Transport* transport, uint16_t first_seq)
    : transport_(transport), seq_(first_seq == 0 ? 1 : first_seq) {}

ClientStatus HcpClient::ReadOne(int timeout_ms, SeenFrame* out, bool* got) {
  *got = false;
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  uint8_t buf[256];
  for (;;) {
    // Bytes are decoded one at a time so a frame is handed out as soon as it ends; the
    // bytes after it stay pending for the next call.
    while (pending_pos_ < pending_.size()) {
      const uint8_t b = pending_[pending_pos_++];
      switch (decoder_.Push(b)) {
        case Decoder::Event::kText:
          if (text_fn_) text_fn_(static_cast<char>(b));
          break;
        case Decoder::Event::kFrame:
          out->fault = false;
          out->header = decoder_.header();
          out->payload.assign(decoder_.payload(), decoder_.payload() + decoder_.payload_size());
          *got = true;
          return ClientStatus::Ok();
        case Decoder::Event::kFault:
          out->fault = true;
          out->why = decoder_.fault();
          out->header = decoder_.header();
          out->payload.clear();
          *got = true;
          return ClientStatus::Ok();
        case Decoder::Event::kNone:
          break;
      }
    }
    pending_.clear();
    pending_pos_ = 0;
    const int left = MsLeft(deadline);
    if (left == 0) return ClientStatus::Ok();
    Result<size_t> n = transport_->Read(buf, sizeof buf, left);
    if (!n.ok()) return ClientStatus::Error(ClientStatus::Kind::kIo, n.status().message());
    pending_.assign(buf, buf + *n);
  }
}

ClientStatus HcpClient::Call(Command command, const std::vector<uint8_t>& request,
                             std::vector<uint8_t>* payload) {
  return CallRaw(static_cast<uint16_t>(command), request, payload);
}

ClientStatus HcpClient::CallRaw(uint16_t command, const std::vector<uint8_t>& request,
                                std::vector<uint8_t>* payload) {
  using K = ClientStatus::Kind;
  if (request.size() > kMaxPayload) {
    return ClientStatus::Error(K::kProtocol, "request of " + std::to_string(request.size()) +
                                                 " bytes exceeds the " +
                                                 std::to_string(kMaxPayload) + "-byte maximum");
  }
  const uint16_t seq = seq_;
  seq_ = static_cast<uint16_t>(seq_ + 1);
  if (seq_ == 0) seq_ = 1;
  Header h;
  h.kind = static_cast<uint8_t>(Kind::kRequest);
  h.seq = seq;
  h.command = command;
  uint8_t frame[kMaxWire];
  const size_t n = EncodeFrame(h, request.data(), request.size(), frame, sizeof frame);
  Status w = transport_->Write(frame, n);
  if (!w.ok()) return ClientStatus::Error(K::kIo, w.message());

  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms_);
  for (;;) {
    SeenFrame f;
    bool got = false;
    ClientStatus s = ReadOne(MsLeft(deadline), &f, &got);
    if (!s.ok()) return s;
    if (!got) {
      return ClientStatus::Error(K::kTimeout, "no response to command " + std::to_string(command) +
                                                  " within " + std::to_string(timeout_ms_) +
                                                  " ms on " + transport_->Describe());
    }
    if (f.fault) {
      if (f.why == Fault::kBadVersion) {
        return ClientStatus::Error(
            K::kVersion, "the device answered in HCP version " + std::to_string(f.header.version) +
                             "; this tool speaks " + std::to_string(kVersion));
      }
      return ClientStatus::Error(K::kCorrupt, std::string("damaged response: ") + FaultText(f.why));
    }
    if (f.header.kind == static_cast<uint8_t>(Kind::kRequest)) continue;  // an echo
    const bool ours = f.header.seq == seq;
    const bool about_a_damaged_request =
        f.header.seq == 0 && f.header.kind == static_cast<uint8_t>(Kind::kError);
    if (!ours && !about_a_damaged_request) continue;  // late answer to an older request
    if (f.header.kind == static_cast<uint8_t>(Kind::kError)) {
      uint16_t code = 0;
      PayloadReader(f.payload.data(), f.payload.size()).U16(&code);
      // A frame cut short before ours is answered when our SOF arrives, ahead of our
      // response: it is about bytes sent earlier (perhaps by another session).
      if (!ours && code == static_cast<uint16_t>(ErrorCode::kTruncated)) continue;
      const std::string msg = ErrorMessage(f);
      if (!ours)
        return ClientStatus::Error(K::kCorrupt, "the request arrived damaged: " + msg, code);
      switch (static_cast<ErrorCode>(code)) {
        case ErrorCode::kVersionMismatch:
          return ClientStatus::Error(K::kVersion, msg, code);
        case ErrorCode::kNoSuchDevice:
          return ClientStatus::Error(K::kNoDevice, msg, code);
        case ErrorCode::kBadCrc:
        case ErrorCode::kTruncated:
        case ErrorCode::kOversized:
        case ErrorCode::kMalformed:
          return ClientStatus::Error(K::kCorrupt, msg, code);
        default:
          return ClientStatus::Error(K::kDevice, msg, code);
      }
    }
    if (f.header.command != command) {
      return ClientStatus::Error(K::kProtocol,
                                 "response to command " + std::to_string(f.header.command) +
                                     " for a request of command " + std::to_string(command));
    }
    *payload = std::move(f.payload);
    return ClientStatus::Ok();
  }
}

ClientStatus HcpClient::Hello(HelloInfo* info, uint8_t version) {
  std::vector<uint8_t> req = {version};
  const std::string name = "pegasus";
  req.insert(req.end(), name.begin(), name.end());
  std::vector<uint8_t> resp;
  ClientStatus s = Call(Command::kHello, req, &resp);
  if (!s.ok()) return s;
  PayloadReader r(resp.data(), resp.size());
  if (!r.U8(&info->version) || !r.U16(&info->max_payload)) {
    return ClientStatus::Error(ClientStatus::Kind::kProtocol, "HELLO response too short");
  }
  info->firmware.assign(reinterpret_cast<const char*>(r.rest()), r.remaining());
  if (info->version != kVersion) {
    return ClientStatus::Error(ClientStatus::Kind::kVersion,
                               "the device speaks HCP version " + std::to_string(info->version) +
                                   "; this tool speaks " + std::to_string(kVersion));
  }
  return s;
}

ClientStatus HcpClient::Ping(const std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> resp;
  ClientStatus s = Call(Command::kPing, bytes, &resp);
  if (!s.ok()) return s;
  if (resp != bytes) {
    return ClientStatus::Error(ClientStatus::Kind::kProtocol,
                               "PING came back with other bytes (" + std::to_string(resp.size()) +
                                   " for " + std::to_string(bytes.size()) + ")");
  }
  return s;
}

ClientStatus HcpClient::Devices(std::vector<DeviceInfo>* devices) {
  std::vector<uint8_t> resp;
  ClientStatus s = Call(Command::kDevices, {}, &resp);
  if (!s.ok()) return s;
  PayloadReader r(resp.data(), resp.size());
  uint8_t count = 0;
  bool good = r.U8(&count);
  devices->clear();
  for (unsigned i = 0; good && i < count; ++i) {
    DeviceInfo d;
    good = r.U16(&d.id) && r.U8(&d.kind) && ReadShortText(r, &d.name);
    if (good) devices->push_back(std::move(d));
  }
  if (!good || r.remaining() != 0) {
    return ClientStatus::Error(ClientStatus::Kind::kProtocol, "DEVICES response does not parse");
  }
  return s;
}

ClientStatus HcpClient::Stats(uint16_t id, std::vector<Counter>* counters) {
  std::vector<uint8_t> req = {static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id)};
  std::vector<uint8_t> resp;
  ClientStatus s = Call(Command::kStats, req, &resp);
  if (!s.ok()) return s;
  PayloadReader r(resp.data(), resp.size());
  uint16_t got_id = 0;
  uint8_t count = 0;
  bool good = r.U16(&got_id) && r.U8(&count) && got_id == id;
  counters->clear();
  for (unsigned i = 0; good && i < count; ++i) {
    Counter c;
    good = ReadShortText(r, &c.name) && r.U64(&c.value);
    if (good) counters->push_back(std::move(c));
  }
  if (!good || r.remaining() != 0) {
    return ClientStatus::Error(ClientStatus::Kind::kProtocol, "STATS response does not parse");
  }
  return s;
}

namespace {

void Put16(std::vector<uint8_t>* v, uint16_t x) {
  v->push_back(static_cast<uint8_t>(x >> 8));
  v->push_back(static_cast<uint8_t>(x));
}

ClientStatus DoesNotParse(const char* command) {
  return ClientStatus::Error(ClientStatus::Kind::kProtocol,
                             std::string(command) + " response does not parse");
}

}  // namespace

ClientStatus HcpClient::Connect(uint16_t source, uint16_t sink, int16_t x, int16_t y, uint16_t w,
                                uint16_t h, ConnectionInfo* info) {
  std::vector<uint8_t> req;
  for (uint16_t f : {source, sink, static_cast<uint16_t>(x), static_cast<uint16_t>(y), w, h})
    Put16(&req, f);
  std::vector<uint8_t> resp;
  ClientStatus s = Call(Command::kConnect, req, &resp);
  if (!s.ok()) return s;
  PayloadReader r(resp.data(), resp.size());
  *info = ConnectionInfo{};
  if (!r.U16(&info->id) || !r.U8(&info->window) || !r.U16(&info->w) || !r.U16(&info->h) ||
      r.remaining() != 0) {
    return DoesNotParse("CONNECT");
  }
  info->x = x;
  info->y = y;
  return s;
}

ClientStatus HcpClient::Disconnect(uint16_t id) {
  std::vector<uint8_t> req, resp;
  Put16(&req, id);
  ClientStatus s = Call(Command::kDisconnect, req, &resp);
  if (!s.ok()) return s;
  PayloadReader r(resp.data(), resp.size());
  uint16_t got = 0;
  if (!r.U16(&got) || got != id || r.remaining() != 0) return DoesNotParse("DISCONNECT");
  return s;
}

ClientStatus HcpClient::Window(uint16_t id, WindowOp op, int16_t a, int16_t b,
                               ConnectionInfo* info) {
  std::vector<uint8_t> req, resp;
  Put16(&req, id);
  req.push_back(static_cast<uint8_t>(op));
  Put16(&req, static_cast<uint16_t>(a));
  Put16(&req, static_cast<uint16_t>(b));
  ClientStatus s = Call(Command::kWindow, req, &resp);
  if (!s.ok()) return s;
  PayloadReader r(resp.data(), resp.size());
  *info = ConnectionInfo{};
  uint16_t x = 0, y = 0;
  if (!r.U16(&info->id) || !r.U16(&x) || !r.U16(&y) || !r.U16(&info->w) || !r.U16(&info->h) ||
      !r.U8(&info->z) || r.remaining() != 0 || info->id != id) {
    return DoesNotParse("WINDOW");
  }
  info->x = static_cast<int16_t>(x);
  info->y = static_cast<int16_t>(y);
  return s;
}

ClientStatus HcpClient::Raw(const std::vector<uint8_t>& bytes, std::vector<SeenFrame>* seen,
                            size_t max_frames) {
  Status w = transport_->Write(bytes.data(), bytes.size());
  if (!w.ok()) return ClientStatus::Error(ClientStatus::Kind::kIo, w.message());
  if (max_frames == 0) return ClientStatus::Ok();
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms_);
  for (;;) {
    SeenFrame f;
    bool got = false;
    ClientStatus s = ReadOne(MsLeft(deadline), &f, &got);
    if (!s.ok()) return s;
    if (!got) return ClientStatus::Ok();
    seen->push_back(std::move(f));
    if (seen->size() >= max_frames) return ClientStatus::Ok();
  }
}

}  // namespace pegasus::hcp
