// DVI 1.0 TMDS encoding (one channel), the reference for rtl/display/display_tmds.v:
// transition minimisation (XOR/XNOR chain), DC balance by a running disparity
// counter, four control tokens in blanking. TmdsDecode undoes a data symbol.
#ifndef PEGASUS_HOST_DISPLAY_TMDS_H_
#define PEGASUS_HOST_DISPLAY_TMDS_H_

#include <cstdint>

namespace pegasus::display {

class TmdsEncoder {
 public:
  // The 10-bit symbol for one pixel clock (bit 0 sent first). c is {c1, c0}.
  uint16_t Encode(uint8_t data, bool de, uint8_t c);
  // Running disparity (ones minus zeros sent in data periods, halved as in DVI).
  int disparity() const { return cnt_; }

 private:
  int cnt_ = 0;
};

// The byte carried by a data symbol.
uint8_t TmdsDecode(uint16_t symbol);

}  // namespace pegasus::display

#endif  // PEGASUS_HOST_DISPLAY_TMDS_H_
