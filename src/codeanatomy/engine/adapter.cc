#include "codeanatomy/engine/adapter.h"

#include <algorithm>

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

Result<int64_t> Adapter::Materialize(const plan::Plan& plan, const ExecutionLabel& label,
                                     std::string_view table) {
  base::Stopwatch watch;
  ExecutionRecord record;
  const std::string table_name(table.empty() ? std::string_view(label.output) : table);
  const std::string target = base::QuoteIdentifier(table_name);
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
    CA_RETURN_IF_ERROR(session_.CreateTable(table_name, plan.schema()));
    CA_RETURN_IF_ERROR(session_.Append(table_name, *outcome->kernel_rows));
  }
  CA_ASSIGN_OR_RETURN(record.rows, session_.RowCount(table_name));
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

namespace {

//! Every column of `schema` as a join key with itself.
std::vector<plan::JoinKey> AllColumns(const base::Schema& schema) {
  std::vector<plan::JoinKey> keys;
  for (const auto& f : schema.fields()) keys.push_back({f.name, f.name});
  return keys;
}

std::string NewOf(const std::string& relation) { return relation + "__new"; }
std::string SaturatedOf(const std::string& relation) { return relation + "__saturated"; }

}  // namespace

Result<FixpointRun> Adapter::RunFixpoint(const plan::Fixpoint& fixpoint, const std::string& rule,
                                         int64_t max_rounds) {
  using namespace plan;  // NOLINT
  base::Stopwatch watch;
  const size_t first_record = records_.size();
  FixpointRun run;
  run.rule = rule;
  // The catalog of the round plans: every relation, its delta, its new rows and saturated keys.
  MapCatalog catalog;
  for (const auto& r : fixpoint.relations()) {
    catalog.Add(r.name, r.schema);
    catalog.Add(DeltaOf(r.name), r.schema);
    catalog.Add(NewOf(r.name), r.schema);
    if (r.cap > 0) {
      std::vector<base::Field> key;
      for (const auto& k : r.cap_key) key.push_back(r.schema.field(*r.schema.IndexOf(k)));
      catalog.Add(SaturatedOf(r.name), base::Schema(std::move(key)));
    }
  }
  PlanBuilder b(catalog, rule);
  auto materialize = [&](const PlanBuilder& p, const std::string& table,
                         const std::string& label) -> Result<int64_t> {
    CA_ASSIGN_OR_RETURN(Plan plan, p.Build());
    return Materialize(plan, {rule, label}, table);
  };
  auto union_of = [&](const std::vector<Plan>& plans) {
    std::vector<PlanBuilder> rest;
    for (size_t i = 1; i < plans.size(); ++i) rest.push_back(b.Of(plans[i]));
    PlanBuilder u = b.Of(plans[0]);
    return rest.empty() ? u : u.UnionAll(rest);
  };

  // Round 0: each relation is the union of its base plans.
  for (const auto& r : fixpoint.relations()) {
    if (r.base.empty()) {
      CA_RETURN_IF_ERROR(session_.CreateTable(r.name, r.schema));
    } else {
      CA_RETURN_IF_ERROR(
          materialize(union_of(r.base).Distinct(), r.name, r.name + "#base").status());
    }
    CA_RETURN_IF_ERROR(materialize(b.Scan(r.name), DeltaOf(r.name), DeltaOf(r.name)).status());
    if (r.cap > 0) {
      CA_RETURN_IF_ERROR(
          session_.CreateTable(SaturatedOf(r.name), *catalog.TableSchema(SaturatedOf(r.name))));
    }
  }
  // Later rounds: every delta plan over the previous state; the rows not held yet are new.
  bool grew = true;
  while (grew) {
    if (run.rounds >= max_rounds) {
      return Status::Internal("fixpoint {} did not converge in {} rounds", rule, max_rounds);
    }
    ++run.rounds;
    grew = false;
    for (const auto& r : fixpoint.relations()) {
      if (r.delta.empty()) {
        CA_RETURN_IF_ERROR(session_.CreateTable(NewOf(r.name), r.schema));
        continue;
      }
      auto fresh = union_of(r.delta).Distinct().Join(b.Scan(r.name), JoinType::kAnti,
                                                     AllColumns(r.schema), {});
      CA_RETURN_IF_ERROR(materialize(fresh, NewOf(r.name), r.name).status());
      if (r.cap == 0) continue;
      // A key whose rows would pass the bound is saturated: none of its new rows are kept.
      std::vector<NamedExpr> key;
      std::vector<JoinKey> on;
      for (const auto& k : r.cap_key) {
        key.push_back({k, Col(k)});
        on.push_back({k, k});
      }
      auto counted = [&](const std::string& table, const char* n) {
        return b.Scan(table).Aggregate(key, {{n, AggFunc::kCountStar, {}}});
      };
      std::vector<NamedExpr> key_out;
      for (const auto& k : r.cap_key) key_out.push_back({k, L(k)});
      auto over =
          counted(NewOf(r.name), "n_new")
              .JoinAppend(counted(r.name, "n_old"), JoinType::kLeft, on, {{"n_old", R("n_old")}})
              .Filter(Col("n_new") + Coalesce({Col("n_old"), Lit(int64_t{0})}) > Lit(r.cap))
              .Join(b.Scan(SaturatedOf(r.name)), JoinType::kAnti, on, {})
              .Select(r.cap_key);
      const std::string over_table = r.name + "__over";
      catalog.Add(over_table, over.schema());
      CA_RETURN_IF_ERROR(materialize(over, over_table, SaturatedOf(r.name)).status());
      CA_RETURN_IF_ERROR(session_.InsertInto(SaturatedOf(r.name), over_table));
      CA_RETURN_IF_ERROR(session_.DropScratch(over_table));
      const std::string kept = r.name + "__kept";
      catalog.Add(kept, r.schema);
      CA_RETURN_IF_ERROR(
          materialize(
              b.Scan(NewOf(r.name)).Join(b.Scan(SaturatedOf(r.name)), JoinType::kAnti, on, {}),
              kept, r.name)
              .status());
      CA_RETURN_IF_ERROR(session_.DropScratch(NewOf(r.name)));
      CA_RETURN_IF_ERROR(materialize(b.Scan(kept), NewOf(r.name), r.name).status());
      CA_RETURN_IF_ERROR(session_.DropScratch(kept));
    }
    // Only now, with every relation's new rows known, does the state move on.
    for (const auto& r : fixpoint.relations()) {
      CA_ASSIGN_OR_RETURN(int64_t added, session_.RowCount(NewOf(r.name)));
      grew = grew || added > 0;
      CA_RETURN_IF_ERROR(session_.InsertInto(r.name, NewOf(r.name)));
      CA_RETURN_IF_ERROR(session_.DropScratch(DeltaOf(r.name)));
      CA_RETURN_IF_ERROR(
          materialize(b.Scan(NewOf(r.name)), DeltaOf(r.name), DeltaOf(r.name)).status());
      CA_RETURN_IF_ERROR(session_.DropScratch(NewOf(r.name)));
    }
  }
  for (const auto& r : fixpoint.relations()) {
    CA_RETURN_IF_ERROR(session_.DropScratch(DeltaOf(r.name)));
    CA_ASSIGN_OR_RETURN(int64_t rows, session_.RowCount(r.name));
    run.rows.emplace_back(r.name, rows);
    if (r.cap > 0) {
      CA_ASSIGN_OR_RETURN(int64_t saturated, session_.RowCount(SaturatedOf(r.name)));
      run.saturated_keys.emplace_back(r.name, saturated);
      CA_RETURN_IF_ERROR(session_.DropScratch(SaturatedOf(r.name)));
    }
  }
  // Fold the round records: one per (label), in first-run order; copies (deltas) are dropped.
  std::vector<ExecutionRecord> folded;
  for (size_t i = first_record; i < records_.size(); ++i) {
    ExecutionRecord& rec = records_[i];
    if (rec.output.ends_with("__delta")) continue;
    auto same = std::find_if(folded.begin(), folded.end(), [&](const ExecutionRecord& f) {
      return f.output == rec.output && f.fingerprint == rec.fingerprint;
    });
    if (same == folded.end()) {
      folded.push_back(std::move(rec));
      continue;
    }
    same->rows += rec.rows;
    same->elapsed_ms += rec.elapsed_ms;
    if (!same->fallback && rec.fallback) same->fallback = rec.fallback;
    if (rec.lane == "kernel") same->lane = "kernel";
  }
  records_.resize(first_record);
  for (auto& rec : folded) records_.push_back(std::move(rec));
  run.elapsed_ms = watch.ElapsedMillis();
  fixpoint_runs_.push_back(run);
  return run;
}

Status Adapter::CreateView(const plan::Plan& plan, const std::string& name) {
  CA_ASSIGN_OR_RETURN(std::string sql, plan::LowerToSql(plan));
  return session_.CreateView(name, sql);
}

}  // namespace codeanatomy::engine
