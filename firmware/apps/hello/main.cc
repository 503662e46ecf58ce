// hello: the smallest complete Pegasus image. It proves the cross build, the start-up
// code, the generated memory map, the UART driver and the exit path: it prints a
// banner and the ISA, computes the AAL5 CRC-32 of "123456789" bit by bit and exits
// through the test finisher with 0 when the CRC is the standard's check value.
#include <stdint.h>

#include "firmware/lib/crc32.h"
#include "firmware/lib/csr.h"
#include "firmware/lib/mmio.h"
#include "firmware/lib/print.h"
#include "firmware/lib/uart.h"

namespace {

// "rv32" plus the letters of misa's extension bits.
void PrintIsa(uint32_t misa) {
  pegasus::fw::Print("rv32");
  for (int bit = 0; bit < 26; ++bit) {
    if (misa & (1u << bit)) {
      const char letter[2] = {static_cast<char>('a' + bit), '\0'};
      pegasus::fw::Print(letter);
    }
  }
}

}  // namespace

int main() {
  using namespace pegasus::fw;
  UartInit(1);                                  // console; QEMU ignores the divisor
  Print("Pegasus firmware: hello from ");
  PrintIsa(csr::Read_misa());                         // which core are we on
  Print("\n");
  static constexpr uint8_t kCheck[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  const uint32_t crc = Crc32Aal5(kCheck, sizeof(kCheck));  // the standard check value
  Print("crc32(\"123456789\") = ");
  PrintHex(crc);
  Print("\n");
  return crc == 0xFC891918u ? 0 : 1;            // test finisher: pass or fail
}
