// Driver for the ATM switch's management port (rtl/switch, the SWITCH region of the
// generated memory map; registers: doc/memory_map.md, SWITCH): connections added,
// changed and removed through the staging entry (TBL_KEY, TBL_MASK, TBL_CLASS,
// TBL_OUT_SEL/TBL_OUT_HDR) and TBL_CMD, and the per-port counters read through CNT_SEL.
//
// A connection is (input port, incoming VPI/VCI) -> a set of outputs, each with the
// VPI/VCI its copies leave with. An input's table is indexed by the VCI's low
// INFO.TABLE_BITS bits, so two VCs of one input must differ there: the driver keeps
// which VC holds each index and refuses a clash before writing anything. A commit is
// atomic in the switch (every cell sees the whole old or the whole new entry).
//
// The switch is outside the SoC (soc_top's external bus): with no switch there, the
// first access is an access fault. One SwitchMgmt object owns the port; its methods
// must not be called from an interrupt handler while the main program is in one.
#ifndef PEGASUS_FIRMWARE_LIB_SWITCH_MGMT_H_
#define PEGASUS_FIRMWARE_LIB_SWITCH_MGMT_H_

#include <stdint.h>

namespace pegasus::fw {

// One output of a connection.
struct SwitchOut {
  uint8_t port;
  uint8_t vpi;   // VPI and VCI of the copies sent there
  uint16_t vci;
};

struct SwitchPortCounters {
  uint32_t in;             // cells received (forwarded or dropped)
  uint32_t out;            // cells sent
  uint32_t drop_no_vc;     // no entry for their VC
  uint32_t drop_format;    // malformed
  uint32_t drop_full;      // input buffer full (both classes)
  uint32_t drop_clp;       // CLP=1 above the threshold (both classes)
  uint32_t buffered;       // cells held now
};

enum class SwitchResult {
  kOk,
  kNotFound,     // no switch ID, or Disconnect of a VC that has no entry
  kBadPort,      // a port the switch does not have, or an output given twice
  kIndexInUse,   // another VC of the input holds the table index
  kNoOutputs,
  kTimeout,      // the switch stayed busy
};

// A short name for a result, for the console.
const char* SwitchResultName(SwitchResult r);

class SwitchMgmt {
 public:
  // Largest switch and table the driver keeps state for.
  static constexpr uint32_t kMaxPorts = 8;
  static constexpr uint32_t kMaxEntries = 64;

  // Checks the ID, waits for the tables to be cleared after reset and enables
  // forwarding. kNotFound when the ID is not the switch's; kBadPort when the switch is
  // larger than kMaxPorts x kMaxEntries.
  SwitchResult Init();
  uint32_t ports() const { return ports_; }
  uint32_t table_bits() const { return table_bits_; }

  // Adds, or replaces, the connection for (vpi, vci) arriving on input `in`.
  SwitchResult Connect(uint32_t in, uint8_t vpi, uint16_t vci, const SwitchOut* outs,
                       uint32_t n, bool guaranteed = false);
  // Removes it.
  SwitchResult Disconnect(uint32_t in, uint8_t vpi, uint16_t vci);
  // Reads one port's counters.
  void ReadCounters(uint32_t port, SwitchPortCounters* c) const;

 private:
  SwitchResult Commit(uint32_t op, uint32_t in);

  uint32_t ports_ = 0;
  uint32_t table_bits_ = 0;
  // VC word | 1 of the VC holding each input's table index; 0 when free.
  uint32_t used_[kMaxPorts][kMaxEntries];  // cleared by Init()
};

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_SWITCH_MGMT_H_
