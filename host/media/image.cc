#include "host/media/image.h"

#include <cctype>
#include <fstream>
#include <iterator>

namespace pegasus::media {

void Rgb888(uint16_t p, uint8_t* r, uint8_t* g, uint8_t* b) {
  const uint32_t r5 = p >> 11, g6 = (p >> 5) & 0x3F, b5 = p & 0x1F;
  *r = static_cast<uint8_t>((r5 << 3) | (r5 >> 2));
  *g = static_cast<uint8_t>((g6 << 2) | (g6 >> 4));
  *b = static_cast<uint8_t>((b5 << 3) | (b5 >> 2));
}

std::vector<uint8_t> ToRgb888(std::span<const uint16_t> pixels) {
  std::vector<uint8_t> rgb(pixels.size() * 3);
  for (size_t i = 0; i < pixels.size(); ++i) {
    Rgb888(pixels[i], &rgb[i * 3], &rgb[i * 3 + 1], &rgb[i * 3 + 2]);
  }
  return rgb;
}

Result<Image> ParsePpm(const std::vector<uint8_t>& bytes) {
  size_t pos = 0;
  // Next header token (skips white space and # comments).
  auto token = [&]() -> std::string {
    for (;;) {
      while (pos < bytes.size() && std::isspace(bytes[pos])) ++pos;
      if (pos < bytes.size() && bytes[pos] == '#') {
        while (pos < bytes.size() && bytes[pos] != '\n') ++pos;
        continue;
      }
      break;
    }
    std::string t;
    while (pos < bytes.size() && !std::isspace(bytes[pos])) t.push_back(static_cast<char>(bytes[pos++]));
    return t;
  };
  if (token() != "P6") return Status::InvalidArgument("PPM: not a binary PPM (P6)");
  int w = 0, h = 0, maxval = 0;
  try {
    w = std::stoi(token());
    h = std::stoi(token());
    maxval = std::stoi(token());
  } catch (...) {
    return Status::InvalidArgument("PPM: bad header");
  }
  if (w <= 0 || h <= 0 || w > 65535 || h > 65535 || maxval != 255) {
    return Status::InvalidArgument("PPM: need positive size and maxval 255");
  }
  ++pos;  // the single white-space byte after maxval
  const size_t need = static_cast<size_t>(w) * h * 3;
  if (bytes.size() < pos + need) return Status::InvalidArgument("PPM: pixel data truncated");
  Image img(w, h);
  for (size_t i = 0; i < img.pixels.size(); ++i) {
    const uint8_t* p = &bytes[pos + 3 * i];
    img.pixels[i] = Rgb565(p[0], p[1], p[2]);
  }
  return img;
}

Result<Image> ReadPpm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open " + path);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParsePpm(bytes);
}

std::vector<uint8_t> EncodePpm(const Image& image) {
  const std::string head =
      "P6\n" + std::to_string(image.width) + " " + std::to_string(image.height) + "\n255\n";
  std::vector<uint8_t> out(head.begin(), head.end());
  const std::vector<uint8_t> rgb = ToRgb888(image.pixels);
  out.insert(out.end(), rgb.begin(), rgb.end());
  return out;
}

Status WritePpm(const std::string& path, const Image& image) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::IoError("cannot create " + path);
  const auto bytes = EncodePpm(image);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return out ? Status::Ok() : Status::IoError("write failed: " + path);
}

}  // namespace pegasus::media
