#include "sim_cpp/net/soc_node.h"

#include NET_SOC_HEADER
#include "verilated_fst_c.h"
#include "pegasus/memory_map.h"
#include "sim_cpp/soc/soc_sim.h"

namespace pegasus::net {

using SocModel = NET_SOC_MODEL;

const uint32_t SocNode::kXbusTimeout = NET_SOC_PARAM_XbusTimeout;

struct SocNode::Impl {
  Impl(VerilatedContext* context, const std::string& name) : model(context, name.c_str()) {}
  SocModel model;
  CellFeeder feed;
  CellCollector collect;
};

Result<std::unique_ptr<SocNode>> SocNode::Create(const std::string& name,
                                                 const SocNodeConfig& config,
                                                 VerilatedContext* context) {
  auto node = std::unique_ptr<SocNode>(new SocNode(name, config, context));
  if (!config.uart_log.empty()) {
    node->log_ = std::fopen(config.uart_log.c_str(), "wb");
    if (!node->log_) return Status::IoError("SoC " + name + ": cannot open " + config.uart_log);
  }
  // The image goes into RAM through the loader port while the SoC is in reset.
  SocModel& m = node->impl_->model;
  m.rst_ni = 0;
  const std::string error = sim::ForEachRamWord(config.elf, [&](uint32_t word, uint32_t data) {
    m.load_we_i = 1;
    m.load_word_i = word;
    m.load_data_i = data;
    m.eval();
    m.clk_i = 1;
    m.eval();
    m.clk_i = 0;
  });
  if (!error.empty()) return Status::InvalidArgument("SoC " + name + ": " + error);
  m.load_we_i = 0;
  ResetModel(m);
  return node;
}

SocNode::SocNode(const std::string& name, const SocNodeConfig& config, VerilatedContext* context)
    : Node(name, NodeKind::kSoc, 1),
      config_(config),
      impl_(std::make_unique<Impl>(context, name)) {
  SocModel& m = impl_->model;
  m.clk_i = 0;
  m.rst_ni = 0;
  m.load_we_i = 0;
  m.uart_rx_valid_i = 0;
  m.irq_devices_i = 0;
  m.s_cell_tvalid_i = 0;
  m.m_cell_tready_i = 0;
  m.nic_loopback_i = 0;
  m.xbus_stall_i = 0;
  m.xbus_ack_i = 0;
  m.xbus_err_i = 0;
  m.xbus_dat_i = 0;
}

SocNode::~SocNode() {
  impl_->model.final();
  if (log_) std::fclose(log_);
}

void SocNode::Console(uint8_t byte) {
  console_.push_back(static_cast<char>(byte));
  if (config_.uart_stdout) std::fputc(byte, stdout);
  if (log_) std::fputc(byte, log_);
  if (pipe_) pipe_->Put(byte);
}

void SocNode::Run(uint64_t start, uint64_t n) {
  SocModel& m = impl_->model;
  LinkPort& lp = port(0);
  if (pipe_ && start >= next_poll_) {
    pipe_->Poll(&uart_in_);
    next_poll_ = start + config_.uart_poll_cycles;
  }
  for (uint64_t c = start; c < start + n; ++c) {
    lp.Cycle(c);
    const bool offer = impl_->feed.Drive(m, lp);
    const bool ready = lp.TxReady();
    m.m_cell_tready_i = ready;
    const bool rx_valid = uart_pos_ < uart_in_.size();
    m.uart_rx_valid_i = rx_valid;
    if (rx_valid) m.uart_rx_data_i = static_cast<uint8_t>(uart_in_[uart_pos_]);
    // The external bus: a new access goes to the management bus or is refused; an
    // answer is given in the cycle it arrives.
    bool ack = false, err = false;
    uint32_t answer = 0;
    if (x_busy_ && !m.xbus_cyc_o) {  // the SoC gave up (timeout)
      x_busy_ = false;
      if (x_remote_) {
        ++x_stale_;
        ++xbus_stale_total_;
      }
    }
    if (x_stale_) {
      while (x_stale_ && mgmt_->AnswerDue(c, &answer)) --x_stale_;
    }
    if (x_busy_) {
      if (!x_remote_) {
        err = true;
        x_busy_ = false;
      } else if (!x_stale_ && mgmt_->AnswerDue(c, &answer)) {
        ack = true;
        x_busy_ = false;
      }
    } else if (m.xbus_stb_o) {
      const uint32_t adr = m.xbus_adr_o;
      x_busy_ = true;
      x_remote_ = mgmt_ && (adr & PEGASUS_SWITCH_MASK) == PEGASUS_SWITCH_BASE;
      if (x_remote_) {
        mgmt_->Request(c, m.xbus_we_o, adr - PEGASUS_SWITCH_BASE, m.xbus_dat_o, m.xbus_sel_o);
      } else {
        ++xbus_unmapped_;
      }
    }
    m.xbus_ack_i = ack;
    m.xbus_err_i = err;
    m.xbus_dat_i = answer;
    m.eval();
    Wave(c, false);
    impl_->feed.Sample(m, lp, offer);
    impl_->collect.Sample(m, lp, ready);
    const bool rx_taken = rx_valid && m.uart_rx_ready_o;
    m.clk_i = 1;
    m.eval();
    Wave(c, true);
    m.clk_i = 0;
    if (rx_taken) ++uart_pos_;
    if (m.uart_tx_byte_valid_o) Console(m.uart_tx_byte_o);
    if (m.finish_o && !finished_) {
      const uint32_t word = m.finish_data_o;
      const uint32_t status = word & 0xFFFF;
      if (status == PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS ||
          status == PEGASUS_TEST_FINISHER_FINISH_STATUS_FAIL) {
        finished_ = true;
        exit_code_ = status == PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS
                         ? 0
                         : static_cast<int>(word >> 16);
        finish_cycle_ = c;
      }
    }
  }
  if (uart_pos_ == uart_in_.size()) {
    uart_in_.clear();
    uart_pos_ = 0;
  }
  if (log_) std::fflush(log_);
}

void SocNode::TraceModels(VerilatedFstC& fst) { impl_->model.trace(&fst, 99); }

std::string SocNode::Stats() const {
  std::string s = "console bytes " + std::to_string(console_.size()) + ", switch accesses " +
                  std::to_string(mgmt_ ? mgmt_->accesses() : 0) + ", external accesses refused " +
                  std::to_string(xbus_unmapped_) + ", timed out " +
                  std::to_string(xbus_stale_total_);
  if (finished_) s += ", finished with code " + std::to_string(exit_code_);
  return s;
}

}  // namespace pegasus::net
