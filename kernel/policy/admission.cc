// Admission decisions and their reasons; see admission.h.
#include "kernel/policy/admission.h"

namespace pegasus::kernel {

uint32_t Admission::SharePpm(const SchedParams& p) {
  if (p.period <= 0) return 0;
  // slice <= period <= kMaxPeriod, so slice * 1e6 fits in 64 bits.
  return static_cast<uint32_t>((p.slice * 1'000'000 + p.period - 1) / p.period);
}

Verdict Admission::Admit(int id, const char* name, const SchedParams& params) {
  Verdict v;
  if (id < 0 || id >= kMaxDomains) {
    v.reason.Add("admitting ").Add(name).Add(": no such domain slot");
    return v;
  }
  if (!Atropos::Valid(params)) {
    v.reason.Add("admitting ").Add(name).Add(" (slice ").AddDuration(params.slice)
        .Add(" / period ").AddDuration(params.period)
        .Add("): invalid, the period must be over 0 and at most ").AddDuration(kMaxPeriod)
        .Add(" and the slice between 0 and the period");
    return v;
  }
  const uint32_t share = SharePpm(params);
  const uint32_t total = total_ppm_ - share_ppm_[id] + share;
  if (total > bound_ppm_) {
    v.reason.Add("admitting ").Add(name).Add(" (slice ").AddDuration(params.slice)
        .Add(" / period ").AddDuration(params.period).Add(" = ").AddPercent(share)
        .Add(") would bring the guaranteed share to ").AddPercent(total)
        .Add(", over the ").AddPercent(bound_ppm_).Add(" bound by ")
        .AddPercent(total - bound_ppm_);
    return v;
  }
  total_ppm_ = total;
  share_ppm_[id] = share;
  v.admitted = true;
  return v;
}

void Admission::Release(int id) {
  if (id < 0 || id >= kMaxDomains) return;
  total_ppm_ -= share_ppm_[id];
  share_ppm_[id] = 0;
}

}  // namespace pegasus::kernel
