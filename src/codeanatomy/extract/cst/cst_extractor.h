// codeanatomy/extract/cst/cst_extractor.h
//
// The CST evidence layer: tree-sitter-python over each file's canonical text, producing the cst_*
// evidence tables (schema/tables_cst.cc) and diagnostic rows for the regions the parser recovered.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/base/ts_handles.h"
#include "codeanatomy/source/repo_scan.h"

namespace codeanatomy::extract::cst {

//! The CST layer's tables, with the schemas declared in schema/tables_cst.cc.
struct CstTables {
  CstTables();
  base::Table scopes;
  base::Table defs;
  base::Table params;
  base::Table name_refs;
  base::Table attributes;
  base::Table imports;
  base::Table callsites;
  base::Table decorators;
  base::Table class_bases;
  base::Table assignments;
  base::Table protocol_sites;
  base::Table exports;
  base::Table type_exprs;
  base::Table docstrings;
  base::Table parse_errors;
  base::Table exprs;
  base::Table expr_parts;
  base::Table arguments;
  base::Table returns;
  base::Table targets;
  //! Rows for the shared `diagnostics` table.
  base::Table diagnostics;

  //! The evidence tables with their declared names (diagnostics excluded), in declaration order.
  std::vector<std::pair<std::string_view, const base::Table*>> Evidence() const;
  void Append(const CstTables& other);
  //! Reserves room for the rows of about `text_bytes` of Python text (an estimate; growing past
  //! it is fine).
  void ReserveFor(size_t text_bytes);
  //! Bytes held by the evidence tables (diagnostics excluded).
  size_t ApproxBytes() const;
  //! Row counts of every table (evidence, then diagnostics), for TruncateTo.
  std::vector<size_t> RowCounts() const;
  //! Drops the rows appended since RowCounts() returned `rows`.
  void TruncateTo(const std::vector<size_t>& rows);
};

//! Parses and walks files; one per thread (it owns a tree-sitter parser).
class CstExtractor {
 public:
  //! Fails when the grammar's ABI does not match the tree-sitter runtime.
  static base::Result<CstExtractor> Create();

  //! Appends the file's rows to `out`. Never fails: problems become diagnostic rows. A file whose
  //! evidence would exceed `budget_bytes` (default: DefaultBudgetBytes of its size) keeps the rows
  //! of its text up to where the walk stopped and gets a CST_BUDGET_EXCEEDED warning.
  void ExtractFile(const source::SourceFile& file, CstTables* out,
                   std::optional<size_t> budget_bytes = std::nullopt);
  //! The budget of a file of `text_bytes`: linear in its size.
  static size_t DefaultBudgetBytes(size_t text_bytes);

 private:
  CstExtractor() = default;
  base::TsParser parser_;
};

//! Extracts every `ok` file on `threads` threads. Rows come out in file order whatever the thread
//! count.
base::Result<CstTables> ExtractFiles(std::span<const source::SourceFile> files, int threads);

}  // namespace codeanatomy::extract::cst
