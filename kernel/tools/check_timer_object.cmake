# Fails the build if the timer handler's object (timer.cc, compiled with s1-s11
# call-clobbered) defines any global or weak symbol other than KernelTimer: such a
# function could be linked in for callers that expect the ordinary convention.
# Usage: cmake -DOBJDUMP=<objdump> -DOBJECTS=<object files> -P check_timer_object.cmake
execute_process(COMMAND ${OBJDUMP} -t ${OBJECTS} OUTPUT_VARIABLE table RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_timer_object: ${OBJDUMP} -t failed on ${OBJECTS}")
endif()
string(REPLACE "\n" ";" lines "${table}")
set(found FALSE)
foreach(line IN LISTS lines)
  # "<value> <flags> <section>\t<size> <name>": global (g) or weak (w), not undefined.
  if(line MATCHES "^[0-9a-f]+ ([gw]) .* ([^ \t]+)\t[0-9a-f]+ (.+)$")
    set(section "${CMAKE_MATCH_2}")
    set(name "${CMAKE_MATCH_3}")
    if(NOT section STREQUAL "*UND*")
      if(name STREQUAL "KernelTimer")
        set(found TRUE)
      else()
        message(FATAL_ERROR "check_timer_object: timer.cc defines ${name}; "
                            "only KernelTimer may be built without callee-saved registers")
      endif()
    endif()
  endif()
endforeach()
if(NOT found)
  message(FATAL_ERROR "check_timer_object: KernelTimer not found in ${OBJECTS}")
endif()
