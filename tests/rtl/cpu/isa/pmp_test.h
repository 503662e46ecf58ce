/* pmp_test.h: what the PMP tests (pmp.S, pmp_granule.S) share: the pmpcfg bits, the
 * NAPOT encoding, where the test data lives and the switch to U-mode. Their trap
 * handlers continue at s5 (in M-mode) when it is set. */
#include "isa_test.h"
#define NAPOT(base, size) (((base) >> 2) | (((size) >> 3) - 1))
/* pmpcfg bits */
#define R 1
#define W 2
#define X 4
#define A_TOR 0x08
#define A_NA4 0x10
#define A_NAPOT 0x18
#define L 0x80
/* The image lives in the first 64 KiB of RAM; the test's data above it. */
#define IMAGE_SIZE 0x10000
#define DATA (PEGASUS_RAM_BASE + IMAGE_SIZE)

/* The trap the handler recorded: its mcause (s1) and mtval (s3). */
#define CHECK_TRAP(cause, tval) CHECK(s1, cause); CHECK(s3, tval)

/* Enter U-mode at label; the test continues at `back` when U-mode traps. */
#define TO_USER(label, back) \
  la s5, back;               \
  la t0, label;              \
  csrw mepc, t0;             \
  li t0, 0x1800;             \
  csrc mstatus, t0;          \
  mret
