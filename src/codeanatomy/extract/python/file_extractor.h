// codeanatomy/extract/python/file_extractor.h
//
// One file through the embedded interpreter (internal to extract/python): parse it once
// (one_parse.h), walk its symbol table, compile and decode its code objects and, optionally, walk
// its `ast`. Used in-process (0 workers) and by every worker process.
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

//! Which tables to fill (PythonOptions' symtable / bytecode / ast).
struct Steps {
  bool symtable = true;
  bool bytecode = true;
  bool ast = false;

  uint8_t ToByte() const { return (symtable ? 1 : 0) | (bytecode ? 2 : 0) | (ast ? 4 : 0); }
  static Steps FromByte(uint8_t b) { return Steps{(b & 1) != 0, (b & 2) != 0, (b & 4) != 0}; }
  static Steps Of(const PythonOptions& o) { return Steps{o.symtable, o.bytecode, o.ast}; }
};

//! Extracts `file` into `out`, which must be empty. Never fails: a file CPython cannot compile
//! leaves `out` with one diagnostic and no other rows. Adds the step times to `stats`. Without
//! the bytecode step nothing is compiled: the parse and the symbol table are the syntax check.
void ExtractFile(const PythonRuntime& runtime, const FileInput& file, const Steps& steps,
                 PythonTables* out, PythonStats* stats);

//! CPU time of the calling thread, in seconds.
double ThreadCpuSeconds();

//! The byte offset in `text` of the 1-based `line` and 1-based character `column` (code points,
//! as SyntaxError.offset counts them), with CPython's line breaks (\n, \r\n, \r). Clamped to the
//! text; `column` <= 0 means the start of the line.
int64_t ByteOffsetOfLineColumn(std::string_view text, int64_t line, int64_t column);

}  // namespace codeanatomy::extract::python
