// The camera's test pattern (rtl/camera/camera_pattern.v) as a C++ reference, pixel for
// pixel: frame counter in the top-left 128 x 8 pixels, a moving box, colour bars with
// the tile position in the low bits. The RTL header comment defines it.
#ifndef PEGASUS_HOST_MEDIA_TEST_PATTERN_H_
#define PEGASUS_HOST_MEDIA_TEST_PATTERN_H_

#include <cstdint>

#include "host/media/image.h"

namespace pegasus::media {

struct PatternGeometry {
  int width = 640;   // multiple of 8, >= 128
  int height = 480;
  int box_size = 32;
};

// Top-left corner of the moving box in frame `frame` (frames since reset).
void PatternBox(const PatternGeometry& g, uint32_t frame, int* box_x, int* box_y);
// One pixel of frame `frame` (frame counter compared in 16 bits).
uint16_t PatternPixel(const PatternGeometry& g, uint32_t frame, int x, int y);
// The whole frame.
Image PatternFrame(const PatternGeometry& g, uint32_t frame);

}  // namespace pegasus::media

#endif  // PEGASUS_HOST_MEDIA_TEST_PATTERN_H_
