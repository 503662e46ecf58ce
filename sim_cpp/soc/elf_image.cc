#include "sim_cpp/soc/elf_image.h"

#include <cstring>
#include <fstream>
#include <iterator>

namespace pegasus::sim {
namespace {

// ELF32 layout constants (System V ABI, ELF-32 object file format).
constexpr uint16_t kMachineRiscv = 243;
constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kShtSymtab = 2;

uint16_t Get16(const std::vector<uint8_t>& b, size_t at) {
  return static_cast<uint16_t>(b[at] | (b[at + 1] << 8));
}
uint32_t Get32(const std::vector<uint8_t>& b, size_t at) {
  return static_cast<uint32_t>(b[at]) | (static_cast<uint32_t>(b[at + 1]) << 8) |
         (static_cast<uint32_t>(b[at + 2]) << 16) | (static_cast<uint32_t>(b[at + 3]) << 24);
}

}  // namespace

std::optional<ElfImage> ElfImage::Load(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open " + path;
    return std::nullopt;
  }
  std::vector<uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (b.size() < 52 || std::memcmp(b.data(), "\x7f" "ELF", 4) != 0) {
    *error = path + " is not an ELF file";
    return std::nullopt;
  }
  if (b[4] != 1 || b[5] != 1 || Get16(b, 18) != kMachineRiscv) {
    *error = path + " is not a 32-bit little-endian RISC-V ELF (build with -march=rv32...)";
    return std::nullopt;
  }
  ElfImage image;
  image.entry_ = Get32(b, 24);
  const uint32_t phoff = Get32(b, 28);
  const uint32_t shoff = Get32(b, 32);
  const uint16_t phentsize = Get16(b, 42);
  const uint16_t phnum = Get16(b, 44);
  const uint16_t shentsize = Get16(b, 46);
  const uint16_t shnum = Get16(b, 48);
  for (uint16_t i = 0; i < phnum; ++i) {
    const size_t ph = phoff + static_cast<size_t>(i) * phentsize;
    if (ph + 32 > b.size()) break;
    if (Get32(b, ph) != kPtLoad) continue;
    const uint32_t offset = Get32(b, ph + 4);
    const uint32_t paddr = Get32(b, ph + 12);
    const uint32_t filesz = Get32(b, ph + 16);
    const uint32_t memsz = Get32(b, ph + 20);
    if (memsz == 0) continue;
    if (static_cast<size_t>(offset) + filesz > b.size()) {
      *error = path + ": segment beyond the end of the file";
      return std::nullopt;
    }
    ElfSegment seg;
    seg.paddr = paddr;
    seg.bytes.assign(b.begin() + offset, b.begin() + offset + filesz);
    // .bss is cleared by crt0; only load what the file holds.
    image.segments_.push_back(std::move(seg));
  }
  for (uint16_t i = 0; i < shnum; ++i) {
    const size_t sh = shoff + static_cast<size_t>(i) * shentsize;
    if (sh + 40 > b.size()) break;
    if (Get32(b, sh + 4) != kShtSymtab) continue;
    const uint32_t off = Get32(b, sh + 16);
    const uint32_t size = Get32(b, sh + 20);
    const uint32_t link = Get32(b, sh + 24);
    const size_t strsh = shoff + static_cast<size_t>(link) * shentsize;
    if (strsh + 40 > b.size()) break;
    const uint32_t stroff = Get32(b, strsh + 16);
    for (uint32_t s = 0; s + 16 <= size; s += 16) {
      const uint32_t name = Get32(b, off + s);
      const uint32_t value = Get32(b, off + s + 4);
      if (name == 0 || stroff + name >= b.size()) continue;
      image.symbols_[reinterpret_cast<const char*>(&b[stroff + name])] = value;
    }
  }
  return image;
}

std::optional<uint32_t> ElfImage::Symbol(const std::string& name) const {
  auto it = symbols_.find(name);
  if (it == symbols_.end()) return std::nullopt;
  return it->second;
}

}  // namespace pegasus::sim
