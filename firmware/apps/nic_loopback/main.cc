// nic_loopback: the NIC end to end on the soft core. Run where the NIC's cells come back
// to its own input (pegasus-sim's default, --nic=loopback): PDUs of many lengths
// (0, 1, 40, 41, 48 bytes, a full buffer, and pseudo-random ones) are sent on three VCs
// through the transmit ring and must come back through the receive ring, in order,
// with their VC, UU, length and bytes intact; completions are taken by interrupt
// (interrupt controller line PEGASUS_IRQ_NIC). Then drops, each counted in its
// register and signalled by RX_ERROR: a PDU longer than the receive buffers, cells on a
// VC that is not open, PDUs that find no free receive descriptor; and a transmit buffer
// outside RAM, returned with ERR = RANGE. Exits through the test finisher with the
// number of failed checks.
#include <stdint.h>

#include "firmware/lib/csr.h"
#include "firmware/lib/mmio.h"
#include "firmware/lib/nic.h"
#include "firmware/lib/print.h"
#include "firmware/lib/uart.h"
#include "pegasus/memory_map.h"

namespace {

using namespace pegasus::fw;

constexpr uint32_t kTxCount = 8;
constexpr uint32_t kRxCount = 8;
constexpr uint32_t kBufferBytes = 1536;
constexpr uint32_t kMstatusMie = 1u << 3;
constexpr uint32_t kMieMeie = 1u << 11;
constexpr uint32_t kCauseExternal = 0x8000000Bu;

struct Vc {
  uint8_t vpi;
  uint16_t vci;
};
// Open VCs (distinct VCI low bits), and one nobody opens.
constexpr Vc kVcs[] = {{0, 33}, {1, 34}, {2, 0x235}};
constexpr Vc kClosedVc = {3, 99};

alignas(16) NicDesc g_tx[kTxCount];
alignas(16) NicDesc g_rx[kRxCount];
alignas(4) uint8_t g_rx_buffers[kRxCount * kBufferBytes];
// Every PDU sent is a word-aligned slice of this.
alignas(4) uint8_t g_pattern[4096];

Nic g_nic;
// Set by the interrupt handler: the NIC causes taken, and how many interrupts.
volatile uint32_t g_causes = 0;
volatile uint32_t g_interrupts = 0;
int g_failed = 0;

extern "C" void __attribute__((interrupt("machine"))) NicTrap() {
  if (csr::Read_mcause() != kCauseExternal) {
    Print("nic_loopback: unexpected trap\n");
    pegasus_exit(0x7E);
  }
  const uint32_t line = Read32(PEGASUS_INTC_CLAIM_ADDR);
  if (line == PEGASUS_IRQ_NIC) {
    g_causes = g_causes | Nic::TakeIrqs();
    g_interrupts = g_interrupts + 1;
  }
  Write32(PEGASUS_INTC_CLAIM_ADDR, line);  // complete
}

void Check(const char* what, uint32_t got, uint32_t want) {
  if (got == want) return;
  ++g_failed;
  Print("FAIL ");
  Print(what);
  Print(": got ");
  PrintDec(got);
  Print(", want ");
  PrintDec(want);
  Print("\n");
}

// Sleeps until the handler has seen one of the causes in mask, then takes them.
uint32_t WaitFor(uint32_t mask) {
  for (;;) {
    csr::Clear_mstatus(kMstatusMie);
    const uint32_t seen = g_causes;
    if (seen & mask) {
      g_causes = seen & ~mask;
      csr::Set_mstatus(kMstatusMie);
      return seen & mask;
    }
    asm volatile("wfi");  // wakes on the pending interrupt even with MIE clear
    csr::Set_mstatus(kMstatusMie);
  }
}

struct Sent {
  const uint8_t* data;
  uint16_t length;
  uint8_t vc;
  uint8_t uu;
};

void Send(const Sent& s) {
  while (!g_nic.Send(s.data, s.length, kVcs[s.vc].vpi, kVcs[s.vc].vci, s.uu)) {
    WaitFor(PEGASUS_NIC_IRQ_STATUS_TX_DONE_MASK);
    g_nic.TxReclaim(nullptr);
  }
}

// Takes n PDUs off the receive ring and compares them with what was sent.
void ReceiveAndCheck(const Sent* sent, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    NicPdu pdu;
    while (!g_nic.Receive(&pdu)) WaitFor(PEGASUS_NIC_IRQ_STATUS_RX_PDU_MASK);
    const Sent& s = sent[i];
    Check("received VPI", pdu.vpi, kVcs[s.vc].vpi);
    Check("received VCI", pdu.vci, kVcs[s.vc].vci);
    Check("received UU", pdu.uu, s.uu);
    Check("received length", pdu.length, s.length);
    uint32_t bad = 0;
    for (uint32_t b = 0; b < pdu.length && b < s.length; ++b) bad += pdu.data[b] != s.data[b];
    Check("received bytes that differ", bad, 0);
    g_nic.Release();
  }
}

uint32_t g_lcg = 12345;
uint32_t Next() {
  g_lcg = g_lcg * 1664525u + 1013904223u;
  return g_lcg >> 8;
}

// Sends PDUs in batches that fit the receive ring and checks each batch as it returns.
uint32_t Traffic() {
  static const uint16_t kLengths[] = {0, 1, 40, 41, 48, 100, 1500, kBufferBytes};
  constexpr uint32_t kCount = 32;
  Sent sent[kCount];
  for (uint32_t i = 0; i < kCount; ++i) {
    const uint16_t len = i < sizeof(kLengths) / sizeof(kLengths[0])
                             ? kLengths[i]
                             : static_cast<uint16_t>(Next() % (kBufferBytes + 1));
    const uint32_t offset = (Next() % (sizeof(g_pattern) - kBufferBytes)) & ~3u;
    sent[i] = {g_pattern + offset, len, static_cast<uint8_t>(i % 3), static_cast<uint8_t>(i)};
  }
  constexpr uint32_t kBatch = kRxCount - 1;
  for (uint32_t first = 0; first < kCount; first += kBatch) {
    const uint32_t n = first + kBatch <= kCount ? kBatch : kCount - first;
    for (uint32_t i = 0; i < n; ++i) Send(sent[first + i]);
    ReceiveAndCheck(sent + first, n);
  }
  g_nic.TxReclaim(nullptr);
  return kCount;
}

}  // namespace

int main() {
  UartInit(1);                                              // console
  Print("nic_loopback: start\n");
  Check("NIC ID", Nic::Reg(PEGASUS_NIC_ID), PEGASUS_NIC_ID_RESET);
  for (uint32_t i = 0; i < sizeof(g_pattern); ++i) g_pattern[i] = static_cast<uint8_t>(Next());
  g_nic.Init(g_tx, kTxCount, g_rx, kRxCount, g_rx_buffers, kBufferBytes);  // rings, engines on
  for (const Vc& vc : kVcs) Check("VC opened", g_nic.SetVc(vc.vpi, vc.vci, true), 1);
  csr::Write_mtvec(reinterpret_cast<uint32_t>(&NicTrap));  // interrupts: NIC line only
  Write32(PEGASUS_INTC_ENABLE_ADDR, 1u << PEGASUS_IRQ_NIC);
  g_nic.EnableIrqs(PEGASUS_NIC_IRQ_STATUS_RX_PDU_MASK | PEGASUS_NIC_IRQ_STATUS_TX_DONE_MASK |
                   PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK | PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_MASK);
  csr::Set_mie(kMieMeie);
  csr::Set_mstatus(kMstatusMie);

  uint32_t sent = Traffic();                                // PDUs there and back

  // Longer than every receive buffer: dropped, counted.
  Send({g_pattern, kBufferBytes + 4, 0, 0xEE});
  WaitFor(PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK);
  Check("RX_DROP_TOO_BIG", Nic::Reg(PEGASUS_NIC_RX_DROP_TOO_BIG), 1);
  ++sent;

  // A VC nobody opened: its 3 cells are dropped, counted.
  while (!g_nic.Send(g_pattern, 100, kClosedVc.vpi, kClosedVc.vci, 0)) {
    WaitFor(PEGASUS_NIC_IRQ_STATUS_TX_DONE_MASK);
    g_nic.TxReclaim(nullptr);
  }
  WaitFor(PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK);
  Check("RX_DROP_NO_VC", Nic::Reg(PEGASUS_NIC_RX_DROP_NO_VC), 3);
  ++sent;

  // A transmit buffer outside RAM: the descriptor comes back with ERR = RANGE.
  g_nic.TxReclaim(nullptr);
  const uint32_t tx_before = Nic::Reg(PEGASUS_NIC_TX_PDUS);
  Send({reinterpret_cast<const uint8_t*>(PEGASUS_BOOTROM_BASE), 64, 1, 0});
  uint32_t range_errors = 0;
  while (g_nic.TxPending() != 0) {
    WaitFor(PEGASUS_NIC_IRQ_STATUS_TX_DONE_MASK);
    g_nic.TxReclaim(&range_errors);
  }
  Check("transmit range errors", range_errors, 1);
  Check("TX_PDUS after a range error", Nic::Reg(PEGASUS_NIC_TX_PDUS), tx_before);

  // Nothing taken off the receive ring: 7 free buffers fill, the next 2 PDUs find none.
  Sent batch[kRxCount + 1];
  for (uint32_t i = 0; i < kRxCount + 1; ++i) {
    batch[i] = {g_pattern + 4 * i, static_cast<uint16_t>(20 + i), static_cast<uint8_t>(i % 3),
                static_cast<uint8_t>(0x80 + i)};
    Send(batch[i]);
  }
  while (Nic::Reg(PEGASUS_NIC_RX_DROP_NO_DESC) < 2) WaitFor(PEGASUS_NIC_IRQ_STATUS_RX_ERROR_MASK);
  ReceiveAndCheck(batch, kRxCount - 1);
  Check("RX_DROP_NO_DESC", Nic::Reg(PEGASUS_NIC_RX_DROP_NO_DESC), 2);
  sent += kRxCount + 1;

  // Every PDU accounted for: delivered, or dropped for a counted reason.
  const uint32_t delivered = Nic::Reg(PEGASUS_NIC_RX_PDUS);
  Check("TX_PDUS", Nic::Reg(PEGASUS_NIC_TX_PDUS), sent);
  Check("RX_PDUS", delivered, sent - 4);
  Check("RX_DROP_CRC", Nic::Reg(PEGASUS_NIC_RX_DROP_CRC), 0);
  Check("RX_DROP_LENGTH", Nic::Reg(PEGASUS_NIC_RX_DROP_LENGTH), 0);
  Check("RX_DROP_POOL", Nic::Reg(PEGASUS_NIC_RX_DROP_POOL), 0);
  Check("RX_DROP_DMA", Nic::Reg(PEGASUS_NIC_RX_DROP_DMA), 0);
  Check("DMA errors", g_causes & PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_MASK, 0);
  csr::Clear_mstatus(kMstatusMie);

  Print("nic_loopback: ");
  PrintDec(delivered);
  Print(" PDUs sent and received intact, ");
  PrintDec(g_interrupts);
  Print(" interrupts; drops counted: too big 1, no VC 3 cells, no descriptor 2; range error 1\n");
  if (g_failed == 0) Print("nic_loopback: all checks passed\n");
  return g_failed;
}
