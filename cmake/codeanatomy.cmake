# Helpers shared by every stage folder. One stage = one folder = one library target = one namespace.

# ca_library(NAME SOURCES... [DEPS targets...]) — a stage library `ca_<NAME>`.
function(ca_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(ca_${name} STATIC ${ARG_SOURCES})
  target_include_directories(ca_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(ca_${name} PRIVATE ${CA_WARNINGS})
  target_link_libraries(ca_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# ca_test(NAME SOURCES... DEPS targets...) — a GoogleTest binary `NAME`, tests discovered by ctest.
function(ca_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${CA_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} ca_testing GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    CA_SOURCE_DIR="${PROJECT_SOURCE_DIR}" CA_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES ENVIRONMENT "CA_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# codeanatomy/version.h: tool version, git commit and grammar version, refreshed on every build.
set(CA_GENERATED_DIR ${PROJECT_BINARY_DIR}/generated)
add_custom_target(ca_version_header
  COMMAND ${CMAKE_COMMAND} -DSRC=${PROJECT_SOURCE_DIR} -DVERSION=${PROJECT_VERSION}
          -DGRAMMAR_VERSION=${CA_TREE_SITTER_PYTHON_VERSION}
          -DOUT=${CA_GENERATED_DIR}/codeanatomy/version.h -P ${PROJECT_SOURCE_DIR}/cmake/version.cmake
  BYPRODUCTS ${CA_GENERATED_DIR}/codeanatomy/version.h
  COMMENT "" VERBATIM)
