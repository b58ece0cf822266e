// codeanatomy/extract/cst/cst_walker.h
//
// The one-pass walk over a file's tree-sitter tree that fills every cst_* table. Internal to the
// extract_cst stage; cst_extractor.h is its public face.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <tree_sitter/api.h>

#include "codeanatomy/extract/cst/cst_extractor.h"
#include "codeanatomy/source/repo_scan.h"

namespace codeanatomy::extract::cst {

struct WalkResult {
  //! The start offsets of statements tree-sitter-python 0.23.6 misread as a PEP 695 type alias
  //! (`type(x).attr = v` parses as `type <(x).attr> = v`). When there are any, the caller drops
  //! the rows and re-parses a copy of the text with those `type` keywords masked (`Type`): spans
  //! are unchanged and names are read from the original text.
  std::vector<uint32_t> misparsed_type_keywords;
  //! Set when the walk stopped at the budget: the start of the first node it did not walk. The
  //! rows before it are complete and consistent; nothing after it has rows.
  std::optional<int64_t> stopped_at;
  //! What the walk charged to the budget.
  size_t cost_bytes = 0;
};

//! Appends the rows of `file`, whose tree's root is `root`, to `out`. The walk is iterative: deep
//! nesting costs heap, not stack. It stops when the file's rows, the walker's own state and an
//! estimate of what the rows cost downstream (name resolution tries one row per enclosing scope
//! of each reference) exceed `budget_bytes`.
WalkResult WalkFile(const source::SourceFile& file, TSNode root, CstTables* out,
                    size_t budget_bytes);

}  // namespace codeanatomy::extract::cst
