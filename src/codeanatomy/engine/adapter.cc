#include "codeanatomy/engine/adapter.h"

#include <algorithm>
#include <map>

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

Result<int64_t> Adapter::Insert(const plan::Plan& plan, const ExecutionLabel& label,
                                std::string_view table) {
  base::Stopwatch watch;
  ExecutionRecord record;
  const std::string target = base::QuoteIdentifier(table);
  auto outcome = Run(
      plan, label,
      [&](const std::string& sql) {
        return session_.ExecuteCached(fmt::format("INSERT INTO {} {}", target, sql));
      },
      record);
  if (!outcome.ok()) {
    return outcome.status().WithContext(
        fmt::format("rule '{}' (output '{}')", label.rule, label.output));
  }
  if (outcome->kernel_rows) CA_RETURN_IF_ERROR(session_.Append(table, *outcome->kernel_rows));
  CA_ASSIGN_OR_RETURN(record.rows, session_.RowCount(table));
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

}  // namespace

Result<FixpointRun> Adapter::RunFixpoint(const plan::Fixpoint& fixpoint, const std::string& rule,
                                         int64_t max_rounds) {
  using namespace plan;  // NOLINT
  base::Stopwatch watch;
  const size_t first_record = records_.size();
  FixpointRun run;
  run.rule = rule;
  // Every table the rounds use lives for the whole fixpoint (rounds empty and refill them), so
  // each round's statements are prepared once (Session::ExecuteCached).
  auto posted_of = [](const std::string& r) { return r + "__posted"; };
  auto kept_of = [](const std::string& r) { return r + "__kept"; };
  auto over_of = [](const std::string& r) { return r + "__over"; };
  MapCatalog catalog;
  std::vector<std::string> scratch;
  for (const auto& r : fixpoint.relations()) {
    for (const std::string& t :
         {r.name, DeltaOf(r.name), NewOf(r.name), posted_of(r.name), kept_of(r.name)}) {
      catalog.Add(t, r.schema);
      CA_RETURN_IF_ERROR(session_.CreateTable(t, r.schema));
      if (t != r.name) scratch.push_back(t);
    }
    if (r.cap > 0) {
      std::vector<base::Field> key;
      for (const auto& k : r.cap_key) key.push_back(r.schema.field(*r.schema.IndexOf(k)));
      for (const std::string& t : {SaturatedOf(r.name), over_of(r.name)}) {
        catalog.Add(t, base::Schema(key));
        CA_RETURN_IF_ERROR(session_.CreateTable(t, base::Schema(key)));
        scratch.push_back(t);
      }
    }
  }
  PlanBuilder b(catalog, rule);
  // Whatever happens, the session leaves fixpoint mode and forgets the round statements.
  struct Restore {
    Session& session;
    ~Restore() {
      session.ForgetPrepared();
      (void)session.SetReusablePlans(false);
    }
  } restore{session_};
  CA_RETURN_IF_ERROR(session_.SetReusablePlans(true));
  auto q = [](const std::string& t) { return base::QuoteIdentifier(t); };
  auto insert = [&](const PlanBuilder& p, const std::string& table,
                    const std::string& label) -> Result<int64_t> {
    CA_RETURN_IF_ERROR(session_.ExecuteCached("DELETE FROM " + q(table)));
    CA_ASSIGN_OR_RETURN(Plan plan, p.Build());
    return Insert(plan, {rule, label}, table);
  };
  auto copy = [&](const std::string& from, const std::string& to, bool replace) -> Status {
    if (replace) CA_RETURN_IF_ERROR(session_.ExecuteCached("DELETE FROM " + q(to)));
    return session_.ExecuteCached(fmt::format("INSERT INTO {} SELECT * FROM {}", q(to), q(from)));
  };
  // The union of a relation's plans; a row with a NULL is no fact.
  auto union_of = [&](const std::vector<Plan>& plans) {
    std::vector<PlanBuilder> rest;
    for (size_t i = 1; i < plans.size(); ++i) rest.push_back(b.Of(plans[i]));
    PlanBuilder u = b.Of(plans[0]);
    if (!rest.empty()) u = u.UnionAll(rest);
    Expr complete = Lit(true);
    for (const auto& f : plans[0].schema().fields()) {
      if (f.nullable) complete = complete && IsNotNull(Col(f.name));
    }
    return u.Filter(complete);
  };
  auto fresh = [&](const PlanBuilder& p, const FixpointRelation& r) {
    return p.Distinct().Join(b.Scan(r.name), JoinType::kAnti, AllColumns(r.schema), {});
  };

  // Round 0: each relation is the union of its base plans; all of it is the first delta.
  std::map<std::string, int64_t> delta_rows;
  for (const auto& r : fixpoint.relations()) {
    if (!r.base.empty()) {
      CA_ASSIGN_OR_RETURN(int64_t n, insert(union_of(r.base).Distinct(), r.name, r.name + "#base"));
      (void)n;
    }
    CA_RETURN_IF_ERROR(copy(r.name, DeltaOf(r.name), /*replace=*/true));
    CA_ASSIGN_OR_RETURN(delta_rows[DeltaOf(r.name)], session_.RowCount(DeltaOf(r.name)));
  }
  // A plan reading only empty deltas adds nothing and is not run.
  auto reads_new_rows = [&](const Plan& p) {
    bool reads_delta = false;
    for (const auto& t : p.InputTables()) {
      auto it = delta_rows.find(t);
      if (it == delta_rows.end()) continue;
      reads_delta = true;
      if (it->second > 0) return true;
    }
    return !reads_delta;
  };
  // Later rounds, relation by relation in declaration order; each relation's new rows join it
  // (and become its delta) at once, so the relations after it in the same round read them: the
  // delta a plan reads is always the rows added since that plan last ran.
  bool grew = true;
  while (grew) {
    if (run.rounds >= max_rounds) {
      return Status::Internal("fixpoint {} did not converge in {} rounds", rule, max_rounds);
    }
    ++run.rounds;
    grew = false;
    for (const auto& r : fixpoint.relations()) {
      std::vector<Plan> live;
      for (const auto& p : r.delta) {
        if (reads_new_rows(p)) live.push_back(p);
      }
      int64_t added = 0;
      std::string added_table = NewOf(r.name);
      if (!live.empty()) {
        CA_ASSIGN_OR_RETURN(added, insert(fresh(union_of(live), r), NewOf(r.name), r.name));
        if (r.post && added > 0) {
          CA_ASSIGN_OR_RETURN(
              added, insert(fresh(union_of({*r.post}), r), posted_of(r.name), r.name + "#post"));
          added_table = posted_of(r.name);
        }
      }
      if (r.cap > 0 && added > 0) {
        // A key whose rows would pass the bound is saturated: none of its new rows are kept.
        std::vector<NamedExpr> key;
        std::vector<JoinKey> on;
        for (const auto& k : r.cap_key) {
          key.push_back({k, Col(k)});
          on.push_back({k, k});
        }
        auto counted = [&](const PlanBuilder& p, const char* n) {
          return p.Aggregate(key, {{n, AggFunc::kCountStar, {}}});
        };
        // The keys the round touches that are not saturated yet, and their rows so far (counting
        // only theirs: the relation may hold millions of rows, a late round's new rows a few).
        auto touched = counted(b.Scan(added_table), "n_new")
                           .Join(b.Scan(SaturatedOf(r.name)), JoinType::kAnti, on, {});
        auto old_rows = counted(b.Scan(r.name).Join(touched, JoinType::kSemi, on, {}), "n_old");
        auto over =
            touched.JoinAppend(old_rows, JoinType::kLeft, on, {{"n_old", R("n_old")}})
                .Filter(Col("n_new") + Coalesce({Col("n_old"), Lit(int64_t{0})}) > Lit(r.cap))
                .Select(r.cap_key);
        CA_ASSIGN_OR_RETURN(int64_t over_rows, insert(over, over_of(r.name), SaturatedOf(r.name)));
        if (over_rows > 0) {
          CA_RETURN_IF_ERROR(copy(over_of(r.name), SaturatedOf(r.name), /*replace=*/false));
        }
        CA_ASSIGN_OR_RETURN(int64_t saturated, session_.RowCount(SaturatedOf(r.name)));
        if (saturated > 0) {
          CA_ASSIGN_OR_RETURN(
              added,
              insert(b.Scan(added_table).Join(b.Scan(SaturatedOf(r.name)), JoinType::kAnti, on, {}),
                     kept_of(r.name), r.name + "#bound"));
          added_table = kept_of(r.name);
        }
      }
      grew = grew || added > 0;
      if (added > 0) CA_RETURN_IF_ERROR(copy(added_table, r.name, /*replace=*/false));
      if (added > 0 || delta_rows[DeltaOf(r.name)] > 0) {
        if (added > 0) {
          CA_RETURN_IF_ERROR(copy(added_table, DeltaOf(r.name), /*replace=*/true));
        } else {
          CA_RETURN_IF_ERROR(session_.ExecuteCached("DELETE FROM " + q(DeltaOf(r.name))));
        }
      }
      delta_rows[DeltaOf(r.name)] = added;
    }
  }
  for (const auto& r : fixpoint.relations()) {
    CA_ASSIGN_OR_RETURN(int64_t rows, session_.RowCount(r.name));
    run.rows.emplace_back(r.name, rows);
    if (r.cap > 0) {
      CA_ASSIGN_OR_RETURN(int64_t saturated, session_.RowCount(SaturatedOf(r.name)));
      run.saturated_keys.emplace_back(r.name, saturated);
    }
  }
  session_.ForgetPrepared();
  for (const auto& t : scratch) CA_RETURN_IF_ERROR(session_.DropScratch(t));
  // Fold the round records: one per (label), in first-run order; copies (deltas) are dropped.
  std::vector<ExecutionRecord> folded;
  for (size_t i = first_record; i < records_.size(); ++i) {
    ExecutionRecord& rec = records_[i];
    auto same = std::find_if(folded.begin(), folded.end(),
                             [&](const ExecutionRecord& f) { return f.output == rec.output; });
    if (same == folded.end()) {
      folded.push_back(std::move(rec));
      continue;
    }
    same->rows += rec.rows;
    same->elapsed_ms += rec.elapsed_ms;
    if (rec.sql.size() > same->sql.size()) {  // the round that ran the most plans
      same->sql = rec.sql;
      same->fingerprint = rec.fingerprint;
    }
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
