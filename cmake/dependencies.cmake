# Third-party targets. Debian packages come through pkg-config or their CMake configs; DuckDB and the
# tree-sitter-python grammar come from third_party/ (fetched by scripts/setup, never committed).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(GTest REQUIRED)
# Debian libprotobuf-dev/protobuf-compiler 3.21: decodes SCIP indexes (extract/scip, proto/scip.proto).
find_package(Protobuf REQUIRED)

pkg_check_modules(TREESITTER REQUIRED IMPORTED_TARGET tree-sitter)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
# libedit (BSD): line editing and history in `codeanatomy shell`.
pkg_check_modules(LIBEDIT REQUIRED IMPORTED_TARGET libedit)
# Not FindPython3: on these machines it can pick a pyenv interpreter. Debian's 3.11 via pkg-config.
pkg_check_modules(PYEMBED REQUIRED IMPORTED_TARGET python3-embed>=3.11)
# CPython linked statically (libpython3.X-pic.a, shipped by libpython3.X-dev next to its Makefile):
# extract/python parses each file once through internal functions (_PySymtable_Build,
# _PyParser_ASTFromString) that the shared library does not export. The archive needs what
# python3-config's LIBS / MODLIBS name: libexpat and zlib (pyexpat and zlib are built in), libm,
# libdl. No module is loaded from lib-dynload by the extractor, so nothing else is exported.
string(REGEX MATCH "^[0-9]+\\.[0-9]+" CA_PYTHON_MM "${PYEMBED_VERSION}")
find_file(CA_LIBPYTHON_PIC libpython${CA_PYTHON_MM}-pic.a
  PATHS /usr/lib/python${CA_PYTHON_MM}/config-${CA_PYTHON_MM}-${CMAKE_LIBRARY_ARCHITECTURE}
  NO_DEFAULT_PATH)
if(NOT CA_LIBPYTHON_PIC)
  message(FATAL_ERROR "libpython${CA_PYTHON_MM}-pic.a is missing: install libpython${CA_PYTHON_MM}-dev (scripts/setup does)")
endif()
find_library(CA_LIBEXPAT expat REQUIRED)
find_library(CA_LIBZ z REQUIRED)
add_library(cpython_static STATIC IMPORTED GLOBAL)
set_target_properties(cpython_static PROPERTIES
  IMPORTED_LOCATION ${CA_LIBPYTHON_PIC}
  INTERFACE_INCLUDE_DIRECTORIES "${PYEMBED_INCLUDE_DIRS}"
  INTERFACE_LINK_LIBRARIES "${CA_LIBEXPAT};${CA_LIBZ};m;dl;Threads::Threads")

set(CA_THIRD_PARTY ${PROJECT_SOURCE_DIR}/third_party)
if(NOT EXISTS ${CA_THIRD_PARTY}/duckdb/lib/libduckdb.so OR NOT EXISTS ${CA_THIRD_PARTY}/duckdb/include/duckdb.h)
  message(FATAL_ERROR "third_party/duckdb is missing: run scripts/setup")
endif()
add_library(duckdb SHARED IMPORTED GLOBAL)
set_target_properties(duckdb PROPERTIES
  IMPORTED_LOCATION ${CA_THIRD_PARTY}/duckdb/lib/libduckdb.so
  IMPORTED_NO_SONAME TRUE
  INTERFACE_INCLUDE_DIRECTORIES ${CA_THIRD_PARTY}/duckdb/include)
set(CMAKE_BUILD_RPATH ${CA_THIRD_PARTY}/duckdb/lib)

set(CA_TS_PYTHON ${CA_THIRD_PARTY}/tree-sitter-python/src)
if(NOT EXISTS ${CA_TS_PYTHON}/parser.c)
  message(FATAL_ERROR "third_party/tree-sitter-python is missing: run scripts/setup")
endif()
# The grammar's external scanner (0.23.6) saves each indentation column in one byte between
# parses of a region, so a block at column 256 or more (64 levels of 4 spaces; CPython allows 100
# levels) reads as column 0 and the rest of the file is a syntax error. We compile a copy that
# saves two bytes per column: the same scanner otherwise, checked against the pinned source.
file(READ ${CA_TS_PYTHON}/scanner.c CA_TS_SCANNER)
function(ca_patch_scanner from to)
  string(FIND "${CA_TS_SCANNER}" "${from}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "tree-sitter-python's scanner.c is not the pinned version (no '${from}'); "
                        "re-run scripts/setup")
  endif()
  string(REPLACE "${from}" "${to}" patched "${CA_TS_SCANNER}")
  set(CA_TS_SCANNER "${patched}" PARENT_SCOPE)
endfunction()
ca_patch_scanner(
  [=[for (; iter < scanner->indents.size && size < TREE_SITTER_SERIALIZATION_BUFFER_SIZE; ++iter) {
        buffer[size++] = (char)*array_get(&scanner->indents, iter);]=]
  [=[for (; iter < scanner->indents.size && size + 2 <= TREE_SITTER_SERIALIZATION_BUFFER_SIZE; ++iter) {
        uint16_t column = *array_get(&scanner->indents, iter);
        buffer[size++] = (char)(column & 0xff);
        buffer[size++] = (char)(column >> 8);]=])
ca_patch_scanner(
  [=[for (; size < length; size++) {
            array_push(&scanner->indents, (unsigned char)buffer[size]);]=]
  [=[for (; size + 2 <= length; size += 2) {
            array_push(&scanner->indents, (uint16_t)((unsigned char)buffer[size] |
                                                     ((unsigned char)buffer[size + 1] << 8)));]=])
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/generated/tree-sitter-python/scanner.c
     CONTENT "${CA_TS_SCANNER}" @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CA_TS_PYTHON}/scanner.c)
add_library(tree_sitter_python STATIC ${CA_TS_PYTHON}/parser.c
                                      ${CMAKE_BINARY_DIR}/generated/tree-sitter-python/scanner.c)
target_include_directories(tree_sitter_python PRIVATE ${CA_TS_PYTHON})
set_target_properties(tree_sitter_python PROPERTIES C_STANDARD 11)
target_compile_options(tree_sitter_python PRIVATE -w)

file(READ ${CA_THIRD_PARTY}/tree-sitter-python/package.json CA_TSP_PACKAGE_JSON)
string(JSON CA_TREE_SITTER_PYTHON_VERSION GET "${CA_TSP_PACKAGE_JSON}" version)
