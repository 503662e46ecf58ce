// SocNode: rtl/soc's soc_top (the soft core, its RAM, UART, CLINT, interrupt
// controller and NIC) as a network node running a firmware ELF. Link port 0 carries
// the NIC's cell streams (connect it to a switch's port 0). The SoC's external devices
// bus (xbus_*) reaches a switch's management port through a MgmtBus
// (Network::ConnectManagement); an access to any other external region, or to the
// switch region with no bus attached, ends with ERR the cycle after it goes out (an
// access fault, as on a board without that device).
//
// The console UART: every byte the firmware writes is kept (console()), and optionally
// echoed to stdout, appended to a log file and handed to a UartPipe; bytes for the
// firmware come from UartInput() and from the pipe, polled at a quantum boundary every
// uart_poll_cycles (nothing of the pipe runs per cycle). A UartPipe over
// sim_cpp/bfm/uart_tcp.h's UartTcp is Put = Transmit, Poll = Poll + TakeReceived. The test
// finisher's PASS/FAIL is recorded (finished(), exit_code()); the node runs on after it
// (the core stays where it stopped).
#ifndef PEGASUS_SIM_CPP_NET_SOC_NODE_H_
#define PEGASUS_SIM_CPP_NET_SOC_NODE_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "host/common/status.h"
#include "sim_cpp/net/mgmt_bus.h"
#include "sim_cpp/net/node.h"

namespace pegasus::net {

// A byte pipe on the SoC's console (a terminal or a TCP socket, sim_cpp/bfm/uart_tcp).
class UartPipe {
 public:
  virtual ~UartPipe() = default;
  // A byte the firmware wrote.
  virtual void Put(uint8_t byte) = 0;
  // Appends the bytes waiting for the firmware to *out (non-blocking).
  virtual void Poll(std::string* out) = 0;
};

struct SocNodeConfig {
  // The firmware image (linked into RAM).
  std::string elf;
  // Echo console bytes to stdout.
  bool uart_stdout = false;
  // When not empty: console bytes are appended to this file.
  std::string uart_log;
  // Cycles between polls of an attached UartPipe (at the first quantum boundary after).
  uint64_t uart_poll_cycles = 4096;
};

class SocNode : public Node {
 public:
  // Cycles soc_top waits for an external answer before it ends the access with ERR.
  static const uint32_t kXbusTimeout;

  static Result<std::unique_ptr<SocNode>> Create(const std::string& name,
                                                 const SocNodeConfig& config,
                                                 VerilatedContext* context);
  ~SocNode() override;

  void Run(uint64_t start, uint64_t n) override;
  void TraceModels(VerilatedFstC& fst) override;
  std::string Stats() const override;

  // The bus the SWITCH region's accesses go out on (one).
  void AttachManagement(MgmtBus* bus) { mgmt_ = bus; }
  bool has_management() const { return mgmt_ != nullptr; }
  void AttachUart(UartPipe* pipe) { pipe_ = pipe; }
  // Bytes to offer on the UART receiver.
  void UartInput(const std::string& bytes) { uart_in_ += bytes; }

  const std::string& console() const { return console_; }
  bool finished() const { return finished_; }
  // 0 for PASS, FAIL's code otherwise (valid once finished()).
  int exit_code() const { return exit_code_; }
  uint64_t finish_cycle() const { return finish_cycle_; }
  // External accesses answered with ERR because nothing is there, and accesses the SoC
  // gave up on (timeout).
  uint64_t xbus_unmapped() const { return xbus_unmapped_; }
  uint64_t xbus_timeouts() const { return xbus_stale_total_; }

 private:
  struct Impl;
  SocNode(const std::string& name, const SocNodeConfig& config, VerilatedContext* context);
  void Console(uint8_t byte);

  SocNodeConfig config_;
  std::unique_ptr<Impl> impl_;
  MgmtBus* mgmt_ = nullptr;
  UartPipe* pipe_ = nullptr;
  uint64_t next_poll_ = 0;
  FILE* log_ = nullptr;
  std::string uart_in_;
  size_t uart_pos_ = 0;
  std::string console_;
  bool finished_ = false;
  int exit_code_ = 0;
  uint64_t finish_cycle_ = 0;
  // The external access in progress: on the management bus (remote) or to be refused.
  bool x_busy_ = false;
  bool x_remote_ = false;
  uint32_t x_stale_ = 0;  // answers still to come for accesses the SoC gave up on
  uint64_t xbus_unmapped_ = 0, xbus_stale_total_ = 0;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_SOC_NODE_H_
