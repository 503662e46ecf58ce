# add_rtl_test(): a Verilated model plus GoogleTest, registered with CTest.
#
#   add_rtl_test(<name>
#     TOP <module>                 # top module; its file is found under rtl/*/
#     TESTS <cc...>                # GoogleTest sources (may be shared between names)
#     [PARAMS <Name=Value>...]     # top-level parameter overrides (-G)
#     [SOURCES <v...>]             # extra RTL files; other modules come from -y rtl/*/
#     [LIBS <targets...>]          # extra C++ libraries
#     [VERILATOR_ARGS <args...>])
#
# Each <name> gets its own model class V<name> (the prefix), so one module can be
# tested at several parameter sets in one build. The test sources see
#   PEGASUS_RTL_MODEL   the model class, e.g. Vcrc32_word
#   PEGASUS_RTL_HEADER  its header, e.g. "Vcrc32_word.h"
#   PEGASUS_PARAM_<Name> each PARAMS value
# Models are built with -Wall --assert and FST tracing compiled in (switched on at
# run time by --trace or PEGASUS_TRACE; see sim_cpp/harness/sim_options.h).
file(GLOB PEGASUS_RTL_IP_DIRS LIST_DIRECTORIES true "${CMAKE_SOURCE_DIR}/rtl/*")
list(FILTER PEGASUS_RTL_IP_DIRS EXCLUDE REGEX "/(boards)$")
set(_rtl_dirs)
foreach(dir ${PEGASUS_RTL_IP_DIRS})
  if(IS_DIRECTORY "${dir}")
    list(APPEND _rtl_dirs "${dir}")
  endif()
endforeach()
set(PEGASUS_RTL_IP_DIRS ${_rtl_dirs})
file(GLOB PEGASUS_RTL_WAIVERS "${CMAKE_SOURCE_DIR}/rtl/*/*.vlt")

add_library(pegasus_sim_harness STATIC
  "${CMAKE_SOURCE_DIR}/sim_cpp/harness/sim_options.cc"
  "${CMAKE_SOURCE_DIR}/sim_cpp/harness/sim_harness.cc")
target_include_directories(pegasus_sim_harness PUBLIC "${CMAKE_SOURCE_DIR}")
# As system headers, so that -Wextra in test code does not report Verilator's own.
target_include_directories(pegasus_sim_harness SYSTEM PUBLIC
  "${VERILATOR_ROOT}/include" "${VERILATOR_ROOT}/include/vltstd")
target_compile_options(pegasus_sim_harness PRIVATE ${PEGASUS_WARNINGS})

# The Verilator runtime (verilated.cpp, FST writer, threads), compiled once for every
# model instead of once per model as verilate() would: all Pegasus models share the
# same settings (FST tracing, no coverage, no SystemC at this level).
find_package(ZLIB REQUIRED)
add_library(pegasus_verilated STATIC
  "${VERILATOR_ROOT}/include/verilated.cpp"
  "${VERILATOR_ROOT}/include/verilated_fst_c.cpp"
  "${VERILATOR_ROOT}/include/verilated_threads.cpp")
target_include_directories(pegasus_verilated SYSTEM PUBLIC
  "${VERILATOR_ROOT}/include" "${VERILATOR_ROOT}/include/vltstd")
target_compile_definitions(pegasus_verilated PRIVATE
  VM_COVERAGE=0 VM_SC=0 VM_TRACE=1 VM_TRACE_VCD=0 VM_TRACE_FST=1)
target_compile_options(pegasus_verilated PRIVATE -O2 -w)
target_link_libraries(pegasus_verilated PUBLIC ZLIB::ZLIB Threads::Threads)

add_library(pegasus_rtl_gtest_main STATIC "${CMAKE_SOURCE_DIR}/sim_cpp/harness/gtest_main.cc")
target_link_libraries(pegasus_rtl_gtest_main PUBLIC pegasus_sim_harness GTest::gtest)

# pegasus_verilate(<target> TOP <module> [PARAMS ...] [SOURCES ...] [PREFIX ...]
#                  [MODEL_MACRO <NAME>])
# Verilates a module into an existing executable or library target. The first model
# of a target is named to its code by PEGASUS_RTL_MODEL / PEGASUS_RTL_HEADER (and its
# parameters by PEGASUS_PARAM_<Name>); a further model in the same target (a loopback
# of two blocks, say) gives MODEL_MACRO, and its code sees <NAME>_MODEL, <NAME>_HEADER
# and <NAME>_PARAM_<Name> instead.
function(pegasus_verilate target)
  cmake_parse_arguments(ARG "" "TOP;PREFIX;MODEL_MACRO" "PARAMS;SOURCES;VERILATOR_ARGS" ${ARGN})
  set(_macro PEGASUS_RTL)
  set(_param_macro PEGASUS_PARAM)
  if(ARG_MODEL_MACRO)
    set(_macro ${ARG_MODEL_MACRO})
    set(_param_macro ${ARG_MODEL_MACRO}_PARAM)
  endif()
  file(GLOB _top_file "${CMAKE_SOURCE_DIR}/rtl/*/${ARG_TOP}.v")
  if(NOT _top_file)
    message(FATAL_ERROR "pegasus_verilate(${target}): no rtl/*/${ARG_TOP}.v")
  endif()
  if(NOT ARG_PREFIX)
    set(ARG_PREFIX "V${target}")
  endif()
  set(_gparams)
  foreach(p ${ARG_PARAMS})
    list(APPEND _gparams "-G${p}")
    string(REPLACE "=" ";" _kv "${p}")
    list(GET _kv 0 _k)
    list(GET _kv 1 _v)
    target_compile_definitions(${target} PRIVATE "${_param_macro}_${_k}=${_v}")
  endforeach()
  set(_ydirs)
  foreach(dir ${PEGASUS_RTL_IP_DIRS})
    list(APPEND _ydirs -y "${dir}")
  endforeach()
  verilate(${target}
    PREFIX ${ARG_PREFIX}
    TOP_MODULE ${ARG_TOP}
    TRACE_FST
    SOURCES ${PEGASUS_RTL_WAIVERS} ${_top_file} ${ARG_SOURCES}
    VERILATOR_ARGS -Wall --assert ${_ydirs} "-I${PEGASUS_GEN_DIR}/rtl" ${_gparams}
                   ${ARG_VERILATOR_ARGS}
    OPT_FAST -O2)
  target_compile_definitions(${target} PRIVATE
    "${_macro}_MODEL=${ARG_PREFIX}" "${_macro}_HEADER=\"${ARG_PREFIX}.h\"")
  # Take the runtime from pegasus_verilated rather than compiling it again here.
  get_target_property(_srcs ${target} SOURCES)
  list(FILTER _srcs EXCLUDE REGEX "^${VERILATOR_ROOT}/include/.*\\.cpp$")
  set_property(TARGET ${target} PROPERTY SOURCES ${_srcs})
  target_link_libraries(${target} PRIVATE pegasus_verilated)
  add_dependencies(${target} pegasus_memory_map_gen)
endfunction()

function(add_rtl_test name)
  cmake_parse_arguments(ARG "" "TOP" "TESTS;PARAMS;SOURCES;LIBS;VERILATOR_ARGS" ${ARGN})
  add_executable(${name} ${ARG_TESTS})
  set_property(SOURCE ${ARG_TESTS} APPEND PROPERTY COMPILE_OPTIONS ${PEGASUS_WARNINGS})
  target_include_directories(${name} PRIVATE "${CMAKE_SOURCE_DIR}")
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} pegasus_rtl_gtest_main Threads::Threads)
  pegasus_verilate(${name} TOP ${ARG_TOP} PARAMS ${ARG_PARAMS} SOURCES ${ARG_SOURCES}
                   VERILATOR_ARGS ${ARG_VERILATOR_ARGS})
  gtest_discover_tests(${name} TEST_PREFIX "${name}." DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS rtl)
endfunction()
