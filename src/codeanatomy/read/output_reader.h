// codeanatomy/read/output_reader.h
//
// SQL over a finished output directory (`codeanatomy query`, `codeanatomy shell`): every Parquet
// file of the build is a view in a fresh engine session, beside the query views (functions,
// classes, calls, …; read/views.h) and the code() macro. By default the session is then confined
// to those files (Session::RestrictFileAccess). The other read-side commands (show, callgraph)
// read through it or through the manifest.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/engine/query_value.h"

namespace codeanatomy::read {

struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

struct ReaderOptions {
  //! Lift the sandbox: queries may read and write any file, ATTACH, COPY, LOAD (--allow-external).
  bool allow_external = false;
};

//! An output directory opened for SQL: every Parquet file in OUT, OUT/evidence and OUT/derived is a
//! view named after the file (cpg_nodes, cpg_edges, cpg_props, diagnostics, callgraph, evidence
//! tables, …); a name found in several of them is OUT's own file (callgraph is also in derived/).
//! A file that cannot be read (corrupt, truncated) is no view: only the queries that read it fail,
//! with a line naming it.
class OutputReader {
 public:
  static base::Result<OutputReader> Open(const std::filesystem::path& out,
                                         const ReaderOptions& options = {});
  OutputReader(OutputReader&&) noexcept;
  ~OutputReader();
  //! Runs one query and returns its rows as text (the read side's own queries).
  base::Result<QueryResult> Query(const std::string& sql);
  //! Runs a user's SQL, statement by statement, streaming each result to `sink`.
  base::Status Run(const std::string& sql, engine::QuerySink& sink);
  //! The views a user can query, sorted: the output's tables and the query views.
  std::vector<std::string> Views() const;
  //! Tables and views that could not be registered, with why.
  const std::map<std::string, std::string>& unavailable() const;

 private:
  struct Impl;
  explicit OutputReader(std::unique_ptr<Impl> impl);
  //! `status` with the reason a table it names is missing, when there is one.
  base::Status Explain(base::Status status) const;
  std::unique_ptr<Impl> impl_;
};

//! Opens `out` and runs one query.
base::Result<QueryResult> QueryOutput(const std::filesystem::path& out, const std::string& sql);

}  // namespace codeanatomy::read
