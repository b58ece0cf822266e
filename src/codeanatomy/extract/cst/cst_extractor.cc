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

size_t CstTables::ApproxBytes() const {
  size_t bytes = 0;
  for (const auto& [name, member] : kEvidenceTables) {
    const base::Table& table = this->*member;
    for (size_t c = 0; c < table.num_columns(); ++c) bytes += table.column(c).approx_bytes();
  }
  return bytes;
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

size_t CstExtractor::DefaultBudgetBytes(size_t text_bytes) {
  // Real code costs far less: the CPython 3.11 standard library at most 25 bytes per byte of
  // source (10 on average), SymPy 1.11 at most 69 (27 on average; 61 for its densest generated
  // test, 1.5 MB of formulas). Nesting beyond what CPython compiles (thousands of levels) reaches
  // the budget: its cost grows with the square of the depth.
  return (size_t{16} << 20) + 256 * text_bytes;
}

namespace {

//! Python ends a line at "\n", "\r\n" or a lone "\r"; tree-sitter-python only at "\n". The text
//! the parser sees has each lone "\r" replaced by "\n": same length, same offsets.
std::string_view ParserText(std::string_view text, std::string* storage) {
  size_t cr = text.find('\r');
  while (cr != std::string_view::npos && cr + 1 < text.size() && text[cr + 1] == '\n') {
    cr = text.find('\r', cr + 2);
  }
  if (cr == std::string_view::npos) return text;
  storage->assign(text);
  for (size_t i = cr; i < storage->size(); ++i) {
    if ((*storage)[i] == '\r' && (i + 1 == storage->size() || (*storage)[i + 1] != '\n')) {
      (*storage)[i] = '\n';
    }
  }
  return *storage;
}

}  // namespace

void CstExtractor::ExtractFile(const source::SourceFile& file, CstTables* out,
                               std::optional<size_t> budget_bytes) {
  auto parse = [&](std::string_view text) {
    return base::TsTree(ts_parser_parse_string(parser_.get(), nullptr, text.data(),
                                               static_cast<uint32_t>(text.size())));
  };
  std::string normalized;
  const std::string_view text = ParserText(file.text, &normalized);
  base::TsTree tree = parse(text);
  if (!tree) {
    schema::AppendDiagnostic(out->diagnostics, schema::DiagnosticCode::kCstParseFailed,
                             {.file_id = file.file_id,
                              .path = file.path,
                              .message = "tree-sitter returned no tree for this file"});
    return;
  }
  const size_t budget = budget_bytes.value_or(DefaultBudgetBytes(file.text.size()));
  const std::vector<size_t> rows_before = out->RowCounts();
  WalkResult walk = WalkFile(file, ts_tree_root_node(tree.get()), out, budget);
  if (!walk.misparsed_type_keywords.empty()) {
    // `type(x).attr = v` read as a type alias: parse again with those keywords masked.
    std::string masked(text);
    for (uint32_t offset : walk.misparsed_type_keywords) {
      if (masked.compare(offset, 4, "type") == 0) masked[offset] = 'T';
    }
    base::TsTree reparsed = parse(masked);
    if (reparsed) {  // else keep the first walk's rows
      out->TruncateTo(rows_before);
      walk = WalkFile(file, ts_tree_root_node(reparsed.get()), out, budget);
    }
  }
  if (walk.stopped_at) {
    schema::AppendDiagnostic(
        out->diagnostics,
        {.file_id = file.file_id,
         .path = file.path,
         .layer = "cst",
         .code = "CST_BUDGET_EXCEEDED",
         .severity = "warning",
         .message = fmt::format(
             "the CST evidence of this file would exceed its budget of {} MiB (code nested or "
             "chained thousands of levels deep); its rows stop at the syntax node starting at "
             "byte {} (nodes are walked outermost first, in source order): that node and those "
             "after it have none",
             budget >> 20, *walk.stopped_at),
         .bstart = *walk.stopped_at,
         .bend = static_cast<int64_t>(file.text.size())});
  }
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
