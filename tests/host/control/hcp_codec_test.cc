// The HCP codec against doc/wire_formats.md ("Host control protocol"): frames round
// trip for every payload length and byte value, the CRC is AAL5's (checked against the
// table-driven host/common/crc.h), every refusal is reported with its reason, text and
// frames separate, and no input, however random or cut short, makes the decoder read
// outside its buffer or accept a damaged frame as a different good one. Randomised
// tests print their seed; PEGASUS_SEED replays one.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "host/common/crc.h"
#include "host/control/hcp_codec.h"

namespace pegasus::hcp {
namespace {

using Bytes = std::vector<uint8_t>;

uint64_t Seed(const char* test) {
  uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("PEGASUS_SEED")) seed = std::strtoull(env, nullptr, 0);
  std::printf("[seed] %s: PEGASUS_SEED=%llu\n", test, static_cast<unsigned long long>(seed));
  return seed;
}

Bytes Frame(const Header& h, const Bytes& payload) {
  Bytes out(kMaxWire);
  const size_t n = EncodeFrame(h, payload.data(), payload.size(), out.data(), out.size());
  out.resize(n);
  return out;
}

Header Request(uint16_t seq, uint16_t command) {
  Header h;
  h.kind = static_cast<uint8_t>(Kind::kRequest);
  h.seq = seq;
  h.command = command;
  return h;
}

// The body a frame should carry, built field by field from the grammar with the
// reference CRC.
Bytes ReferenceBody(const Header& h, const Bytes& payload) {
  Bytes b = {h.version,
             h.kind,
             static_cast<uint8_t>(h.seq >> 8),
             static_cast<uint8_t>(h.seq),
             static_cast<uint8_t>(h.command >> 8),
             static_cast<uint8_t>(h.command),
             static_cast<uint8_t>(payload.size() >> 8),
             static_cast<uint8_t>(payload.size())};
  b.insert(b.end(), payload.begin(), payload.end());
  const uint32_t crc = Crc32Aal5Of(b);
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(crc >> s));
  return b;
}

// Unescapes a frame by the grammar (independently of Decoder).
Bytes Unstuff(const Bytes& frame) {
  Bytes body;
  for (size_t i = 1; i + 1 < frame.size(); ++i) {
    if (frame[i] == kEsc) {
      body.push_back(frame[++i] ^ kEscXor);
    } else {
      body.push_back(frame[i]);
    }
  }
  return body;
}

struct Outcome {
  std::vector<Decoder::Event> events;
  std::vector<Fault> faults;
  std::vector<Header> headers;
  std::vector<Bytes> payloads;
  std::string text;
};

Outcome Feed(Decoder& d, const Bytes& bytes) {
  Outcome o;
  for (uint8_t b : bytes) {
    const Decoder::Event e = d.Push(b);
    if (e == Decoder::Event::kNone) continue;
    if (e == Decoder::Event::kText) {
      o.text.push_back(static_cast<char>(b));
      continue;
    }
    o.events.push_back(e);
    if (e == Decoder::Event::kFault) o.faults.push_back(d.fault());
    if (e == Decoder::Event::kFrame) {
      o.headers.push_back(d.header());
      o.payloads.emplace_back(d.payload(), d.payload() + d.payload_size());
    }
  }
  return o;
}

TEST(HcpCodec, CrcIsAal5AndTheResidueHolds) {
  const Bytes check = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  EXPECT_EQ(~CrcRegister(check.data(), check.size()), 0xFC891918u);  // CRC-32/BZIP2
  const Bytes body = ReferenceBody(Request(7, 2), {1, 2, 3});
  EXPECT_EQ(CrcRegister(body.data(), body.size()), kCrcResidue);
  EXPECT_EQ(kCrcResidue, kAal5CrcResidue);
}

TEST(HcpCodec, FrameMatchesTheGrammarForEveryLength) {
  std::mt19937 rng(1);
  for (size_t n = 0; n <= kMaxPayload; ++n) {
    Bytes payload(n);
    for (auto& b : payload) b = static_cast<uint8_t>(rng());
    Header h = Request(static_cast<uint16_t>(n * 131 + 1), static_cast<uint16_t>(n));
    const Bytes f = Frame(h, payload);
    ASSERT_FALSE(f.empty()) << n;
    EXPECT_EQ(f.front(), kSof);
    EXPECT_EQ(f.back(), kEof);
    for (size_t i = 1; i + 1 < f.size(); ++i) {
      ASSERT_NE(f[i], kSof);
      ASSERT_NE(f[i], kEof);
      if (f[i] == kEsc) {
        ASSERT_LT(i + 2, f.size());
        const uint8_t b = f[i + 1] ^ kEscXor;
        ASSERT_TRUE(b == kSof || b == kEof || b == kEsc) << "escape of " << int(b);
        ++i;
      }
    }
    ASSERT_EQ(Unstuff(f), ReferenceBody(h, payload)) << n;
    Decoder d;
    const Outcome o = Feed(d, f);
    ASSERT_EQ(o.events, std::vector<Decoder::Event>{Decoder::Event::kFrame}) << n;
    EXPECT_EQ(o.headers[0].seq, h.seq);
    EXPECT_EQ(o.headers[0].command, h.command);
    EXPECT_EQ(o.headers[0].kind, h.kind);
    EXPECT_EQ(o.headers[0].length, n);
    EXPECT_EQ(o.payloads[0], payload);
    EXPECT_TRUE(o.text.empty());
  }
}

TEST(HcpCodec, EveryByteValueRoundTripsAndSpecialsAreEscaped) {
  Bytes payload(256);
  for (int i = 0; i < 256; ++i) payload[i] = static_cast<uint8_t>(i);
  const Bytes f = Frame(Request(0x0203, 0x1003), payload);  // specials in the header too
  Decoder d;
  const Outcome o = Feed(d, f);
  ASSERT_EQ(o.payloads.size(), 1u);
  EXPECT_EQ(o.payloads[0], payload);
  EXPECT_EQ(o.headers[0].seq, 0x0203);
  EXPECT_EQ(o.headers[0].command, 0x1003);
  // A payload of nothing but specials doubles.
  const Bytes worst(kMaxPayload, kEsc);
  const Bytes fw = Frame(Request(1, 1), worst);
  EXPECT_GE(fw.size(), 2 + 2 * kMaxPayload);
  EXPECT_LE(fw.size(), kMaxWire);
  EXPECT_EQ(Feed(d, fw).payloads.at(0), worst);
}

TEST(HcpCodec, EncoderRefusesWhatDoesNotFit) {
  Bytes big(kMaxPayload + 1);
  Bytes out(kMaxWire);
  EXPECT_EQ(EncodeFrame(Request(1, 1), big.data(), big.size(), out.data(), out.size()), 0u);
  const Bytes payload(10, 0x41);
  const size_t need = Frame(Request(1, 1), payload).size();
  EXPECT_EQ(EncodeFrame(Request(1, 1), payload.data(), payload.size(), out.data(), need - 1), 0u);
  EXPECT_EQ(EncodeFrame(Request(1, 1), payload.data(), payload.size(), out.data(), need), need);
}

TEST(HcpCodec, TextAroundFramesIsText) {
  Bytes stream;
  const std::string before = "hcpd: ready\r\n";
  const std::string after = "\tok\n";
  stream.insert(stream.end(), before.begin(), before.end());
  const Bytes f = Frame(Request(5, 2), {kSof, kEof, kEsc, 'x'});
  stream.insert(stream.end(), f.begin(), f.end());
  stream.push_back(kEof);  // a stray EOF outside a frame is text
  stream.insert(stream.end(), after.begin(), after.end());
  Decoder d;
  const Outcome o = Feed(d, stream);
  EXPECT_EQ(o.text, before + std::string(1, char(kEof)) + after);
  ASSERT_EQ(o.payloads.size(), 1u);
  EXPECT_EQ(o.payloads[0], (Bytes{kSof, kEof, kEsc, 'x'}));
}

// Each refusal, then a good frame: the decoder keeps working.
void ExpectRefusedThenRecovers(const Bytes& bad, Fault want, const char* what) {
  Decoder d;
  Bytes stream = bad;
  const Bytes good = Frame(Request(9, 4), {0, 1});
  stream.insert(stream.end(), good.begin(), good.end());
  const Outcome o = Feed(d, stream);
  ASSERT_EQ(o.faults, std::vector<Fault>{want}) << what;
  ASSERT_EQ(o.payloads.size(), 1u) << what;
  EXPECT_EQ(o.headers[0].seq, 9) << what;
  EXPECT_EQ(o.events.back(), Decoder::Event::kFrame) << what;
}

TEST(HcpCodec, EveryRefusalHasItsReason) {
  const Bytes good = Frame(Request(3, 2), {10, 20, 30});
  Bytes crc = good;
  crc[9] ^= 0x01;  // a payload bit (10 is not special)
  ExpectRefusedThenRecovers(crc, Fault::kBadCrc, "bad crc");

  Bytes cut(good.begin(), good.end() - 4);
  ExpectRefusedThenRecovers(cut, Fault::kTruncated, "truncated");

  Bytes huge = {kSof};
  huge.insert(huge.end(), kMaxBody + 1, 0x55);
  huge.push_back(kEof);
  ExpectRefusedThenRecovers(huge, Fault::kOversized, "oversized");
  Bytes exactly = {kSof};
  exactly.insert(exactly.end(), kMaxBody, 0x55);  // at the limit: read, then CRC fails
  exactly.push_back(kEof);
  ExpectRefusedThenRecovers(exactly, Fault::kBadCrc, "508 bytes");

  ExpectRefusedThenRecovers({kSof, kEof}, Fault::kShort, "empty");
  Bytes eleven = {kSof};
  eleven.insert(eleven.end(), 11, 0x41);
  eleven.push_back(kEof);
  ExpectRefusedThenRecovers(eleven, Fault::kShort, "11 bytes");

  Bytes esc = good;
  esc.insert(esc.begin() + 10, {kEsc, 0x41});
  ExpectRefusedThenRecovers(esc, Fault::kBadEscape, "ESC 0x41");
  Bytes esc_end = {kSof, 1, 1, 0, 1, 0, 4, 0, 0, kEsc, kEof};
  ExpectRefusedThenRecovers(esc_end, Fault::kBadEscape, "ESC EOF");

  // Good CRCs over wrong contents: built from reference bodies, escaped by hand.
  auto wrap = [](Bytes body) {
    const uint32_t c = Crc32Aal5Of(body);
    for (int s = 24; s >= 0; s -= 8) body.push_back(static_cast<uint8_t>(c >> s));
    Bytes f = {kSof};
    for (uint8_t b : body) {
      if (b == kSof || b == kEof || b == kEsc) {
        f.push_back(kEsc);
        f.push_back(b ^ kEscXor);
      } else {
        f.push_back(b);
      }
    }
    f.push_back(kEof);
    return f;
  };
  ExpectRefusedThenRecovers(wrap({1, 1, 0, 4, 0, 2, 0, 3, 7, 7}), Fault::kBadLength,
                            "length 3 of 2");
  ExpectRefusedThenRecovers(wrap({1, 4, 0, 4, 0, 2, 0, 0}), Fault::kBadKind, "kind 4");
  ExpectRefusedThenRecovers(wrap({1, 0, 0, 4, 0, 2, 0, 0}), Fault::kBadKind, "kind 0");

  Header v2 = Request(0x1234, 1);
  v2.version = 2;
  Decoder d;
  const Outcome o = Feed(d, Frame(v2, {2}));
  ASSERT_EQ(o.faults, std::vector<Fault>{Fault::kBadVersion});
  EXPECT_EQ(d.header().version, 2);
  EXPECT_EQ(d.header().seq, 0x1234);  // the CRC held, so the error can name the request
  ExpectRefusedThenRecovers(Frame(v2, {2}), Fault::kBadVersion, "version 2");
}

TEST(HcpCodec, FaultsMapToTheDocumentedCodes) {
  EXPECT_EQ(FaultCode(Fault::kBadCrc), ErrorCode::kBadCrc);
  EXPECT_EQ(FaultCode(Fault::kTruncated), ErrorCode::kTruncated);
  EXPECT_EQ(FaultCode(Fault::kOversized), ErrorCode::kOversized);
  EXPECT_EQ(FaultCode(Fault::kBadVersion), ErrorCode::kVersionMismatch);
  for (Fault f : {Fault::kShort, Fault::kBadEscape, Fault::kBadLength, Fault::kBadKind}) {
    EXPECT_EQ(FaultCode(f), ErrorCode::kMalformed);
  }
  EXPECT_STREQ(ErrorCodeName(1), "VERSION_MISMATCH");
  EXPECT_STREQ(ErrorCodeName(8), "MALFORMED");
  EXPECT_STREQ(ErrorCodeName(99), "UNKNOWN_ERROR");
  EXPECT_STREQ(DeviceKindName(2), "nic");
}

TEST(HcpCodec, EveryPrefixOfAFrameIsReportedTruncated) {
  const Bytes good = Frame(Request(11, 3), {0x10, 0x20, 0x02, 0x03, 0x99});
  for (size_t cut = 1; cut < good.size(); ++cut) {
    Bytes stream(good.begin(), good.begin() + cut);
    stream.insert(stream.end(), good.begin(), good.end());
    Decoder d;
    const Outcome o = Feed(d, stream);
    ASSERT_EQ(o.faults, std::vector<Fault>{Fault::kTruncated}) << cut;
    ASSERT_EQ(o.payloads.size(), 1u) << cut;
  }
}

TEST(HcpCodec, RandomGarbageNeverYieldsAFrameAndNeverStopsTheDecoder) {
  std::mt19937_64 rng(Seed("RandomGarbage"));
  Decoder d;
  size_t frames = 0;
  for (int round = 0; round < 2000; ++round) {
    Bytes junk(rng() % 2000);
    for (auto& b : junk) {
      const uint64_t r = rng();
      // Plenty of framing bytes, so frames start, end and escape all the time.
      b = (r & 3) == 0 ? static_cast<uint8_t>(kSof + (r >> 8) % 2) : static_cast<uint8_t>(r >> 16);
    }
    frames += Feed(d, junk).payloads.size();
    const Bytes good = Frame(Request(static_cast<uint16_t>(round + 1), 2), {1, 2, 3});
    const Outcome o = Feed(d, good);
    ASSERT_EQ(o.payloads.size(), 1u) << "round " << round;
    EXPECT_EQ(o.headers[0].seq, round + 1);
  }
  // A random body passes the CRC once in 2^32: none should in this many.
  EXPECT_EQ(frames, 0u);
}

TEST(HcpCodec, DamagedFramesAreRefusedNeverMisread) {
  std::mt19937_64 rng(Seed("DamagedFrames"));
  Decoder d;
  for (int round = 0; round < 20000; ++round) {
    Bytes payload(rng() % 64);
    for (auto& b : payload) b = static_cast<uint8_t>(rng());
    const Header h = Request(static_cast<uint16_t>(rng() | 1), static_cast<uint16_t>(rng() % 8));
    Bytes f = Frame(h, payload);
    // 1..4 damages: flipped bits, dropped bytes, inserted bytes.
    const int damages = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < damages && f.size() > 2; ++k) {
      const size_t at = 1 + rng() % (f.size() - 2);
      switch (rng() % 3) {
        case 0:
          f[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
          break;
        case 1:
          f.erase(f.begin() + static_cast<long>(at));
          break;
        default:
          f.insert(f.begin() + static_cast<long>(at), static_cast<uint8_t>(rng()));
          break;
      }
    }
    const Outcome o = Feed(d, f);
    for (size_t i = 0; i < o.payloads.size(); ++i) {
      // Damage that leaves the frame intact (a bit flipped back) may pass; anything
      // that passes must be the frame sent.
      ASSERT_EQ(o.payloads[i], payload) << "round " << round;
      ASSERT_EQ(o.headers[i].seq, h.seq) << "round " << round;
    }
    // Whatever happened, the next good frame is read.
    d.Push(kSof);  // ends any frame the damage left open (as truncated)
    d.Reset();
    const Outcome next = Feed(d, Frame(Request(1, 1), {}));
    ASSERT_EQ(next.payloads.size(), 1u) << "round " << round;
  }
}

TEST(HcpCodec, PayloadFieldsRoundTripAndOverflowIsSticky) {
  uint8_t buf[32];
  PayloadWriter w(buf, sizeof buf);
  w.U8(0xAB);
  w.U16(0x1234);
  w.U32(0xDEADBEEF);
  w.U64(0x0102030405060708ull);
  w.ShortText("nic0");
  w.Decimal(4096);
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(w.size(), 1u + 2 + 4 + 8 + 5 + 4);
  PayloadReader r(buf, w.size());
  uint8_t a = 0, len = 0;
  uint16_t b = 0;
  uint64_t c = 0;
  const uint8_t* name = nullptr;
  ASSERT_TRUE(r.U8(&a) && r.U16(&b) && r.U64(&c));
  EXPECT_EQ(a, 0xAB);
  EXPECT_EQ(b, 0x1234);
  EXPECT_EQ(c, 0xDEADBEEF01020304ull);
  for (uint8_t want = 5; want <= 8; ++want) {
    uint8_t got = 0;
    ASSERT_TRUE(r.U8(&got));
    EXPECT_EQ(got, want);
  }
  ASSERT_TRUE(r.U8(&len) && r.Bytes(len, &name));
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(name), len), "nic0");
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(r.rest()), r.remaining()), "4096");
  uint16_t untouched = 77;
  EXPECT_FALSE(r.U64(&c));
  EXPECT_EQ(c, 0xDEADBEEF01020304ull);  // a failed read leaves its output alone
  EXPECT_TRUE(r.U16(&untouched));
  EXPECT_FALSE(r.Bytes(5, &name));
  w.U64(1);  // 24 + 8 fits exactly
  EXPECT_TRUE(w.ok());
  w.U16(1);  // 32 + 2 does not
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(w.size(), 32u);
  PayloadWriter small(buf, 3);
  small.U16(1);
  small.U16(2);  // does not fit
  small.U8(3);   // would fit, but the writer stays refused
  EXPECT_FALSE(small.ok());
  EXPECT_EQ(small.size(), 2u);
  w.Clear();
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(w.size(), 0u);
}

}  // namespace
}  // namespace pegasus::hcp
