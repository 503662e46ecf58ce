/* isa_test.h: the frame of every Pegasus ISA test (an assembly file that checks one
 * area of the core and runs unchanged on the Verilated SoC and on QEMU virt).
 * Registers: s11 holds the number of the current check, t6 is scratch for CHECK.
 * The test ends by writing PASS to the test finisher, or FAIL with CODE = s11;
 * an unexpected trap fails with CODE = 0x800 + s11. A test that takes traps on
 * purpose installs its own handler (TRAP_HANDLER) and restores mtvec. */
#include "pegasus/memory_map.h"

#define TEST(n) li s11, n
#define CHECK(reg, value) li t6, value; bne reg, t6, fail

/* Opens the test: start-up, then falls into the test body. */
#define TEST_BEGIN                 \
  .section .text.start, "ax";     \
  .globl _start;                  \
_start:                           \
  la sp, __stack_top;             \
  la t0, unexpected_trap;         \
  csrw mtvec, t0;                 \
  li s11, 0;

/* Closes the test: pass and fail exits and the default trap handler. */
#define TEST_END                                          \
pass:                                                     \
  li t0, PEGASUS_TEST_FINISHER_BASE;                      \
  li t1, PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS;        \
  sw t1, 0(t0);                                           \
1: j 1b;                                                  \
unexpected_trap:                                          \
  li t0, 0x800;                                           \
  add s11, s11, t0;                                       \
fail:                                                     \
  li t0, PEGASUS_TEST_FINISHER_BASE;                      \
  slli t1, s11, 16;                                       \
  li t2, PEGASUS_TEST_FINISHER_FINISH_STATUS_FAIL;        \
  or t1, t1, t2;                                          \
  sw t1, 0(t0);                                           \
1: j 1b;
