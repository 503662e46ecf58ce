// Driver for the 16550-subset UART (the same programming model as QEMU virt's
// uart0): polled transmit and receive. Guarded by nothing: single hart, no
// interrupts use it.
#ifndef PEGASUS_FIRMWARE_LIB_UART_H_
#define PEGASUS_FIRMWARE_LIB_UART_H_

#include <stdint.h>

namespace pegasus::fw {

// 8N1, FIFOs on. divisor = input clock / (16 * baud); QEMU ignores it.
void UartInit(uint16_t divisor);
void UartPut(char c);
// Returns -1 when no byte is waiting.
int UartGet();

}  // namespace pegasus::fw

#endif  // PEGASUS_FIRMWARE_LIB_UART_H_
