#include "sim_cpp/bfm/pcap_writer.h"

#include <cerrno>
#include <cstring>
#include <vector>

namespace pegasus::sim {

namespace {

constexpr uint32_t kMagicNanoseconds = 0xA1B23C4D;

void PutLe16(std::vector<uint8_t>* out, uint16_t v) {
  out->push_back(static_cast<uint8_t>(v));
  out->push_back(static_cast<uint8_t>(v >> 8));
}

void PutLe32(std::vector<uint8_t>* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

Result<std::unique_ptr<PcapWriter>> PcapWriter::Create(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return Status::IoError("pcap: cannot create " + path + ": " + std::strerror(errno));
  }
  std::unique_ptr<PcapWriter> w(new PcapWriter(f, path));
  std::vector<uint8_t> header;
  PutLe32(&header, kMagicNanoseconds);
  PutLe16(&header, 2);  // version 2.4
  PutLe16(&header, 4);
  PutLe32(&header, 0);  // this zone
  PutLe32(&header, 0);  // timestamp accuracy
  PutLe32(&header, kSnapLen);
  PutLe32(&header, kLinkTypeSunAtm);
  Status s = w->Write(header.data(), header.size());
  if (!s.ok()) return s;
  return w;
}

PcapWriter::~PcapWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

Status PcapWriter::Write(const void* data, size_t size) {
  if (file_ == nullptr) return Status::IoError("pcap: " + path_ + " is closed");
  if (std::fwrite(data, 1, size, file_) != size) {
    return Status::IoError("pcap: write to " + path_ + " failed: " + std::strerror(errno));
  }
  return Status::Ok();
}

Status PcapWriter::WriteAal5Pdu(uint64_t time_ps, uint8_t vpi, uint16_t vci,
                                std::span<const uint8_t> pdu, bool sent,
                                uint8_t traffic_type) {
  const size_t length = pdu.size() + 4;
  if (length > kSnapLen) {
    return Status::InvalidArgument("pcap: PDU of " + std::to_string(pdu.size()) +
                                   " bytes exceeds the snapshot length");
  }
  const uint64_t ns = time_ps / 1000;
  std::vector<uint8_t> rec;
  rec.reserve(16 + length);
  PutLe32(&rec, static_cast<uint32_t>(ns / 1'000'000'000));
  PutLe32(&rec, static_cast<uint32_t>(ns % 1'000'000'000));
  PutLe32(&rec, static_cast<uint32_t>(length));  // captured
  PutLe32(&rec, static_cast<uint32_t>(length));  // on the wire
  rec.push_back(static_cast<uint8_t>((sent ? kSunAtmDirectionSent : 0) | (traffic_type & 0x0F)));
  rec.push_back(vpi);
  rec.push_back(static_cast<uint8_t>(vci >> 8));
  rec.push_back(static_cast<uint8_t>(vci));
  rec.insert(rec.end(), pdu.begin(), pdu.end());
  Status s = Write(rec.data(), rec.size());
  if (s.ok()) ++records_;
  return s;
}

Status PcapWriter::Close() {
  if (file_ == nullptr) return Status::Ok();
  const int rc = std::fclose(file_);
  file_ = nullptr;
  if (rc != 0) {
    return Status::IoError("pcap: closing " + path_ + " failed: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace pegasus::sim
