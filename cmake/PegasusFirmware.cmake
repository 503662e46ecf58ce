# The firmware images (firmware/), cross-built as a sub-build of the main project.
# Images land in build/cmake/firmware/<app>/<app>.elf.
include(cmake/PegasusCross.cmake)
set(PEGASUS_FIRMWARE_DIR "${CMAKE_BINARY_DIR}/firmware")
pegasus_cross_project(firmware
  SOURCE_DIR "${CMAKE_SOURCE_DIR}/firmware"
  BINARY_DIR "${PEGASUS_FIRMWARE_DIR}"
  BUILD_TYPE MinSizeRel)
