// cputest: a self-checking firmware test of the processor, run on the soft core and on
// QEMU virt with the same expected output. It checks integer arithmetic and shifts,
// RV32M multiply and divide with the specification's corner cases (division by zero,
// signed overflow), loads and stores of every width and signedness, machine CSRs, and
// an ECALL / MRET round trip through its own trap handler. Prints one line per group
// and exits through the test finisher with the number of failed checks (0: pass).
#include <stdint.h>

#include "firmware/lib/csr.h"
#include "firmware/lib/mmio.h"
#include "firmware/lib/print.h"
#include "firmware/lib/uart.h"

// ECALL handler: returns a0 + 1 in a0 and mcause in a1, resumes after the ECALL.
// Any other trap goes to the start-up code's report (trap_entry in crt0.S).
asm(R"(
  .text
  .align 2
  .globl cputest_trap
cputest_trap:
  csrr  a1, mcause
  li    t0, 11
  bne   a1, t0, 1f
  addi  a0, a0, 1
  csrr  t0, mepc
  addi  t0, t0, 4
  csrw  mepc, t0
  mret
1:
  csrr  a0, mcause
  csrr  a1, mepc
  csrr  a2, mtval
  call  pegasus_trap
)");

extern "C" void cputest_trap();

namespace {

using namespace pegasus::fw;

int g_checks = 0;
int g_failed = 0;

void Check(const char* what, uint32_t got, uint32_t want) {
  ++g_checks;
  if (got == want) return;
  ++g_failed;
  Print("  FAIL ");
  Print(what);
  Print(": got ");
  PrintHex(got);
  Print(" want ");
  PrintHex(want);
  Print("\n");
}

// Values the compiler cannot fold.
uint32_t Opaque(uint32_t v) {
  asm volatile("" : "+r"(v));
  return v;
}

#define RV_OP(name, insn)                                   \
  uint32_t name(uint32_t a, uint32_t b) {                   \
    uint32_t r;                                             \
    asm volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); \
    return r;                                               \
  }
RV_OP(Mul, "mul")
RV_OP(Mulh, "mulh")
RV_OP(Mulhsu, "mulhsu")
RV_OP(Mulhu, "mulhu")
RV_OP(Div, "div")
RV_OP(Divu, "divu")
RV_OP(Rem, "rem")
RV_OP(Remu, "remu")
RV_OP(Sra, "sra")
RV_OP(Sll, "sll")
RV_OP(Srl, "srl")
RV_OP(Slt, "slt")
RV_OP(Sltu, "sltu")

void TestArithmetic() {
  Print("arithmetic\n");
  const uint32_t max = Opaque(0x7FFFFFFF);
  Check("add wraps", max + Opaque(1), 0x80000000);  // memory-map: not an address
  Check("sub wraps", Opaque(0) - Opaque(1), 0xFFFFFFFF);
  Check("sll uses 5 bits", Sll(Opaque(1), Opaque(35)), 8);
  Check("srl", Srl(Opaque(0x80000000), Opaque(31)), 1);  // memory-map: not an address
  Check("sra", Sra(Opaque(0x80000000), Opaque(31)), 0xFFFFFFFF);  // memory-map: not an address
  Check("slt", Slt(Opaque(0xFFFFFFFF), Opaque(0)), 1);
  Check("sltu", Sltu(Opaque(0xFFFFFFFF), Opaque(0)), 0);
  uint32_t fib_a = Opaque(0), fib_b = Opaque(1);
  for (int i = 0; i < 40; ++i) {
    const uint32_t t = fib_a + fib_b;
    fib_a = fib_b;
    fib_b = t;
  }
  Check("fibonacci(40)", fib_a, 102334155);
}

void TestMulDiv() {
  Print("multiply and divide\n");
  const uint32_t m1 = Opaque(0xFFFFFFFF);
  const uint32_t min = Opaque(0x80000000);  // memory-map: not an address
  const uint32_t zero = Opaque(0);
  Check("mul", Mul(Opaque(12345), Opaque(6789)), 83810205);
  Check("mulh -1*-1", Mulh(m1, m1), 0);
  Check("mulhu -1*-1", Mulhu(m1, m1), 0xFFFFFFFE);
  Check("mulhsu -1*-1", Mulhsu(m1, m1), 0xFFFFFFFF);
  Check("mulh min*min", Mulh(min, min), 0x40000000);  // memory-map: not an address
  Check("div", Div(Opaque(static_cast<uint32_t>(-7)), Opaque(2)), static_cast<uint32_t>(-3));
  Check("rem", Rem(Opaque(static_cast<uint32_t>(-7)), Opaque(2)), static_cast<uint32_t>(-1));
  Check("divu", Divu(Opaque(100), Opaque(7)), 14);
  Check("remu", Remu(Opaque(100), Opaque(7)), 2);
  Check("div by zero", Div(Opaque(5), zero), 0xFFFFFFFF);
  Check("divu by zero", Divu(Opaque(5), zero), 0xFFFFFFFF);
  Check("rem by zero", Rem(Opaque(static_cast<uint32_t>(-5)), zero), static_cast<uint32_t>(-5));
  Check("remu by zero", Remu(Opaque(5), zero), 5);
  Check("div overflow", Div(min, m1), 0x80000000);  // memory-map: not an address
  Check("rem overflow", Rem(min, m1), 0);
}

void TestMemory() {
  Print("loads and stores\n");
  static volatile uint32_t words[4];
  volatile uint8_t* bytes = reinterpret_cast<volatile uint8_t*>(words);
  volatile uint16_t* halves = reinterpret_cast<volatile uint16_t*>(words);
  volatile int8_t* sbytes = reinterpret_cast<volatile int8_t*>(words);
  volatile int16_t* shalves = reinterpret_cast<volatile int16_t*>(words);
  words[0] = 0x8081F0F1;
  Check("lbu 0", bytes[0], 0xF1);
  Check("lbu 3", bytes[3], 0x80);
  Check("lb 1", static_cast<uint32_t>(sbytes[1]), 0xFFFFFFF0);
  Check("lb 2", static_cast<uint32_t>(sbytes[2]), 0xFFFFFF81);
  Check("lhu 1", halves[1], 0x8081);
  Check("lh 0", static_cast<uint32_t>(shalves[0]), 0xFFFFF0F1);
  for (int i = 0; i < 8; ++i) bytes[4 + i] = static_cast<uint8_t>(0x10 + i);
  Check("sb x8", words[1], 0x13121110);
  Check("sb x8 hi", words[2], 0x17161514);
  halves[6] = 0xBEEF;
  halves[7] = 0xDEAD;
  Check("sh x2", words[3], 0xDEADBEEF);
}

void TestCsrs() {
  Print("control and status registers\n");
  csr::Write_mscratch(Opaque(0xCAFEF00D));
  Check("mscratch", csr::Read_mscratch(), 0xCAFEF00D);
  uint32_t old;
  asm volatile("csrrc %0, mscratch, %1" : "=r"(old) : "r"(Opaque(0xFFFF)));  // the instruction under test
  Check("csrrc old value", old, 0xCAFEF00D);
  Check("csrrc", csr::Read_mscratch(), 0xCAFE0000);
  Check("misa MXL", csr::Read_misa() >> 30, 1);
  Check("misa I", (csr::Read_misa() >> 8) & 1, 1);
  Check("misa M", (csr::Read_misa() >> 12) & 1, 1);
  Check("mhartid", csr::Read_mhartid(), 0);
  const uint32_t c0 = csr::Read_mcycle();
  const uint32_t i0 = csr::Read_minstret();
  Opaque(0);
  Check("mcycle counts", csr::Read_mcycle() != c0, 1);
  Check("minstret counts", csr::Read_minstret() != i0, 1);
}

void TestEcall() {
  Print("ecall and mret\n");
  const uint32_t old_mtvec = csr::Read_mtvec();
  csr::Write_mtvec(reinterpret_cast<uint32_t>(&cputest_trap));
  register uint32_t a0 asm("a0") = Opaque(41);
  register uint32_t a1 asm("a1") = 0;
  asm volatile("ecall" : "+r"(a0), "+r"(a1) : : "t0", "memory");
  const uint32_t result = a0;  // copy out before calls reuse a0/a1
  const uint32_t cause = a1;
  csr::Write_mtvec(old_mtvec);
  Check("ecall result", result, 42);
  Check("ecall mcause", cause, 11);
  Check("mstatus.MPP after mret", (csr::Read_mstatus() >> 11) & 3, 0);
}

}  // namespace

int main() {
  UartInit(1);                 // console
  Print("cputest: start\n");
  TestArithmetic();            // ALU, shifts, a loop
  TestMulDiv();                // RV32M with the corner cases
  TestMemory();                // every load and store width
  TestCsrs();                  // Zicsr and the machine CSRs
  TestEcall();                 // trap entry and MRET
  Print("cputest: ");
  PrintDec(static_cast<uint32_t>(g_checks - g_failed));
  Print(" of ");
  PrintDec(static_cast<uint32_t>(g_checks));
  Print(" checks passed\n");
  return g_failed;
}
