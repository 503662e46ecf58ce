// ElfImage: the loadable contents of a 32-bit little-endian RISC-V ELF executable:
// its PT_LOAD segments (physical address, bytes, zero fill up to the memory size), its
// entry point and its symbol table (for `tohost` and friends). Used by pegasus-sim to
// put firmware into the SoC's RAM through the loader port.
#ifndef PEGASUS_SIM_CPP_SOC_ELF_IMAGE_H_
#define PEGASUS_SIM_CPP_SOC_ELF_IMAGE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pegasus::sim {

struct ElfSegment {
  uint32_t paddr = 0;
  std::vector<uint8_t> bytes;  // file contents followed by zeros up to p_memsz
};

class ElfImage {
 public:
  // Reads path; on failure returns std::nullopt and sets *error to a message.
  static std::optional<ElfImage> Load(const std::string& path, std::string* error);

  uint32_t entry() const { return entry_; }
  const std::vector<ElfSegment>& segments() const { return segments_; }
  std::optional<uint32_t> Symbol(const std::string& name) const;

 private:
  uint32_t entry_ = 0;
  std::vector<ElfSegment> segments_;
  std::map<std::string, uint32_t> symbols_;
};

}  // namespace pegasus::sim

#endif  // PEGASUS_SIM_CPP_SOC_ELF_IMAGE_H_
