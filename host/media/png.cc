#include "host/media/png.h"

#include <zlib.h>

#include <cstdio>

namespace pegasus::media {
namespace {

void Put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}

void Chunk(std::vector<uint8_t>& out, const char type[4], std::span<const uint8_t> data) {
  Put32(out, static_cast<uint32_t>(data.size()));
  const size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, out.data() + start, static_cast<uInt>(out.size() - start));
  Put32(out, static_cast<uint32_t>(crc));
}

}  // namespace

std::vector<uint8_t> EncodePng(int width, int height, std::span<const uint8_t> rgb) {
  std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  std::vector<uint8_t> ihdr;
  Put32(ihdr, static_cast<uint32_t>(width));
  Put32(ihdr, static_cast<uint32_t>(height));
  ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});  // depth 8, RGB, deflate, filter 0, no interlace
  Chunk(out, "IHDR", ihdr);
  // Raw scanlines, each led by filter type 0 (none).
  const size_t row = static_cast<size_t>(width) * 3;
  std::vector<uint8_t> raw;
  raw.reserve((row + 1) * static_cast<size_t>(height));
  for (int y = 0; y < height; ++y) {
    raw.push_back(0);
    const uint8_t* p = rgb.data() + row * static_cast<size_t>(y);
    raw.insert(raw.end(), p, p + row);
  }
  uLongf zlen = compressBound(static_cast<uLong>(raw.size()));
  std::vector<uint8_t> z(zlen);
  compress2(z.data(), &zlen, raw.data(), static_cast<uLong>(raw.size()), 6);
  z.resize(zlen);
  Chunk(out, "IDAT", z);
  Chunk(out, "IEND", {});
  return out;
}

Status WritePng(const std::string& path, int width, int height,
                std::span<const uint8_t> rgb) {
  if (width <= 0 || height <= 0 ||
      rgb.size() != static_cast<size_t>(width) * static_cast<size_t>(height) * 3) {
    return Status::InvalidArgument("WritePng: " + path + ": image size and data differ");
  }
  const std::vector<uint8_t> bytes = EncodePng(width, height, rgb);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Status::IoError("WritePng: cannot open " + path);
  const size_t n = std::fwrite(bytes.data(), 1, bytes.size(), f);
  const bool closed = std::fclose(f) == 0;
  if (n != bytes.size() || !closed) return Status::IoError("WritePng: cannot write " + path);
  return Status::Ok();
}

}  // namespace pegasus::media
