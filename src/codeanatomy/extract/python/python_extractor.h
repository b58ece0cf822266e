// codeanatomy/extract/python/python_extractor.h
//
// The python evidence layer: embedded CPython 3.11 (linked statically) parses each file's canonical
// text once and we read, from C++, its symbol table (sym_* tables), its code objects decoded
// natively (bc_* tables) and, on request, its `ast` (ast_* tables), all derived from that one
// parse (one_parse.h). Tables are declared in schema/tables_python.cc.
//
// The GIL rules out threads, so the work runs in worker processes: the running binary re-executed
// with the hidden first argument `__python-worker` (cli/main.cc hands it to WorkerMain). Files go
// to the workers over a socket, results come back as serialized tables and are reassembled in file
// order, so the rows do not depend on the number of workers. A worker that crashes or exceeds the
// per-file timeout costs its file a diagnostic; it is replaced and the run goes on. With 0 workers
// everything runs in this process (unit tests).
//
// A file CPython cannot compile (3.12 syntax, Python 2, NUL bytes) gets one diagnostic and no
// python-layer rows; the analysed code is never executed.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/source/repo_scan.h"

namespace codeanatomy::extract::python {

//! The python layer's tables, with the schemas declared in schema/tables_python.cc.
struct PythonTables {
  PythonTables();
  base::Table sym_scopes;
  base::Table sym_symbols;
  base::Table sym_scope_edges;
  base::Table sym_namespace_edges;
  base::Table bc_code_units;
  base::Table bc_instructions;
  base::Table bc_exception_table;
  base::Table bc_blocks;
  base::Table bc_cfg_edges;
  base::Table ast_nodes;
  base::Table ast_edges;
  base::Table diagnostics;

  //! (table name, table) for every evidence table above (diagnostics excluded), in a fixed order.
  std::vector<std::pair<std::string_view, const base::Table*>> EvidenceTables() const;
  void Append(const PythonTables& other);
  //! Total rows over all tables (diagnostics included).
  size_t TotalRows() const;
  //! Compact binary form for the worker protocol; Deserialize returns false on malformed bytes.
  void SerializeTo(std::string* out) const;
  static bool Deserialize(std::string_view bytes, PythonTables* out);

 private:
  std::vector<base::Table*> All();
  std::vector<const base::Table*> All() const;
};

struct PythonOptions {
  //! Worker processes; 0 runs CPython in this process.
  int workers = 0;
  //! Fill the sym_* tables (CPython's symbol table).
  bool symtable = true;
  //! Compile and fill the bc_* tables (the code objects, decoded natively).
  bool bytecode = true;
  //! Also fill ast_nodes / ast_edges (`ast` objects made from the same parse).
  bool ast = false;
  //! A file whose extraction takes longer gets a PY_WORKER_TIMEOUT diagnostic (workers only).
  double file_timeout_seconds = 300;
  //! Files sent ahead to each worker, so that it never waits for the parent between files (1:
  //! one at a time). When a worker dies, the oldest unanswered file gets the diagnostic and the
  //! others are sent to another worker.
  int requests_per_worker = 2;
  //! The binary started as a worker, with `__python-worker` as its first argument.
  std::string worker_executable = "/proc/self/exe";
  //! Test hook: called in the parent when file `file_index` goes to worker `pid`, just before
  //! it is sent.
  std::function<void(int pid, size_t file_index)> on_dispatch;
};

//! CPU seconds spent in each step, summed over files (and over workers).
struct PythonStats {
  double parse_cpu_seconds = 0;     // source -> AST, once per file
  double compile_cpu_seconds = 0;   // AST -> code object
  double symtable_cpu_seconds = 0;  // AST -> symbol table + the C++ walk
  double decode_cpu_seconds = 0;    // native decoding of every code object into rows
  double ast_cpu_seconds = 0;       // --ast: AST -> `ast` objects + the C++ walk
  double transfer_cpu_seconds = 0;  // workers: serialising results (worker side)
  int64_t files = 0;                // files handed to CPython
  int64_t files_without_rows = 0;   // files that got a python diagnostic instead of rows
  int64_t workers_started = 0;
  int64_t workers_replaced = 0;  // after a crash or a timeout
  int64_t max_worker_rss_bytes = 0;

  void Add(const PythonStats& other);
};

struct PythonResult {
  PythonTables tables;
  PythonStats stats;
};

//! Extracts every `ok` file. Rows come out in file order whatever the worker count. Fails only
//! when CPython or the workers cannot start at all; problems with single files are diagnostics.
base::Result<PythonResult> ExtractFiles(std::span<const source::SourceFile> files,
                                        const PythonOptions& options);

//! The hidden first argument that turns the binary into a worker.
inline constexpr std::string_view kWorkerArgument = "__python-worker";
//! The worker process: serves requests on stdin/stdout until EOF. Returns the exit code.
int WorkerMain(int argc, char** argv);

//! The CPython version the layer was built against (PY_VERSION, e.g. "3.11.2").
std::string_view CPythonVersion();

}  // namespace codeanatomy::extract::python
