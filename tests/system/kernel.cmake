# The Nemesis kernel's test images (kernel/images/*), each on QEMU virt and on the
# soft core (as pegasus-sim builds the SoC, and as the UP5K build has it, with 4 KiB
# PMP granules). On QEMU they run under kernel/tools/qemu-icount (deterministic virtual
# time, see that file) through scripts/qemu_run.py; on the soft core under pegasus-sim
# (deterministic by nature) through scripts/run_expect.py. Both fail on a failing finisher
# status or a missing line.
if(PEGASUS_FIRMWARE)
  # kernel_system_test(<image> EXPECT <text>...): system_kernel_<image> on QEMU and,
  # when the simulator is built, system_soc_kernel_<image> on the soft core.
  function(kernel_system_test image)
    cmake_parse_arguments(ARG "" "" "EXPECT" ${ARGN})
    set(_elf "${PEGASUS_KERNEL_DIR}/kernel_${image}/kernel_${image}.elf")
    set(_expect)
    foreach(text ${ARG_EXPECT})
      list(APPEND _expect --expect "${text}")
    endforeach()
    list(APPEND _expect --expect "kernel: image passed")
    add_test(NAME system_kernel_${image}
      COMMAND "${PEGASUS_PYTHON}" "${CMAKE_SOURCE_DIR}/scripts/qemu_run.py" "${_elf}"
              --qemu "${CMAKE_SOURCE_DIR}/kernel/tools/qemu-icount" --timeout 50 ${_expect}
              --expect "kernel: PMP: 16 entries, granule 4 bytes")
    set_tests_properties(system_kernel_${image} PROPERTIES LABELS "system;kernel" TIMEOUT 60)
    if(TARGET pegasus-sim)
      add_test(NAME system_soc_kernel_${image}
        COMMAND "${PEGASUS_PYTHON}" "${CMAKE_SOURCE_DIR}/scripts/run_expect.py" ${_expect}
                --expect "kernel: PMP: 8 entries, granule 4 bytes"
                -- $<TARGET_FILE:pegasus-sim> --max-cycles=20000000 "${_elf}")
      set_tests_properties(system_soc_kernel_${image} PROPERTIES LABELS "system;kernel" TIMEOUT 120)
    endif()
    # The same image on the SoC as the UP5K build has it: 4 KiB PMP granules, the RAM
    # shared by fetches and loads (pegasus-sim-up5k).
    if(TARGET pegasus-sim-up5k)
      add_test(NAME system_soc_up5k_kernel_${image}
        COMMAND "${PEGASUS_PYTHON}" "${CMAKE_SOURCE_DIR}/scripts/run_expect.py" ${_expect}
                --expect "kernel: PMP: 8 entries, granule 4096 bytes"
                -- $<TARGET_FILE:pegasus-sim-up5k> --max-cycles=20000000 "${_elf}")
      set_tests_properties(system_soc_up5k_kernel_${image} PROPERTIES LABELS "system;kernel"
                           TIMEOUT 120)
    endif()
  endfunction()

  kernel_system_test(sched EXPECT
    "qos: refused: admitting video-hd (slice 25 ms / period 50 ms = 50%) would bring the guaranteed share to 102%, over the 95% bound by 7%"
    "audio: 200 periods, slice 1 ms"
    "video: 50 periods, slice 6 ms"
    "video: activations while disabled: 0"
    "hog took only slack")
  kernel_system_test(protect EXPECT
    "kernel: fault: domain reader load access fault"
    "kernel: fault: domain writer store access fault"
    "kernel: fault: domain jumper instruction access fault"
    "sink: read its read-only segment; writing it"
    "kernel: fault: domain sink store access fault"
    "trusted: privileged section read the CLINT"
    "trusted: trapped section returned -5 in user mode"
    "survivor: kept running through every fault")
  kernel_system_test(idc EXPECT
    "idc: 1000 calls answered"
    "driver: 20 interrupts arrived as events"
    "device: raised 20 interrupts")
  kernel_system_test(ppc EXPECT
    "client: 1000 protected calls answered"
    "client: a call from inside a call was refused"
    "client: the long call ran on the client's time only"
    "kernel: fault: domain fragile load access fault"
    "client: server stopped in a call; the call came back"
    "outsider: call without a gate refused")
  kernel_system_test(threads EXPECT
    "threads: waiter saw 10 events; workers ran 2 of 2")
endif()
