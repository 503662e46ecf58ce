# The memory and register map, generated from its one source (rtl/soc/memory_map.yaml)
# into the build tree: a Verilog include, a C/C++ header and a linker-script fragment.
# doc/memory_map.md is generated into the source tree by the same step, so a changed
# address reaches every consumer with one build.
set(PEGASUS_MAP_YAML "${CMAKE_SOURCE_DIR}/rtl/soc/memory_map.yaml")
set(PEGASUS_GEN_DIR "${CMAKE_BINARY_DIR}/gen")
set(PEGASUS_MAP_VH "${PEGASUS_GEN_DIR}/rtl/pegasus_memory_map.vh")
set(PEGASUS_MAP_H "${PEGASUS_GEN_DIR}/include/pegasus/memory_map.h")
set(PEGASUS_MAP_LD "${PEGASUS_GEN_DIR}/ld/memory_map.ld")
set(PEGASUS_MAP_DOC "${CMAKE_SOURCE_DIR}/doc/memory_map.md")
set(PEGASUS_MAP_GENERATOR "${CMAKE_SOURCE_DIR}/scripts/gen_memory_map.py")

set(_map_args --yaml "${PEGASUS_MAP_YAML}" --verilog "${PEGASUS_MAP_VH}"
    --header "${PEGASUS_MAP_H}" --linker "${PEGASUS_MAP_LD}" --doc "${PEGASUS_MAP_DOC}")

# Generated at configure time too, so that Verilator (which runs while configuring)
# and the firmware sub-build find the files on a first build.
execute_process(COMMAND "${PEGASUS_PYTHON}" "${PEGASUS_MAP_GENERATOR}" ${_map_args}
                RESULT_VARIABLE _map_rc)
if(_map_rc)
  message(FATAL_ERROR "memory map generation failed; see the message above")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${PEGASUS_MAP_YAML}" "${PEGASUS_MAP_GENERATOR}")

add_custom_command(
  OUTPUT "${PEGASUS_MAP_VH}" "${PEGASUS_MAP_H}" "${PEGASUS_MAP_LD}"
  COMMAND "${PEGASUS_PYTHON}" "${PEGASUS_MAP_GENERATOR}" ${_map_args}
  DEPENDS "${PEGASUS_MAP_YAML}" "${PEGASUS_MAP_GENERATOR}"
  COMMENT "Generating the memory map from rtl/soc/memory_map.yaml")
add_custom_target(pegasus_memory_map_gen ALL
                  DEPENDS "${PEGASUS_MAP_VH}" "${PEGASUS_MAP_H}" "${PEGASUS_MAP_LD}")

# Header-only target that C++ code links to get <pegasus/memory_map.h>.
add_library(pegasus_memory_map INTERFACE)
target_include_directories(pegasus_memory_map INTERFACE "${PEGASUS_GEN_DIR}/include")
add_dependencies(pegasus_memory_map pegasus_memory_map_gen)
