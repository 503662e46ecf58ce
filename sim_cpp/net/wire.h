// Wire: one direction of a simulated link, the bytes of ATM cells on the wire
// (doc/wire_formats.md, "Link"). A link always sends: its transmitter emits
// bytes_per_cycle bytes every clock cycle from cycle 0 (cells or idle cells),
// so byte n of a wire left the sender in cycle n / bytes_per_cycle and reaches
// the receiver `delay` cycles later. The wire itself therefore keeps no
// timestamps: the receiving port takes byte n in cycle n / bytes_per_cycle +
// delay (LinkPort).
//
// Bit errors happen on the wire: each bit the sender writes is flipped with
// probability `ber`, drawn from a generator seeded per wire (the gap to the
// next error is geometric, so a clean link costs nothing per bit). Counted:
// bytes carried and bits flipped.
//
// Evaluate/update: bytes the sender writes during a quantum are pending until
// Commit() (the SystemC channel's update phase, or the plain runner's end of
// quantum), and the receiver takes only committed bytes. With delay >= quantum
// every byte a receiver needs in its quantum was committed at the end of an
// earlier one, so the order in which nodes run a quantum never matters.
#ifndef PEGASUS_SIM_CPP_NET_WIRE_H_
#define PEGASUS_SIM_CPP_NET_WIRE_H_

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace pegasus::net {

// How a link behaves; one set for both directions.
struct LinkParams {
  // Cycles from a byte leaving the sender to it reaching the receiver. Must be
  // at least the network's quantum (Network checks).
  uint64_t delay = 64;
  // Bit-error rate: probability that a bit on the wire is flipped (0 .. 0.5).
  double ber = 0;
  // Line rate in bytes a clock cycle (1 = one byte a cycle, as rtl/atm's link
  // at link_ready_i = 1; 1..8).
  int bytes_per_cycle = 1;
  // x^43 + 1 payload scrambling on both ends.
  bool scramble = false;
  // Seed of the bit-error generator (each direction derives its own from it).
  uint64_t seed = 1;
  // When not empty: a pcap file of the PDUs that each direction's receiver
  // delivers
  // ("<pcap>" for the forward direction, a and b in Connect's order).
  std::string pcap;
};

// The sender's view of a wire.
class WireTx {
 public:
  virtual ~WireTx() = default;
  virtual void Send(std::span<const uint8_t> bytes) = 0;
};

// The receiver's view: moves every committed byte to the end of *out.
class WireRx {
 public:
  virtual ~WireRx() = default;
  virtual void Take(std::vector<uint8_t>* out) = 0;
};

struct WireCounters {
  uint64_t bytes = 0;
  uint64_t bit_flips = 0;
};

class Wire : public WireTx, public WireRx {
 public:
  Wire(std::string name, double ber, uint64_t seed);

  void Send(std::span<const uint8_t> bytes) override;
  void Take(std::vector<uint8_t>* out) override;
  // Makes the bytes sent since the last commit visible to Take().
  void Commit();

  const std::string& name() const { return name_; }
  const WireCounters& counters() const { return counters_; }

 private:
  void DrawGap();

  std::string name_;
  double ber_;
  std::mt19937_64 rng_;
  uint64_t bits_to_error_ = UINT64_MAX;  // clean bits before the next flipped one
  std::vector<uint8_t> pending_;
  std::vector<uint8_t> committed_;
  WireCounters counters_;
};

}  // namespace pegasus::net

#endif  // PEGASUS_SIM_CPP_NET_WIRE_H_
