// pegasusd: the default firmware of the desk-area network. Serves the host control
// protocol (doc/wire_formats.md, "Host control protocol") on the UART for the pegasus
// tool and manages the network's connections through ConnMgr (conn_mgr.h): DEVICES
// lists the device table (pegasusd_config.h), CONNECT / DISCONNECT / WINDOW set up,
// tear down and change camera-to-window connections (each window with a border the
// window manager draws, decor.h) and audio connections, STATS gives the switch's port
// counters, each camera's frame-sync totals, the connection list (display0), the audio
// devices' port counters and the server's own counters (soc0). Runs until reset;
// console text goes out between frames.
//
// Console lines: "pegasusd: serving HCP version 1 on the UART" once the switch and the
// control VCs are up; "pegasusd: FAIL <what>" and the test finisher's FAIL when they
// cannot be set up.
//
// Polled: no interrupts. The NIC rings and buffers are static (in ConnMgr).
#include <stdint.h>

#include "firmware/apps/pegasusd/conn_mgr.h"
#include "firmware/lib/clint.h"
#include "firmware/lib/hcp_server.h"
#include "firmware/lib/mmio.h"
#include "firmware/lib/print.h"
#include "firmware/lib/uart.h"
#include "pegasus/memory_map.h"

namespace {

using namespace pegasus::fw;

HcpServer g_server;
pegasusd::ConnMgr g_conns;

void SocStats(void*, HcpStats* stats) {
  stats->Add("uptime_cycles", ReadMtime());
  g_server.AddCounters(stats);
}

}  // namespace

int main() {
  UartInit(1);                // console and HCP share the UART
  g_server.Init("pegasusd");  // HELLO, PING, DEVICES, STATS
  g_server.AddDevice(pegasusd::kDevices[0].id, pegasusd::kDevices[0].kind,
                     pegasusd::kDevices[0].name, SocStats, nullptr);  // uptime, HCP
  if (!g_conns.Init(&g_server)) {  // switch, NIC, control VCs, decorations; the devices
    Print("pegasusd: FAIL setting up the network\n");
    pegasus_exit(1);
  }
  Print("pegasusd: serving HCP version 1 on the UART\n");  // console text, outside frames
  for (;;) {
    g_server.Poll();  // answer requests
    g_conns.Poll();   // frame syncs in, sent PDUs reclaimed
  }
}
