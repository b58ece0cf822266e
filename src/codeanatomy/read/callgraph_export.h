// codeanatomy/read/callgraph_export.h
//
// `codeanatomy callgraph OUT --format pycg|json|dot`: the call graph of a finished build
// (OUT/callgraph.parquet, written by the `callgraph` output) in the formats call-graph tools read.
// Names are dotted: the module path relative to the analysed root (pkg/__init__.py is `pkg`), then
// the lexical path (`mod.Class.method`, `mod.outer.<lambda1>`); builtins are `<builtin>.name`;
// unresolved imported names keep their import path (`requests.get`).
#pragma once

#include <filesystem>
#include <string>

#include "codeanatomy/base/status.h"

namespace codeanatomy::read {

enum class CallgraphFormat : unsigned char {
  //! PyCG's adjacency: {"caller": ["callee", …]}, every module / function / method / lambda a key,
  //! callees sorted and distinct.
  kPycg,
  //! {"nodes": [every caller key], "edges": [one record per call site and callee: caller, callee,
  //! path, line, col (1-based, col in bytes), call_kind, callee_kind, resolution_method, score]}.
  kJson,
  //! Graphviz: one node per caller key, dashed boxes for builtins and external callees, one edge
  //! per distinct (caller, callee).
  kDot,
};

//! The text of the call graph of output directory `out` in `format` (deterministic: sorted).
base::Result<std::string> ExportCallgraph(const std::filesystem::path& out, CallgraphFormat format);

}  // namespace codeanatomy::read
