// Console output for firmware over the UART: strings, hex and decimal numbers. No
// format strings, so no hosted library is needed.
#ifndef PEGASUS_FIRMWARE_LIB_PRINT_H_
#define PEGASUS_FIRMWARE_LIB_PRINT_H_

#include <stdint.h>

namespace pegasus::fw {

void Print(const char* s);
// Eight hex digits, lower case, no prefix.
void PrintHex(uint32_t v);
void PrintDec(uint32_t v);

}  // namespace pegasus::fw

// Ends the run through the test finisher: 0 passes, anything else fails with that
// code. Called by the start-up code with main()'s return value.
extern "C" [[noreturn]] void pegasus_exit(int code);

#endif  // PEGASUS_FIRMWARE_LIB_PRINT_H_
