// soc_nic alone: its register slave driven as firmware would, its DMA master answered by
// a C++ RAM model with random stalls and answer delays, its cell ports driven by the
// cell-stream BFMs with random gaps and back-pressure, and everything checked against
// the AAL5 reference model host/atm/aal5:
//   - transmit: random PDUs on several VCs (0, 40, 41, 48 and 65535 bytes among them)
//     leave as exactly the cells of Aal5Segment; descriptors come back DONE; TX_DONE;
//   - receive: cells of random PDUs interleaved over several VCs land in the receive
//     buffers as Aal5Reassembler delivers them, with VC, UU and length; RX_PDU;
//   - drops: corrupted cells counted in the registers as the model counts them; PDUs
//     longer than the buffer, with no free descriptor or with receive disabled,
//     counted; RX_ERROR; bus errors halt an engine (DMA_ERROR, DMA_ERR_ADDR).
// Every random choice comes from the harness generator (seed printed; PEGASUS_SEED
// replays); PEGASUS_LONG scales the PDU counts.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include PEGASUS_RTL_HEADER
#include "host/atm/aal5.h"
#include "pegasus/memory_map.h"
#include "sim_cpp/bfm/cell_stream.h"
#include "sim_cpp/harness/long_run.h"
#include "sim_cpp/harness/sim_harness.h"

namespace pegasus::sim {
namespace {

using Model = PEGASUS_RTL_MODEL;
using atm::Aal5Pdu;
using atm::Aal5Reassembler;
using atm::Aal5ReassemblerConfig;
using atm::Aal5Segment;
using atm::Cell;

constexpr uint32_t kRamBase = PEGASUS_RAM_BASE;
constexpr uint32_t kRamBytes = 1u << 21;  // the model's RAM: 2 MiB from kRamBase
constexpr uint32_t kDone = 1u << 31;      // STATUS.DONE
constexpr int kPoolCells = PEGASUS_PARAM_PoolCells;

std::string TestName() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "." + info->name();
}

uint32_t VcWord(uint8_t vpi, uint16_t vci) {
  return (static_cast<uint32_t>(vpi) << 20) | (static_cast<uint32_t>(vci) << 4);
}

// The NIC with its RAM, cell source and cell sink, stepped one cycle at a time.
class NicBench {
 public:
  explicit NicBench(const std::string& name)
      : sim_(name), ram_(kRamBytes / 4, 0), src_(sim_.model(), sim_.rng(), 100),
        sink_(sim_.model(), sim_.rng(), 100) {
    Model& m = sim_.model();
    m.wb_stb_i = 0;
    m.wb_we_i = 0;
    m.dma_stall_i = 0;
    m.dma_ack_i = 0;
    m.dma_err_i = 0;
    sim_.Reset();
  }

  Harness<Model>& sim() { return sim_; }
  CellSource<Model>& source() { return src_; }
  CellSink<Model>& sink() { return sink_; }
  // Percent of cycles in which the RAM stalls a request, and its answer delay range.
  void SetDma(int stall_percent, int min_delay, int max_delay) {
    stall_percent_ = stall_percent;
    min_delay_ = min_delay;
    max_delay_ = max_delay;
  }

  // One clock cycle: RAM answers and stalls, cell BFMs, the edge.
  void Cycle() {
    Model& m = sim_.model();
    m.dma_ack_i = 0;
    m.dma_err_i = 0;
    if (!answers_.empty() && answers_.front().due <= sim_.cycle()) {
      const Answer a = answers_.front();
      answers_.pop_front();
      m.dma_ack_i = !a.err;
      m.dma_err_i = a.err;
      m.dma_dat_i = a.data;
    }
    const bool stall = static_cast<int>(sim_.Random(0, 99)) < stall_percent_;
    m.dma_stall_i = stall;
    src_.Drive();
    sink_.Drive();
    m.eval();
    if (m.dma_stb_o && !stall) {
      EXPECT_TRUE(m.dma_cyc_o) << "STB without CYC";
      Answer a;
      a.due = std::max(sim_.cycle() + sim_.Random(min_delay_, max_delay_), last_due_);
      last_due_ = a.due;
      const uint32_t adr = m.dma_adr_o;
      a.err = adr < kRamBase || adr - kRamBase >= kRamBytes || (adr & 3) != 0;
      if (!a.err) {
        uint32_t& word = ram_[(adr - kRamBase) / 4];
        if (m.dma_we_o) {
          // Little-endian like the SoC's RAM: byte lane n is the byte at address 4w + n.
          for (int lane = 0; lane < 4; ++lane) {
            if (m.dma_sel_o & (1u << lane)) {
              const uint32_t mask = 0xFFu << (8 * lane);
              word = (word & ~mask) | (m.dma_dat_o & mask);
            }
          }
        } else {
          a.data = word;
        }
      }
      answers_.push_back(a);
    }
    src_.Sample();
    sink_.Sample();
    sim_.Tick();
  }

  bool RunUntil(const std::function<bool()>& done, uint64_t max_cycles) {
    for (uint64_t i = 0; i < max_cycles; ++i) {
      if (done()) return true;
      Cycle();
    }
    return done();
  }
  void Run(uint64_t cycles) {
    for (uint64_t i = 0; i < cycles; ++i) Cycle();
  }

  // Register access as the core makes it: one request, answered the next cycle.
  void Write(uint32_t offset, uint32_t value) {
    Model& m = sim_.model();
    m.wb_stb_i = 1;
    m.wb_we_i = 1;
    m.wb_adr_i = offset >> 2;
    m.wb_sel_i = 0xF;
    m.wb_dat_i = value;
    Cycle();
    m.wb_stb_i = 0;
    m.wb_we_i = 0;
    EXPECT_TRUE(m.wb_ack_o);
  }
  uint32_t Read(uint32_t offset) {
    Model& m = sim_.model();
    m.wb_stb_i = 1;
    m.wb_we_i = 0;
    m.wb_adr_i = offset >> 2;
    m.wb_sel_i = 0xF;
    Cycle();
    m.wb_stb_i = 0;
    EXPECT_TRUE(m.wb_ack_o);
    return m.wb_dat_o;
  }

  // RAM as software sees it (little-endian: byte i of a word in bits 8i+7:8i).
  uint32_t& Word(uint32_t addr) { return ram_.at((addr - kRamBase) / 4); }
  void PutBytes(uint32_t addr, const std::vector<uint8_t>& bytes) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      uint32_t& w = Word(addr + (i & ~size_t{3}));
      const int shift = 8 * static_cast<int>(i % 4);
      w = (w & ~(0xFFu << shift)) | (static_cast<uint32_t>(bytes[i]) << shift);
    }
  }
  std::vector<uint8_t> GetBytes(uint32_t addr, size_t n) {
    std::vector<uint8_t> out(n);
    for (size_t i = 0; i < n; ++i) {
      out[i] = static_cast<uint8_t>(Word(addr + (i & ~size_t{3})) >> (8 * (i % 4)));
    }
    return out;
  }
  void PutDesc(uint32_t desc, uint32_t adr, uint32_t len_word, uint32_t vc_word) {
    Word(desc) = adr;
    Word(desc + 4) = len_word;
    Word(desc + 8) = vc_word;
    Word(desc + 12) = 0;
  }

  void OpenVc(uint8_t vpi, uint16_t vci, bool open = true) {
    ASSERT_TRUE(RunUntil([&] { return (Read(PEGASUS_NIC_STATUS) & PEGASUS_NIC_STATUS_VC_BUSY_MASK) == 0; },
                         1000));
    Write(PEGASUS_NIC_RX_VC, VcWord(vpi, vci) | (open ? 1u : 0u));
    ASSERT_TRUE(RunUntil([&] { return (Read(PEGASUS_NIC_STATUS) & PEGASUS_NIC_STATUS_VC_BUSY_MASK) == 0; },
                         1000));
  }

  // Runs until the NIC has been idle (no cell waiting, no engine busy) for 1500 cycles:
  // the reassembler hands out PDUs in the order of their end cells and frees a dropped
  // PDU's cells one a cycle first (up to 1366 cells).
  // poll, if given, runs every cycle (software taking PDUs off the ring meanwhile).
  void Settle(uint64_t max_cycles, const std::function<void()>& poll = nullptr) {
    int quiet = 0;
    EXPECT_TRUE(RunUntil(
        [&] {
          if (poll) poll();
          const bool idle = src_.idle() && (Read(PEGASUS_NIC_STATUS) &
                                            (PEGASUS_NIC_STATUS_TX_BUSY_MASK |
                                             PEGASUS_NIC_STATUS_RX_BUSY_MASK)) == 0;
          quiet = idle ? quiet + 1 : 0;
          return quiet >= 1500;
        },
        max_cycles))
        << "the NIC did not settle";
  }

 private:
  struct Answer {
    uint64_t due = 0;
    bool err = false;
    uint32_t data = 0;
  };

  Harness<Model> sim_;
  std::vector<uint32_t> ram_;
  CellSource<Model> src_;
  CellSink<Model> sink_;
  std::deque<Answer> answers_;
  uint64_t last_due_ = 0;
  int stall_percent_ = 0;
  uint64_t min_delay_ = 1;
  uint64_t max_delay_ = 1;
};

struct TestPdu {
  uint8_t vpi = 0;
  uint16_t vci = 0;
  uint8_t uu = 0;
  bool clp = false;
  std::vector<uint8_t> data;
};

struct Vc {
  uint8_t vpi;
  uint16_t vci;
};
// VCs with distinct VCI low bits (the reassembler's direct map).
const Vc kVcs[] = {{0, 33}, {1, 34}, {7, 0x1235}, {255, 0xFFFF - 25}};

std::vector<uint8_t> RandomBytes(Harness<Model>& sim, size_t n) {
  std::vector<uint8_t> d(n);
  for (auto& b : d) b = static_cast<uint8_t>(sim.Random(0, 255));
  return d;
}

// The lengths every traffic test includes, then random ones (mostly short).
std::vector<size_t> PduLengths(Harness<Model>& sim, int random_count, bool with_max) {
  std::vector<size_t> lens = {0, 40, 41, 48, 1, 47, 96};
  if (with_max) lens.push_back(65535);
  for (int i = 0; i < random_count; ++i) {
    lens.push_back(sim.Random(0, 9) == 0 ? sim.Random(0, 9000) : sim.Random(0, 600));
  }
  std::shuffle(lens.begin(), lens.end(), sim.rng());
  return lens;
}

// ------------------------------------------------------------------ transmit

TEST(Nic, TransmitsPdusAsTheModelSegmentsThem) {
  NicBench b(TestName());
  auto& sim = b.sim();
  b.SetDma(30, 1, 3);
  b.sink().set_ready_percent(70);
  constexpr uint32_t kRing = kRamBase;
  constexpr uint32_t kRingSize = 8;
  constexpr uint32_t kBuffers = kRamBase + 0x1000;
  const std::vector<size_t> lens = PduLengths(sim, 40 * LongRunScale(), true);
  std::vector<TestPdu> pdus;
  for (size_t len : lens) {
    const Vc& vc = kVcs[sim.Random(0, 3)];
    pdus.push_back({vc.vpi, vc.vci, static_cast<uint8_t>(sim.Random(0, 255)),
                    sim.Random(0, 1) == 1, RandomBytes(sim, len)});
  }

  EXPECT_EQ(b.Read(PEGASUS_NIC_ID), PEGASUS_NIC_ID_RESET);
  b.Write(PEGASUS_NIC_TX_RING_BASE, kRing);
  b.Write(PEGASUS_NIC_TX_RING_SIZE, kRingSize);
  b.Write(PEGASUS_NIC_IRQ_ENABLE, PEGASUS_NIC_IRQ_STATUS_TX_DONE_MASK);
  b.Write(PEGASUS_NIC_CTRL, PEGASUS_NIC_CTRL_TX_EN_MASK);
  EXPECT_FALSE(sim->irq_o);

  size_t posted = 0;
  size_t done = 0;
  while (done < pdus.size()) {
    // Fill free descriptors (one slot stays empty: head == tail means empty).
    while (posted < pdus.size() && posted - done < kRingSize - 1) {
      const TestPdu& p = pdus[posted];
      const uint32_t slot = posted % kRingSize;
      const uint32_t buf = kBuffers + slot * 0x10000;
      b.PutBytes(buf, p.data);
      b.PutDesc(kRing + 16 * slot, buf,
                static_cast<uint32_t>(p.data.size()) | (uint32_t{p.uu} << 16),
                VcWord(p.vpi, p.vci) | (p.clp ? 1u : 0u));
      ++posted;
      b.Write(PEGASUS_NIC_TX_TAIL, posted % kRingSize);
    }
    const uint32_t desc = kRing + 16 * (done % kRingSize);
    ASSERT_TRUE(b.RunUntil([&] { return (b.Word(desc + 12) & kDone) != 0; }, 200'000))
        << "descriptor " << done << " not completed";
    EXPECT_EQ(b.Word(desc + 12), kDone | pdus[done].data.size()) << "PDU " << done;
    ASSERT_TRUE(b.RunUntil([&] { return sim->irq_o != 0; }, 10));
    EXPECT_NE(b.Read(PEGASUS_NIC_IRQ_STATUS) & PEGASUS_NIC_IRQ_STATUS_TX_DONE_MASK, 0u);
    b.Write(PEGASUS_NIC_IRQ_STATUS, PEGASUS_NIC_IRQ_STATUS_TX_DONE_MASK);
    ++done;
  }

  std::vector<std::array<uint32_t, 13>> expected;
  for (const TestPdu& p : pdus) {
    for (const Cell& c : Aal5Segment(p.data, p.vpi, p.vci, p.uu, p.clp)) {
      expected.push_back(c.ToWords());
    }
  }
  std::vector<std::vector<uint32_t>> got;
  ASSERT_TRUE(b.RunUntil(
      [&] {
        for (auto& c : b.sink().TakeCells()) got.push_back(std::move(c));
        return got.size() >= expected.size();
      },
      200'000));
  b.Run(200);
  for (auto& c : b.sink().TakeCells()) got.push_back(std::move(c));
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i], std::vector<uint32_t>(expected[i].begin(), expected[i].end()))
        << "cell " << i;
  }
  EXPECT_EQ(b.sink().protocol_errors(), 0u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_TX_PDUS), pdus.size());
  EXPECT_EQ(b.Read(PEGASUS_NIC_TX_HEAD), pdus.size() % kRingSize);
  EXPECT_EQ(b.Read(PEGASUS_NIC_IRQ_STATUS) & PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_MASK, 0u);
}

// With a memory that never stalls and a sink always ready, transmit keeps the cell
// stream busy: PDUs of 1500 bytes back to back leave at the segmenter's rate, the
// descriptor reads and STATUS writes hidden behind the cells of the previous PDU.
TEST(Nic, TransmitKeepsTheCellStreamBusy) {
  NicBench b(TestName());
  auto& sim = b.sim();
  constexpr uint32_t kRing = kRamBase;
  constexpr uint32_t kRingSize = 16;
  constexpr uint32_t kBuffer = kRamBase + 0x1000;
  constexpr size_t kLen = 1500;
  b.PutBytes(kBuffer, RandomBytes(sim, kLen));
  for (uint32_t i = 0; i < kRingSize; ++i) {
    b.PutDesc(kRing + 16 * i, kBuffer, kLen, VcWord(kVcs[0].vpi, kVcs[0].vci));
  }
  b.Write(PEGASUS_NIC_TX_RING_BASE, kRing);
  b.Write(PEGASUS_NIC_TX_RING_SIZE, kRingSize);
  b.Write(PEGASUS_NIC_CTRL, PEGASUS_NIC_CTRL_TX_EN_MASK);
  b.Write(PEGASUS_NIC_TX_TAIL, kRingSize - 1);
  const size_t cells = (kRingSize - 1) * atm::Aal5CellCount(kLen);
  size_t got = 0;
  uint64_t first = 0;
  ASSERT_TRUE(b.RunUntil(
      [&] {
        const size_t n = b.sink().TakeCells().size();
        if (first == 0 && (n > 0 || !b.sink().partial().empty())) first = sim.cycle();
        got += n;
        return got >= cells;
      },
      100'000));
  const double words_per_cycle = 13.0 * static_cast<double>(cells) /
                                 static_cast<double>(sim.cycle() - first);
  std::printf("transmit: %zu cells of 1500-byte PDUs, %.3f cell words a cycle\n", cells,
              words_per_cycle);
  EXPECT_GT(words_per_cycle, 0.95);
}

// ------------------------------------------------------------------ receive

// Receives with a ring of kRingSize buffers of buf_size bytes, re-posting each buffer
// once it is checked against the model's next PDU. Returns the PDUs taken.
struct RxRing {
  static constexpr uint32_t kRing = kRamBase;
  static constexpr uint32_t kRingSize = 16;
  static constexpr uint32_t kBuffers = kRamBase + 0x1000;
  uint32_t buf_size = 65535;
  uint32_t tail = 0;
  uint32_t next = 0;  // next descriptor to look at

  void Start(NicBench& b, uint32_t posted) {
    b.Write(PEGASUS_NIC_RX_RING_BASE, kRing);
    b.Write(PEGASUS_NIC_RX_RING_SIZE, kRingSize);
    for (uint32_t i = 0; i < kRingSize; ++i) Post(b, i);
    tail = posted % kRingSize;
    b.Write(PEGASUS_NIC_RX_TAIL, tail);
  }
  void Post(NicBench& b, uint32_t slot) {
    b.PutDesc(kRing + 16 * slot, kBuffers + slot * 0x10000, buf_size, 0);
  }
  // Takes every completed descriptor, compares it with the model's PDUs, re-posts it.
  void Drain(NicBench& b, Aal5Reassembler& model, size_t* taken) {
    for (;;) {
      const uint32_t desc = kRing + 16 * next;
      const uint32_t status = b.Word(desc + 12);
      if ((status & kDone) == 0) return;
      std::optional<Aal5Pdu> want = model.Pop();
      ASSERT_TRUE(want.has_value()) << "a PDU the model did not deliver";
      const uint32_t len = status & 0xFFFF;
      EXPECT_EQ(status, kDone | (uint32_t{want->uu} << 16) | want->data.size())
          << "PDU " << *taken;
      EXPECT_EQ(b.Word(desc + 8), VcWord(want->vpi, want->vci)) << "PDU " << *taken;
      EXPECT_EQ(b.GetBytes(kBuffers + next * 0x10000, len), want->data) << "PDU " << *taken;
      ++*taken;
      Post(b, next);
      next = (next + 1) % kRingSize;
      tail = (tail + 1) % kRingSize;
      b.Write(PEGASUS_NIC_RX_TAIL, tail);
    }
  }
};

// Segments PDUs and interleaves their cells over the VCs cell by cell, keeping each
// VC's order; corrupt_percent of the cells get one random bit flipped.
std::vector<Cell> Interleave(Harness<Model>& sim, const std::vector<TestPdu>& pdus,
                             int corrupt_percent) {
  std::vector<std::deque<Cell>> per_vc(std::size(kVcs));
  for (const TestPdu& p : pdus) {
    size_t v = 0;
    while (kVcs[v].vci != p.vci) ++v;
    for (const Cell& c : Aal5Segment(p.data, p.vpi, p.vci, p.uu, p.clp)) per_vc[v].push_back(c);
  }
  std::vector<Cell> out;
  for (;;) {
    std::vector<size_t> ready;
    for (size_t v = 0; v < per_vc.size(); ++v) {
      if (!per_vc[v].empty()) ready.push_back(v);
    }
    if (ready.empty()) break;
    const size_t v = ready[sim.Random(0, ready.size() - 1)];
    Cell c = per_vc[v].front();
    per_vc[v].pop_front();
    if (static_cast<int>(sim.Random(0, 99)) < corrupt_percent) {
      const int bit = static_cast<int>(sim.Random(0, 32 + 8 * 48 - 1));
      if (bit < 32) {
        c.header ^= 1u << bit;
      } else {
        c.payload[(bit - 32) / 8] ^= static_cast<uint8_t>(1u << ((bit - 32) % 8));
      }
    }
    out.push_back(c);
  }
  return out;
}

std::vector<TestPdu> RandomPdus(Harness<Model>& sim, const std::vector<size_t>& lens) {
  std::vector<TestPdu> pdus;
  for (size_t len : lens) {
    const Vc& vc = kVcs[sim.Random(0, std::size(kVcs) - 1)];
    pdus.push_back({vc.vpi, vc.vci, static_cast<uint8_t>(sim.Random(0, 255)), false,
                    RandomBytes(sim, len)});
  }
  return pdus;
}

// Feeds cells to the NIC and the model, draining the ring as PDUs arrive.
void Receive(NicBench& b, RxRing& ring, Aal5Reassembler& model, const std::vector<Cell>& cells,
             size_t* taken) {
  for (const Cell& c : cells) {
    model.Push(c, 0);
    b.source().PushCell(c.ToWords());
  }
  uint64_t guard = 0;
  while (!b.source().idle() && guard++ < 2'000'000) {
    b.Cycle();
    ring.Drain(b, model, taken);
  }
  b.Settle(200'000, [&] { ring.Drain(b, model, taken); });
}

void ExpectCounters(NicBench& b, const Aal5Reassembler& model) {
  const auto& c = model.counters();
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_CRC), c.drop_crc);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_LENGTH), c.drop_length);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_OVERSIZE), c.drop_oversize);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_TIMEOUT), c.drop_timeout);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_POOL), c.drop_buffer);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_NO_VC), c.drop_no_context);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_BAD_CELL), c.drop_not_user);
}

Aal5ReassemblerConfig ModelConfig() {
  Aal5ReassemblerConfig cfg;
  cfg.index_bits = PEGASUS_PARAM_VcBits;
  cfg.num_cells = kPoolCells;
  cfg.timeout_ticks = UINT64_MAX;  // RX_TIMEOUT 0: never
  return cfg;
}

// Opens every test VC in the NIC and the model, gives the NIC all but one buffer of the
// ring, enables the interrupt causes in irqs and receive.
void StartReceive(NicBench& b, Aal5Reassembler& model, RxRing& ring, uint32_t irqs) {
  for (const Vc& vc : kVcs) {
    b.OpenVc(vc.vpi, vc.vci);
    ASSERT_TRUE(model.Open(vc.vpi, vc.vci).ok());
  }
  ring.Start(b, RxRing::kRingSize - 1);
  b.Write(PEGASUS_NIC_IRQ_ENABLE, irqs);
  b.Write(PEGASUS_NIC_CTRL, PEGASUS_NIC_CTRL_RX_EN_MASK);
}

TEST(Nic, ReceivesPdusIntoBuffersAsTheModelReassemblesThem) {
  NicBench b(TestName());
  auto& sim = b.sim();
  b.SetDma(30, 1, 3);
  b.source().set_valid_percent(80);
  Aal5Reassembler model(ModelConfig());
  RxRing ring;
  StartReceive(b, model, ring, PEGASUS_NIC_IRQ_STATUS_RX_PDU_MASK);

  const std::vector<TestPdu> pdus = RandomPdus(sim, PduLengths(sim, 40 * LongRunScale(), true));
  size_t taken = 0;
  Receive(b, ring, model, Interleave(sim, pdus, 0), &taken);
  EXPECT_EQ(taken, pdus.size());
  EXPECT_FALSE(model.HasPdu());
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_PDUS), pdus.size());
  EXPECT_TRUE(sim->irq_o);
  EXPECT_EQ(b.Read(PEGASUS_NIC_IRQ_STATUS), PEGASUS_NIC_IRQ_STATUS_RX_PDU_MASK);
  ExpectCounters(b, model);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_NO_DESC), 0u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_TOO_BIG), 0u);
}

TEST(Nic, CorruptedCellsAreCountedAsTheModelCountsThem) {
  NicBench b(TestName());
  auto& sim = b.sim();
  b.SetDma(20, 1, 2);
  b.source().set_valid_percent(90);
  Aal5Reassembler model(ModelConfig());
  RxRing ring;
  StartReceive(b, model, ring, PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK);

  std::vector<Cell> cells =
      Interleave(sim, RandomPdus(sim, PduLengths(sim, 60 * LongRunScale(), false)), 8);
  // An OAM cell on an open VC and a cell on a VC nobody opened.
  Cell oam;
  oam.header = Cell::MakeHeader(0, kVcs[0].vpi, kVcs[0].vci, 0x4, false);
  cells.insert(cells.begin() + static_cast<long>(sim.Random(0, cells.size())), oam);
  Cell stray;
  stray.header = Cell::MakeHeader(0, 9, 0x3FF, 0x1, false);
  cells.insert(cells.begin() + static_cast<long>(sim.Random(0, cells.size())), stray);
  size_t taken = 0;
  Receive(b, ring, model, cells, &taken);
  EXPECT_FALSE(model.HasPdu());
  ExpectCounters(b, model);
  const auto& c = model.counters();
  EXPECT_GT(c.drop_crc + c.drop_length, 0u) << "the corruption produced no PDU drop";
  EXPECT_GE(c.drop_no_context, 1u);
  EXPECT_GE(c.drop_not_user, 1u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_PDUS), taken);
  EXPECT_TRUE(sim->irq_o);
  EXPECT_NE(b.Read(PEGASUS_NIC_IRQ_STATUS) & PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK, 0u);
  std::printf("corrupted stream: %zu PDUs delivered, crc %llu, length %llu, no VC %llu, "
              "bad cells %llu\n",
              taken, static_cast<unsigned long long>(c.drop_crc),
              static_cast<unsigned long long>(c.drop_length),
              static_cast<unsigned long long>(c.drop_no_context),
              static_cast<unsigned long long>(c.drop_not_user));
}

TEST(Nic, PdusWithoutABufferAreCountedByReason) {
  NicBench b(TestName());
  auto& sim = b.sim();
  b.SetDma(10, 1, 2);
  Aal5Reassembler model(ModelConfig());
  b.OpenVc(kVcs[0].vpi, kVcs[0].vci);
  ASSERT_TRUE(model.Open(kVcs[0].vpi, kVcs[0].vci).ok());
  RxRing ring;
  ring.buf_size = 100;
  ring.Start(b, 2);  // two free buffers of 100 bytes
  b.Write(PEGASUS_NIC_IRQ_ENABLE, PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK);

  auto send = [&](size_t len) {
    TestPdu p{kVcs[0].vpi, kVcs[0].vci, 7, false, RandomBytes(sim, len)};
    for (const Cell& c : Aal5Segment(p.data, p.vpi, p.vci, p.uu)) b.source().PushCell(c.ToWords());
    b.Settle(50'000);
    return p;
  };
  // Receive disabled: no descriptor.
  send(10);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_NO_DESC), 1u);
  EXPECT_TRUE(sim->irq_o);
  b.Write(PEGASUS_NIC_IRQ_STATUS, PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK);
  EXPECT_FALSE(sim->irq_o);
  b.Write(PEGASUS_NIC_CTRL, PEGASUS_NIC_CTRL_RX_EN_MASK);
  // Longer than the buffer: dropped, the descriptor stays free.
  send(101);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_TOO_BIG), 1u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_HEAD), 0u);
  EXPECT_TRUE(sim->irq_o);
  // Two that fit (one exactly), then none is free.
  const TestPdu a = send(100);
  const TestPdu c = send(0);
  send(1);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_PDUS), 2u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_NO_DESC), 2u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_HEAD), 2u);
  EXPECT_EQ(b.Word(RxRing::kRing + 12), kDone | (7u << 16) | 100u);
  EXPECT_EQ(b.GetBytes(RxRing::kBuffers, 100), a.data);
  EXPECT_EQ(b.Word(RxRing::kRing + 16 + 12), kDone | (7u << 16) | 0u);
  EXPECT_EQ(b.Word(RxRing::kRing + 16 + 8), VcWord(c.vpi, c.vci));
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_DMA), 0u);
  // Buffers given back: receiving works again.
  b.Write(PEGASUS_NIC_RX_TAIL, 4);
  const TestPdu d = send(64);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_PDUS), 3u);
  EXPECT_EQ(b.GetBytes(RxRing::kBuffers + 2 * 0x10000, 64), d.data);
}

TEST(Nic, BusErrorsHaltTheEngineAndAreReported) {
  NicBench b(TestName());
  auto& sim = b.sim();
  b.Write(PEGASUS_NIC_IRQ_ENABLE, PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_MASK);
  // Transmit ring outside the RAM.
  const uint32_t bad_ring = kRamBase + kRamBytes;
  b.Write(PEGASUS_NIC_TX_RING_BASE, bad_ring);
  b.Write(PEGASUS_NIC_TX_RING_SIZE, 4);
  b.Write(PEGASUS_NIC_CTRL, PEGASUS_NIC_CTRL_TX_EN_MASK);
  b.Write(PEGASUS_NIC_TX_TAIL, 1);
  ASSERT_TRUE(b.RunUntil([&] { return sim->irq_o != 0; }, 1000));
  EXPECT_EQ(b.Read(PEGASUS_NIC_CTRL) & PEGASUS_NIC_CTRL_TX_EN_MASK, 0u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_DMA_ERR_ADDR), bad_ring);
  EXPECT_EQ(b.Read(PEGASUS_NIC_TX_HEAD), 0u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_TX_PDUS), 0u);
  b.Write(PEGASUS_NIC_IRQ_STATUS, PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_MASK);

  // Receive buffer outside the RAM: the PDU is dropped and counted.
  b.OpenVc(kVcs[1].vpi, kVcs[1].vci);
  b.PutDesc(kRamBase, bad_ring, 1000, 0);
  b.Write(PEGASUS_NIC_RX_RING_BASE, kRamBase);
  b.Write(PEGASUS_NIC_RX_RING_SIZE, 4);
  b.Write(PEGASUS_NIC_RX_TAIL, 1);
  b.Write(PEGASUS_NIC_CTRL, PEGASUS_NIC_CTRL_RX_EN_MASK);
  const std::vector<uint8_t> data = RandomBytes(sim, 200);
  for (const Cell& c : Aal5Segment(data, kVcs[1].vpi, kVcs[1].vci)) b.source().PushCell(c.ToWords());
  b.Settle(20'000);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_DROP_DMA), 1u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_RX_PDUS), 0u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_CTRL) & PEGASUS_NIC_CTRL_RX_EN_MASK, 0u);
  EXPECT_EQ(b.Read(PEGASUS_NIC_DMA_ERR_ADDR), kRamBase);
  EXPECT_EQ(b.Word(kRamBase + 12), 0u) << "no STATUS after a bus error";
  EXPECT_EQ(b.Read(PEGASUS_NIC_IRQ_STATUS) &
                (PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_MASK | PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK),
            PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_MASK | PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK);
}

}  // namespace
}  // namespace pegasus::sim
