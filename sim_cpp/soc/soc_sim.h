// SocSim: the Verilated Pegasus SoC (rtl/soc/soc_top.v) driven through the shared
// harness: it loads an ELF image into RAM through the loader port while the SoC is in
// reset, runs it, collects the console output, follows the core's commit trace and
// stops when the program writes the test finisher or the `tohost` word (the RISC-V
// ISA tests' convention: an odd value v ends the run with exit code v >> 1).
//
// The NIC's cell streams are looped back inside the SoC by default (nic_loopback_i), so
// firmware can send PDUs to itself; SetNicLoopback(false) leaves them open: cells sent
// are taken and dropped, none arrive.
//
// The external devices bus (soc_top's xbus_*: the SWITCH, CAMERA, DISPLAY and AUDIO
// regions) has nothing on it by default: every access ends with ERR the cycle after it
// goes out, an access fault, as on a board with no device there. SetExternalDevices()
// puts a C++ device there instead.
//
// Commit events come in program order: retired instructions (with the register they
// write and the memory they store) and traps. The model is built with SerialTx=0, so
// the UART's THRE is always set, as on QEMU virt.
#ifndef PEGASUS_SIM_CPP_SOC_SOC_SIM_H_
#define PEGASUS_SIM_CPP_SOC_SOC_SIM_H_

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sim_cpp/harness/sim_options.h"

namespace pegasus::sim {

struct CommitEvent {
  bool trap = false;
  uint32_t pc = 0;
  uint32_t insn = 0;      // instructions only
  uint32_t rd = 0;        // 0: no register written
  uint32_t rd_value = 0;
  bool mem_write = false;
  bool mem_read = false;  // a load (mem_addr is its address)
  uint32_t mem_addr = 0;  // byte address of the access (loads and stores)
  uint32_t mem_sel = 0;   // byte lanes written
  uint32_t mem_data = 0;  // store data, replicated over the lanes
  uint32_t cause = 0;     // traps only
  uint32_t tval = 0;      // traps only
  uint64_t cycle = 0;
};

// An access on the external devices bus, as the device sees it.
struct ExternalAccess {
  bool write = false;
  uint32_t addr = 0;  // byte address (word aligned)
  uint32_t sel = 0;   // byte lanes
  uint32_t data = 0;  // write data
  uint64_t cycle = 0; // cycle the request went out (after reset)
};

// How the device answers: ACK (with read data) or ERR after `wait` cycles (>= 1), or
// not at all (the SoC then ends the access itself after its timeout).
struct ExternalAnswer {
  enum class Kind { kAck, kErr, kNone };
  Kind kind = Kind::kAck;
  uint32_t data = 0;
  uint32_t wait = 1;
};

struct SocRunResult {
  bool finished = false;       // the program ended the run (finisher or tohost)
  int exit_code = 0;           // 0 pass; FAIL's CODE or tohost >> 1; 1 for other ends
  uint32_t finish_word = 0;
  uint64_t cycles = 0;         // cycles after reset
  uint64_t instret = 0;        // instructions retired
  bool stopped = false;        // ended by the stop flag (SetStopFlag)
  std::string console;         // bytes written to the UART
};

// Formats an event as one line of the commit trace (no newline).
std::string FormatCommit(const CommitEvent& e);

// Reads an ELF image for soc_top's RAM: checks that every segment lies in RAM, word
// aligned, and calls write(word index from the start of RAM, little-endian word) for
// each word it fills, in order (the loader port's load_word_i / load_data_i). Returns ""
// or a message saying what is wrong (then nothing was written); *tohost gets the
// `tohost` symbol when asked for.
std::string ForEachRamWord(const std::string& path,
                           const std::function<void(uint32_t, uint32_t)>& write,
                           std::optional<uint32_t>* tohost = nullptr);

class SocSim {
 public:
  explicit SocSim(const std::string& name, const SimOptions& options = SimOptions::Global());
  ~SocSim();
  SocSim(const SocSim&) = delete;
  SocSim& operator=(const SocSim&) = delete;

  // Puts the image into RAM. Returns "" or a message saying what is wrong.
  std::string LoadElf(const std::string& path);
  // Called with each console byte as it is written (e.g. to echo it).
  void OnConsole(std::function<void(char)> fn);
  // Called with each commit event.
  void OnCommit(std::function<void(const CommitEvent&)> fn);
  // Bytes to offer on the UART receiver, one at a time.
  void SetConsoleInput(const std::string& bytes);
  // More bytes for the receiver, after those not yet taken (also from a callback
  // during Run, e.g. a byte pipe polled from OnCommit).
  void AppendConsoleInput(const std::string& bytes);
  // Releases reset and runs until the program ends or max_cycles pass.
  SocRunResult Run(uint64_t max_cycles);
  // Run also ends (result.stopped) once *flag is non-zero, checked every 1,024 cycles:
  // a signal handler sets it, so that a killed simulation still closes its waveform.
  void SetStopFlag(const volatile std::sig_atomic_t* flag);
  // Levels of the Pegasus devices' interrupt lines (bit n: line n of the interrupt
  // controller), for tests.
  void SetDeviceIrqs(uint32_t lines);
  // NIC cells back to its own input (the default), or open (see above).
  void SetNicLoopback(bool on);
  // A device on the external bus, called once per access as it goes out.
  void SetExternalDevices(std::function<ExternalAnswer(const ExternalAccess&)> fn);
  // Cycles soc_top waits for an external answer before it ends the access with ERR.
  static uint32_t ExternalTimeout();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_SOC_SOC_SIM_H_
