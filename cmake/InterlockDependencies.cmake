# Every external dependency is found here, once, so the rest of the build names targets only.
# All of them come from Debian 12 packages; scripts/setup.sh installs them.

# LLVM 19.1.x's version file wants MAJOR.MINOR, so `find_package(LLVM 19)` fails: find by path
# and check the major version ourselves.
find_package(LLVM REQUIRED CONFIG HINTS /usr/lib/llvm-19/lib/cmake/llvm NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "Interlock needs LLVM 19, found ${LLVM_PACKAGE_VERSION} in ${LLVM_DIR}")
endif()
find_package(Clang REQUIRED CONFIG HINTS /usr/lib/llvm-19/lib/cmake/clang NO_DEFAULT_PATH)
message(STATUS "Interlock: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

set(INTERLOCK_LLVM_BIN ${LLVM_TOOLS_BINARY_DIR})
# A LibTooling binary outside the LLVM tree must be told where Clang's builtin headers are.
set(INTERLOCK_CLANG_RESOURCE_DIR ${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR})
if(NOT EXISTS ${INTERLOCK_CLANG_RESOURCE_DIR}/include/stddef.h)
  message(FATAL_ERROR "Clang resource directory not found at ${INTERLOCK_CLANG_RESOURCE_DIR}")
endif()
find_program(INTERLOCK_CLANGXX clang++ HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH REQUIRED)
find_program(INTERLOCK_CLANG clang HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH REQUIRED)

# Interfaces for our targets: LLVM headers as SYSTEM so their warnings are not ours.
add_library(interlock_llvm INTERFACE)
target_include_directories(interlock_llvm SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS})
target_compile_definitions(interlock_llvm INTERFACE ${LLVM_DEFINITIONS})
target_link_libraries(interlock_llvm INTERFACE LLVM)

add_library(interlock_clang INTERFACE)
target_include_directories(interlock_clang SYSTEM INTERFACE ${CLANG_INCLUDE_DIRS})
target_link_libraries(interlock_clang INTERFACE clang-cpp interlock_llvm)

find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
add_library(interlock_cli11 INTERFACE)
target_include_directories(interlock_cli11 SYSTEM INTERFACE ${CLI11_INCLUDE_DIR})

find_package(GTest REQUIRED)
find_package(Threads REQUIRED)
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(INTERLOCK_LIT ${LLVM_LIBRARY_DIR}/../build/utils/lit/lit.py)
if(NOT EXISTS ${INTERLOCK_LIT})
  message(FATAL_ERROR "lit not found at ${INTERLOCK_LIT} (Debian package llvm-19-tools)")
endif()
if(NOT EXISTS ${LLVM_TOOLS_BINARY_DIR}/FileCheck)
  message(FATAL_ERROR "FileCheck not found in ${LLVM_TOOLS_BINARY_DIR} (Debian package llvm-19-tools)")
endif()
