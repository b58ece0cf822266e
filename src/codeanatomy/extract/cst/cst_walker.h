// codeanatomy/extract/cst/cst_walker.h
//
// The one-pass walk over a file's tree-sitter tree that fills every cst_* table. Internal to the
// extract_cst stage; cst_extractor.h is its public face.
#pragma once

#include <cstdint>
#include <vector>

#include <tree_sitter/api.h>

#include "codeanatomy/extract/cst/cst_extractor.h"
#include "codeanatomy/source/repo_scan.h"

namespace codeanatomy::extract::cst {

//! Appends the rows of `file`, whose tree's root is `root`, to `out`. The walk is iterative: deep
//! nesting costs heap, not stack.
//!
//! Returns the start offsets of statements tree-sitter-python 0.23.6 misread as a PEP 695 type
//! alias (`type(x).attr = v` parses as `type <(x).attr> = v`). When there are any, the caller
//! drops the rows and re-parses a copy of the text with those `type` keywords masked (`Type`):
//! spans are unchanged and names are read from the original text.
std::vector<uint32_t> WalkFile(const source::SourceFile& file, TSNode root, CstTables* out);

}  // namespace codeanatomy::extract::cst
