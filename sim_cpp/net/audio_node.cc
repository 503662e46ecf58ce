#include "sim_cpp/net/audio_node.h"

#include NET_AUDIO_HEADER
#include NET_PLAYOUT_HEADER
#include NET_REASM_HEADER
#include "verilated_fst_c.h"

namespace pegasus::net {

using AudioModel = NET_AUDIO_MODEL;
using PlayoutModel = NET_PLAYOUT_MODEL;
using ReasmModel = NET_REASM_MODEL;
static_assert(NET_AUDIO_PARAM_ClkHz == AudioNode::kClockHz);
static_assert(NET_AUDIO_PARAM_SampleHz == AudioNode::kSampleHz);
static_assert(NET_AUDIO_PARAM_ToneHz == AudioNode::kToneHz);
static_assert(NET_PLAYOUT_PARAM_ClkHz == AudioNode::kClockHz);
static_assert(NET_PLAYOUT_PARAM_SampleHz == AudioNode::kSampleHz);
static_assert((1 << NET_PLAYOUT_PARAM_DepthLog2) == AudioNode::kBufferFrames);

namespace {
// The reassembler's timeout tick (an audio PDU is one cell, so a partial PDU
// never waits; the tick only has to run).
constexpr uint64_t kTickCycles = 64;
constexpr uint16_t kTimeoutTicks = 1024;
}  // namespace

struct AudioNode::Impl {
  Impl(VerilatedContext* context, const std::string& name)
      : top(context, name.c_str()),
        reasm(context, (name + "_reasm").c_str()),
        playout(context, (name + "_playout").c_str()) {}
  AudioModel top;
  ReasmModel reasm;
  PlayoutModel playout;
  CellFeeder feed;
  CellCollector collect;
  ReasmConfigQueue cfg;  // rx_vci's open, at reset
};

Result<std::unique_ptr<AudioNode>> AudioNode::Create(const std::string& name,
                                                     const AudioNodeConfig& config,
                                                     uint64_t clock_hz, VerilatedContext* context) {
  if (clock_hz != kClockHz) {
    return Status::InvalidArgument(
        "audio node " + name + ": the audio models are built for a " + std::to_string(kClockHz) +
        " Hz clock (ClkHz in sim_cpp/net/CMakeLists.txt), the network runs at " +
        std::to_string(clock_hz) + " Hz; their sample rate would be wrong");
  }
  if (config.source == AudioNodeConfig::Source::kSamples && config.samples.empty()) {
    return Status::InvalidArgument("audio node " + name + ": sample source with no samples");
  }
  if (config.latency >= (1u << 31)) {
    return Status::InvalidArgument("audio node " + name +
                                   ": latency allowance must be below 2^31 cycles");
  }
  return std::unique_ptr<AudioNode>(new AudioNode(name, config, context));
}

AudioNode::AudioNode(const std::string& name, const AudioNodeConfig& config,
                     VerilatedContext* context)
    : Node(name, NodeKind::kAudio, 1),
      config_(config),
      impl_(std::make_unique<Impl>(context, name)) {
  AudioModel& a = impl_->top;
  ReasmModel& r = impl_->reasm;
  PlayoutModel& p = impl_->playout;
  a.cfg_enable_i = 0;
  a.cfg_ext_smp_i = config.source == AudioNodeConfig::Source::kSamples;
  a.s_smp_tvalid_i = 0;
  a.s_smp_tdata_i = 0;
  a.cfg_vpi_i = config.vpi;
  a.cfg_vci_i = config.vci;
  a.timestamp_i = 0;
  a.m_cell_tready_i = 0;
  ReasmInputsAtRest(r, static_cast<uint16_t>(media::kAudioPduBytes), kTimeoutTicks, true);
  impl_->cfg.Open(0, config.rx_vci);
  p.s_pdu_tvalid_i = 0;
  p.s_pdu_tlast_i = 0;
  p.cfg_latency_i = config.latency;
  p.time_i = 0;
  ResetModel(a);
  ResetModel(r);
  ResetModel(p);
}

AudioNode::~AudioNode() {
  impl_->playout.final();
  impl_->reasm.final();
  impl_->top.final();
}

void AudioNode::Start() {
  if (enabled_) return;
  enabled_ = true;
  start_pending_ = true;
}

void AudioNode::Stop() {
  enabled_ = false;
  start_pending_ = false;
}

bool AudioNode::Busy() const { return !impl_->cfg.empty(); }

bool AudioNode::playing() const { return impl_->playout.playing_o; }

void AudioNode::Run(uint64_t start, uint64_t n) {
  AudioModel& a = impl_->top;
  ReasmModel& r = impl_->reasm;
  PlayoutModel& p = impl_->playout;
  LinkPort& lp = port(0);
  const bool given = config_.source == AudioNodeConfig::Source::kSamples;
  a.cfg_enable_i = enabled_;
  if (start_pending_) {
    start_cycle_ = start;
    start_pending_ = false;
  }
  for (uint64_t c = start; c < start + n; ++c) {
    lp.Cycle(c);
    const uint32_t now = static_cast<uint32_t>(c);
    // Capture: given samples one a sample period (audio_tone's divider).
    a.timestamp_i = now;
    if (given) {
      bool strobe = false;
      if (enabled_ && next_sample_ < config_.samples.size()) {
        if (sample_acc_ + kSampleHz >= kClockHz) {
          sample_acc_ = sample_acc_ + kSampleHz - kClockHz;
          strobe = true;
        } else {
          sample_acc_ += kSampleHz;
        }
      }
      a.s_smp_tvalid_i = strobe;
      if (strobe) {
        const media::StereoSample& s = config_.samples[next_sample_++];
        a.s_smp_tdata_i =
            (uint32_t{static_cast<uint16_t>(s.left)} << 16) | static_cast<uint16_t>(s.right);
      }
    }
    const bool tx_ready = lp.TxReady();
    a.m_cell_tready_i = tx_ready;
    // Playout: link cells -> reassembler -> audio_playout (always ready).
    const bool offer = impl_->feed.Drive(r, lp);
    const bool cfg = impl_->cfg.Drive(r);
    r.tick_i = c % kTickCycles == 0;
    a.eval();
    r.eval();
    p.s_pdu_tdata_i = r.m_pdu_tdata_o;
    p.s_pdu_tvalid_i = r.m_pdu_tvalid_o;
    p.s_pdu_tlast_i = r.m_pdu_tlast_o;
    p.time_i = now;
    p.eval();
    Wave(c, false);
    impl_->collect.Sample(a, lp, tx_ready);
    impl_->feed.Sample(r, lp, offer);
    impl_->cfg.Sample(r, cfg);
    a.clk_i = 1;
    r.clk_i = 1;
    p.clk_i = 1;
    a.eval();
    r.eval();
    p.eval();
    Wave(c, true);
    a.clk_i = 0;
    r.clk_i = 0;
    p.clk_i = 0;
    if (p.m_smp_tvalid_o) {
      ++played_count_;
      if (config_.keep_played) {
        const uint32_t w = p.m_smp_tdata_o;
        played_.push_back(
            media::StereoSample{static_cast<int16_t>(w >> 16), static_cast<int16_t>(w & 0xFFFF)});
        played_cycles_.push_back(c);
      }
    }
  }
}

AudioStats AudioNode::stats() const {
  const AudioModel& a = impl_->top;
  const PlayoutModel& p = impl_->playout;
  AudioStats s;
  s.cells_sent = a.stat_cells_o;
  s.sender_drops = a.stat_drops_o;
  s.cells = p.stat_cells_o;
  s.underruns = p.stat_underruns_o;
  s.late = p.stat_late_o;
  s.early = p.stat_early_o;
  s.bad = p.stat_bad_o;
  s.played = played_count_;
  s.reasm = ReasmCounters(impl_->reasm);
  return s;
}

Status AudioNode::Finish() {
  if (config_.wav_path.empty()) return Status::Ok();
  if (!config_.keep_played) {
    return Status::InvalidArgument(name() + ": a WAV file needs keep_played");
  }
  return media::WriteWav(config_.wav_path, played_, kSampleHz);
}

void AudioNode::TraceModels(VerilatedFstC& fst) {
  impl_->top.trace(&fst, 99);
  impl_->reasm.trace(&fst, 99);
  impl_->playout.trace(&fst, 99);
}

std::string AudioNode::Stats() const {
  const AudioStats s = stats();
  return "cells sent " + std::to_string(s.cells_sent) + ", sender drops " +
         std::to_string(s.sender_drops) + "; playout cells " + std::to_string(s.cells) +
         ", frames played " + std::to_string(s.played) + ", underruns " +
         std::to_string(s.underruns) + ", late " + std::to_string(s.late) + ", early " +
         std::to_string(s.early) + ", bad " + std::to_string(s.bad) + "; reassembler drops CRC " +
         std::to_string(s.reasm.drop_crc) + ", length " + std::to_string(s.reasm.drop_length) +
         ", no VC " + std::to_string(s.reasm.drop_no_context);
}

}  // namespace pegasus::net
