# interlock_instrument(<target> [EVENTS_ONLY])
#
# Builds <target> for `interlock run`: Interlock's pass plugin on every source, debug
# info, frame pointers, -O1 when the build type has no optimization, ThreadSanitizer
# (unless EVENTS_ONLY), and, for executables, the Interlock runtime linked in. Libraries
# get the instrumentation only; link them into an instrumented executable.
#
#   list(APPEND CMAKE_MODULE_PATH /path/to/interlock/cmake)   # or <prefix>/share/interlock/cmake
#   include(InterlockInstrument)
#   add_executable(server server.cpp)
#   interlock_instrument(server)
#
# The compiler must be Clang 19 (the plugin is built against it), e.g.
# -DCMAKE_CXX_COMPILER=clang++-19. INTERLOCK_LIB_DIR names the folder with
# InterlockInstrument.so and libinterlock_rt.a: an Interlock build's lib/ folder, or the
# install's lib folder (found by default next to this file's install location).
# docs/run.md has the details.

if(NOT DEFINED INTERLOCK_LIB_DIR)
  foreach(_candidate ${CMAKE_CURRENT_LIST_DIR}/../../../lib
                     ${CMAKE_CURRENT_LIST_DIR}/../../../lib64
                     ${CMAKE_CURRENT_LIST_DIR}/../build-dynamic/lib
                     ${CMAKE_CURRENT_LIST_DIR}/../build/lib)
    if(EXISTS ${_candidate}/InterlockInstrument.so)
      get_filename_component(_candidate ${_candidate} ABSOLUTE)
      set(INTERLOCK_LIB_DIR ${_candidate})
      break()
    endif()
  endforeach()
endif()
set(INTERLOCK_LIB_DIR "${INTERLOCK_LIB_DIR}" CACHE PATH
    "Folder with InterlockInstrument.so and libinterlock_rt.a")

function(interlock_instrument target)
  cmake_parse_arguments(ARG "EVENTS_ONLY" "" "" ${ARGN})
  set(plugin ${INTERLOCK_LIB_DIR}/InterlockInstrument.so)
  set(runtime ${INTERLOCK_LIB_DIR}/libinterlock_rt.a)
  if(NOT EXISTS ${plugin} OR NOT EXISTS ${runtime})
    message(FATAL_ERROR "interlock_instrument(${target}): no InterlockInstrument.so and "
                        "libinterlock_rt.a in INTERLOCK_LIB_DIR='${INTERLOCK_LIB_DIR}'")
  endif()
  foreach(lang C CXX)
    if(CMAKE_${lang}_COMPILER_LOADED AND NOT
       (CMAKE_${lang}_COMPILER_ID STREQUAL "Clang" AND
        CMAKE_${lang}_COMPILER_VERSION VERSION_GREATER_EQUAL 19 AND
        CMAKE_${lang}_COMPILER_VERSION VERSION_LESS 20))
      message(FATAL_ERROR "interlock_instrument(${target}): the ${lang} compiler must be "
                          "Clang 19 (found ${CMAKE_${lang}_COMPILER_ID} "
                          "${CMAKE_${lang}_COMPILER_VERSION}); use clang-19 or interlock-cc")
    endif()
  endforeach()
  set(flags -g -fno-omit-frame-pointer -fpass-plugin=${plugin})
  # The pass needs inlining to see the user's line behind std::mutex::lock.
  string(TOUPPER "${CMAKE_BUILD_TYPE}" build_type)
  if(build_type STREQUAL "" OR build_type STREQUAL "DEBUG")
    list(APPEND flags -O1)
  endif()
  if(NOT ARG_EVENTS_ONLY)
    list(APPEND flags -fsanitize=thread)
  endif()
  target_compile_options(${target} PRIVATE ${flags})
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE")
    if(NOT ARG_EVENTS_ONLY)
      target_link_options(${target} PRIVATE -fsanitize=thread)
    endif()
    # --whole-archive: the runtime's TSan callbacks must win over TSan's weak defaults.
    target_link_options(${target} PRIVATE
      "LINKER:--whole-archive" ${runtime} "LINKER:--no-whole-archive"
      "LINKER:--export-dynamic-symbol=__interlock_*")
    target_link_libraries(${target} PRIVATE pthread)
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${runtime})
  endif()
endfunction()
