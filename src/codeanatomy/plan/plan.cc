#include "codeanatomy/plan/plan.h"

#include <algorithm>
#include <set>

#include <fmt/core.h>
#include <xxhash.h>

namespace codeanatomy::plan {

using base::ColumnType;
using base::Field;
using base::Result;
using base::Schema;
using base::Status;

std::string_view OpName(OpKind op) {
  switch (op) {
    case OpKind::kScan:
      return "Scan";
    case OpKind::kValues:
      return "Values";
    case OpKind::kFilter:
      return "Filter";
    case OpKind::kProject:
      return "Project";
    case OpKind::kJoin:
      return "Join";
    case OpKind::kIntervalAlign:
      return "IntervalAlign";
    case OpKind::kUnionAll:
      return "UnionAll";
    case OpKind::kAggregate:
      return "Aggregate";
    case OpKind::kWinnerSelect:
      return "WinnerSelect";
    case OpKind::kExplode:
      return "Explode";
    case OpKind::kDistinct:
      return "Distinct";
    case OpKind::kSort:
      return "Sort";
    case OpKind::kLimit:
      return "Limit";
    case OpKind::kRecursive:
      return "Recursive";
    case OpKind::kRecursiveRef:
      return "RecursiveRef";
  }
  CA_UNREACHABLE("op {}", static_cast<int>(op));
}

std::string_view JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "inner";
    case JoinType::kLeft:
      return "left";
    case JoinType::kSemi:
      return "semi";
    case JoinType::kAnti:
      return "anti";
  }
  CA_UNREACHABLE("join type {}", static_cast<int>(type));
}

std::string_view AlignModeName(AlignMode mode) {
  switch (mode) {
    case AlignMode::kExact:
      return "exact";
    case AlignMode::kContainedBest:
      return "contained_best";
    case AlignMode::kEnclosingBest:
      return "enclosing_best";
    case AlignMode::kOverlapBest:
      return "overlap_best";
    case AlignMode::kContainsStart:
      return "contains_start";
    case AlignMode::kFloorStart:
      return "floor_start";
  }
  CA_UNREACHABLE("align mode {}", static_cast<int>(mode));
}

std::string_view AggFuncName(AggFunc func) {
  switch (func) {
    case AggFunc::kCountStar:
      return "count_star";
    case AggFunc::kCount:
      return "count";
    case AggFunc::kCountDistinct:
      return "count_distinct";
    case AggFunc::kSum:
      return "sum";
    case AggFunc::kMin:
      return "min";
    case AggFunc::kMax:
      return "max";
    case AggFunc::kBoolOr:
      return "bool_or";
    case AggFunc::kBoolAnd:
      return "bool_and";
    case AggFunc::kListDistinct:
      return "list_distinct";
    case AggFunc::kList:
      return "list";
  }
  CA_UNREACHABLE("agg {}", static_cast<int>(func));
}

SortKey Asc(Expr e) { return SortKey{std::move(e), false}; }
SortKey Desc(Expr e) { return SortKey{std::move(e), true}; }

// ---- Catalog
// ---------------------------------------------------------------------------------------

void MapCatalog::Add(std::string name, Schema schema) {
  for (auto& [n, s] : tables_) {
    if (n == name) {
      s = std::move(schema);
      return;
    }
  }
  tables_.emplace_back(std::move(name), std::move(schema));
}

Result<Schema> MapCatalog::TableSchema(std::string_view table) const {
  for (const auto& [n, s] : tables_) {
    if (n == table) return s;
  }
  return Status::NotFound("no table named '{}'", table);
}

// ---- Builder
// ---------------------------------------------------------------------------------------

namespace {

Status CheckNames(const std::vector<Field>& fields, std::string_view op) {
  std::set<std::string_view> seen;
  for (const auto& f : fields) {
    if (f.name.empty()) return Status::InvalidArgument("{}: an output column has no name", op);
    if (!seen.insert(f.name).second) {
      return Status::InvalidArgument("{}: output column '{}' appears twice", op, f.name);
    }
  }
  return Status::Ok();
}

Result<Field> Typed(const NamedExpr& item, const ExprScope& scope) {
  auto f = InferType(item.expr, scope);
  if (!f.ok()) return f.status().WithContext(fmt::format("column '{}'", item.name));
  Field out = *f;
  out.name = item.name;
  return out;
}

Result<Schema> TypedItems(const std::vector<NamedExpr>& items, const ExprScope& scope,
                          std::string_view op) {
  std::vector<Field> fields;
  for (const auto& item : items) {
    CA_ASSIGN_OR_RETURN(Field f, Typed(item, scope));
    fields.push_back(std::move(f));
  }
  CA_RETURN_IF_ERROR(CheckNames(fields, op));
  return Schema(std::move(fields));
}

Status ExpectBool(const Expr& e, const ExprScope& scope, std::string_view what) {
  CA_ASSIGN_OR_RETURN(Field f, InferType(e, scope));
  if (f.type != ColumnType::kBool) {
    return Status::InvalidArgument("{} {} is {}, expected BOOLEAN", what, e.Print(),
                                   base::ColumnTypeName(f.type));
  }
  return Status::Ok();
}

Status ExpectColumn(const Schema& schema, const std::string& name, std::string_view side,
                    std::initializer_list<ColumnType> types) {
  auto index = schema.IndexOf(name);
  if (!index) {
    return Status::InvalidArgument("unknown column '{}' in the {} input {}", name, side,
                                   schema.ToString());
  }
  ColumnType t = schema.field(*index).type;
  if (std::find(types.begin(), types.end(), t) == types.end()) {
    return Status::InvalidArgument("column '{}' of the {} input has type {}", name, side,
                                   base::ColumnTypeName(t));
  }
  return Status::Ok();
}

}  // namespace

PlanBuilder::PlanBuilder(const Catalog& catalog, std::string context)
    : catalog_(&catalog), context_(std::move(context)) {}

PlanBuilder PlanBuilder::Fail(Status status) const {
  PlanBuilder b = *this;
  b.node_ = nullptr;
  if (b.error_.ok()) b.error_ = std::move(status);
  return b;
}

PlanBuilder PlanBuilder::With(PlanNodePtr node) const {
  PlanBuilder b = *this;
  b.node_ = std::move(node);
  return b;
}

const Schema& PlanBuilder::schema() const {
  static const Schema kEmpty;
  return node_ ? node_->schema : kEmpty;
}

#define CA_BUILDER_OK()                                                           \
  do {                                                                            \
    if (!error_.ok()) return *this;                                               \
    if (!node_) return Fail(Status::InvalidArgument("an operator has no input")); \
  } while (0)

#define CA_BUILDER_ASSIGN(lhs, rexpr, op)                             \
  auto CA_CONCAT(ca_b_, __LINE__) = (rexpr);                          \
  if (!CA_CONCAT(ca_b_, __LINE__).ok())                               \
    return Fail(CA_CONCAT(ca_b_, __LINE__).status().WithContext(op)); \
  lhs = std::move(CA_CONCAT(ca_b_, __LINE__)).value()

#define CA_BUILDER_CHECK(expr, op)                       \
  do {                                                   \
    Status ca_s_ = (expr);                               \
    if (!ca_s_.ok()) return Fail(ca_s_.WithContext(op)); \
  } while (0)

PlanBuilder PlanBuilder::Of(const Plan& plan) const {
  if (!error_.ok()) return *this;
  return With(plan.root_ptr());
}

PlanBuilder PlanBuilder::Scan(const std::string& table) const {
  if (!error_.ok()) return *this;
  CA_BUILDER_ASSIGN(Schema schema, catalog_->TableSchema(table), fmt::format("Scan {}", table));
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kScan;
  n->table = table;
  n->schema = std::move(schema);
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Values(Schema schema, std::vector<std::vector<base::Value>> rows) const {
  if (!error_.ok()) return *this;
  CA_BUILDER_CHECK(CheckNames(schema.fields(), "Values"), "Values");
  for (const auto& row : rows) {
    if (row.size() != schema.size()) {
      return Fail(Status::InvalidArgument("Values: a row has {} values for {} columns", row.size(),
                                          schema.size()));
    }
    for (size_t c = 0; c < row.size(); ++c) {
      const Field& f = schema.field(c);
      if (row[c].type() != f.type || (row[c].is_null() && !f.nullable)) {
        return Fail(Status::InvalidArgument("Values: value {} does not fit column '{}' {}",
                                            row[c].ToString(), f.name,
                                            base::ColumnTypeName(f.type)));
      }
    }
  }
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kValues;
  n->schema = std::move(schema);
  n->rows = std::move(rows);
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Filter(Expr predicate) const {
  CA_BUILDER_OK();
  ExprScope scope{.input = &node_->schema};
  CA_BUILDER_CHECK(ExpectBool(predicate, scope, "predicate"), "Filter");
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kFilter;
  n->inputs = {node_};
  n->schema = node_->schema;
  n->predicate = std::move(predicate);
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Project(std::vector<NamedExpr> items) const {
  CA_BUILDER_OK();
  ExprScope scope{.input = &node_->schema};
  CA_BUILDER_ASSIGN(Schema schema, TypedItems(items, scope, "Project"), "Project");
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kProject;
  n->inputs = {node_};
  n->schema = std::move(schema);
  n->items = std::move(items);
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Select(const std::vector<std::string>& columns) const {
  std::vector<NamedExpr> items;
  for (const auto& c : columns) items.push_back({c, Col(c)});
  return Project(std::move(items));
}

PlanBuilder PlanBuilder::Extend(std::vector<NamedExpr> items) const {
  CA_BUILDER_OK();
  std::vector<NamedExpr> all;
  for (const auto& f : node_->schema.fields()) all.push_back({f.name, Col(f.name)});
  for (auto& item : items) all.push_back(std::move(item));
  return Project(std::move(all));
}

PlanBuilder PlanBuilder::Join(const PlanBuilder& right, JoinType type, std::vector<JoinKey> keys,
                              std::vector<NamedExpr> outputs, std::optional<Expr> residual) const {
  CA_BUILDER_OK();
  if (!right.error_.ok()) return Fail(right.error_);
  if (!right.node_) return Fail(Status::InvalidArgument("Join: the right input is empty"));
  const Schema& ls = node_->schema;
  const Schema& rs = right.node_->schema;
  const std::string op = fmt::format("Join({})", JoinTypeName(type));
  for (const auto& k : keys) {
    auto li = ls.IndexOf(k.left);
    auto ri = rs.IndexOf(k.right);
    if (!li) {
      return Fail(Status::InvalidArgument("{}: unknown key column '{}' in the left input {}", op,
                                          k.left, ls.ToString()));
    }
    if (!ri) {
      return Fail(Status::InvalidArgument("{}: unknown key column '{}' in the right input {}", op,
                                          k.right, rs.ToString()));
    }
    ColumnType lt = ls.field(*li).type, rt = rs.field(*ri).type;
    const bool ok = lt == rt || (base::IsNumericType(lt) && base::IsNumericType(rt) &&
                                 lt != ColumnType::kDouble && rt != ColumnType::kDouble);
    if (!ok) {
      return Fail(Status::InvalidArgument("{}: key '{}' ({}) cannot equal '{}' ({})", op, k.left,
                                          base::ColumnTypeName(lt), k.right,
                                          base::ColumnTypeName(rt)));
    }
  }
  ExprScope pred_scope{.left = &ls, .right = &rs};
  if (residual) CA_BUILDER_CHECK(ExpectBool(*residual, pred_scope, "residual"), op);
  if (keys.empty() && !residual) {
    return Fail(Status::InvalidArgument("{}: needs equi-keys or a residual predicate", op));
  }
  Schema schema;
  if (type == JoinType::kSemi || type == JoinType::kAnti) {
    if (!outputs.empty()) {
      return Fail(
          Status::InvalidArgument("{}: semi and anti joins output the left columns only", op));
    }
    schema = ls;
  } else {
    if (outputs.empty()) return Fail(Status::InvalidArgument("{}: no output columns", op));
    ExprScope out_scope{.left = &ls, .right = &rs, .right_nullable = type == JoinType::kLeft};
    CA_BUILDER_ASSIGN(schema, TypedItems(outputs, out_scope, op), op);
  }
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kJoin;
  n->inputs = {node_, right.node_};
  n->schema = std::move(schema);
  n->join_type = type;
  n->join_keys = std::move(keys);
  n->items = std::move(outputs);
  if (residual) n->predicate = std::move(*residual);
  return With(std::move(n));
}

PlanBuilder PlanBuilder::JoinAppend(const PlanBuilder& right, JoinType type,
                                    std::vector<JoinKey> keys, std::vector<NamedExpr> right_columns,
                                    std::optional<Expr> residual) const {
  CA_BUILDER_OK();
  std::vector<NamedExpr> outputs;
  for (const auto& f : node_->schema.fields()) outputs.push_back({f.name, L(f.name)});
  for (auto& c : right_columns) outputs.push_back(std::move(c));
  return Join(right, type, std::move(keys), std::move(outputs), std::move(residual));
}

PlanBuilder PlanBuilder::IntervalAlign(const PlanBuilder& right, AlignSpec spec,
                                       std::vector<NamedExpr> outputs) const {
  CA_BUILDER_OK();
  if (!right.error_.ok()) return Fail(right.error_);
  if (!right.node_) return Fail(Status::InvalidArgument("IntervalAlign: the right input is empty"));
  const Schema& ls = node_->schema;
  const Schema& rs = right.node_->schema;
  const std::string op = fmt::format("IntervalAlign({})", AlignModeName(spec.mode));
  const auto kInt = {ColumnType::kInt64, ColumnType::kInt32};
  // The partition key: a path, or a file ID (cheaper to partition by than a string).
  CA_BUILDER_CHECK(
      ExpectColumn(ls, spec.left_path, "left", {ColumnType::kString, ColumnType::kUInt64}), op);
  CA_BUILDER_CHECK(
      ExpectColumn(rs, spec.right_path, "right", {ls.field(*ls.IndexOf(spec.left_path)).type}), op);
  CA_BUILDER_CHECK(ExpectColumn(ls, spec.left_start, "left", kInt), op);
  CA_BUILDER_CHECK(ExpectColumn(ls, spec.left_end, "left", kInt), op);
  CA_BUILDER_CHECK(ExpectColumn(rs, spec.right_start, "right", kInt), op);
  CA_BUILDER_CHECK(ExpectColumn(rs, spec.right_end, "right", kInt), op);
  if (spec.mode == AlignMode::kFloorStart && !spec.tie_breakers.empty()) {
    return Fail(Status::InvalidArgument(
        "{}: at most one right row matches, so it takes no tie-breakers", op));
  }
  if (spec.mode == AlignMode::kContainsStart &&
      (spec.keep_unmatched || !spec.tie_breakers.empty())) {
    return Fail(Status::InvalidArgument(
        "{}: at most one right interval matches, so it takes no tie-breakers and aligns inner "
        "only (keep_unmatched is not supported)",
        op));
  }
  ExprScope tie_scope{.left = &ls, .right = &rs};
  for (const auto& t : spec.tie_breakers) {
    auto f = InferType(t.expr, tie_scope);
    if (!f.ok()) return Fail(f.status().WithContext(op + " tie-breaker"));
  }
  if (outputs.empty()) return Fail(Status::InvalidArgument("{}: no output columns", op));
  ExprScope out_scope{.left = &ls, .right = &rs, .right_nullable = spec.keep_unmatched};
  CA_BUILDER_ASSIGN(Schema schema, TypedItems(outputs, out_scope, op), op);
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kIntervalAlign;
  n->inputs = {node_, right.node_};
  n->schema = std::move(schema);
  n->align = std::move(spec);
  n->items = std::move(outputs);
  return With(std::move(n));
}

PlanBuilder PlanBuilder::UnionAll(const std::vector<PlanBuilder>& others) const {
  CA_BUILDER_OK();
  std::vector<Field> fields = node_->schema.fields();
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kUnionAll;
  n->inputs = {node_};
  for (size_t i = 0; i < others.size(); ++i) {
    const auto& o = others[i];
    if (!o.error_.ok()) return Fail(o.error_);
    if (!o.node_) return Fail(Status::InvalidArgument("UnionAll: input {} is empty", i + 2));
    const Schema& s = o.node_->schema;
    if (s.size() != fields.size()) {
      return Fail(Status::InvalidArgument(
          "UnionAll: input {} has {} columns, the first {}: {} vs {}", i + 2, s.size(),
          fields.size(), s.ToString(), node_->schema.ToString()));
    }
    for (size_t c = 0; c < fields.size(); ++c) {
      if (s.field(c).name != fields[c].name || s.field(c).type != fields[c].type) {
        return Fail(Status::InvalidArgument(
            "UnionAll: column {} of input {} is '{}' {}, of the first '{}' {}", c + 1, i + 2,
            s.field(c).name, base::ColumnTypeName(s.field(c).type), fields[c].name,
            base::ColumnTypeName(fields[c].type)));
      }
      fields[c].nullable = fields[c].nullable || s.field(c).nullable;
    }
    n->inputs.push_back(o.node_);
  }
  n->schema = Schema(std::move(fields));
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Aggregate(std::vector<NamedExpr> keys,
                                   std::vector<AggregateItem> aggregates) const {
  CA_BUILDER_OK();
  ExprScope scope{.input = &node_->schema};
  CA_BUILDER_ASSIGN(Schema key_schema, TypedItems(keys, scope, "Aggregate"), "Aggregate");
  std::vector<Field> fields = key_schema.fields();
  for (const auto& a : aggregates) {
    const std::string op = fmt::format("Aggregate {} := {}", a.name, AggFuncName(a.func));
    Field arg{"", ColumnType::kInt64, false};
    if (a.func != AggFunc::kCountStar) {
      if (!a.arg.valid()) return Fail(Status::InvalidArgument("{}: needs an argument", op));
      CA_BUILDER_ASSIGN(arg, InferType(a.arg, scope), op);
    }
    Field out{a.name, ColumnType::kInt64, false};
    switch (a.func) {
      case AggFunc::kCountStar:
      case AggFunc::kCount:
      case AggFunc::kCountDistinct:
        if (arg.type == ColumnType::kStringList && a.func == AggFunc::kCountDistinct) {
          return Fail(Status::InvalidArgument("{}: cannot count distinct lists", op));
        }
        break;
      case AggFunc::kSum:
        if (!base::IsNumericType(arg.type) || arg.type == ColumnType::kUInt64) {
          return Fail(Status::InvalidArgument("{}: sum needs a signed number, got {}", op,
                                              base::ColumnTypeName(arg.type)));
        }
        out.type = arg.type == ColumnType::kDouble ? ColumnType::kDouble : ColumnType::kInt64;
        out.nullable = true;
        break;
      case AggFunc::kMin:
      case AggFunc::kMax:
        if (arg.type == ColumnType::kStringList) {
          return Fail(Status::InvalidArgument("{}: min/max of a list", op));
        }
        out.type = arg.type;
        out.nullable = true;
        break;
      case AggFunc::kBoolOr:
      case AggFunc::kBoolAnd:
        if (arg.type != ColumnType::kBool) {
          return Fail(Status::InvalidArgument("{}: needs BOOLEAN", op));
        }
        out.type = ColumnType::kBool;
        out.nullable = true;
        break;
      case AggFunc::kListDistinct:
      case AggFunc::kList:
        if (arg.type != ColumnType::kString) {
          return Fail(Status::InvalidArgument("{}: needs VARCHAR", op));
        }
        out.type = ColumnType::kStringList;
        out.nullable = true;  // NULL over no rows (an aggregate without keys)
        break;
    }
    if (a.func != AggFunc::kList && !a.order.empty()) {
      return Fail(Status::InvalidArgument("{}: only list takes an order", op));
    }
    for (const auto& k : a.order) {
      auto f = InferType(k.expr, scope);
      if (!f.ok()) return Fail(f.status().WithContext(op + " order"));
    }
    fields.push_back(std::move(out));
  }
  CA_BUILDER_CHECK(CheckNames(fields, "Aggregate"), "Aggregate");
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kAggregate;
  n->inputs = {node_};
  n->schema = Schema(std::move(fields));
  n->items = std::move(keys);
  n->aggregates = std::move(aggregates);
  return With(std::move(n));
}

PlanBuilder PlanBuilder::WinnerSelect(std::vector<Expr> keys, std::vector<SortKey> order) const {
  CA_BUILDER_OK();
  ExprScope scope{.input = &node_->schema};
  if (order.empty()) {
    return Fail(Status::InvalidArgument("WinnerSelect: needs an order (score, then tie-breakers)"));
  }
  for (const auto& k : keys) {
    auto f = InferType(k, scope);
    if (!f.ok()) return Fail(f.status().WithContext("WinnerSelect key"));
  }
  for (const auto& k : order) {
    auto f = InferType(k.expr, scope);
    if (!f.ok()) return Fail(f.status().WithContext("WinnerSelect order"));
  }
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kWinnerSelect;
  n->inputs = {node_};
  n->schema = node_->schema;
  n->partition_keys = std::move(keys);
  n->order = std::move(order);
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Explode(const std::string& list_column, const std::string& item_name,
                                 const std::string& index_name) const {
  CA_BUILDER_OK();
  CA_BUILDER_CHECK(ExpectColumn(node_->schema, list_column, "", {ColumnType::kStringList}),
                   "Explode");
  std::vector<Field> fields;
  for (const auto& f : node_->schema.fields()) {
    if (f.name != list_column) fields.push_back(f);
  }
  fields.push_back({item_name, ColumnType::kString, false});
  if (!index_name.empty()) fields.push_back({index_name, ColumnType::kInt64, false});
  CA_BUILDER_CHECK(CheckNames(fields, "Explode"), "Explode");
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kExplode;
  n->inputs = {node_};
  n->schema = Schema(std::move(fields));
  n->explode_column = list_column;
  n->explode_item = item_name;
  n->explode_index = index_name;
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Distinct() const {
  CA_BUILDER_OK();
  for (const auto& f : node_->schema.fields()) {
    if (f.type == ColumnType::kStringList) {
      return Fail(Status::InvalidArgument("Distinct: list column '{}' is not comparable", f.name));
    }
  }
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kDistinct;
  n->inputs = {node_};
  n->schema = node_->schema;
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Sort(std::vector<SortKey> keys) const {
  CA_BUILDER_OK();
  ExprScope scope{.input = &node_->schema};
  for (const auto& k : keys) {
    auto f = InferType(k.expr, scope);
    if (!f.ok()) return Fail(f.status().WithContext("Sort"));
  }
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kSort;
  n->inputs = {node_};
  n->schema = node_->schema;
  n->order = std::move(keys);
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Limit(int64_t limit) const {
  CA_BUILDER_OK();
  if (limit < 0) return Fail(Status::InvalidArgument("Limit: negative limit {}", limit));
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kLimit;
  n->inputs = {node_};
  n->schema = node_->schema;
  n->limit = limit;
  return With(std::move(n));
}

PlanBuilder PlanBuilder::Recursive(
    const std::string& name,
    const std::function<PlanBuilder(const PlanBuilder& self)>& step) const {
  CA_BUILDER_OK();
  const std::string op = fmt::format("Recursive {}", name);
  for (const auto& f : node_->schema.fields()) {
    if (f.type == ColumnType::kStringList) {
      return Fail(Status::InvalidArgument("{}: list column '{}' in a set fixpoint", op, f.name));
    }
  }
  auto ref = std::make_shared<PlanNode>();
  ref->op = OpKind::kRecursiveRef;
  ref->table = name;
  ref->schema = node_->schema;
  PlanBuilder step_plan = step(With(ref));
  if (!step_plan.error_.ok()) return Fail(step_plan.error_.WithContext(op + " step"));
  if (!step_plan.node_) return Fail(Status::InvalidArgument("{}: the step is empty", op));
  const Schema& bs = node_->schema;
  const Schema& ss = step_plan.node_->schema;
  if (bs.size() != ss.size()) {
    return Fail(Status::InvalidArgument("{}: step schema {} differs from base schema {}", op,
                                        ss.ToString(), bs.ToString()));
  }
  std::vector<Field> fields = bs.fields();
  for (size_t c = 0; c < fields.size(); ++c) {
    if (ss.field(c).name != fields[c].name || ss.field(c).type != fields[c].type) {
      return Fail(Status::InvalidArgument("{}: step schema {} differs from base schema {}", op,
                                          ss.ToString(), bs.ToString()));
    }
    fields[c].nullable = fields[c].nullable || ss.field(c).nullable;
  }
  auto n = std::make_shared<PlanNode>();
  n->op = OpKind::kRecursive;
  n->inputs = {node_, step_plan.node_};
  n->schema = Schema(std::move(fields));
  n->table = name;
  return With(std::move(n));
}

Result<Plan> PlanBuilder::Build() const {
  if (!error_.ok()) return error_.WithContext(fmt::format("rule '{}'", context_));
  if (!node_) return Status::InvalidArgument("rule '{}': the plan is empty", context_);
  Plan plan(node_);
  CA_RETURN_IF_ERROR(plan.Verify().WithContext(fmt::format("rule '{}'", context_)));
  return plan;
}

#undef CA_BUILDER_OK
#undef CA_BUILDER_ASSIGN
#undef CA_BUILDER_CHECK

// ---- Print, Fingerprint, Verify
// --------------------------------------------------------------------

namespace {

std::string PrintItems(const std::vector<NamedExpr>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    out += fmt::format("{}{} := {}", i ? ", " : "", items[i].name, items[i].expr.Print());
  }
  return out;
}

std::string PrintOrder(const std::vector<SortKey>& keys) {
  std::string out;
  for (size_t i = 0; i < keys.size(); ++i) {
    out += fmt::format("{}{} {}", i ? ", " : "", keys[i].expr.Print(),
                       keys[i].descending ? "desc" : "asc");
  }
  return out;
}

void PrintNode(const PlanNode& n, int depth, std::string& out) {
  out += std::string(static_cast<size_t>(depth) * 2, ' ');
  out += OpName(n.op);
  switch (n.op) {
    case OpKind::kScan:
    case OpKind::kRecursiveRef:
      out += " " + n.table;
      break;
    case OpKind::kValues:
      out += fmt::format(" {} rows:", n.rows.size());
      for (const auto& row : n.rows) {
        out += " (";
        for (size_t i = 0; i < row.size(); ++i) out += (i ? ", " : "") + row[i].ToString();
        out += ")";
      }
      break;
    case OpKind::kFilter:
      out += " " + n.predicate.Print();
      break;
    case OpKind::kProject:
      out += " [" + PrintItems(n.items) + "]";
      break;
    case OpKind::kJoin: {
      out += fmt::format(" {} on [", JoinTypeName(n.join_type));
      for (size_t i = 0; i < n.join_keys.size(); ++i) {
        out += fmt::format("{}left.{} = right.{}", i ? ", " : "", n.join_keys[i].left,
                           n.join_keys[i].right);
      }
      out += "]";
      if (n.predicate.valid()) out += " where " + n.predicate.Print();
      if (!n.items.empty()) out += " output [" + PrintItems(n.items) + "]";
      break;
    }
    case OpKind::kIntervalAlign:
      out += fmt::format(" {}{} left({}, {}, {}) right({}, {}, {})", AlignModeName(n.align.mode),
                         n.align.keep_unmatched ? " keep_unmatched" : "", n.align.left_path,
                         n.align.left_start, n.align.left_end, n.align.right_path,
                         n.align.right_start, n.align.right_end);
      if (!n.align.tie_breakers.empty()) out += " ties [" + PrintOrder(n.align.tie_breakers) + "]";
      out += " output [" + PrintItems(n.items) + "]";
      break;
    case OpKind::kUnionAll:
    case OpKind::kDistinct:
      break;
    case OpKind::kAggregate: {
      out += " by [" + PrintItems(n.items) + "] [";
      for (size_t i = 0; i < n.aggregates.size(); ++i) {
        const auto& a = n.aggregates[i];
        out += fmt::format("{}{} := {}({}{})", i ? ", " : "", a.name, AggFuncName(a.func),
                           a.arg.valid() ? a.arg.Print() : "*",
                           a.order.empty() ? "" : " order [" + PrintOrder(a.order) + "]");
      }
      out += "]";
      break;
    }
    case OpKind::kWinnerSelect: {
      out += " per [";
      for (size_t i = 0; i < n.partition_keys.size(); ++i) {
        out += (i ? ", " : "") + n.partition_keys[i].Print();
      }
      out += "] best [" + PrintOrder(n.order) + "]";
      break;
    }
    case OpKind::kExplode:
      out += fmt::format(" {} as {}", n.explode_column, n.explode_item);
      if (!n.explode_index.empty()) out += fmt::format(" index {}", n.explode_index);
      break;
    case OpKind::kSort:
      out += " [" + PrintOrder(n.order) + "]";
      break;
    case OpKind::kLimit:
      out += fmt::format(" {}", n.limit);
      break;
    case OpKind::kRecursive:
      out += " " + n.table;
      break;
  }
  out += " -> (";
  for (size_t i = 0; i < n.schema.size(); ++i) out += (i ? ", " : "") + n.schema.field(i).name;
  out += ")\n";
  for (const auto& input : n.inputs) PrintNode(*input, depth + 1, out);
}

Status VerifyNode(const PlanNode& n) {
  size_t want = 1;
  switch (n.op) {
    case OpKind::kScan:
    case OpKind::kValues:
    case OpKind::kRecursiveRef:
      want = 0;
      break;
    case OpKind::kJoin:
    case OpKind::kIntervalAlign:
    case OpKind::kRecursive:
      want = 2;
      break;
    case OpKind::kUnionAll:
      want = std::max<size_t>(1, n.inputs.size());
      break;
    case OpKind::kFilter:
    case OpKind::kProject:
    case OpKind::kAggregate:
    case OpKind::kWinnerSelect:
    case OpKind::kExplode:
    case OpKind::kDistinct:
    case OpKind::kSort:
    case OpKind::kLimit:
      break;
  }
  if (n.inputs.size() != want) {
    return Status::Internal("{} has {} inputs, expected {}", OpName(n.op), n.inputs.size(), want);
  }
  if (n.schema.size() == 0) return Status::Internal("{} has an empty schema", OpName(n.op));
  CA_RETURN_IF_ERROR(CheckNames(n.schema.fields(), OpName(n.op)));
  for (const auto& input : n.inputs) {
    if (!input) return Status::Internal("{} has a null input", OpName(n.op));
    CA_RETURN_IF_ERROR(VerifyNode(*input));
  }
  return Status::Ok();
}

void CollectScans(const PlanNode& n, std::set<std::string>& out) {
  if (n.op == OpKind::kScan) out.insert(n.table);
  for (const auto& input : n.inputs) CollectScans(*input, out);
}

}  // namespace

std::string Plan::Print() const {
  std::string out;
  PrintNode(*root_, 0, out);
  return out;
}

std::string Plan::Fingerprint() const {
  std::string text = Print() + "schema " + schema().ToString();
  XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
  return fmt::format("{:016x}{:016x}", h.high64, h.low64);
}

Status Plan::Verify() const {
  if (!root_) return Status::Internal("empty plan");
  return VerifyNode(*root_);
}

std::vector<std::string> Plan::InputTables() const {
  std::set<std::string> names;
  CollectScans(*root_, names);
  return {names.begin(), names.end()};
}

}  // namespace codeanatomy::plan
