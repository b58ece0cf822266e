#include "codeanatomy/extract/python/python_extractor.h"

#include <algorithm>
#include <cstring>

#include "codeanatomy/extract/python/file_extractor.h"
#include "codeanatomy/extract/python/python_runtime.h"
#include "codeanatomy/extract/python/worker_pool.h"
#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::extract::python {

PythonTables::PythonTables()
    : sym_scopes(schema::GetTable("sym_scopes").NewTable()),
      sym_symbols(schema::GetTable("sym_symbols").NewTable()),
      sym_scope_edges(schema::GetTable("sym_scope_edges").NewTable()),
      sym_namespace_edges(schema::GetTable("sym_namespace_edges").NewTable()),
      bc_code_units(schema::GetTable("bc_code_units").NewTable()),
      bc_instructions(schema::GetTable("bc_instructions").NewTable()),
      bc_exception_table(schema::GetTable("bc_exception_table").NewTable()),
      bc_blocks(schema::GetTable("bc_blocks").NewTable()),
      bc_cfg_edges(schema::GetTable("bc_cfg_edges").NewTable()),
      ast_nodes(schema::GetTable("ast_nodes").NewTable()),
      ast_edges(schema::GetTable("ast_edges").NewTable()),
      diagnostics(schema::NewDiagnosticsTable()) {}

std::vector<base::Table*> PythonTables::All() {
  return {&sym_scopes,    &sym_symbols,     &sym_scope_edges,    &sym_namespace_edges,
          &bc_code_units, &bc_instructions, &bc_exception_table, &bc_blocks,
          &bc_cfg_edges,  &ast_nodes,       &ast_edges,          &diagnostics};
}

std::vector<const base::Table*> PythonTables::All() const {
  auto tables = const_cast<PythonTables*>(this)->All();
  return {tables.begin(), tables.end()};
}

std::vector<std::pair<std::string_view, const base::Table*>> PythonTables::EvidenceTables() const {
  return {{"sym_scopes", &sym_scopes},
          {"sym_symbols", &sym_symbols},
          {"sym_scope_edges", &sym_scope_edges},
          {"sym_namespace_edges", &sym_namespace_edges},
          {"bc_code_units", &bc_code_units},
          {"bc_instructions", &bc_instructions},
          {"bc_exception_table", &bc_exception_table},
          {"bc_blocks", &bc_blocks},
          {"bc_cfg_edges", &bc_cfg_edges},
          {"ast_nodes", &ast_nodes},
          {"ast_edges", &ast_edges}};
}

void PythonTables::Append(const PythonTables& other) {
  auto mine = All();
  auto theirs = other.All();
  for (size_t i = 0; i < mine.size(); ++i) {
    if (theirs[i]->num_rows() > 0) mine[i]->AppendTable(*theirs[i]);
  }
}

size_t PythonTables::TotalRows() const {
  size_t rows = 0;
  for (const base::Table* t : All()) rows += t->num_rows();
  return rows;
}

void PythonTables::SerializeTo(std::string* out) const {
  for (const base::Table* t : All()) {
    const size_t at = out->size();
    out->append(sizeof(uint64_t), '\0');
    t->SerializeTo(out);
    const uint64_t length = out->size() - at - sizeof(uint64_t);
    std::memcpy(out->data() + at, &length, sizeof(length));
  }
}

bool PythonTables::Deserialize(std::string_view bytes, PythonTables* out) {
  PythonTables result;
  for (base::Table* t : result.All()) {
    uint64_t length = 0;
    if (bytes.size() < sizeof(length)) return false;
    std::memcpy(&length, bytes.data(), sizeof(length));
    bytes.remove_prefix(sizeof(length));
    if (bytes.size() < length) return false;
    base::Table table;
    if (!base::Table::Deserialize(bytes.substr(0, length), &table)) return false;
    if (!(table.schema() == t->schema())) return false;
    *t = std::move(table);
    bytes.remove_prefix(length);
  }
  if (!bytes.empty()) return false;
  *out = std::move(result);
  return true;
}

void PythonStats::Add(const PythonStats& o) {
  parse_cpu_seconds += o.parse_cpu_seconds;
  compile_cpu_seconds += o.compile_cpu_seconds;
  symtable_cpu_seconds += o.symtable_cpu_seconds;
  decode_cpu_seconds += o.decode_cpu_seconds;
  ast_cpu_seconds += o.ast_cpu_seconds;
  transfer_cpu_seconds += o.transfer_cpu_seconds;
  files += o.files;
  files_without_rows += o.files_without_rows;
  workers_started += o.workers_started;
  workers_replaced += o.workers_replaced;
  max_worker_rss_bytes = std::max(max_worker_rss_bytes, o.max_worker_rss_bytes);
}

std::string_view CPythonVersion() { return PY_VERSION; }

base::Result<PythonResult> ExtractFiles(std::span<const source::SourceFile> files,
                                        const PythonOptions& options) {
  if (options.workers > 0) return RunWorkers(files, options);

  CA_ASSIGN_OR_RETURN(PythonRuntime * runtime, PythonRuntime::Get());
  PythonResult result;
  PythonGil gil;
  const int gc_was_enabled = PyGC_Disable();
  for (const auto& file : files) {
    if (file.status != "ok") continue;
    PythonTables one;
    ExtractFile(*runtime, {file.file_id, file.path, &file.text}, Steps::Of(options), &one,
                &result.stats);
    result.tables.Append(one);
  }
  if (gc_was_enabled) PyGC_Enable();
  return result;
}

}  // namespace codeanatomy::extract::python
