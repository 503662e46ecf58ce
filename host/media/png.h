// A minimal PNG encoder for framebuffer snapshots: 8-bit RGB (colour type 2), no
// interlace, filter type 0 on every row, one IDAT compressed with zlib, CRC-32 of each
// chunk from zlib's crc32. Ordinary viewers, PIL and ImageMagick open the files.
#ifndef PEGASUS_HOST_MEDIA_PNG_H_
#define PEGASUS_HOST_MEDIA_PNG_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "host/common/status.h"

namespace pegasus::media {

// The PNG file bytes of a width x height image given as RGB triples row by row.
std::vector<uint8_t> EncodePng(int width, int height, std::span<const uint8_t> rgb);
// Writes EncodePng's bytes to `path`.
Status WritePng(const std::string& path, int width, int height,
                std::span<const uint8_t> rgb);

}  // namespace pegasus::media

#endif  // PEGASUS_HOST_MEDIA_PNG_H_
