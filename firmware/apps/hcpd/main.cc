// hcpd: the host control protocol daemon. Serves HCP (doc/wire_formats.md, "Host
// control protocol") on the UART for the pegasus tool: HELLO, PING, DEVICES and STATS
// from the server itself, with the devices this firmware knows registered: the SoC
// (uptime from mtime and the server's own counters) and its NIC (the NIC's PDU and
// drop counters, read from its registers). Any other command or device id gets an
// error response. Runs until reset; console text goes out between frames.
#include <stdint.h>

#include "firmware/lib/clint.h"
#include "firmware/lib/hcp_server.h"
#include "firmware/lib/mmio.h"
#include "firmware/lib/print.h"
#include "firmware/lib/uart.h"
#include "pegasus/memory_map.h"

namespace {

using namespace pegasus::fw;
using pegasus::hcp::DeviceKind;

constexpr uint16_t kSocId = 0;
constexpr uint16_t kNicId = 1;

HcpServer g_server;

void SocStats(void*, HcpStats* stats) {
  stats->Add("uptime_cycles", ReadMtime());
  g_server.AddCounters(stats);
}

void NicStats(void*, HcpStats* stats) {
  struct Register {
    const char* name;
    uint32_t addr;
  };
  static constexpr Register kCounters[] = {
      {"tx_pdus", PEGASUS_NIC_TX_PDUS_ADDR},
      {"rx_pdus", PEGASUS_NIC_RX_PDUS_ADDR},
      {"rx_drop_crc", PEGASUS_NIC_RX_DROP_CRC_ADDR},
      {"rx_drop_length", PEGASUS_NIC_RX_DROP_LENGTH_ADDR},
      {"rx_drop_oversize", PEGASUS_NIC_RX_DROP_OVERSIZE_ADDR},
      {"rx_drop_timeout", PEGASUS_NIC_RX_DROP_TIMEOUT_ADDR},
      {"rx_drop_pool", PEGASUS_NIC_RX_DROP_POOL_ADDR},
      {"rx_drop_no_vc", PEGASUS_NIC_RX_DROP_NO_VC_ADDR},
      {"rx_drop_bad_cell", PEGASUS_NIC_RX_DROP_BAD_CELL_ADDR},
      {"rx_drop_no_desc", PEGASUS_NIC_RX_DROP_NO_DESC_ADDR},
      {"rx_drop_too_big", PEGASUS_NIC_RX_DROP_TOO_BIG_ADDR},
      {"rx_drop_dma", PEGASUS_NIC_RX_DROP_DMA_ADDR},
  };
  for (const Register& r : kCounters) stats->Add(r.name, Read32(r.addr));
}

}  // namespace

int main() {
  UartInit(1);            // console and HCP share the UART
  g_server.Init("hcpd");  // HELLO, PING, DEVICES, STATS
  g_server.AddDevice(kSocId, DeviceKind::kSoc, "soc0", SocStats, nullptr);  // uptime, HCP
  g_server.AddDevice(kNicId, DeviceKind::kNic, "nic0", NicStats, nullptr);  // NIC counters
  Print("hcpd: serving HCP version 1 on the UART\n");  // console text, outside frames
  for (;;) g_server.Poll();                            // answer requests until reset
}
