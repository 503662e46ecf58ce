#include "firmware/lib/print.h"

#include "firmware/lib/uart.h"

namespace pegasus::fw {

void Print(const char* s) {
  for (; *s != '\0'; ++s) {
    if (*s == '\n') UartPut('\r');
    UartPut(*s);
  }
}

void PrintHex(uint32_t v) {
  static const char kDigits[] = "0123456789abcdef";
  for (int shift = 28; shift >= 0; shift -= 4) UartPut(kDigits[(v >> shift) & 0xF]);
}

void PrintDec(uint32_t v) {
  char buf[11];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) UartPut(buf[--n]);
}

}  // namespace pegasus::fw
