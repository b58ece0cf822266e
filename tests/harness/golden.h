// harness/golden.h
//
// The golden rendering of a finished build: cpg_nodes, cpg_edges and cpg_props as sorted, readable
// TSV lines without raw IDs, so a human can review `git diff` of tests/corpus/<case>/expected/.
//
//   nodes.tsv  node                                  FUNCTION pkg/mod.py:3:1-5:17
//   edges.tsv  edge  origin  resolution_method  confidence
//              CALLS CALL_SITE pkg/mod.py:9:5-9:12 -> FUNCTION pkg/mod.py:3:1-5:17  cst  NAME  1.0
//   props.tsv  entity  prop                      FUNCTION pkg/mod.py:3:1-5:17  name=helper
//
// A node with a span renders as `KIND path:line:col-line:col`: 1-based line and 1-based byte
// column of bstart, then of bend (end-exclusive: the column one past the last byte), as the graph
// gives them (cpg_nodes.line, col, end_line, end_col). A node without a span renders as `KIND
// name`, with the first of its qualified_name, name, module_name props (`BINDING pkg.mod.f.x`,
// `BUILTIN len`, `EXTERNAL_SYMBOL requests.get`), else its path. Nodes that would render alike get
// the props that tell them apart (keys in sorted order, each kept only if it separates more of
// them), e.g. `CALL_SITE m.py:4:2-4:10 [call_kind=decorator]`, and when their props are alike too `
// #1`, ` #2`, … by node ID. An edge prop's entity is `EDGE_KIND src -> dst [origin]`. Values are
// escaped (`\\`, `\t`, `\n`, `\r`); rows are sorted in natural order (digit runs compare as
// numbers, so line 9 comes before line 10); the first line of each file is its header.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/read/output_reader.h"

namespace codeanatomy::harness {

//! The golden files of a case, by name ("nodes", "edges", "props"): header line, then sorted rows.
using Goldens = std::map<std::string, std::vector<std::string>>;

//! The golden files' names, in the order they are reported.
const std::vector<std::string>& GoldenNames();

//! Renders the graph of an output directory.
base::Result<Goldens> RenderGoldens(read::OutputReader& reader);

//! Reads `dir`/<name>.tsv for every golden name (a missing file reads as no lines).
base::Result<Goldens> ReadGoldens(const std::filesystem::path& dir);
//! Writes `dir`/<name>.tsv for every golden name (creating `dir`).
base::Status WriteGoldens(const std::filesystem::path& dir, const Goldens& goldens);

//! A readable diff of one golden file: "" when equal, else a count of the lines only expected
//! (`-`) and only produced (`+`), then the first `max_lines` of them in sorted order.
std::string DiffGolden(std::string_view name, const std::vector<std::string>& expected,
                       const std::vector<std::string>& actual, size_t max_lines = 25);

//! Natural order: runs of ASCII digits compare as numbers; ties fall back to bytewise order.
bool NaturalLess(std::string_view a, std::string_view b);

//! Escapes a value for a TSV cell: `\\`, `\t`, `\n`, `\r`.
std::string EscapeTsv(std::string_view value);

}  // namespace codeanatomy::harness
