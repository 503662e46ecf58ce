// QoS admission: the rule the QoS-manager domain applies before it gives a domain a
// reservation. A reservation (slice s, period p) claims s/p of the processor; the
// sum of the claims (the guaranteed share) must stay at or under a bound below 100%,
// the rest being the kernel's own time and slack. A refusal says which reservation,
// what it claims and by how much it would exceed the bound, e.g.
//   admitting video (slice 3 ms / period 10 ms = 30%) would bring the guaranteed
//   share to 105%, over the 95% bound by 10%
// Shares are kept in parts per million, rounded up so that rounding never admits
// more than the bound. Pure policy: built for the QoS domain and the host tests.
#ifndef PEGASUS_KERNEL_POLICY_ADMISSION_H_
#define PEGASUS_KERNEL_POLICY_ADMISSION_H_

#include <stdint.h>

#include "kernel/config.h"
#include "kernel/policy/atropos.h"
#include "kernel/policy/text.h"

namespace pegasus::kernel {

struct Verdict {
  bool admitted = false;
  Text reason;  // why not (empty when admitted)
};

class Admission {
 public:
  explicit Admission(uint32_t bound_ppm = kAdmissionBoundPpm) : bound_ppm_(bound_ppm) {}

  // Admits domain `id` (named `name` in messages) with `params`, replacing any
  // reservation it held, or refuses with the reason and leaves everything as it was.
  Verdict Admit(int id, const char* name, const SchedParams& params);
  void Release(int id);

  uint32_t guaranteed_ppm() const { return total_ppm_; }
  uint32_t bound_ppm() const { return bound_ppm_; }
  // s/p in parts per million, rounded up.
  static uint32_t SharePpm(const SchedParams& params);

 private:
  uint32_t bound_ppm_;
  uint32_t total_ppm_ = 0;
  uint32_t share_ppm_[kMaxDomains] = {};
};

}  // namespace pegasus::kernel

#endif  // PEGASUS_KERNEL_POLICY_ADMISSION_H_
