// codeanatomy/read/output_reader.h
//
// SQL over a finished output directory (`codeanatomy query`): every Parquet file of the build is a
// view in a fresh engine session. The other read-side commands (show, callgraph) read through it
// or through the manifest.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::read {

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

//! An output directory opened for SQL: every Parquet file in OUT, OUT/evidence and OUT/derived is a
//! view named after the file (cpg_nodes, cpg_edges, cpg_props, diagnostics, callgraph, evidence
//! tables, …); a name found in several of them is OUT's own file (callgraph is also in derived/).
class OutputReader {
 public:
  static base::Result<OutputReader> Open(const std::filesystem::path& out);
  OutputReader(OutputReader&&) noexcept;
  ~OutputReader();
  base::Result<QueryResult> Query(const std::string& sql);

 private:
  struct Impl;
  explicit OutputReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

//! Opens `out` and runs one query (`codeanatomy query`).
base::Result<QueryResult> QueryOutput(const std::filesystem::path& out, const std::string& sql);

}  // namespace codeanatomy::read
