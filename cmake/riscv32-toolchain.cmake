# Cross toolchain for the Pegasus soft core and QEMU virt: RV32IM + Zicsr, ILP32,
# freestanding C++ (no exceptions, no RTTI, no hosted library), Debian's
# gcc-riscv64-unknown-elf (a multilib compiler that also targets RV32).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(PEGASUS_RISCV_PREFIX riscv64-unknown-elf- CACHE STRING "RISC-V cross tool prefix")
find_program(CMAKE_C_COMPILER ${PEGASUS_RISCV_PREFIX}gcc REQUIRED)
find_program(CMAKE_CXX_COMPILER ${PEGASUS_RISCV_PREFIX}g++ REQUIRED)
set(CMAKE_ASM_COMPILER ${CMAKE_C_COMPILER})
find_program(PEGASUS_OBJCOPY ${PEGASUS_RISCV_PREFIX}objcopy REQUIRED)
find_program(PEGASUS_OBJDUMP ${PEGASUS_RISCV_PREFIX}objdump REQUIRED)
find_program(PEGASUS_SIZE ${PEGASUS_RISCV_PREFIX}size REQUIRED)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(_arch "-march=rv32im_zicsr -mabi=ilp32 -mcmodel=medany")
set(CMAKE_C_FLAGS_INIT "${_arch} -ffreestanding -ffunction-sections -fdata-sections")
set(CMAKE_CXX_FLAGS_INIT
    "${_arch} -ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${_arch}")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "${_arch} -nostartfiles -nostdlib -Wl,--gc-sections -Wl,--no-warn-rwx-segments")

# libgcc for RV32IM/ILP32 by path: with "_zicsr" in -march the compiler matches none
# of its multilib variants and would link the default (64-bit) libgcc, which fails as
# soon as a 64-bit division helper is needed.
execute_process(
  COMMAND ${CMAKE_C_COMPILER} -march=rv32im -mabi=ilp32 -print-libgcc-file-name
  OUTPUT_VARIABLE PEGASUS_RV32_LIBGCC OUTPUT_STRIP_TRAILING_WHITESPACE)
