// Boot of the Nemesis kernel on RV32 (QEMU virt, the Pegasus SoC): machine mode,
// hart 0, interrupts off; the start-up code (firmware/start) has set the stack and
// cleared .bss. main() sets up the machine, creates the image's domains and enters
// the first one; it never returns, the run ends through the test finisher.
#include "firmware/lib/print.h"
#include "firmware/lib/uart.h"
#include "kernel/arch/clint.h"
#include "kernel/arch/riscv.h"
#include "kernel/kernel.h"

extern "C" {
void kernel_trap_vector();
[[noreturn]] void kernel_restore(pegasus::kernel::Context* ctx);
}

namespace pegasus::kernel {
// Figures measured before any domain runs; only the benchmark image defines it.
__attribute__((weak)) void BootBenchmarks() {}
}  // namespace pegasus::kernel

int main() {
  using namespace pegasus;
  using namespace pegasus::kernel;
  fw::UartInit(1);                                                // console
  arch::Write_mtvec(reinterpret_cast<uintptr_t>(&kernel_trap_vector) | 1);  // vectored
  arch::EnableUserCounters();                    // domains may read the counters
  arch::SetTimer(kForever);                      // no timer until the first decision
  arch::ClearSoftwareInterrupt();
  arch::Write_mie(arch::kIrqMachineTimer | arch::kIrqMachineSoftware);
  arch::Clear_mstatus(arch::kMstatusMppMask);    // mret enters user mode (dispatch.h Enter)
  fw::Print("Nemesis kernel: image ");
  fw::Print(kBootImage.name);
  fw::Print("\nkernel: PMP: ");
  fw::PrintDec(static_cast<uint32_t>(arch::PmpEntriesPresent()));
  fw::Print(" entries, granule ");
  fw::PrintDec(arch::PmpGranuleBytes());
  fw::Print(" bytes\n");
  BootBenchmarks();                              // only in the benchmark image
  CreateDomains(kBootImage, arch::Now());        // domains, PMP sets, channels
  kernel_restore(Reschedule());                  // first decision; never returns
}
