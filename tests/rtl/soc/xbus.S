/* xbus: the external devices bus (soc_top's xbus_* port) from the core, against the
 * C++ device of soc_test.cc's ExternalBusReachesDevicesAndEndsEveryAccess: a word
 * written to the switch's TBL_KEY and read back, a byte store to the camera's CTRL
 * (lane 1), a read of the display's ID answered after wait states; an access the device
 * answers with ERR (load access fault), one it never answers (store access fault after
 * the timeout), and one to TIMESTAMP, a region the SoC does not map (fault at once,
 * never on the bus); then the bus still works. Ends through `tohost` with the number
 * of the first failed check (0: all passed). */
#include "pegasus/memory_map.h"
#include "skip_trap.h"
  .section .text.start, "ax"
  .globl _start
_start:
  skip_trap_init
  li s11, 1
  li t0, PEGASUS_SWITCH_TBL_KEY_ADDR
  li t1, 0x01234560
  sw t1, 0(t0)
  lw t2, 0(t0)
  bne t1, t2, fail
  bnez s1, fail
  li s11, 2
  li t0, PEGASUS_CAMERA_CTRL_ADDR
  li t1, 0xA5
  sb t1, 1(t0)
  bnez s1, fail
  li s11, 3
  li t0, PEGASUS_DISPLAY_ID_ADDR
  lw t2, 0(t0)
  li t1, PEGASUS_DISPLAY_ID_RESET
  bne t1, t2, fail
  li s11, 4
  li t0, PEGASUS_AUDIO_CTRL_ADDR
  lw t2, 0(t0)                  /* the device answers ERR */
  li t1, 1
  bne s1, t1, fail
  li t1, CAUSE_LOAD_FAULT
  bne s2, t1, fail
  li s11, 5
  li t0, PEGASUS_AUDIO_IRQ_STATUS_ADDR
  sw t1, 0(t0)                  /* the device never answers */
  li t1, 2
  bne s1, t1, fail
  li t1, CAUSE_STORE_FAULT
  bne s2, t1, fail
  li s11, 6
  li t0, PEGASUS_TIMESTAMP_ID_ADDR
  lw t2, 0(t0)                  /* not mapped in the SoC */
  li t1, 3
  bne s1, t1, fail
  li t1, CAUSE_LOAD_FAULT
  bne s2, t1, fail
  li s11, 7
  li t0, PEGASUS_SWITCH_TBL_KEY_ADDR
  lw t2, 0(t0)
  li t1, 0x01234560
  bne t1, t2, fail
  li s11, 0
fail:
  la t0, tohost
  slli t1, s11, 1
  ori t1, t1, 1
  sw t1, 0(t0)
1: j 1b

  skip_trap_handler

  .data
  .align 3
  .globl tohost
tohost: .word 0, 0
