// Harness<Model>: the one way Pegasus drives a Verilated model. It owns the model's
// VerilatedContext, the primary clock `clk_i` and any further clocks, the active-low
// reset `rst_ni`, an optional FST trace limited to a window of cycles, a cycle timeout
// and the random generator of the test (seeded from SimOptions, seed printed so a
// failing run can be replayed with PEGASUS_SEED or --seed).
//
// Timing convention: inputs are set while clk_i is low; Tick() raises clk_i, evaluates
// (registers take the inputs), lowers it and evaluates again. Outputs read after
// Tick() are the registered values of the cycle just completed. Time is kept in
// picoseconds so clocks of unrelated frequencies interleave exactly.
#ifndef PEGASUS_SIM_CPP_HARNESS_SIM_HARNESS_H_
#define PEGASUS_SIM_CPP_HARNESS_SIM_HARNESS_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim_cpp/harness/sim_options.h"
#include "verilated.h"
#if VM_TRACE_FST
#include "verilated_fst_c.h"
#endif

namespace pegasus::sim {

// Thrown when a run passes its cycle limit; GoogleTest reports it as a failure.
class SimTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Draws or takes the seed, prints it, and returns it.
uint64_t AnnounceSeed(const std::string& name, const SimOptions& options);

template <typename Model>
class Harness {
 public:
  // name identifies the run in messages and names its default trace file.
  // clk_period_ps is the period of clk_i.
  explicit Harness(std::string name, uint64_t clk_period_ps = 10'000,
                   const SimOptions& options = SimOptions::Global())
      : name_(std::move(name)), options_(options),
        context_(std::make_unique<VerilatedContext>()) {
    seed_ = AnnounceSeed(name_, options_);
    rng_.seed(seed_);
    std::string path = options_.trace_path;
    if (path.empty() && options_.trace_default_name) {
      path = options_.trace_dir + "/" + name_ + ".fst";
    }
    if (!path.empty()) context_->traceEverOn(true);
    model_ = std::make_unique<Model>(context_.get(), "TOP");
    clocks_.push_back(Clock{&model_->clk_i, clk_period_ps / 2, clk_period_ps / 2});
    model_->clk_i = 0;
    if (!path.empty()) OpenTrace(path);
    model_->eval();
  }

  ~Harness() {
#if VM_TRACE_FST
    if (trace_) trace_->close();
#endif
    model_->final();
  }

  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  Model* operator->() { return model_.get(); }
  Model& model() { return *model_; }
  std::mt19937_64& rng() { return rng_; }
  uint64_t seed() const { return seed_; }
  // Rising edges of clk_i since construction.
  uint64_t cycle() const { return cycle_; }
  uint64_t time_ps() const { return time_ps_; }
  const std::string& name() const { return name_; }

  // Adds a clock signal toggling every period_ps/2, starting low; its first rising
  // edge comes phase_ps + period_ps/2 after time zero.
  void AddClock(uint8_t* signal, uint64_t period_ps, uint64_t phase_ps = 0) {
    *signal = 0;
    clocks_.push_back(Clock{signal, period_ps / 2, time_ps_ + phase_ps + period_ps / 2});
  }

  // Holds rst_ni low for `cycles` cycles of clk_i, then releases it.
  void Reset(int cycles = 4) {
    model_->rst_ni = 0;
    model_->eval();
    Tick(cycles);
    model_->rst_ni = 1;
    model_->eval();
  }

  // Runs n full periods of clk_i (rising then falling edge each).
  void Tick(uint64_t n = 1) {
    for (uint64_t i = 0; i < n; ++i) {
      AdvanceToEdge(true);
      AdvanceToEdge(false);
    }
  }

  // Ticks until done() is true (checked after each cycle) or max_cycles pass; returns
  // whether done() became true.
  bool RunUntil(const std::function<bool()>& done, uint64_t max_cycles) {
    for (uint64_t i = 0; i < max_cycles; ++i) {
      if (done()) return true;
      Tick();
    }
    return done();
  }

  // Uniform random integer in [lo, hi] from the test's seeded generator.
  uint64_t Random(uint64_t lo, uint64_t hi) {
    return std::uniform_int_distribution<uint64_t>(lo, hi)(rng_);
  }

 private:
  struct Clock {
    uint8_t* signal;
    uint64_t half_period_ps;
    uint64_t next_edge_ps;
  };

  void OpenTrace(const std::string& path) {
#if VM_TRACE_FST
    trace_ = std::make_unique<VerilatedFstC>();
    model_->trace(trace_.get(), 99);
    trace_->open(path.c_str());
    std::fprintf(stderr, "[harness] %s: tracing cycles %llu..%s to %s\n", name_.c_str(),
                 static_cast<unsigned long long>(options_.trace_start),
                 options_.trace_end == UINT64_MAX
                     ? "end"
                     : std::to_string(options_.trace_end).c_str(),
                 path.c_str());
#else
    std::fprintf(stderr, "[harness] %s: model built without FST tracing; %s not written\n",
                 name_.c_str(), path.c_str());
#endif
  }

  // Advances time edge by edge until clk_i reaches the wanted level.
  void AdvanceToEdge(bool rising) {
    for (;;) {
      uint64_t next = UINT64_MAX;
      for (const Clock& c : clocks_) next = std::min(next, c.next_edge_ps);
      time_ps_ = next;
      context_->time(time_ps_);
      bool primary_edge = false;
      for (size_t i = 0; i < clocks_.size(); ++i) {
        Clock& c = clocks_[i];
        if (c.next_edge_ps != next) continue;
        *c.signal = !*c.signal;
        c.next_edge_ps += c.half_period_ps;
        if (i == 0) primary_edge = true;
      }
      if (primary_edge && rising && model_->clk_i) {
        ++cycle_;
        if (cycle_ > options_.timeout_cycles) {
          throw SimTimeout(name_ + ": no result after " + std::to_string(cycle_ - 1) +
                           " cycles (raise with --timeout or PEGASUS_TIMEOUT)");
        }
      }
      model_->eval();
      Dump();
      if (primary_edge && static_cast<bool>(model_->clk_i) == rising) return;
    }
  }

  void Dump() {
#if VM_TRACE_FST
    if (trace_ && cycle_ >= options_.trace_start && cycle_ <= options_.trace_end) {
      trace_->dump(time_ps_);
    }
#endif
  }

  std::string name_;
  SimOptions options_;
  std::unique_ptr<VerilatedContext> context_;
  std::unique_ptr<Model> model_;
#if VM_TRACE_FST
  std::unique_ptr<VerilatedFstC> trace_;
#endif
  std::vector<Clock> clocks_;
  std::mt19937_64 rng_;
  uint64_t seed_ = 0;
  uint64_t cycle_ = 0;
  uint64_t time_ps_ = 0;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_HARNESS_SIM_HARNESS_H_
