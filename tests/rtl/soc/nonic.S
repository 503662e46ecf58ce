/* nonic: a SoC built without its NIC (soc_top Nic 0, the UP5K build): a load from the
 * NIC's ID register and a store to its CTRL register each take an access fault (load,
 * then store), as an address in no region does; the RAM still works after them. Ends
 * through the test finisher (finisher.h): PASS, or FAIL with the failed check. */
#include "pegasus/memory_map.h"
#include "finisher.h"
#include "skip_trap.h"
  .section .text.start, "ax"
  .globl _start
_start:
  skip_trap_init
  li s11, 1
  li t0, PEGASUS_NIC_ID_ADDR
  li t2, 0x5a5a5a5a
  lw t2, 0(t0)                  /* no NIC: load access fault, t2 kept */
  li t1, 1
  bne s1, t1, fail
  li t1, CAUSE_LOAD_FAULT
  bne s2, t1, fail
  bne s3, t0, fail
  li t1, 0x5a5a5a5a
  bne t1, t2, fail
  li s11, 2
  li t0, PEGASUS_NIC_CTRL_ADDR
  sw t1, 0(t0)                  /* store access fault */
  li t1, 2
  bne s1, t1, fail
  li t1, CAUSE_STORE_FAULT
  bne s2, t1, fail
  bne s3, t0, fail
  li s11, 3
  la t0, scratch
  li t1, 0x13572468
  sw t1, 0(t0)
  lw t2, 0(t0)
  bne t1, t2, fail
  li t1, 2
  bne s1, t1, fail
  finish_pass
fail:
  finish_fail

  skip_trap_handler

  .data
  .align 2
scratch: .word 0
