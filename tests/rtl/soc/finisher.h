/* finisher.h: the end of a SoC test program, through the test finisher (sifive_test).
 * finish_pass: PASS, then halt. finish_fail: FAIL with the failing check's number (s11)
 * in bits 31:16, then halt. Both use t0..t2. Included by the test programs (.S). */
#ifndef PEGASUS_TESTS_RTL_SOC_FINISHER_H_
#define PEGASUS_TESTS_RTL_SOC_FINISHER_H_
#include "pegasus/memory_map.h"

  .macro finish_pass
  li t0, PEGASUS_TEST_FINISHER_BASE
  li t1, PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS
  sw t1, 0(t0)
1000: j 1000b
  .endm

  .macro finish_fail
  li t0, PEGASUS_TEST_FINISHER_BASE
  slli t1, s11, 16
  li t2, PEGASUS_TEST_FINISHER_FINISH_STATUS_FAIL
  or t1, t1, t2
  sw t1, 0(t0)
1001: j 1001b
  .endm

#endif  // PEGASUS_TESTS_RTL_SOC_FINISHER_H_
