# pegasus_cross_project(<target> SOURCE_DIR <dir> BINARY_DIR <dir> BUILD_TYPE <type>)
# A separate CMake project built with the RISC-V cross toolchain
# (cmake/riscv32-toolchain.cmake) as a sub-build of the main one, so one `make`
# builds host code, models and the RV32 images. The sub-project gets the generated
# memory-map folder (PEGASUS_GEN_DIR), the repository root (PEGASUS_ROOT) and ccache
# when it is installed. Used for firmware/ and kernel/.
include_guard(GLOBAL)
include(ExternalProject)
find_program(PEGASUS_RISCV_GXX riscv64-unknown-elf-g++)
if(NOT PEGASUS_RISCV_GXX)
  message(FATAL_ERROR "riscv64-unknown-elf-g++ not found: run scripts/setup "
                      "(Debian package gcc-riscv64-unknown-elf)")
endif()

function(pegasus_cross_project target)
  cmake_parse_arguments(ARG "" "SOURCE_DIR;BINARY_DIR;BUILD_TYPE" "" ${ARGN})
  set(_launcher)
  if(CCACHE_PROGRAM)
    set(_launcher "-DCMAKE_C_COMPILER_LAUNCHER=${CCACHE_PROGRAM}"
                  "-DCMAKE_CXX_COMPILER_LAUNCHER=${CCACHE_PROGRAM}")
  endif()
  ExternalProject_Add(${target}
    SOURCE_DIR "${ARG_SOURCE_DIR}"
    BINARY_DIR "${ARG_BINARY_DIR}"
    CMAKE_ARGS
      "-DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/riscv32-toolchain.cmake"
      "-DCMAKE_BUILD_TYPE=${ARG_BUILD_TYPE}"
      "-DPEGASUS_GEN_DIR=${PEGASUS_GEN_DIR}"
      "-DPEGASUS_ROOT=${CMAKE_SOURCE_DIR}"
      ${_launcher}
    CMAKE_GENERATOR "${CMAKE_GENERATOR}"
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    DEPENDS pegasus_memory_map_gen
    USES_TERMINAL_BUILD ON)
endfunction()
