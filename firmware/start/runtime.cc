// C++ side of the start-up code: constructors, the exit path through the test
// finisher, and the report of an unexpected trap. Machine mode, interrupts off.
#include "firmware/lib/mmio.h"
#include "firmware/lib/print.h"
#include "pegasus/memory_map.h"

extern "C" {
using Constructor = void (*)();
extern Constructor __init_array_start[];
extern Constructor __init_array_end[];

void pegasus_run_constructors() {
  for (Constructor* c = __init_array_start; c != __init_array_end; ++c) (*c)();
}

[[noreturn]] void pegasus_exit(int code) {
  using namespace pegasus::fw;
  const uint32_t status =
      code == 0 ? PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS
                : (static_cast<uint32_t>(code) << PEGASUS_TEST_FINISHER_FINISH_CODE_LSB) |
                      PEGASUS_TEST_FINISHER_FINISH_STATUS_FAIL;
  Write32(PEGASUS_TEST_FINISHER_BASE + PEGASUS_TEST_FINISHER_FINISH, status);
  for (;;) asm volatile("wfi");
}

[[noreturn]] void pegasus_trap(uint32_t cause, uint32_t epc, uint32_t tval) {
  using namespace pegasus::fw;
  Print("\nunexpected trap: mcause ");
  PrintHex(cause);
  Print(" mepc ");
  PrintHex(epc);
  Print(" mtval ");
  PrintHex(tval);
  Print("\n");
  pegasus_exit(0x7F);
}
}
