# The Nemesis kernel images are a separate CMake project under kernel/, cross-built
# with the firmware toolchain (cmake/riscv32-toolchain.cmake) as a sub-build of the
# main one, like the firmware. Images land in build/<dir>/kernel/<image>/<image>.elf;
# tests/system/kernel.cmake runs them on QEMU.
set(PEGASUS_KERNEL_DIR "${CMAKE_BINARY_DIR}/kernel")
ExternalProject_Add(kernel_images
  SOURCE_DIR "${CMAKE_SOURCE_DIR}/kernel"
  BINARY_DIR "${PEGASUS_KERNEL_DIR}"
  CMAKE_ARGS
    "-DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/riscv32-toolchain.cmake"
    "-DCMAKE_BUILD_TYPE=Release"
    "-DPEGASUS_GEN_DIR=${PEGASUS_GEN_DIR}"
    "-DPEGASUS_ROOT=${CMAKE_SOURCE_DIR}"
    ${_fw_launcher}
  CMAKE_GENERATOR "${CMAKE_GENERATOR}"
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  DEPENDS pegasus_memory_map_gen
  USES_TERMINAL_BUILD ON)
