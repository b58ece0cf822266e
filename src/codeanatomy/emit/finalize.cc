#include "codeanatomy/emit/finalize.h"

#include <fmt/core.h>

namespace codeanatomy::emit {

using namespace plan;  // NOLINT: gates read as relational algebra
using base::Result;
using base::Status;

Result<FinalizeResult> Finalize(engine::Adapter& adapter, MapCatalog& catalog,
                                const schema::TableDef& contract) {
  const std::string name(contract.name);
  const std::string raw = name + "_raw";
  const std::string errors = name + "_errors";
  const std::string rule = "finalize:" + name;

  // The raw rows must have exactly the contract's columns and types.
  CA_ASSIGN_OR_RETURN(base::Schema raw_schema, catalog.TableSchema(raw));
  const base::Schema want = contract.ToSchema();
  bool same = raw_schema.size() == want.size();
  for (size_t i = 0; same && i < want.size(); ++i) {
    same = raw_schema.field(i).name == want.field(i).name &&
           raw_schema.field(i).type == want.field(i).type;
  }
  if (!same) {
    return Status::Internal("{} has columns {}, the contract {} needs {}", raw,
                            raw_schema.ToString(), name, want.ToString());
  }

  std::vector<Expr> null_checks;
  Expr any_null = Lit(false);
  Expr reason = Null(base::ColumnType::kString);
  for (auto it = contract.columns.rbegin(); it != contract.columns.rend(); ++it) {
    if (it->nullability != schema::kRequired) continue;
    const std::string col(it->name);
    any_null = any_null || IsNull(Col(col));
    reason = Case({IsNull(Col(col)), Lit("REQUIRED_NON_NULL: " + col)}, reason);
  }

  PlanBuilder b(catalog, rule);
  CA_ASSIGN_OR_RETURN(Plan error_plan,
                      b.Scan(raw).Filter(any_null).Extend({{"error", reason}}).Build());
  CA_ASSIGN_OR_RETURN(Plan good_plan, b.Scan(raw).Filter(!any_null).Distinct().Build());

  FinalizeResult result;
  CA_ASSIGN_OR_RETURN(result.error_rows, adapter.Materialize(error_plan, {rule, errors}));
  catalog.Add(errors, error_plan.schema());
  CA_ASSIGN_OR_RETURN(result.rows, adapter.Materialize(good_plan, {rule, name}));
  catalog.Add(name, good_plan.schema());

  // Key uniqueness: after exact duplicates collapsed, a shared key means two different rows.
  std::vector<NamedExpr> keys;
  std::vector<JoinKey> join;
  for (auto k : contract.key) {
    keys.push_back({std::string(k), Col(std::string(k))});
    join.push_back({std::string(k), std::string(k)});
  }
  PlanBuilder kb(catalog, rule);
  auto dup_keys = kb.Scan(name)
                      .Aggregate(keys, {{"n", AggFunc::kCountStar, {}}})
                      .Filter(Col("n") > Lit(int64_t{1}));
  std::vector<SortKey> order;
  for (const auto& f : good_plan.schema().fields()) order.push_back(Asc(Col(f.name)));
  CA_ASSIGN_OR_RETURN(
      Plan collisions,
      kb.Scan(name).Join(dup_keys, JoinType::kSemi, join, {}).Sort(order).Limit(2).Build());
  std::vector<std::string> rows;
  CA_RETURN_IF_ERROR(
      adapter.Stream(collisions, {rule, name + "_key_collisions"}, [&](const base::Table& chunk) {
        for (size_t r = 0; r < chunk.num_rows(); ++r) {
          std::string row;
          for (const auto& v : chunk.GetRow(r)) {
            row += (row.empty() ? "" : ", ") + v.ToString();
          }
          rows.push_back("(" + row + ")");
        }
        return Status::Ok();
      }));
  if (!rows.empty()) {
    return Status::Internal("ID collision in {}: two different rows share a key: {} and {}", name,
                            rows[0], rows.size() > 1 ? rows[1] : "?");
  }
  return result;
}

}  // namespace codeanatomy::emit
