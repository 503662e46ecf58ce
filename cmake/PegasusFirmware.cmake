# The firmware images are a separate CMake project under firmware/, built with the
# RISC-V cross toolchain as a sub-build of the main one, so one `make` builds host
# code, models and firmware. Images land in build/cmake/firmware/<app>/<app>.elf.
include(ExternalProject)
find_program(PEGASUS_RISCV_GXX riscv64-unknown-elf-g++)
if(NOT PEGASUS_RISCV_GXX)
  message(FATAL_ERROR "riscv64-unknown-elf-g++ not found: run scripts/setup "
                      "(Debian package gcc-riscv64-unknown-elf)")
endif()
set(PEGASUS_FIRMWARE_DIR "${CMAKE_BINARY_DIR}/firmware")
set(_fw_launcher)
if(CCACHE_PROGRAM)
  set(_fw_launcher "-DCMAKE_C_COMPILER_LAUNCHER=${CCACHE_PROGRAM}"
                   "-DCMAKE_CXX_COMPILER_LAUNCHER=${CCACHE_PROGRAM}")
endif()
ExternalProject_Add(firmware
  SOURCE_DIR "${CMAKE_SOURCE_DIR}/firmware"
  BINARY_DIR "${PEGASUS_FIRMWARE_DIR}"
  CMAKE_ARGS
    "-DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/riscv32-toolchain.cmake"
    "-DCMAKE_BUILD_TYPE=MinSizeRel"
    "-DPEGASUS_GEN_DIR=${PEGASUS_GEN_DIR}"
    "-DPEGASUS_ROOT=${CMAKE_SOURCE_DIR}"
    ${_fw_launcher}
  CMAKE_GENERATOR "${CMAKE_GENERATOR}"
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  DEPENDS pegasus_memory_map_gen
  USES_TERMINAL_BUILD ON)
