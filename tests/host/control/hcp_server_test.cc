// The firmware's HCP server (firmware/lib/hcp_server.cc) built for the host, with the
// UART replaced by byte queues: the built-in commands, handler and device tables,
// every refusal answered once and counted by its reason, nothing sent while a frame is
// arriving, and seeded random streams of good, damaged and garbage frames after which
// every intact request has had its answer and the counters add up.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "firmware/lib/hcp_server.h"
#include "firmware/lib/uart.h"

namespace {
std::deque<uint8_t> g_uart_in;
std::vector<uint8_t> g_uart_out;
}  // namespace

// The UART driver's interface, served from the queues above.
namespace pegasus::fw {
void UartInit(uint16_t) {}
void UartPut(char c) { g_uart_out.push_back(static_cast<uint8_t>(c)); }
int UartGet() {
  if (g_uart_in.empty()) return -1;
  const int c = g_uart_in.front();
  g_uart_in.pop_front();
  return c;
}
}  // namespace pegasus::fw

namespace pegasus::fw {
namespace {

using hcp::ErrorCode;
using Bytes = std::vector<uint8_t>;

Bytes Request(uint16_t seq, uint16_t command, const Bytes& payload = {}, uint8_t version = 1,
              uint8_t kind = 1) {
  hcp::Header h;
  h.version = version;
  h.kind = kind;
  h.seq = seq;
  h.command = command;
  Bytes out(hcp::kMaxWire);
  out.resize(hcp::EncodeFrame(h, payload.data(), payload.size(), out.data(), out.size()));
  return out;
}

struct Answer {
  hcp::Header header;
  Bytes payload;
  uint16_t code() const { return static_cast<uint16_t>(payload.at(0) << 8 | payload.at(1)); }
  std::string text() const { return std::string(payload.begin() + 2, payload.end()); }
};

// Everything the server sent since the last call, decoded.
std::vector<Answer> Answers() {
  hcp::Decoder d;
  std::vector<Answer> out;
  for (uint8_t b : g_uart_out) {
    const auto e = d.Push(b);
    EXPECT_NE(e, hcp::Decoder::Event::kFault) << "the server sent a damaged frame";
    if (e == hcp::Decoder::Event::kFrame) {
      out.push_back({d.header(), Bytes(d.payload(), d.payload() + d.payload_size())});
    }
  }
  g_uart_out.clear();
  return out;
}

class HcpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    g_uart_in.clear();
    g_uart_out.clear();
    server_.Init("testfw");
    ASSERT_TRUE(server_.AddDevice(0, hcp::DeviceKind::kSoc, "soc0", &SocStats, this));
    ASSERT_TRUE(server_.AddDevice(5, hcp::DeviceKind::kCamera, "camera0", nullptr, nullptr));
  }
  static void SocStats(void* ctx, HcpStats* stats) {
    auto* self = static_cast<HcpServerTest*>(ctx);
    stats->Add("ticks", 1234567890123ull);
    self->server_.AddCounters(stats);
  }
  std::vector<Answer> Send(const Bytes& bytes) {
    g_uart_in.insert(g_uart_in.end(), bytes.begin(), bytes.end());
    server_.Poll();
    return Answers();
  }
  HcpServer server_;
};

TEST_F(HcpServerTest, BuiltInCommands) {
  auto a = Send(Request(1, 1, {1, 'h', 'o', 's', 't'}));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].header.kind, 2);
  EXPECT_EQ(a[0].header.seq, 1);
  EXPECT_EQ(a[0].payload, (Bytes{1, 0x01, 0xF0, 't', 'e', 's', 't', 'f', 'w'}));

  a = Send(Request(2, 2, {9, 8, 7}));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].payload, (Bytes{9, 8, 7}));

  a = Send(Request(3, 3));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].payload, (Bytes{2, 0, 0, 1,   4,   's', 'o', 'c', '0', 0,
                                 5, 4, 7, 'c', 'a', 'm', 'e', 'r', 'a', '0'}));

  a = Send(Request(4, 4, {0, 0}));
  ASSERT_EQ(a.size(), 1u);
  hcp::PayloadReader r(a[0].payload.data(), a[0].payload.size());
  uint16_t id = 99;
  uint8_t count = 0, len = 0;
  const uint8_t* name = nullptr;
  uint64_t value = 0;
  ASSERT_TRUE(r.U16(&id) && r.U8(&count) && r.U8(&len) && r.Bytes(len, &name) && r.U64(&value));
  EXPECT_EQ(id, 0);
  EXPECT_EQ(count, 15);  // ticks and the server's 14 counters
  EXPECT_EQ(std::string(name, name + len), "ticks");
  EXPECT_EQ(value, 1234567890123ull);

  a = Send(Request(5, 4, {0, 5}));  // a device without counters
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].payload, (Bytes{0, 5, 0}));
  EXPECT_EQ(server_.counters().frames_ok, 5u);
  EXPECT_EQ(server_.counters().responses, 5u);
}

TEST_F(HcpServerTest, RefusalsAreAnsweredAndCountedByReason) {
  struct Case {
    Bytes bytes;
    ErrorCode code;
    uint16_t seq;  // the seq the error carries
    const char* text;
  };
  Bytes bad_crc = Request(7, 2, {1});
  bad_crc[9] ^= 0x80;
  Bytes huge = {hcp::kSof};
  huge.insert(huge.end(), 700, 0x41);
  huge.push_back(hcp::kEof);
  const Case cases[] = {
      {bad_crc, ErrorCode::kBadCrc, 0, "CRC-32"},
      {huge, ErrorCode::kOversized, 0, "508-byte"},
      {{hcp::kSof, 1, 1, hcp::kEof}, ErrorCode::kMalformed, 0, "shorter"},
      {Request(8, 2, {}, 1, 2), ErrorCode::kMalformed, 0, "requests (kind 1) only, not kind 2"},
      {Request(9, 2, {}, 3), ErrorCode::kVersionMismatch, 9, "version 1; the frame had version 3"},
      {Request(10, 1, {2}), ErrorCode::kVersionMismatch, 10, "host asked for version 2"},
      {Request(11, 1), ErrorCode::kBadRequest, 11, "version byte"},
      {Request(12, 3, {0}), ErrorCode::kBadRequest, 12, "no payload"},
      {Request(13, 4, {0}), ErrorCode::kBadRequest, 13, "2-byte device id, not 1 bytes"},
      {Request(14, 4, {0, 7}), ErrorCode::kNoSuchDevice, 14, "no device with id 7"},
      {Request(15, 0x1234), ErrorCode::kUnknownCommand, 15, "unknown command 4660"},
  };
  for (const Case& c : cases) {
    const auto a = Send(c.bytes);
    ASSERT_EQ(a.size(), 1u) << c.text;
    EXPECT_EQ(a[0].header.kind, 3) << c.text;
    EXPECT_EQ(a[0].header.seq, c.seq) << c.text;
    EXPECT_EQ(a[0].code(), static_cast<uint16_t>(c.code)) << c.text;
    EXPECT_NE(a[0].text().find(c.text), std::string::npos) << a[0].text();
  }
  const HcpCounters& n = server_.counters();
  EXPECT_EQ(n.bad_crc, 1u);
  EXPECT_EQ(n.oversized, 1u);
  EXPECT_EQ(n.malformed, 2u);
  EXPECT_EQ(n.bad_version, 2u);
  EXPECT_EQ(n.bad_request, 3u);
  EXPECT_EQ(n.no_device, 1u);
  EXPECT_EQ(n.unknown_command, 1u);
  EXPECT_EQ(n.errors_sent, 11u);
  EXPECT_EQ(n.responses, 0u);
  EXPECT_EQ(Send(Request(16, 2, {4})).at(0).payload, (Bytes{4}));  // still serving
}

TEST_F(HcpServerTest, TruncationIsAnsweredOnlyOnceTheNextFrameHasEnded) {
  const Bytes ping = Request(0x202, 2, {1, 2, 3});
  Bytes stream(ping.begin(), ping.begin() + 6);
  stream.insert(stream.end(), ping.begin(), ping.end() - 1);
  EXPECT_TRUE(Send(stream).empty());  // nothing while the second frame arrives
  EXPECT_EQ(server_.counters().truncated, 1u);
  const auto a = Send({hcp::kEof});
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].header.seq, 0);
  EXPECT_EQ(a[0].code(), static_cast<uint16_t>(ErrorCode::kTruncated));
  EXPECT_EQ(a[1].header.seq, 0x202);
  EXPECT_EQ(a[1].payload, (Bytes{1, 2, 3}));
}

// A module's handler that refuses a request (the connection manager's codes 9..12) has
// its error sent with the request's seq and counted once under `refused`.
TEST_F(HcpServerTest, ModuleRefusalsAreSentAndCounted) {
  const HcpHandler in_use = [](void*, const HcpRequest&, HcpReply* reply) {
    reply->out().U8(1);  // dropped by Fail
    reply->Fail(hcp::ErrorCode::kInUse).Text("camera0 is taken");
  };
  ASSERT_TRUE(server_.Register(5, in_use, nullptr));
  const auto a = Send(Request(0x0909, 5, {0, 3}));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].header.kind, 3);
  EXPECT_EQ(a[0].header.seq, 0x0909);
  EXPECT_EQ(a[0].header.command, 5);
  const std::string text = "camera0 is taken";
  Bytes want = {0, 9};
  want.insert(want.end(), text.begin(), text.end());
  EXPECT_EQ(a[0].payload, want);
  EXPECT_EQ(server_.counters().refused, 1u);
  EXPECT_EQ(server_.counters().errors_sent, 1u);
  EXPECT_EQ(server_.counters().bad_request, 0u);
}

TEST_F(HcpServerTest, TablesRefuseDuplicatesAndOverflow) {
  auto handler = [](void*, const HcpRequest& req, HcpReply* reply) { reply->out().U16(req.seq); };
  EXPECT_FALSE(server_.Register(2, handler, nullptr));  // PING is taken
  EXPECT_FALSE(server_.AddDevice(5, hcp::DeviceKind::kNic, "dup", nullptr, nullptr));
  int added = 0;
  for (uint16_t c = 100; c < 100 + kHcpMaxHandlers; ++c)
    added += server_.Register(c, handler, nullptr);
  EXPECT_EQ(added, kHcpMaxHandlers - 4);
  const auto a = Send(Request(77, 100));
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].payload, (Bytes{0, 77}));
  int devices = 0;
  for (uint16_t id = 10; id < 10 + kHcpMaxDevices; ++id) {
    devices += server_.AddDevice(id, hcp::DeviceKind::kAudio, "x", nullptr, nullptr);
  }
  EXPECT_EQ(devices, kHcpMaxDevices - 2);
}

TEST_F(HcpServerTest, RandomStreamsNeverStopTheServerAndTheCountersAddUp) {
  uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("PEGASUS_SEED")) seed = std::strtoull(env, nullptr, 0);
  std::printf("[seed] HcpServerRandomStreams: PEGASUS_SEED=%llu\n",
              static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  uint64_t bytes = 0;
  for (int round = 0; round < 3000; ++round) {
    Bytes stream;
    const int kind = static_cast<int>(rng() % 4);
    Bytes payload(rng() % 40);
    for (auto& b : payload) b = static_cast<uint8_t>(rng());
    Bytes f =
        Request(static_cast<uint16_t>(round + 1), static_cast<uint16_t>(1 + rng() % 6), payload);
    if (kind == 1) {  // damaged
      f[1 + rng() % (f.size() - 2)] ^= static_cast<uint8_t>(1 + rng() % 255);
    } else if (kind == 2) {  // cut short
      f.resize(1 + rng() % (f.size() - 1));
    } else if (kind == 3) {  // garbage with framing bytes
      f.resize(rng() % 64);
      for (auto& b : f)
        b = (rng() & 3) == 0 ? static_cast<uint8_t>(2 + rng() % 2) : static_cast<uint8_t>(rng());
    }
    stream.insert(stream.end(), f.begin(), f.end());
    bytes += stream.size();
    Send(stream);
    // After any of that, an intact PING is answered (perhaps after errors about the
    // bytes before it).
    const Bytes ping = Request(0xF000, 2, {static_cast<uint8_t>(round)});
    bytes += ping.size();
    const auto a = Send(ping);
    ASSERT_FALSE(a.empty()) << "round " << round;
    EXPECT_EQ(a.back().header.seq, 0xF000) << "round " << round;
    EXPECT_EQ(a.back().payload, Bytes{static_cast<uint8_t>(round)}) << "round " << round;
  }
  const HcpCounters& n = server_.counters();
  EXPECT_EQ(n.rx_bytes, bytes);
  EXPECT_EQ(n.errors_sent, n.bad_crc + n.truncated + n.oversized + n.malformed + n.bad_version +
                               n.unknown_command + n.bad_request + n.no_device + n.refused);
  EXPECT_GT(n.bad_crc, 0u);
  EXPECT_GT(n.truncated, 0u);
}

}  // namespace
}  // namespace pegasus::fw
