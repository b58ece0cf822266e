// codeanatomy/extract/scip/scip_decoder.h
//
// Decodes a SCIP index (index.scip, protobuf; proto/scip.proto) into the scip_* evidence tables
// declared in schema/tables_scip.cc. Positions are kept as SCIP gives them; normalize/ converts.
//
// Rows and IDs depend on the index content only: documents are visited in path order (the order the
// indexer wrote them in does not matter), occurrences in index order within a document, external
// symbols last. Exact duplicates (same ID) are kept once.
#pragma once

#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"

namespace codeanatomy::extract::scip {

//! The SCIP layer's tables, with the schemas declared in schema/tables_scip.cc.
struct ScipTables {
  ScipTables();
  base::Table metadata;
  base::Table documents;
  base::Table occurrences;
  base::Table symbols;
  base::Table relationships;
  base::Table diagnostics;

  //! (declared table name, table) for every table above.
  std::vector<std::pair<std::string_view, const base::Table*>> Tables() const;
};

//! Decodes the serialized index `bytes`; `origin` names it in error messages (a path). A truncated
//! or malformed index is an InvalidArgument Status saying where it broke.
base::Result<ScipTables> DecodeIndex(std::string_view bytes, std::string_view origin);

//! Reads and decodes the index file `path`.
base::Result<ScipTables> DecodeIndexFile(const std::filesystem::path& path);

}  // namespace codeanatomy::extract::scip
