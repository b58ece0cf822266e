#include "codeanatomy/emit/finalize.h"

#include <fmt/core.h>

namespace codeanatomy::emit {

using namespace plan;  // NOLINT: gates read as relational algebra
using base::Result;
using base::Status;

namespace {
//! `catalog` plus the gate's own outputs, so the collision plan can scan `<contract>`.
class GateCatalog : public Catalog {
 public:
  GateCatalog(const Catalog& base, std::string name, base::Schema schema)
      : base_(base), name_(std::move(name)), schema_(std::move(schema)) {}
  Result<base::Schema> TableSchema(std::string_view table) const override {
    if (table == name_) return schema_;
    return base_.TableSchema(table);
  }

 private:
  const Catalog& base_;
  std::string name_;
  base::Schema schema_;
};
}  // namespace

Result<FinalizePlans> BuildFinalizePlans(const Catalog& catalog, const schema::TableDef& contract) {
  const std::string name(contract.name);
  const std::string raw = name + "_raw";
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

  Expr any_null = Lit(false);
  Expr reason = Null(base::ColumnType::kString);
  for (auto it = contract.columns.rbegin(); it != contract.columns.rend(); ++it) {
    if (it->nullability != schema::kRequired) continue;
    const std::string col(it->name);
    any_null = any_null || IsNull(Col(col));
    reason = Case({IsNull(Col(col)), Lit("REQUIRED_NON_NULL: " + col)}, reason);
  }

  PlanBuilder b(catalog, rule);
  CA_ASSIGN_OR_RETURN(Plan errors,
                      b.Scan(raw).Filter(any_null).Extend({{"error", reason}}).Build());
  CA_ASSIGN_OR_RETURN(Plan unique, b.Scan(raw).Filter(!any_null).Build());
  CA_ASSIGN_OR_RETURN(Plan good, b.Scan(raw).Filter(!any_null).Distinct().Build());

  std::vector<NamedExpr> keys;
  std::vector<JoinKey> join;
  for (auto k : contract.key) {
    keys.push_back({std::string(k), Col(std::string(k))});
    join.push_back({std::string(k), std::string(k)});
  }
  // No key shared by two rows means no two rows are equal either.
  CA_ASSIGN_OR_RETURN(Plan repeated_keys, b.Scan(raw)
                                              .Filter(!any_null)
                                              .Aggregate(keys, {{"n", AggFunc::kCountStar, {}}})
                                              .Filter(Col("n") > Lit(int64_t{1}))
                                              .Limit(1)
                                              .Build());

  // Key uniqueness: after exact duplicates collapsed, a shared key means two different rows.
  GateCatalog gate(catalog, name, good.schema());
  PlanBuilder kb(gate, rule);
  auto dup_keys = kb.Scan(name)
                      .Aggregate(keys, {{"n", AggFunc::kCountStar, {}}})
                      .Filter(Col("n") > Lit(int64_t{1}));
  std::vector<SortKey> order;
  for (const auto& f : good.schema().fields()) order.push_back(Asc(Col(f.name)));
  CA_ASSIGN_OR_RETURN(
      Plan collisions,
      kb.Scan(name).Join(dup_keys, JoinType::kSemi, join, {}).Sort(order).Limit(2).Build());
  return FinalizePlans{std::move(errors), std::move(repeated_keys), std::move(unique),
                       std::move(good), std::move(collisions)};
}

Result<FinalizeResult> Finalize(engine::Adapter& adapter, MapCatalog& catalog,
                                const schema::TableDef& contract) {
  const std::string name(contract.name);
  const std::string rule = "finalize:" + name;
  CA_ASSIGN_OR_RETURN(FinalizePlans plans, BuildFinalizePlans(catalog, contract));

  FinalizeResult result;
  CA_ASSIGN_OR_RETURN(result.error_rows,
                      adapter.Materialize(plans.errors, {rule, name + "_errors"}));
  catalog.Add(name + "_errors", plans.errors.schema());
  int64_t repeated = 0;
  CA_RETURN_IF_ERROR(adapter.Stream(plans.repeated_keys, {rule, name + "_repeated_keys"},
                                    [&](const base::Table& chunk) {
                                      repeated += static_cast<int64_t>(chunk.num_rows());
                                      return Status::Ok();
                                    }));
  if (repeated == 0) {
    CA_ASSIGN_OR_RETURN(result.rows, adapter.Materialize(plans.unique, {rule, name}));
    catalog.Add(name, plans.unique.schema());
    return result;
  }
  CA_ASSIGN_OR_RETURN(result.rows, adapter.Materialize(plans.good, {rule, name}));
  catalog.Add(name, plans.good.schema());

  std::vector<std::string> rows;
  CA_RETURN_IF_ERROR(adapter.Stream(plans.collisions, {rule, name + "_key_collisions"},
                                    [&](const base::Table& chunk) {
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
