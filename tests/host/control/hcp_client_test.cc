// HcpClient against a scripted device behind a fake transport: responses are matched
// by sequence number (late answers to older requests, and the answer to a frame cut
// short before the request, are skipped), each kind of error
// response maps to its ClientStatus kind, damaged responses and silence are reported,
// and console text between frames reaches the text callback.
#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "host/control/hcp_client.h"

namespace pegasus::hcp {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Encode(uint8_t kind, uint16_t seq, uint16_t command, const Bytes& payload,
             uint8_t version = kVersion) {
  Header h;
  h.version = version;
  h.kind = kind;
  h.seq = seq;
  h.command = command;
  Bytes out(kMaxWire);
  out.resize(EncodeFrame(h, payload.data(), payload.size(), out.data(), out.size()));
  return out;
}

Bytes ErrorPayload(ErrorCode code, const std::string& text) {
  Bytes p = {static_cast<uint8_t>(static_cast<uint16_t>(code) >> 8), static_cast<uint8_t>(code)};
  p.insert(p.end(), text.begin(), text.end());
  return p;
}

// A device in a box: decodes each request written and lets the test answer it.
class FakeTransport : public Transport {
 public:
  // Called with each request; returns the bytes the device sends back.
  std::function<Bytes(const Header&, const Bytes&)> device;

  Status Write(const uint8_t* data, size_t n) override {
    for (size_t i = 0; i < n; ++i) {
      if (decoder_.Push(data[i]) == Decoder::Event::kFrame) {
        Bytes p(decoder_.payload(), decoder_.payload() + decoder_.payload_size());
        Bytes out = device(decoder_.header(), p);
        inbox_.insert(inbox_.end(), out.begin(), out.end());
      }
    }
    return Status::Ok();
  }
  Result<size_t> Read(uint8_t* buf, size_t cap, int) override {
    if (closed_ && inbox_.empty()) return Status::IoError("closed");
    size_t n = 0;
    while (n < cap && !inbox_.empty()) {
      buf[n++] = inbox_.front();
      inbox_.pop_front();
    }
    return n;
  }
  std::string Describe() const override { return "fake"; }
  bool closed_ = false;

 private:
  Decoder decoder_;
  std::deque<uint8_t> inbox_;
};

TEST(HcpClient, SkipsLateAnswersAndEarlierTruncationsAndPassesText) {
  FakeTransport t;
  t.device = [](const Header& h, const Bytes& p) {
    Bytes out;
    const std::string text = "console line\n";
    out.insert(out.end(), text.begin(), text.end());
    const Bytes late = Encode(2, static_cast<uint16_t>(h.seq - 1), h.command, {9, 9});
    out.insert(out.end(), late.begin(), late.end());
    // The device's answer to a frame cut short before ours: not about our request.
    const Bytes cut = Encode(3, 0, 0, ErrorPayload(ErrorCode::kTruncated, "lost its end"));
    out.insert(out.end(), cut.begin(), cut.end());
    const Bytes mine = Encode(2, h.seq, h.command, p);
    out.insert(out.end(), mine.begin(), mine.end());
    return out;
  };
  HcpClient c(&t, 100);
  c.set_timeout_ms(50);
  std::string text;
  c.OnText([&](char ch) { text.push_back(ch); });
  EXPECT_TRUE(c.Ping({1, 2, 3}).ok());
  EXPECT_TRUE(c.Ping({}).ok());
  EXPECT_EQ(text, "console line\nconsole line\n");
}

TEST(HcpClient, ErrorResponsesMapToKinds) {
  FakeTransport t;
  ErrorCode code = ErrorCode::kNoSuchDevice;
  uint16_t seq_override = 0xFFFF;
  t.device = [&](const Header& h, const Bytes&) {
    const uint16_t seq = seq_override == 0xFFFF ? h.seq : seq_override;
    return Encode(3, seq, h.command, ErrorPayload(code, "no device with id 9"));
  };
  HcpClient c(&t, 1);
  c.set_timeout_ms(50);
  std::vector<Counter> counters;
  ClientStatus s = c.Stats(9, &counters);
  EXPECT_EQ(s.kind, ClientStatus::Kind::kNoDevice);
  EXPECT_EQ(s.message, "NO_SUCH_DEVICE: no device with id 9");
  code = ErrorCode::kUnknownCommand;
  EXPECT_EQ(c.Ping({}).kind, ClientStatus::Kind::kDevice);
  code = ErrorCode::kVersionMismatch;
  HelloInfo info;
  EXPECT_EQ(c.Hello(&info).kind, ClientStatus::Kind::kVersion);
  code = ErrorCode::kBadCrc;
  seq_override = 0;  // the device could not read our request
  s = c.Ping({});
  EXPECT_EQ(s.kind, ClientStatus::Kind::kCorrupt);
  EXPECT_NE(s.message.find("arrived damaged"), std::string::npos);
}

TEST(HcpClient, DamageSilenceAndOtherVersionsAreReported) {
  FakeTransport t;
  int mode = 0;
  t.device = [&](const Header& h, const Bytes& p) {
    Bytes f = Encode(2, h.seq, h.command, p, mode == 2 ? 2 : kVersion);
    if (mode == 0) f[f.size() - 3] ^= 0x40;  // a CRC bit (never a special byte)
    if (mode == 1) f.clear();
    return f;
  };
  HcpClient c(&t, 1);
  c.set_timeout_ms(30);
  EXPECT_EQ(c.Ping({5}).kind, ClientStatus::Kind::kCorrupt);
  mode = 1;
  EXPECT_EQ(c.Ping({5}).kind, ClientStatus::Kind::kTimeout);
  mode = 2;
  EXPECT_EQ(c.Ping({5}).kind, ClientStatus::Kind::kVersion);
  mode = 3;
  EXPECT_TRUE(c.Ping({5}).ok());
  t.closed_ = true;
  mode = 1;
  EXPECT_EQ(c.Ping({5}).kind, ClientStatus::Kind::kIo);
}

TEST(HcpClient, ParsesDevicesAndStatsAndRejectsBadOnes) {
  FakeTransport t;
  bool broken = false;
  t.device = [&](const Header& h, const Bytes& p) {
    uint8_t buf[kMaxPayload];
    PayloadWriter pw(buf, sizeof buf);
    if (h.command == static_cast<uint16_t>(Command::kDevices)) {
      pw.U8(2);
      pw.U16(0);
      pw.U8(1);
      pw.ShortText("soc0");
      pw.U16(1);
      pw.U8(2);
      pw.ShortText("nic0");
    } else {
      pw.Bytes(p.data(), 2);  // the id asked for
      pw.U8(1);
      pw.ShortText("uptime_cycles");
      pw.U64(123456789012ull);
    }
    Bytes payload(buf, buf + pw.size() - (broken ? 1 : 0));
    return Encode(2, h.seq, h.command, payload);
  };
  HcpClient c(&t, 1);
  c.set_timeout_ms(50);
  std::vector<DeviceInfo> devices;
  ASSERT_TRUE(c.Devices(&devices).ok());
  ASSERT_EQ(devices.size(), 2u);
  EXPECT_EQ(devices[1].name, "nic0");
  EXPECT_EQ(devices[1].kind, 2);
  std::vector<Counter> counters;
  ASSERT_TRUE(c.Stats(0, &counters).ok());
  ASSERT_EQ(counters.size(), 1u);
  EXPECT_EQ(counters[0].name, "uptime_cycles");
  EXPECT_EQ(counters[0].value, 123456789012ull);
  broken = true;
  EXPECT_EQ(c.Devices(&devices).kind, ClientStatus::Kind::kProtocol);
  EXPECT_EQ(c.Stats(0, &counters).kind, ClientStatus::Kind::kProtocol);
}

// CONNECT, DISCONNECT and WINDOW requests in the byte layouts of doc/wire_formats.md
// ("Host control protocol", written out here byte by byte), their responses parsed,
// short responses refused, and the connection manager's errors named.
TEST(HcpClient, ConnectionCommandsUseTheDocumentedLayouts) {
  FakeTransport t;
  Bytes seen;
  uint16_t seen_command = 0;
  bool broken = false;
  t.device = [&](const Header& h, const Bytes& p) {
    seen = p;
    seen_command = h.command;
    Bytes r;
    if (h.command == 5) r = {0x00, 0x07, 0x01, 0x00, 0x50, 0x00, 0x30};
    if (h.command == 6) r = {p[0], p[1]};
    if (h.command == 7) r = {0x00, 0x07, 0xFF, 0xF8, 0x00, 0x20, 0x00, 0xA0, 0x00, 0x78, 0x03};
    if (broken) r.pop_back();
    return Encode(2, h.seq, h.command, r);
  };
  HcpClient c(&t, 1);
  c.set_timeout_ms(50);
  ConnectionInfo info;
  ASSERT_TRUE(c.Connect(3, 4, -16, 8, 0, 0, &info).ok());
  EXPECT_EQ(seen_command, 5);
  EXPECT_EQ(seen, (Bytes{0x00, 0x03, 0x00, 0x04, 0xFF, 0xF0, 0x00, 0x08, 0, 0, 0, 0}));
  EXPECT_EQ(info.id, 7);
  EXPECT_EQ(info.window, 1);
  EXPECT_EQ(info.w, 80);
  EXPECT_EQ(info.h, 48);
  ASSERT_TRUE(c.Disconnect(0x1234).ok());
  EXPECT_EQ(seen_command, 6);
  EXPECT_EQ(seen, (Bytes{0x12, 0x34}));
  ASSERT_TRUE(c.Window(7, WindowOp::kResize, 160, 120, &info).ok());
  EXPECT_EQ(seen_command, 7);
  EXPECT_EQ(seen, (Bytes{0x00, 0x07, 0x02, 0x00, 0xA0, 0x00, 0x78}));
  EXPECT_EQ(info.x, -8);
  EXPECT_EQ(info.y, 32);
  EXPECT_EQ(info.w, 160);
  EXPECT_EQ(info.h, 120);
  EXPECT_EQ(info.z, 3);
  ASSERT_TRUE(c.Window(7, WindowOp::kMove, -8, 32, &info).ok());
  EXPECT_EQ(seen, (Bytes{0x00, 0x07, 0x01, 0xFF, 0xF8, 0x00, 0x20}));
  broken = true;
  EXPECT_EQ(c.Connect(3, 4, 0, 0, 0, 0, &info).kind, ClientStatus::Kind::kProtocol);
  EXPECT_EQ(c.Disconnect(1).kind, ClientStatus::Kind::kProtocol);
  EXPECT_EQ(c.Window(7, WindowOp::kRaise, 0, 0, &info).kind, ClientStatus::Kind::kProtocol);

  t.device = [&](const Header& h, const Bytes&) {
    return Encode(3, h.seq, h.command, ErrorPayload(ErrorCode::kInUse, "camera0 is taken"));
  };
  const ClientStatus s = c.Connect(3, 4, 0, 0, 0, 0, &info);
  EXPECT_EQ(s.kind, ClientStatus::Kind::kDevice);
  EXPECT_EQ(s.message, "IN_USE: camera0 is taken");
  EXPECT_STREQ(ErrorCodeName(10), "OUT_OF_RANGE");
  EXPECT_STREQ(ErrorCodeName(11), "NO_SUCH_CONNECTION");
  EXPECT_STREQ(ErrorCodeName(12), "DEVICE_FAILED");
  EXPECT_STREQ(ErrorCodeName(13), "UNKNOWN_ERROR");
}

}  // namespace
}  // namespace pegasus::hcp
