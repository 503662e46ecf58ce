// PcapWriter: records reassembled AAL5 PDUs of a simulated link as a pcap file that
// Wireshark and tshark decode as ATM/AAL5.
//
// Format: classic pcap with nanosecond timestamps (magic 0xA1B23C4D, version 2.4,
// little-endian as written), link type LINKTYPE_SUNATM (123), snapshot length
// 262144. Each record is the 4-byte SunATM pseudo-header followed by the PDU (the
// AAL5 CPCS-SDU: no pad, no trailer):
//   byte 0     flags: bit 7 direction (set: sent by the simulated node), bits 3:0 the
//              traffic type; 0 (unknown traffic) makes Wireshark take the record as
//              AAL5 (atm.aal 5) and dissect the PDU heuristically (LLC if it starts
//              AA AA 03, else data); the other values name LANE (1), LLC
//              multiplexed (2), ILMI (5) or Q.SAAL signalling (6).
//   byte 1     VPI
//   bytes 2-3  VCI, big-endian
// Timestamps are simulated time (picoseconds, written to the nanosecond).
#ifndef PEGASUS_SIM_CPP_BFM_PCAP_WRITER_H_
#define PEGASUS_SIM_CPP_BFM_PCAP_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>

#include "host/common/status.h"

namespace pegasus::sim {

class PcapWriter {
 public:
  static constexpr uint32_t kLinkTypeSunAtm = 123;
  static constexpr uint32_t kSnapLen = 262144;
  // SunATM traffic types (flags bits 3:0).
  static constexpr uint8_t kSunAtmUnknownTraffic = 0x0;  // raw AAL5
  static constexpr uint8_t kSunAtmLlcMux = 0x2;
  static constexpr uint8_t kSunAtmDirectionSent = 0x80;

  // Creates (truncates) the file and writes the pcap file header.
  static Result<std::unique_ptr<PcapWriter>> Create(const std::string& path);

  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  // Appends one PDU seen at simulated time time_ps on VC vpi/vci.
  Status WriteAal5Pdu(uint64_t time_ps, uint8_t vpi, uint16_t vci,
                      std::span<const uint8_t> pdu, bool sent = false,
                      uint8_t traffic_type = kSunAtmUnknownTraffic);

  // Flushes and closes the file; later writes fail.
  Status Close();

  uint64_t records() const { return records_; }

 private:
  PcapWriter(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}
  Status Write(const void* data, size_t size);

  std::FILE* file_;
  std::string path_;
  uint64_t records_ = 0;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_BFM_PCAP_WRITER_H_
