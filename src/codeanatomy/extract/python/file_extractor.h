// codeanatomy/extract/python/file_extractor.h
//
// One file through the embedded interpreter (internal to extract/python): compile, walk the
// symbol table, decode the code objects and, optionally, walk the `ast`. Used in-process (0
// workers) and by every worker process.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "codeanatomy/extract/python/python_extractor.h"
#include "codeanatomy/extract/python/python_runtime.h"

namespace codeanatomy::extract::python {

struct FileInput {
  uint64_t file_id = 0;
  std::string_view path;
  //! The canonical UTF-8 text; NUL-terminated (std::string::c_str()).
  const std::string* text = nullptr;
};

//! Extracts `file` into `out`, which must be empty. Never fails: a file CPython cannot compile
//! leaves `out` with one diagnostic and no other rows. Adds the step times to `stats`.
void ExtractFile(const PythonRuntime& runtime, const FileInput& file, bool ast, PythonTables* out,
                 PythonStats* stats);

//! CPU time of the calling thread, in seconds.
double ThreadCpuSeconds();

//! The byte offset in `text` of the 1-based `line` and 1-based character `column` (code points,
//! as SyntaxError.offset counts them), with CPython's line breaks (\n, \r\n, \r). Clamped to the
//! text; `column` <= 0 means the start of the line.
int64_t ByteOffsetOfLineColumn(std::string_view text, int64_t line, int64_t column);

}  // namespace codeanatomy::extract::python
