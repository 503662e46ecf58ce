// SwitchModel: see switch_model.h. The matching follows switch_islip.v step for step.
#include "host/switch/switch_model.h"

#include <string>

namespace pegasus::sw {

SwitchModel::SwitchModel(const SwitchConfig& config)
    : config_(config),
      inputs_(config.ports),
      outputs_(config.ports),
      counters_(config.ports) {
  for (Input& in : inputs_) {
    in.table.resize(size_t{1} << config_.table_bits);
    in.refs.assign(config_.buf_cells, 0);
    for (int slot = config_.buf_cells - 1; slot >= 0; --slot) in.free_slots.push_back(slot);
    in.cells.resize(config_.buf_cells);
    in.arrival.assign(config_.buf_cells, 0);
    in.guaranteed.assign(config_.buf_cells, false);
    in.voq.resize(2 * config_.ports);
  }
}

Status SwitchModel::SetEntry(int in_port, uint32_t vpi, uint32_t vci,
                             const Connection& connection) {
  if (in_port < 0 || in_port >= config_.ports) {
    return Status::InvalidArgument("switch: input port " + std::to_string(in_port) +
                                   " out of range");
  }
  if (vpi > 0xFF || vci > 0xFFFF) {
    return Status::InvalidArgument("switch: VPI/VCI out of range");
  }
  if (connection.out_mask >> config_.ports) {
    return Status::InvalidArgument("switch: output set names a port beyond " +
                                   std::to_string(config_.ports - 1));
  }
  for (int out = 0; out < config_.ports; ++out) {
    if (((connection.out_mask >> out) & 1) &&
        static_cast<int>(connection.out_vpi_vci.size()) <= out) {
      return Status::InvalidArgument("switch: no new VPI/VCI for output " +
                                     std::to_string(out));
    }
  }
  Entry& e = inputs_[in_port].table[IndexOf(vci)];
  e.valid = true;
  e.tag = VpiVci(vpi, vci);
  e.connection = connection;
  e.connection.out_vpi_vci.resize(config_.ports, 0);
  return Status::Ok();
}

Status SwitchModel::RemoveEntry(int in_port, uint32_t /*vpi*/, uint32_t vci) {
  if (in_port < 0 || in_port >= config_.ports) {
    return Status::InvalidArgument("switch: input port " + std::to_string(in_port) +
                                   " out of range");
  }
  inputs_[in_port].table[IndexOf(vci & 0xFFFF)].valid = false;
  return Status::Ok();
}

const Connection* SwitchModel::Lookup(int in_port, uint32_t header) const {
  const uint32_t tag = (header >> 4) & 0xFFFFFF;
  const Entry& e = inputs_[in_port].table[IndexOf(tag & 0xFFFF)];
  if (!e.valid || e.tag != tag) return nullptr;
  return &e.connection;
}

Route SwitchModel::RouteOf(int in_port, uint32_t header) const {
  Route route;
  const Connection* c = Lookup(in_port, header);
  if (c == nullptr || c->out_mask == 0) {
    route.reason = DropReason::kNoVc;
    return route;
  }
  route.guaranteed = c->guaranteed;
  for (int out = 0; out < config_.ports; ++out) {
    if ((c->out_mask >> out) & 1) {
      route.copies.push_back({out, Translate(header, c->out_vpi_vci[out])});
    }
  }
  return route;
}

int SwitchModel::Buffered(int in_port) const {
  return inputs_[in_port].used;
}

int SwitchModel::Occupancy() const {
  int n = 0;
  for (int p = 0; p < config_.ports; ++p) n += Buffered(p);
  for (const Output& o : outputs_) n += static_cast<int>(o.queue.size());
  return n;
}

DropReason SwitchModel::Arrive(int in_port, const ModelCell& cell) {
  PortCounters& cnt = counters_[in_port];
  Input& in = inputs_[in_port];
  ++cnt.in;
  const Route route = RouteOf(in_port, cell.header);
  if (route.reason == DropReason::kNoVc) {
    ++cnt.drop_no_vc;
    return DropReason::kNoVc;
  }
  const int cls = route.guaranteed ? kGuaranteed : kBestEffort;
  const int used = Buffered(in_port);
  if (used >= config_.buf_cells) {
    ++cnt.drop_full[cls];
    return DropReason::kFull;
  }
  if ((cell.header & 1) && used >= config_.clp_threshold) {
    ++cnt.drop_clp[cls];
    return DropReason::kClp;
  }
  if (config_.voq_alpha > 0 && config_.scheduler == Scheduler::kIslip) {
    for (const Copy& copy : route.copies) {
      const int len = config_.scheduler == Scheduler::kFifo
                          ? static_cast<int>(in.fifo.size())
                          : static_cast<int>(in.voq[copy.out * 2 + cls].size());
      if (len >= config_.voq_alpha * (config_.buf_cells - used)) {
        ++cnt.drop_full[cls];
        return DropReason::kFull;
      }
    }
  }
  const int slot = in.free_slots.back();
  in.free_slots.pop_back();
  ++in.used;
  in.refs[slot] = static_cast<int>(route.copies.size());
  in.cells[slot] = cell;
  in.arrival[slot] = slot_;
  in.guaranteed[slot] = route.guaranteed;
  for (const Copy& copy : route.copies) {
    const Desc d{slot, copy.header};
    if (config_.scheduler == Scheduler::kFifo) {
      in.fifo.push_back({copy.out, d});
    } else {
      in.voq[copy.out * 2 + cls].push_back(d);
    }
  }
  return DropReason::kNone;
}

std::vector<SwitchModel::Match> SwitchModel::MatchIslip() {
  const int n = config_.ports;
  std::vector<Match> match(n);
  std::vector<bool> in_matched(n, false);
  for (int it = 0; it < config_.iterations; ++it) {
    // Grants.
    std::vector<int> grant_in(n, -1);
    std::vector<bool> grant_guar(n, false);
    for (int out = 0; out < n; ++out) {
      if (match[out].in >= 0) continue;
      if (static_cast<int>(outputs_[out].queue.size()) >= config_.out_cells) continue;
      bool any_g = false;
      for (int i = 0; i < n; ++i) {
        any_g |= !in_matched[i] && !inputs_[i].voq[out * 2 + kGuaranteed].empty();
      }
      const int cls = any_g ? kGuaranteed : kBestEffort;
      const int ptr = outputs_[out].grant_ptr[cls];
      for (int k = 0; k < n; ++k) {
        const int i = (ptr + k) % n;
        if (!in_matched[i] && !inputs_[i].voq[out * 2 + cls].empty()) {
          grant_in[out] = i;
          grant_guar[out] = any_g;
          break;
        }
      }
    }
    // Accepts.
    for (int i = 0; i < n; ++i) {
      if (in_matched[i]) continue;
      bool want_g = false;
      for (int out = 0; out < n; ++out) want_g |= grant_in[out] == i && grant_guar[out];
      const int cls = want_g ? kGuaranteed : kBestEffort;
      const int ptr = inputs_[i].accept_ptr[cls];
      for (int k = 0; k < n; ++k) {
        const int out = (ptr + k) % n;
        if (grant_in[out] == i && grant_guar[out] == want_g) {
          match[out] = {i, want_g};
          in_matched[i] = true;
          if (it == 0) {
            outputs_[out].grant_ptr[cls] = (i + 1) % n;
            inputs_[i].accept_ptr[cls] = (out + 1) % n;
          }
          break;
        }
      }
    }
  }
  return match;
}

std::vector<SwitchModel::Match> SwitchModel::MatchFifo() {
  const int n = config_.ports;
  std::vector<Match> match(n);
  for (int out = 0; out < n; ++out) {
    if (static_cast<int>(outputs_[out].queue.size()) >= config_.out_cells) continue;
    const int ptr = outputs_[out].fifo_ptr;
    for (int k = 0; k < n; ++k) {
      const int i = (ptr + k) % n;
      const auto& fifo = inputs_[i].fifo;
      if (!fifo.empty() && fifo.front().first == out) {
        match[out] = {i, false};
        outputs_[out].fifo_ptr = (i + 1) % n;
        break;
      }
    }
  }
  return match;
}

void SwitchModel::Transfer(int in_port, int out, bool guaranteed) {
  Input& in = inputs_[in_port];
  Desc d;
  if (config_.scheduler == Scheduler::kFifo) {
    d = in.fifo.front().second;
    in.fifo.pop_front();
  } else {
    auto& q = in.voq[out * 2 + (guaranteed ? kGuaranteed : kBestEffort)];
    d = q.front();
    q.pop_front();
  }
  Departure dep;
  dep.in = in_port;
  dep.out = out;
  dep.guaranteed = in.guaranteed[d.slot];
  dep.cell = in.cells[d.slot];
  dep.cell.header = d.header;
  dep.arrival_slot = in.arrival[d.slot];
  if (--in.refs[d.slot] == 0) {
    in.free_slots.push_back(d.slot);
    --in.used;
  }
  outputs_[out].queue.push_back(dep);
}

std::vector<Departure> SwitchModel::Step(const std::vector<bool>& out_ready) {
  std::vector<Departure> left;
  for (int out = 0; out < config_.ports; ++out) {
    Output& o = outputs_[out];
    if (!o.queue.empty() && out < static_cast<int>(out_ready.size()) && out_ready[out]) {
      Departure d = o.queue.front();
      o.queue.pop_front();
      d.depart_slot = slot_;
      ++counters_[out].out;
      left.push_back(d);
    }
  }
  const std::vector<Match> match =
      config_.scheduler == Scheduler::kFifo ? MatchFifo() : MatchIslip();
  for (int out = 0; out < config_.ports; ++out) {
    if (match[out].in >= 0) Transfer(match[out].in, out, match[out].guaranteed);
  }
  ++slot_;
  return left;
}

}  // namespace pegasus::sw
