// codeanatomy/extract/cst/cst_extractor.h
//
// The CST evidence layer: tree-sitter-python over each file's canonical text, producing the cst_*
// evidence tables (schema/tables_cst.cc) and diagnostic rows for the regions the parser recovered.
#pragma once

#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/base/ts_handles.h"
#include "codeanatomy/source/repo_scan.h"

namespace codeanatomy::extract::cst {

//! The CST layer's tables, with the schemas declared in schema/tables_cst.cc.
struct CstTables {
  CstTables();
  base::Table defs;
  base::Table callsites;
  base::Table parse_errors;
  base::Table diagnostics;

  void Append(const CstTables& other);
};

//! Parses and walks files; one per thread (it owns a tree-sitter parser).
class CstExtractor {
 public:
  //! Fails when the grammar's ABI does not match the tree-sitter runtime.
  static base::Result<CstExtractor> Create();

  //! Appends the file's rows to `out`. Never fails: problems become diagnostic rows.
  void ExtractFile(const source::SourceFile& file, CstTables* out);

 private:
  CstExtractor() = default;
  base::TsParser parser_;
};

//! Extracts every `ok` file on `threads` threads. Rows come out in file order whatever the thread
//! count.
base::Result<CstTables> ExtractFiles(const std::vector<source::SourceFile>& files, int threads);

}  // namespace codeanatomy::extract::cst
