// codeanatomy/engine/adapter.h
//
// The execution adapter: Materialize(plan, label) and Stream(plan, label) are the only ways a plan
// runs. Each call appends an ExecutionRecord — label, fingerprint, SQL, lane, rows, time, EXPLAIN
// text when the profile asks for it, and the fallback when one happened.
//
// Lanes. The engine lane lowers the plan to DuckDB SQL and runs it in the Session. A fallback is a
// plan that could not run there — a construct with no SQL lowering, or SQL DuckDB rejected — and
// ran on the kernel lane instead. FallbackPolicy::kRecord records it and goes on; kStrict makes it
// an error naming the rule, the output, the reason and the SQL. Lane::kKernel forces every plan
// onto the kernel lane (parity runs).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/plan/fixpoint.h"
#include "codeanatomy/plan/plan.h"

namespace codeanatomy::engine {

struct ExecutionLabel {
  std::string rule;
  std::string output;
};

struct FallbackEvent {
  std::string reason;  // no_sql_lowering | engine_rejected
  std::string detail;
};

struct ExecutionRecord {
  std::string rule;
  std::string output;
  std::string fingerprint;
  std::string sql;   // "" when the plan has no SQL lowering
  std::string lane;  // engine | kernel
  int64_t rows = 0;
  double elapsed_ms = 0;
  std::optional<std::string> explain;
  std::optional<FallbackEvent> fallback;
};

//! How a fixpoint ran (Adapter::RunFixpoint).
struct FixpointRun {
  std::string rule;
  int64_t rounds = 0;
  //! Final rows per relation, in declaration order.
  std::vector<std::pair<std::string, int64_t>> rows;
  //! Per bounded relation: the keys that reached the bound (their later rows were dropped).
  std::vector<std::pair<std::string, int64_t>> saturated_keys;
  double elapsed_ms = 0;
};

class Adapter {
 public:
  explicit Adapter(Session& session) : session_(session) {}

  //! Runs `plan` into the session table `table` (default: `label.output`; created or replaced);
  //! returns its row count.
  base::Result<int64_t> Materialize(const plan::Plan& plan, const ExecutionLabel& label,
                                    std::string_view table = {});
  //! Runs `plan` and appends its rows to the existing session table `table`; returns the table's
  //! row count after. On the engine lane the statement is prepared once and reused
  //! (Session::ExecuteCached): for plans run again and again, such as a fixpoint's rounds.
  base::Result<int64_t> Insert(const plan::Plan& plan, const ExecutionLabel& label,
                               std::string_view table);
  //! Runs `plan` and hands its rows to `sink` in chunks (at least one, possibly empty).
  base::Status Stream(const plan::Plan& plan, const ExecutionLabel& label,
                      const std::function<base::Status(const base::Table&)>& sink);

  //! Evaluates `fixpoint` semi-naively (plan/fixpoint.h) into one session table per relation.
  //! Every plan of every round runs through Materialize; the records of one plan across rounds
  //! are folded into one (rows: the rows it added; elapsed: its total time), labelled
  //! {rule, relation} for the round plans and {rule, relation + "#base"} for round 0. Fails after
  //! `max_rounds` rounds without convergence.
  base::Result<FixpointRun> RunFixpoint(const plan::Fixpoint& fixpoint, const std::string& rule,
                                        int64_t max_rounds = 10000);

  //! Registers `plan` as the session view `name`, lowered to SQL (the read side's query views):
  //! nothing runs until a query reads it. A plan without a SQL lowering is an error.
  base::Status CreateView(const plan::Plan& plan, const std::string& name);

  const std::vector<ExecutionRecord>& records() const { return records_; }
  const std::vector<FixpointRun>& fixpoint_runs() const { return fixpoint_runs_; }

 private:
  struct Outcome {
    std::optional<base::Table> kernel_rows;  // set when the kernel lane ran
  };
  base::Result<Outcome> Run(const plan::Plan& plan, const ExecutionLabel& label,
                            const std::function<base::Status(const std::string& sql)>& engine_run,
                            ExecutionRecord& record);

  Session& session_;
  std::vector<ExecutionRecord> records_;
  std::vector<FixpointRun> fixpoint_runs_;
};

}  // namespace codeanatomy::engine
