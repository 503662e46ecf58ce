# Helpers for the project's own C++ (host libraries, tools and their tests).

# pegasus_cxx_target(<target>): the repository root as include root and the warnings.
function(pegasus_cxx_target target)
  target_include_directories(${target} PUBLIC "${CMAKE_SOURCE_DIR}")
  target_compile_options(${target} PRIVATE ${PEGASUS_WARNINGS})
endfunction()

# add_host_test(<name> SOURCES <cc...> [LIBS <targets...>])
# A GoogleTest executable for host code, built with ASan and UBSan when
# PEGASUS_SANITIZE is on, registered with CTest test by test.
function(add_host_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  pegasus_cxx_target(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main)
  if(PEGASUS_SANITIZE)
    target_compile_options(${name} PRIVATE ${PEGASUS_SANITIZER_FLAGS})
    target_link_options(${name} PRIVATE ${PEGASUS_SANITIZER_FLAGS})
  endif()
  gtest_discover_tests(${name} TEST_PREFIX "${name}." DISCOVERY_TIMEOUT 60)
endfunction()

# pegasus_host_library(<name> SOURCES <cc...> [LIBS <targets...>])
# A static library of host code. With PEGASUS_SANITIZE a second copy, <name>_san,
# is built with the sanitizers for the host tests to link.
function(pegasus_host_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  pegasus_cxx_target(${name})
  target_link_libraries(${name} PUBLIC ${ARG_LIBS})
  if(PEGASUS_SANITIZE)
    add_library(${name}_san STATIC ${ARG_SOURCES})
    pegasus_cxx_target(${name}_san)
    # Each library's sanitized copy where it has one, decided when the build is
    # generated, so a library may link one whose folder is configured after its own.
    set(_san_libs)
    foreach(lib ${ARG_LIBS})
      list(APPEND _san_libs "$<IF:$<TARGET_EXISTS:${lib}_san>,${lib}_san,${lib}>")
    endforeach()
    target_link_libraries(${name}_san PUBLIC ${_san_libs})
    target_compile_options(${name}_san PRIVATE ${PEGASUS_SANITIZER_FLAGS})
  else()
    add_library(${name}_san ALIAS ${name})
  endif()
endfunction()
