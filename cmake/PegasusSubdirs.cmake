# pegasus_add_subdirectories(): adds every child folder that has a CMakeLists.txt, in
# name order, so a new IP, library or test folder joins the build without editing a
# shared list.
function(pegasus_add_subdirectories)
  file(GLOB _children LIST_DIRECTORIES true RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}" "*")
  list(SORT _children)
  foreach(dir ${_children})
    if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt")
      add_subdirectory(${dir})
    endif()
  endforeach()
endfunction()
