#include "codeanatomy/extract/cst/cst_extractor.h"

#include <algorithm>
#include <optional>
#include <string>

#include <fmt/core.h>

#include "codeanatomy/base/check.h"
#include "codeanatomy/base/parallel.h"
#include "codeanatomy/extract/cst/cst_walker.h"
#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/schema/table_def.h"

extern "C" const TSLanguage* tree_sitter_python();

namespace codeanatomy::extract::cst {

CstTables::CstTables()
    : scopes(schema::GetTable("cst_scopes").NewTable()),
      defs(schema::GetTable("cst_defs").NewTable()),
      params(schema::GetTable("cst_params").NewTable()),
      name_refs(schema::GetTable("cst_name_refs").NewTable()),
      attributes(schema::GetTable("cst_attributes").NewTable()),
      imports(schema::GetTable("cst_imports").NewTable()),
      callsites(schema::GetTable("cst_callsites").NewTable()),
      decorators(schema::GetTable("cst_decorators").NewTable()),
      class_bases(schema::GetTable("cst_class_bases").NewTable()),
      assignments(schema::GetTable("cst_assignments").NewTable()),
      protocol_sites(schema::GetTable("cst_protocol_sites").NewTable()),
      exports(schema::GetTable("cst_exports").NewTable()),
      type_exprs(schema::GetTable("cst_type_exprs").NewTable()),
      docstrings(schema::GetTable("cst_docstrings").NewTable()),
      parse_errors(schema::GetTable("cst_parse_errors").NewTable()),
      exprs(schema::GetTable("cst_exprs").NewTable()),
      expr_parts(schema::GetTable("cst_expr_parts").NewTable()),
      arguments(schema::GetTable("cst_arguments").NewTable()),
      returns(schema::GetTable("cst_returns").NewTable()),
      targets(schema::GetTable("cst_targets").NewTable()),
      diagnostics(schema::NewDiagnosticsTable()) {}

namespace {

//! The evidence tables of CstTables with their declared names, in declaration order.
constexpr std::pair<std::string_view, base::Table CstTables::*> kEvidenceTables[] = {
    {"cst_scopes", &CstTables::scopes},
    {"cst_defs", &CstTables::defs},
    {"cst_params", &CstTables::params},
    {"cst_name_refs", &CstTables::name_refs},
    {"cst_attributes", &CstTables::attributes},
    {"cst_imports", &CstTables::imports},
    {"cst_callsites", &CstTables::callsites},
    {"cst_decorators", &CstTables::decorators},
    {"cst_class_bases", &CstTables::class_bases},
    {"cst_assignments", &CstTables::assignments},
    {"cst_protocol_sites", &CstTables::protocol_sites},
    {"cst_exports", &CstTables::exports},
    {"cst_type_exprs", &CstTables::type_exprs},
    {"cst_docstrings", &CstTables::docstrings},
    {"cst_parse_errors", &CstTables::parse_errors},
    {"cst_exprs", &CstTables::exprs},
    {"cst_expr_parts", &CstTables::expr_parts},
    {"cst_arguments", &CstTables::arguments},
    {"cst_returns", &CstTables::returns},
    {"cst_targets", &CstTables::targets},
};

}  // namespace

std::vector<std::pair<std::string_view, const base::Table*>> CstTables::Evidence() const {
  std::vector<std::pair<std::string_view, const base::Table*>> tables;
  for (const auto& [name, member] : kEvidenceTables) tables.emplace_back(name, &(this->*member));
  return tables;
}

void CstTables::Append(const CstTables& other) {
  for (const auto& [name, member] : kEvidenceTables) (this->*member).AppendTable(other.*member);
  diagnostics.AppendTable(other.diagnostics);
}

void CstTables::ReserveFor(size_t text_bytes) {
  // Rows per MiB of Python text, measured on the CPython 3.11 standard library, with headroom:
  // reserving more than is used costs address space, not memory (untouched pages stay unmapped).
  constexpr std::pair<base::Table CstTables::*, size_t> kRowsPerMiB[] = {
      {&CstTables::scopes, 2500},      {&CstTables::defs, 2300},
      {&CstTables::params, 4000},      {&CstTables::name_refs, 30000},
      {&CstTables::attributes, 10000}, {&CstTables::imports, 600},
      {&CstTables::callsites, 7500},   {&CstTables::assignments, 6000},
      {&CstTables::docstrings, 1000},  {&CstTables::protocol_sites, 600},
      {&CstTables::exprs, 60000},      {&CstTables::expr_parts, 15000},
      {&CstTables::arguments, 12000},  {&CstTables::returns, 2500},
      {&CstTables::targets, 8000},
  };
  for (const auto& [member, per_mib] : kRowsPerMiB) {
    base::Table& table = this->*member;
    const size_t rows = table.num_rows() + text_bytes * per_mib / (1 << 20) + 16;
    for (size_t c = 0; c < table.num_columns(); ++c) table.column(c).Reserve(rows);
  }
}

std::vector<size_t> CstTables::RowCounts() const {
  std::vector<size_t> rows;
  for (const auto& [name, member] : kEvidenceTables) rows.push_back((this->*member).num_rows());
  rows.push_back(diagnostics.num_rows());
  return rows;
}

void CstTables::TruncateTo(const std::vector<size_t>& rows) {
  CA_CHECK_EQ(rows.size(), std::size(kEvidenceTables) + 1);
  for (size_t k = 0; k < std::size(kEvidenceTables); ++k) {
    (this->*kEvidenceTables[k].second).Truncate(rows[k]);
  }
  diagnostics.Truncate(rows.back());
}

base::Result<CstExtractor> CstExtractor::Create() {
  CstExtractor extractor;
  extractor.parser_.reset(ts_parser_new());
  if (!ts_parser_set_language(extractor.parser_.get(), tree_sitter_python())) {
    return base::Status::FailedPrecondition(
        "the tree-sitter-python grammar (ABI {}) does not match the tree-sitter runtime (ABI {}); "
        "re-run scripts/setup",
        ts_language_version(tree_sitter_python()), TREE_SITTER_LANGUAGE_VERSION);
  }
  return extractor;
}

void CstExtractor::ExtractFile(const source::SourceFile& file, CstTables* out) {
  auto parse = [&](std::string_view text) {
    return base::TsTree(ts_parser_parse_string(parser_.get(), nullptr, text.data(),
                                               static_cast<uint32_t>(text.size())));
  };
  base::TsTree tree = parse(file.text);
  if (!tree) {
    schema::AppendDiagnostic(out->diagnostics, schema::DiagnosticCode::kCstParseFailed,
                             {.file_id = file.file_id,
                              .path = file.path,
                              .message = "tree-sitter returned no tree for this file"});
    return;
  }
  const std::vector<size_t> rows_before = out->RowCounts();
  const std::vector<uint32_t> misparsed = WalkFile(file, ts_tree_root_node(tree.get()), out);
  if (misparsed.empty()) return;
  // `type(x).attr = v` read as a type alias: parse again with those keywords masked.
  std::string masked = file.text;
  for (uint32_t offset : misparsed) {
    if (masked.compare(offset, 4, "type") == 0) masked[offset] = 'T';
  }
  base::TsTree reparsed = parse(masked);
  if (!reparsed) return;  // keep the first walk's rows
  out->TruncateTo(rows_before);
  WalkFile(file, ts_tree_root_node(reparsed.get()), out);
}

base::Result<CstTables> ExtractFiles(std::span<const source::SourceFile> files, int threads) {
  const size_t workers = std::min<size_t>(static_cast<size_t>(std::max(1, threads)),
                                          std::max<size_t>(files.size(), 1));
  std::vector<std::optional<CstExtractor>> extractors(workers);
  for (auto& e : extractors) {
    CA_ASSIGN_OR_RETURN(auto created, CstExtractor::Create());
    e.emplace(std::move(created));
  }
  // Contiguous chunks of about equal text size, several per worker and handed out dynamically;
  // each fills its own tables, concatenated in chunk order: rows come out in file order whatever
  // the thread count. One worker: one chunk, no copy.
  const size_t chunk_count = workers == 1 ? 1 : std::min(files.size(), workers * 8);
  size_t total_bytes = 0;
  for (const auto& f : files) total_bytes += f.text.size() + 1;
  std::vector<size_t> chunk_begin{0};
  size_t bytes = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    bytes += files[i].text.size() + 1;
    if (chunk_begin.size() < chunk_count &&
        bytes * chunk_count >= total_bytes * chunk_begin.size()) {
      chunk_begin.push_back(i + 1);
    }
  }
  chunk_begin.push_back(files.size());
  std::vector<CstTables> chunks(chunk_begin.size() - 1);
  base::ParallelFor(chunks.size(), static_cast<int>(workers), [&](size_t c, size_t worker) {
    size_t chunk_bytes = 0;
    for (size_t i = chunk_begin[c]; i < chunk_begin[c + 1]; ++i)
      chunk_bytes += files[i].text.size();
    chunks[c].ReserveFor(chunk_bytes);
    for (size_t i = chunk_begin[c]; i < chunk_begin[c + 1]; ++i) {
      if (files[i].status == "ok") extractors[worker]->ExtractFile(files[i], &chunks[c]);
    }
  });
  CstTables all = std::move(chunks[0]);
  for (size_t c = 1; c < chunks.size(); ++c) all.Append(chunks[c]);
  return all;
}

}  // namespace codeanatomy::extract::cst
