# The Nemesis kernel images (kernel/), cross-built like the firmware. Images land in
# build/cmake/kernel/<image>/<image>.elf; tests/system/kernel.cmake runs them on QEMU
# and on the soft core.
include(cmake/PegasusCross.cmake)
set(PEGASUS_KERNEL_DIR "${CMAKE_BINARY_DIR}/kernel")
pegasus_cross_project(kernel_images
  SOURCE_DIR "${CMAKE_SOURCE_DIR}/kernel"
  BINARY_DIR "${PEGASUS_KERNEL_DIR}"
  BUILD_TYPE Release)
