// Test image "sched": Atropos guarantees on a real trap path. A QoS-manager domain
// admits an audio-like domain (1 ms every 5 ms), a video-like domain (6 ms every
// 20 ms) and a CPU hog that takes extra time only, then shows the refusal of a
// request that would over-subscribe the processor. Audio and video each measure the
// processor time they receive in every period for one second (mtime, see
// measure.h) and check it against their slice; the hog checks that it got no more
// than the slack. Video runs its measurement with activations disabled and checks
// that it was resumed, never activated, meanwhile.
//
// Tolerance: a period passes when the measured time is within [slice - 10%,
// slice + 10 us]; what is missing is the kernel's own work on the domain's behalf
// (trap, decision, dispatch: about 520 instructions per dispatch, charged to the
// domain) and the measuring loop's gaps. That is about 8 us a dispatch on QEMU
// (16 ns an instruction) and 55 us on the soft core in simulation (mtime counts
// cycles, read as 10 MHz), so audio's 1 ms slice loses about 1% and 6%. Every period
// must pass. On QEMU the test runs with -icount (kernel/tools/qemu-icount): virtual
// time follows the instructions executed, so the figures do not depend on the host's
// load (with wall-clock time a loaded host stalls QEMU for longer than a slice); the
// simulated soft core is deterministic anyway.
#include "kernel/image.h"
#include "kernel/images/measure.h"
#include "kernel/policy/admission.h"
#include "kernel/user/nemesis.h"

namespace pegasus::kernel {
namespace {

using images::PeriodStats;

enum : int { kQos, kAudio, kVideo, kHog };

constexpr SchedParams kQosParams{100 * kMs, 2 * kMs, 0, false};
constexpr SchedParams kAudioParams{5 * kMs, 1 * kMs, 1 * kMs, false};
constexpr SchedParams kVideoParams{20 * kMs, 6 * kMs, 5 * kMs, false};
constexpr SchedParams kHogParams{100 * kMs, 0, 0, true};
constexpr SchedParams kGreedyParams{50 * kMs, 25 * kMs, 0, false};
constexpr Time kWindow = 1'000 * kMs;
constexpr Time kSlack = 10 * kUs;

int QosManager(Dib*, uint32_t) {
  Admission qos;
  struct Request {
    int domain;
    const char* name;
    const SchedParams* params;
  };
  const Request requests[] = {{kQos, "qos", &kQosParams},
                              {kAudio, "audio", &kAudioParams},
                              {kVideo, "video", &kVideoParams},
                              {kHog, "hog", &kHogParams},
                              {kHog + 1, "video-hd", &kGreedyParams}};
  for (const Request& r : requests) {
    const Verdict v = qos.Admit(r.domain, r.name, *r.params);
    Text t;
    if (!v.admitted) {
      t.Add("qos: refused: ").Add(v.reason.c_str()).Add("\n");
    } else if (r.domain != kQos && nemesis::SetParams(r.domain, *r.params) != 0) {
      t.Add("qos: kernel rejected ").Add(r.name).Add("\n");
    } else {
      t.Add("qos: admitted ").Add(r.name).Add(", guaranteed share now ")
          .AddPercent(qos.guaranteed_ppm()).Add("\n");
    }
    nemesis::Print(t);
  }
  nemesis::Block(kForever);  // nothing more to manage in this image
  return 0;
}

int Report(const char* name, const SchedParams& p, const PeriodStats& st) {
  Text t;
  t.Add(name).Add(": ").AddDec(static_cast<uint64_t>(st.periods)).Add(" periods, slice ")
      .AddDuration(p.slice).Add(", received min ").AddDec(static_cast<uint64_t>(st.min / kUs))
      .Add(" avg ").AddDec(static_cast<uint64_t>(st.sum / st.periods / kUs))
      .Add(" max ").AddDec(static_cast<uint64_t>(st.max / kUs)).Add(" us, ")
      .AddDec(static_cast<uint64_t>(st.outside)).Add(" outside tolerance\n");
  nemesis::Print(t);
  const bool ok = st.outside == 0 && st.periods > 0;
  nemesis::Print(ok ? "guarantee met\n" : "guarantee MISSED\n");
  return ok ? 0 : 1;
}

PeriodStats Measure(Dib* dib, const SchedParams& p) {
  return images::MeasurePeriods(dib, static_cast<int>(kWindow / p.period),
                                p.slice - p.slice / 10, p.slice + kSlack);
}

int Audio(Dib* dib, uint32_t) {
  const uint32_t before = dib->activations;
  const PeriodStats st = Measure(dib, kAudioParams);
  const int rc = Report("audio", kAudioParams, st);
  // Activations enabled: every dispatch (at least one a period) is an activation.
  if (dib->activations - before < static_cast<uint32_t>(st.periods)) {
    nemesis::Print("audio: too few activations\n");
    return 1;
  }
  return rc;
}

int Video(Dib* dib, uint32_t) {
  nemesis::ActivationsOff(dib);
  const uint32_t before = dib->activations;
  const PeriodStats st = Measure(dib, kVideoParams);
  const uint32_t during = dib->activations - before;
  nemesis::ActivationsOn(dib);
  const int rc = Report("video", kVideoParams, st);
  Text t;
  t.Add("video: activations while disabled: ").AddDec(during).Add("\n");
  nemesis::Print(t);
  return during == 0 ? rc : 1;
}

int Hog(Dib*, uint32_t) {
  const Time start = nemesis::Now();
  Time last = start, run = 0;
  while (last - start < kWindow) {
    const Time t = nemesis::Now();
    if (t - last <= images::kGap) run += t - last;
    last = t;
  }
  const uint32_t share_ppm = static_cast<uint32_t>(run * 1'000'000 / (last - start));
  // Slack: what audio (20%) and video (30%) leave; the idle QoS reservation adds 2%.
  const uint32_t slack_ppm = 1'000'000 - 200'000 - 300'000;
  Text t;
  t.Add("hog: share ").AddPercent(share_ppm).Add(" of the processor, slack ")
      .AddPercent(slack_ppm).Add("\n");
  nemesis::Print(t);
  const bool ok = share_ppm <= slack_ppm + 30'000 && share_ppm >= slack_ppm / 2;
  nemesis::Print(ok ? "hog took only slack\n" : "hog share WRONG\n");
  return ok ? 0 : 1;
}

constexpr DomainSpec kDomains[] = {
    {"qos", QosManager, 0, kQosParams, kFlagQos, {}, -1},
    {"audio", Audio, 0, {}, kFlagParticipant, {}, -1},
    {"video", Video, 0, {}, kFlagParticipant, {}, -1},
    {"hog", Hog, 0, {}, kFlagParticipant, {}, -1},
};

}  // namespace

const BootImage kBootImage = {"sched", kDomains, 4, nullptr, 0, nullptr, 0};

}  // namespace pegasus::kernel
