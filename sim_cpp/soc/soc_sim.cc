#include "sim_cpp/soc/soc_sim.h"

#include <cinttypes>
#include <optional>

#include PEGASUS_RTL_HEADER
#include "pegasus/memory_map.h"
#include "sim_cpp/harness/sim_harness.h"
#include "sim_cpp/soc/elf_image.h"

namespace pegasus::sim {

using Model = PEGASUS_RTL_MODEL;

std::string FormatCommit(const CommitEvent& e) {
  char buf[160];
  if (e.trap) {
    std::snprintf(buf, sizeof buf, "trap pc=%08" PRIx32 " cause=%08" PRIx32 " tval=%08" PRIx32,
                  e.pc, e.cause, e.tval);
    return buf;
  }
  int n = std::snprintf(buf, sizeof buf, "%08" PRIx32 " (%08" PRIx32 ")", e.pc, e.insn);
  if (e.rd != 0) {
    n += std::snprintf(buf + n, sizeof buf - n, " x%-2" PRIu32 " %08" PRIx32, e.rd, e.rd_value);
  }
  if (e.mem_write) {
    std::snprintf(buf + n, sizeof buf - n, " mem %08" PRIx32 " %08" PRIx32 "/%" PRIx32,
                  e.mem_addr, e.mem_data, e.mem_sel);
  } else if (e.mem_read) {
    std::snprintf(buf + n, sizeof buf - n, " load %08" PRIx32, e.mem_addr);
  }
  return buf;
}

struct SocSim::Impl {
  Impl(const std::string& name, const SimOptions& options) : sim(name, 10'000, options) {}
  Harness<Model> sim;
  std::function<void(char)> console_fn;
  std::function<void(const CommitEvent&)> commit_fn;
  std::string input;
  size_t input_pos = 0;
  std::optional<uint32_t> tohost;
  bool loaded_reset = false;
  std::function<ExternalAnswer(const ExternalAccess&)> xbus_fn;
  const volatile std::sig_atomic_t* stop_flag = nullptr;
  // The external access being answered: its answer, cycles until it is given.
  bool xbus_busy = false;
  ExternalAnswer xbus_answer;
  uint64_t xbus_due = 0;

  // Before the clock edge: offers the external device the access going out and gives
  // its answer when due. Returns whether an input changed.
  bool DriveExternal(Model& m, uint64_t cycle) {
    bool changed = false;
    auto set = [&](auto& port, uint32_t v) {
      if (port != v) {
        port = v;
        changed = true;
      }
    };
    if (!m.xbus_cyc_o) xbus_busy = false;  // the SoC gave up (timeout)
    if (m.xbus_stb_o && !xbus_busy) {
      xbus_busy = true;
      xbus_answer = xbus_fn(ExternalAccess{static_cast<bool>(m.xbus_we_o), m.xbus_adr_o,
                                           m.xbus_sel_o, m.xbus_dat_o, cycle});
      xbus_due = cycle + (xbus_answer.wait == 0 ? 1 : xbus_answer.wait);
    }
    const bool due =
        xbus_busy && xbus_answer.kind != ExternalAnswer::Kind::kNone && cycle == xbus_due;
    set(m.xbus_ack_i, due && xbus_answer.kind == ExternalAnswer::Kind::kAck);
    set(m.xbus_err_i, due && xbus_answer.kind == ExternalAnswer::Kind::kErr);
    set(m.xbus_dat_i, due ? xbus_answer.data : 0u);
    if (due) xbus_busy = false;
    return changed;
  }
};

SocSim::SocSim(const std::string& name, const SimOptions& options)
    : impl_(std::make_unique<Impl>(name, options)) {
  Model& m = impl_->sim.model();
  m.rst_ni = 0;
  m.load_we_i = 0;
  m.uart_rx_valid_i = 0;
  m.irq_devices_i = 0;
  m.s_cell_tvalid_i = 0;
  m.s_cell_tdata_i = 0;
  m.s_cell_tlast_i = 0;
  m.m_cell_tready_i = 1;
  m.nic_loopback_i = 1;
  // Nothing on the external bus: ERR the cycle after an access goes out.
  m.xbus_stall_i = 0;
  m.xbus_ack_i = 0;
  m.xbus_err_i = 1;
  m.xbus_dat_i = 0;
  m.eval();
}

SocSim::~SocSim() = default;

void SocSim::OnConsole(std::function<void(char)> fn) { impl_->console_fn = std::move(fn); }
void SocSim::OnCommit(std::function<void(const CommitEvent&)> fn) {
  impl_->commit_fn = std::move(fn);
}
void SocSim::SetConsoleInput(const std::string& bytes) {
  impl_->input = bytes;
  impl_->input_pos = 0;
}
void SocSim::AppendConsoleInput(const std::string& bytes) {
  impl_->input.erase(0, impl_->input_pos);
  impl_->input_pos = 0;
  impl_->input += bytes;
}
void SocSim::SetDeviceIrqs(uint32_t lines) { impl_->sim->irq_devices_i = lines; }
void SocSim::SetNicLoopback(bool on) { impl_->sim->nic_loopback_i = on; }
void SocSim::SetExternalDevices(std::function<ExternalAnswer(const ExternalAccess&)> fn) {
  impl_->xbus_fn = std::move(fn);
  impl_->sim->xbus_err_i = !impl_->xbus_fn;
  impl_->sim->eval();
}
// soc_top's XbusTimeout: this model is built with the default.
uint32_t SocSim::ExternalTimeout() { return 1024; }

std::string ForEachRamWord(const std::string& path,
                           const std::function<void(uint32_t, uint32_t)>& write,
                           std::optional<uint32_t>* tohost) {
  std::string error;
  std::optional<ElfImage> image = ElfImage::Load(path, &error);
  if (!image) return error;
  for (const ElfSegment& seg : image->segments()) {
    const uint64_t start = seg.paddr;
    const uint64_t end = start + seg.bytes.size();
    if (start < PEGASUS_RAM_BASE || end > uint64_t{PEGASUS_RAM_BASE} + PEGASUS_RAM_SIZE) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%s: segment %08" PRIx64 "..%08" PRIx64
                    " lies outside RAM; link the image into RAM", path.c_str(), start, end);
      return buf;
    }
    if (start % 4 != 0) return path + ": segment not word aligned";
  }
  for (const ElfSegment& seg : image->segments()) {
    for (size_t i = 0; i < seg.bytes.size(); i += 4) {
      uint32_t word = 0;
      for (size_t b = 0; b < 4 && i + b < seg.bytes.size(); ++b) {
        word |= static_cast<uint32_t>(seg.bytes[i + b]) << (8 * b);
      }
      write(static_cast<uint32_t>((seg.paddr - PEGASUS_RAM_BASE + i) / 4), word);
    }
  }
  if (tohost) *tohost = image->Symbol("tohost");
  return "";
}

std::string SocSim::LoadElf(const std::string& path) {
  Model& m = impl_->sim.model();
  m.rst_ni = 0;
  const std::string error = ForEachRamWord(
      path,
      [&](uint32_t word, uint32_t data) {
        m.load_we_i = 1;
        m.load_word_i = word;
        m.load_data_i = data;
        impl_->sim.Tick();
      },
      &impl_->tohost);
  m.load_we_i = 0;
  return error;
}

void SocSim::SetStopFlag(const volatile std::sig_atomic_t* flag) { impl_->stop_flag = flag; }

SocRunResult SocSim::Run(uint64_t max_cycles) {
  Impl& s = *impl_;
  Model& m = s.sim.model();
  SocRunResult result;
  m.rst_ni = 0;
  s.sim.Tick(2);
  m.rst_ni = 1;
  m.eval();
  const uint64_t start = s.sim.cycle();
  auto emit = [&](const CommitEvent& e) {
    if (s.commit_fn) s.commit_fn(e);
  };
  while (s.sim.cycle() - start < max_cycles) {
    // Console input. The harness evaluated the model after the last falling edge, so
    // the commit outputs sampled below are current unless an input changed here: only
    // then is another evaluation needed (this loop runs once per simulated cycle).
    const bool rx_valid = s.input_pos < s.input.size();
    const uint8_t rx_data = rx_valid ? static_cast<uint8_t>(s.input[s.input_pos]) : 0;
    if (m.uart_rx_valid_i != rx_valid || (rx_valid && m.uart_rx_data_i != rx_data)) {
      m.uart_rx_valid_i = rx_valid;
      m.uart_rx_data_i = rx_data;
      m.eval();
    }
    const uint64_t cycle = s.sim.cycle() - start;
    if (s.xbus_fn && s.DriveExternal(m, cycle)) m.eval();
    const bool rx_taken = m.uart_rx_valid_i && m.uart_rx_ready_o;
    bool stop = false;
    if (m.trace_w_valid_o) {
      CommitEvent e;
      e.pc = m.trace_w_pc_o;
      e.insn = m.trace_w_insn_o;
      e.rd = m.trace_w_rd_o;
      e.rd_value = m.trace_w_rd_wdata_o;
      e.mem_write = m.trace_w_mem_we_o;
      e.mem_read = !m.trace_w_mem_we_o;
      e.mem_addr = m.trace_w_mem_addr_o;
      e.mem_sel = m.trace_w_mem_sel_o;
      e.mem_data = m.trace_w_mem_wdata_o;
      e.cycle = cycle;
      ++result.instret;
      emit(e);
      if (e.mem_write && s.tohost && (e.mem_addr & ~3u) == *s.tohost && (e.mem_data & 1)) {
        result.finished = true;
        result.finish_word = e.mem_data;
        result.exit_code = static_cast<int>(e.mem_data >> 1);
        stop = true;
      }
    }
    if (m.trace_trap_valid_o) {
      CommitEvent e;
      e.trap = true;
      e.pc = m.trace_trap_pc_o;
      e.cause = m.trace_trap_cause_o;
      e.tval = m.trace_trap_tval_o;
      e.cycle = cycle;
      emit(e);
    }
    if (m.trace_x_valid_o) {
      CommitEvent e;
      e.pc = m.trace_x_pc_o;
      e.insn = m.trace_x_insn_o;
      e.rd = m.trace_x_rd_o;
      e.rd_value = m.trace_x_rd_wdata_o;
      e.cycle = cycle;
      ++result.instret;
      emit(e);
    }
    s.sim.Tick();
    if (rx_taken) ++s.input_pos;
    if (m.uart_tx_byte_valid_o) {
      const char c = static_cast<char>(m.uart_tx_byte_o);
      result.console.push_back(c);
      if (s.console_fn) s.console_fn(c);
    }
    if (m.finish_o) {
      const uint32_t word = m.finish_data_o;
      const uint32_t status = word & 0xFFFF;
      result.finish_word = word;
      if (status == PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS) {
        result.finished = true;
        result.exit_code = 0;
        stop = true;
      } else if (status == PEGASUS_TEST_FINISHER_FINISH_STATUS_FAIL) {
        result.finished = true;
        result.exit_code = static_cast<int>(word >> 16);
        stop = true;
      } else if (status == PEGASUS_TEST_FINISHER_FINISH_STATUS_RESET) {
        m.rst_ni = 0;
        s.sim.Tick(2);
        m.rst_ni = 1;
      }
    }
    if (stop) break;
    if ((cycle & 1023) == 0 && s.stop_flag && *s.stop_flag) {
      result.stopped = true;
      break;
    }
  }
  result.cycles = s.sim.cycle() - start;
  return result;
}

}  // namespace pegasus::sim
