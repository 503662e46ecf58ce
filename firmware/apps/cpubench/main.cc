// cpubench: CPI of the processor on small C++ kernels compiled at -O2: CRC-32, sorting,
// matrix multiply, string handling, and a loop interrupted by the machine timer every
// few hundred cycles. Each kernel is timed with mcycle and minstret; the program prints
// one line per kernel (cycles, instructions, CPI in thousandths) and exits with 0
// (rtl/cpu/README.md has the figures and their geometric mean). The numbers mean
// something on the soft core only: on QEMU mcycle is not a cycle count.
#include <stdint.h>

#include "firmware/lib/crc32.h"
#include "firmware/lib/csr.h"
#include "firmware/lib/mmio.h"
#include "firmware/lib/print.h"
#include "firmware/lib/uart.h"
#include "pegasus/memory_map.h"

// Timer interrupt handler: counts the interrupt and sets the next one `g_period`
// cycles of mtime later. Uses t0..t2 only, saved in a static area (no nesting).
asm(R"(
  .text
  .align 2
  .globl bench_timer_trap
bench_timer_trap:
  csrw  mscratch, t0
  la    t0, g_trap_save
  sw    t1, 0(t0)
  sw    t2, 4(t0)
  la    t1, g_ticks
  lw    t2, 0(t1)
  addi  t2, t2, 1
  sw    t2, 0(t1)
  la    t1, g_mtime_addr
  lw    t1, 0(t1)
  lw    t2, 0(t1)
  la    t1, g_period
  lw    t1, 0(t1)
  add   t2, t2, t1
  la    t1, g_mtimecmp_addr
  lw    t1, 0(t1)
  sw    t2, 0(t1)
  lw    t1, 0(t0)
  lw    t2, 4(t0)
  csrr  t0, mscratch
  mret
)");

extern "C" {
void bench_timer_trap();
volatile uint32_t g_ticks;
uint32_t g_period = 300;
uint32_t g_trap_save[2];
// Addresses for the handler (assembly cannot expand the memory-map macros here).
uint32_t g_mtime_addr = PEGASUS_CLINT_MTIME_LO_ADDR;
uint32_t g_mtimecmp_addr = PEGASUS_CLINT_MTIMECMP_LO_ADDR;
}

namespace {

using namespace pegasus::fw;

uint32_t g_seed = 12345;
uint32_t Rand() {
  g_seed = g_seed * 1664525u + 1013904223u;
  return g_seed;
}

uint8_t g_bytes[2048];
int32_t g_array[300];
int32_t g_a[16][16], g_b[16][16], g_c[16][16];
char g_text[512];
char g_copy[512];

uint32_t Crc() { return pegasus::fw::Crc32Aal5(g_bytes, sizeof(g_bytes)); }

void Quicksort(int32_t* a, int lo, int hi) {
  while (lo < hi) {
    const int32_t pivot = a[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i <= j) {
        const int32_t t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (j - lo < hi - i) {
      Quicksort(a, lo, j);
      lo = i;
    } else {
      Quicksort(a, i, hi);
      hi = j;
    }
  }
}

uint32_t Sort() {
  for (int32_t& v : g_array) v = static_cast<int32_t>(Rand());
  Quicksort(g_array, 0, 299);
  uint32_t ok = 1;
  for (int i = 1; i < 300; ++i) ok &= g_array[i - 1] <= g_array[i];
  return ok;
}

uint32_t Matmul() {
  for (int i = 0; i < 16; ++i) {
    for (int j = 0; j < 16; ++j) {
      int32_t s = 0;
      for (int k = 0; k < 16; ++k) s += g_a[i][k] * g_b[k][j];
      g_c[i][j] = s;
    }
  }
  return static_cast<uint32_t>(g_c[3][5]);
}

uint32_t Strings() {
  uint32_t total = 0;
  for (int round = 0; round < 8; ++round) {
    uint32_t n = 0;
    while (g_text[n] != '\0') ++n;                            // strlen
    for (uint32_t i = 0; i <= n; ++i) g_copy[i] = g_text[i];  // strcpy
    int cmp = 0;                                              // strcmp
    for (uint32_t i = 0; cmp == 0 && i <= n; ++i) cmp = g_copy[i] - g_text[i];
    uint32_t words = 0;                                       // count words, upper-case
    for (uint32_t i = 0; i < n; ++i) {
      const char c = g_copy[i];
      if (c == ' ') ++words;
      if (c >= 'a' && c <= 'z') g_copy[i] = static_cast<char>(c - 32);
    }
    total += n + words + static_cast<uint32_t>(cmp);
  }
  return total;
}

uint32_t InterruptLoop() {
  g_ticks = 0;
  const uint32_t old_mtvec = csr::Read_mtvec();
  csr::Write_mtvec(reinterpret_cast<uint32_t>(&bench_timer_trap));
  Write32(PEGASUS_CLINT_MTIMECMP_HI_ADDR, 0);
  Write32(PEGASUS_CLINT_MTIMECMP_LO_ADDR, Read32(PEGASUS_CLINT_MTIME_LO_ADDR) + g_period);
  csr::Write_mie(1u << 7);      // machine timer interrupt
  csr::Set_mstatus(1u << 3);    // MIE
  uint32_t x = 1;
  for (int i = 0; i < 20000; ++i) x = x * 3 + static_cast<uint32_t>(i);
  csr::Clear_mstatus(1u << 3);
  csr::Write_mie(0);
  Write32(PEGASUS_CLINT_MTIMECMP_HI_ADDR, 0xFFFFFFFF);
  csr::Write_mtvec(old_mtvec);
  return x + g_ticks * 0;
}

struct Kernel {
  const char* name;
  uint32_t (*run)();
};

}  // namespace

int main() {
  UartInit(1);                                           // console
  for (uint8_t& b : g_bytes) b = static_cast<uint8_t>(Rand());
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 16; ++j) {
      g_a[i][j] = static_cast<int32_t>(Rand() % 100);
      g_b[i][j] = static_cast<int32_t>(Rand() % 100);
    }
  const char* words = "the quick brown fox jumps over the lazy dog ";
  for (int i = 0, w = 0; i < 500; ++i) g_text[i] = words[w = (w + 1) % 44];
  g_text[500] = '\0';

  static const Kernel kernels[] = {{"crc", Crc}, {"sort", Sort}, {"matmul", Matmul},
                            {"string", Strings}, {"interrupts", InterruptLoop}};
  constexpr int kCount = sizeof kernels / sizeof kernels[0];
  uint32_t cpi[kCount];
  for (int k = 0; k < kCount; ++k) {
    const uint32_t c0 = csr::Read_mcycle();
    const uint32_t i0 = csr::Read_minstret();
    const uint32_t result = kernels[k].run();
    const uint32_t cycles = csr::Read_mcycle() - c0;
    const uint32_t insns = csr::Read_minstret() - i0;
    cpi[k] = cycles * 1000 / insns;  // kernels run well under 4M cycles
    Print("bench ");
    Print(kernels[k].name);
    Print(" cycles ");
    PrintDec(cycles);
    Print(" instructions ");
    PrintDec(insns);
    Print(" cpi_milli ");
    PrintDec(cpi[k]);
    Print(" result ");
    PrintHex(result);
    Print("\n");
  }
  Print("bench interrupts ");
  PrintDec(g_ticks);
  Print("\n");
  return 0;
}
