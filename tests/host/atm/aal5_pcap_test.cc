// sim_cpp/bfm/pcap_writer: random PDUs on several VCs, segmented and reassembled by
// host/atm/aal5, recorded as LINKTYPE_SUNATM and read back with tshark, which must
// decode each record as AAL5 on the right VPI/VCI with the PDU's length, bytes and
// simulated timestamp. Skipped (with the reason) only where tshark is not installed.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host/atm/aal5.h"
#include "sim_cpp/bfm/pcap_writer.h"

namespace pegasus::atm {
namespace {

constexpr const char* kTshark = "/usr/bin/tshark";
// Wireshark guesses what an AAL5 PDU of unknown traffic type carries (IPv4 when the
// first byte looks like an IPv4 header, LLC on AA AA 03, LANE, Ethernet); a guess such
// as IPv4 can cut the hex dump to the guessed length. The payload here is random, so
// those dissectors are switched off and the PDU is shown as data.
constexpr const char* kNoGuesses =
    " --disable-protocol ip --disable-protocol ipv6 --disable-protocol llc"
    " --disable-protocol lane --disable-protocol eth";

std::string RunCommand(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

struct Record {
  uint8_t vpi;
  uint16_t vci;
  uint64_t time_ps;
  std::vector<uint8_t> data;
};

TEST(Aal5Pcap, TsharkDecodesVcsLengthsAndPayloads) {
  if (::access(kTshark, X_OK) != 0) {
    GTEST_SKIP() << kTshark << " is not installed (Debian package tshark; scripts/setup "
                 << "installs it)";
  }
  const char* env = std::getenv("PEGASUS_SEED");
  const uint64_t seed = env ? std::strtoull(env, nullptr, 0) : std::random_device{}();
  std::printf("[aal5] seed %llu (replay with PEGASUS_SEED=%llu)\n", (unsigned long long)seed,
              (unsigned long long)seed);
  std::mt19937_64 rng(seed);

  // PDUs on six VCs go through the model: segment, interleave, reassemble, record.
  const std::vector<std::pair<uint8_t, uint16_t>> vcs = {
      {0, 32}, {1, 100}, {7, 1000}, {200, 0xBEEF}, {255, 65535}, {3, 5000}};
  Aal5Reassembler reasm;
  for (const auto& [vpi, vci] : vcs) ASSERT_TRUE(reasm.Open(vpi, vci).ok());
  std::vector<std::vector<Cell>> queues(vcs.size());
  for (int i = 0; i < 60; ++i) {
    const size_t v = rng() % vcs.size();
    size_t len = rng() % 3000;
    if (i == 0) len = 0;
    if (i == 1) len = 65535;
    if (i == 2) len = 40;
    std::vector<uint8_t> data(len);
    for (uint8_t& b : data) b = static_cast<uint8_t>(rng());
    for (const Cell& c : Aal5Segment(data, vcs[v].first, vcs[v].second)) queues[v].push_back(c);
  }
  const std::string path =
      ::testing::TempDir() + "aal5_pcap_test_" + std::to_string(::getpid()) + ".pcap";
  auto writer = sim::PcapWriter::Create(path);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  std::vector<size_t> pos(vcs.size(), 0);
  std::vector<Record> want;
  uint64_t time_ps = 1'234'567'000;  // simulated time, 1.234567 ms
  for (;;) {
    std::vector<size_t> live;
    for (size_t v = 0; v < vcs.size(); ++v) {
      if (pos[v] < queues[v].size()) live.push_back(v);
    }
    if (live.empty()) break;
    const size_t v = live[rng() % live.size()];
    reasm.Push(queues[v][pos[v]++], 0);
    time_ps += 13 * 10'000;  // one cell time at 100 MHz
    while (auto pdu = reasm.Pop()) {
      ASSERT_TRUE((*writer)->WriteAal5Pdu(time_ps, pdu->vpi, pdu->vci, pdu->data).ok());
      want.push_back({pdu->vpi, pdu->vci, time_ps, pdu->data});
    }
  }
  ASSERT_TRUE((*writer)->Close().ok());
  ASSERT_EQ(want.size(), 60u);

  // Pass 1: the fields tshark decodes.
  const auto fields = Lines(RunCommand(std::string(kTshark) + " -r " + path + kNoGuesses +
                                " -T fields -E separator=, -e atm.vpi -e atm.vci -e atm.aal"
                                " -e frame.len -e frame.time_epoch 2>/dev/null"));
  ASSERT_EQ(fields.size(), want.size()) << "tshark read a different number of records";
  for (size_t i = 0; i < want.size(); ++i) {
    unsigned vpi = 0, vci = 0, aal = 0;
    unsigned long len = 0;
    double t = 0;
    ASSERT_EQ(std::sscanf(fields[i].c_str(), "%u,%u,%u,%lu,%lf", &vpi, &vci, &aal, &len, &t), 5)
        << fields[i];
    EXPECT_EQ(vpi, want[i].vpi) << "record " << i;
    EXPECT_EQ(vci, want[i].vci) << "record " << i;
    EXPECT_EQ(aal, 4u) << "record " << i << " not decoded as AAL5 (Wireshark's AAL_5 is 4)";
    EXPECT_EQ(len, want[i].data.size()) << "record " << i;
    EXPECT_NEAR(t, want[i].time_ps * 1e-12, 1e-9) << "record " << i;
  }

  // Pass 2: the bytes, from tshark's hex dump (one block a non-empty record).
  std::vector<std::vector<uint8_t>> blocks;
  const std::string dump =
      RunCommand(std::string(kTshark) + " -r " + path + kNoGuesses + " -x 2>/dev/null");
  for (const std::string& line : Lines(dump)) {
    const size_t gap = line.find("  ");
    if (line.empty() || gap == std::string::npos || gap == 0) continue;
    const unsigned long offset = std::strtoul(line.substr(0, gap).c_str(), nullptr, 16);
    if (offset == 0) blocks.emplace_back();
    ASSERT_FALSE(blocks.empty());
    for (size_t k = 0; k < 16; ++k) {
      const size_t at = gap + 2 + 3 * k;
      if (at + 2 > line.size() || line[at] == ' ') break;
      const unsigned long byte = std::strtoul(line.substr(at, 2).c_str(), nullptr, 16);
      blocks.back().push_back(static_cast<uint8_t>(byte));
    }
  }
  size_t b = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].data.empty()) continue;
    ASSERT_LT(b, blocks.size());
    ASSERT_EQ(blocks[b].size(), want[i].data.size()) << "payload of record " << i << " in " << path;
    ASSERT_EQ(blocks[b], want[i].data) << "payload of record " << i;
    ++b;
  }
  EXPECT_EQ(b, blocks.size());
  if (!HasFailure()) std::remove(path.c_str());
}

}  // namespace
}  // namespace pegasus::atm
