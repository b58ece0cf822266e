// codeanatomy/orchestrate/inspect.h
//
// Looking into rules and finished runs: the coverage audit of every shipped rule (`codeanatomy
// rules
// --audit`), SQL over an output directory (`codeanatomy query`), and how a rule ran (`codeanatomy
// show`).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::orchestrate {

struct AuditEntry {
  std::string name;
  std::string kind;  // rule | finalize
  std::vector<std::string> inputs;
  std::string output;
  std::string contract;  // the output contract the rows feed ("" for intermediate datasets)
  //! "engine" when the plan lowers to SQL; otherwise "kernel" and the reason.
  std::string lane;
  std::string reason;
  std::string doc;
};

//! Every registered rule and finalize gate, built against the declared evidence schemas (nothing
//! executes), with its lane coverage under the default profile.
base::Result<std::vector<AuditEntry>> AuditRules();

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

enum class ShowWhat : unsigned char { kPlan, kSql, kExplain };

//! What a rule is (its IR or SQL, from OUT/run_bundle) or how it ran (its EXPLAIN and execution
//! records, from OUT/manifest.json).
base::Result<std::string> ShowRule(const std::filesystem::path& out, const std::string& rule,
                                   ShowWhat what);

}  // namespace codeanatomy::orchestrate
