#include "codeanatomy/engine/adapter.h"

#include <fmt/core.h>

#include "codeanatomy/base/sql_text.h"
#include "codeanatomy/base/stopwatch.h"
#include "codeanatomy/engine/kernel_lane.h"
#include "codeanatomy/plan/sql.h"

namespace codeanatomy::engine {

using base::Result;
using base::Status;

Result<Adapter::Outcome> Adapter::Run(
    const plan::Plan& plan, const ExecutionLabel& label,
    const std::function<Status(const std::string& sql)>& engine_run, ExecutionRecord& record) {
  const RuntimeProfile& profile = session_.profile();
  record.rule = label.rule;
  record.output = label.output;
  record.fingerprint = plan.Fingerprint();

  std::optional<FallbackEvent> fallback;
  auto sql = plan::LowerToSql(plan);
  if (sql.ok()) record.sql = *sql;

  if (profile.lane == Lane::kEngine) {
    if (!sql.ok()) {
      fallback = FallbackEvent{"no_sql_lowering", sql.status().message()};
    } else {
      if (profile.explain != ExplainMode::kOff) {
        const char* prefix =
            profile.explain == ExplainMode::kAnalyze ? "EXPLAIN ANALYZE " : "EXPLAIN ";
        auto explained = session_.Query(prefix + *sql);
        if (explained.ok()) {
          std::string text;
          for (size_t r = 0; r < explained->num_rows(); ++r) {
            text += std::string(explained->column(explained->num_columns() - 1).GetString(r));
          }
          record.explain = std::move(text);
        } else {
          record.explain = "EXPLAIN failed: " + explained.status().message();
        }
      }
      Status s = engine_run(*sql);
      if (s.ok()) {
        record.lane = "engine";
        return Outcome{};
      }
      if (s.code() != base::StatusCode::kEngineError) return s;
      fallback = FallbackEvent{"engine_rejected", s.message()};
    }
    if (profile.policy == FallbackPolicy::kStrict) {
      return Status::PolicyViolation(
          "strict policy: rule '{}' (output '{}') cannot run on the engine lane ({}: {}); SQL: {}",
          label.rule, label.output, fallback->reason, fallback->detail,
          record.sql.empty() ? "<none>" : record.sql);
    }
    record.fallback = fallback;
  }
  record.lane = "kernel";
  CA_ASSIGN_OR_RETURN(base::Table rows, EvaluateOnKernelLane(plan, [&](std::string_view table) {
                        return session_.ReadTable(table);
                      }));
  return Outcome{std::move(rows)};
}

Result<int64_t> Adapter::Materialize(const plan::Plan& plan, const ExecutionLabel& label) {
  base::Stopwatch watch;
  ExecutionRecord record;
  const std::string target = base::QuoteIdentifier(label.output);
  auto outcome = Run(
      plan, label,
      [&](const std::string& sql) {
        return session_.Execute(fmt::format("CREATE OR REPLACE TABLE {} AS {}", target, sql));
      },
      record);
  if (!outcome.ok()) {
    return outcome.status().WithContext(
        fmt::format("rule '{}' (output '{}')", label.rule, label.output));
  }
  if (outcome->kernel_rows) {
    CA_RETURN_IF_ERROR(session_.CreateTable(label.output, plan.schema()));
    CA_RETURN_IF_ERROR(session_.Append(label.output, *outcome->kernel_rows));
  }
  CA_ASSIGN_OR_RETURN(record.rows, session_.RowCount(label.output));
  record.elapsed_ms = watch.ElapsedMillis();
  records_.push_back(std::move(record));
  return records_.back().rows;
}

Status Adapter::Stream(const plan::Plan& plan, const ExecutionLabel& label,
                       const std::function<Status(const base::Table&)>& sink) {
  base::Stopwatch watch;
  ExecutionRecord record;
  int64_t rows = 0;
  auto counting_sink = [&](const base::Table& chunk) {
    rows += static_cast<int64_t>(chunk.num_rows());
    return sink(chunk);
  };
  auto outcome = Run(
      plan, label, [&](const std::string& sql) { return session_.QueryChunks(sql, counting_sink); },
      record);
  if (!outcome.ok()) {
    return outcome.status().WithContext(
        fmt::format("rule '{}' (output '{}')", label.rule, label.output));
  }
  if (outcome->kernel_rows) CA_RETURN_IF_ERROR(counting_sink(*outcome->kernel_rows));
  record.rows = rows;
  record.elapsed_ms = watch.ElapsedMillis();
  records_.push_back(std::move(record));
  return Status::Ok();
}

}  // namespace codeanatomy::engine
