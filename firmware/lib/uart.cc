#include "firmware/lib/uart.h"

#include "firmware/lib/mmio.h"
#include "pegasus/memory_map.h"

namespace pegasus::fw {
namespace {

constexpr uintptr_t Reg(uint32_t offset) { return PEGASUS_UART_BASE + offset; }

}  // namespace

void UartInit(uint16_t divisor) {
  Write8(Reg(PEGASUS_UART_LCR), PEGASUS_UART_LCR_DLAB_MASK);  // divisor latch on
  Write8(Reg(PEGASUS_UART_DLL), static_cast<uint8_t>(divisor));
  Write8(Reg(PEGASUS_UART_DLM), static_cast<uint8_t>(divisor >> 8));
  Write8(Reg(PEGASUS_UART_LCR), 0x03);                       // 8 data bits, no parity, 1 stop
  Write8(Reg(PEGASUS_UART_FCR), 0x07);                       // FIFOs on and cleared
}

void UartPut(char c) {
  while (!(Read8(Reg(PEGASUS_UART_LSR)) & PEGASUS_UART_LSR_THRE_MASK)) {
  }
  Write8(Reg(PEGASUS_UART_THR), static_cast<uint8_t>(c));
}

int UartGet() {
  if (!(Read8(Reg(PEGASUS_UART_LSR)) & PEGASUS_UART_LSR_DR_MASK)) return -1;
  return Read8(Reg(PEGASUS_UART_RBR));
}

}  // namespace pegasus::fw
