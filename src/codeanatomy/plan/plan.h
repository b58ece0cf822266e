// codeanatomy/plan/plan.h
//
// The relational plan IR. Every derived dataset — normalize steps, relationship rules, node / edge
// / prop emission — is a Plan. A Plan's schema is inferred from the IR alone while it is built (no
// execution); an unknown column or a type mismatch is a build-time error naming the rule and the
// column. Plans print canonically (Print), hash canonically (Fingerprint), check their own
// invariants (Verify) and lower to DuckDB SQL (sql.h). engine::Adapter is the only thing that runs
// them.
//
//   PlanBuilder rb(catalog, "rule_name");
//   auto plan = rb.Scan("cst_callsites")
//                   .Filter(Col("callee_shape") == Lit("NAME"))
//                   .Project({{"call_id", Col("call_id")}, {"name", Col("callee_text")}})
//                   .Build();
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/plan/expr.h"

namespace codeanatomy::plan {

enum class OpKind : unsigned char {
  kScan,           // a table of the session (evidence or an earlier rule's output)
  kValues,         // literal rows
  kFilter,         // rows where a predicate is true
  kProject,        // computed columns
  kJoin,           // inner / left / semi / anti on equi-keys plus an optional residual predicate
  kIntervalAlign,  // per left row, the best right row by span relation on (path, start, end)
  kUnionAll,       // concatenation of inputs with equal schemas
  kAggregate,      // group keys plus aggregates
  kWinnerSelect,   // the best row per key, by an explicit total order
  kExplode,        // one row per element of a list column
  kDistinct,       // duplicate rows removed
  kSort,           // rows in a given order
  kLimit,          // the first n rows (after a Sort)
  kRecursive,      // least fixpoint: base UNION step(self) until nothing new
  kRecursiveRef,   // `self` inside a Recursive step
};
std::string_view OpName(OpKind op);

enum class JoinType : unsigned char { kInner, kLeft, kSemi, kAnti };
std::string_view JoinTypeName(JoinType type);

enum class AlignMode : unsigned char {
  kExact,          // right span == left span
  kContainedBest,  // right within left; shortest right wins
  kEnclosingBest,  // right contains left; shortest (innermost) right wins
  kOverlapBest,    // right overlaps left; largest overlap wins, then shortest right
  //! The right interval holding the left start point (right start <= left start < right end).
  //! The right intervals must be disjoint per path (a partition such as a file's lines), so at
  //! most one matches: no score, no tie-breakers, inner alignment only. Lowered to an ASOF join,
  //! which is a merge instead of the hash join + range filter of the other modes.
  kContainsStart,
  //! The right row with the greatest start at or before the left start (right start <= left
  //! start), whether or not its interval holds the point: the line of a byte offset, including an
  //! offset at the very end of a file. The right starts must be distinct per path (a file's line
  //! starts), so at most one matches: no score, no tie-breakers; keep_unmatched is supported (the
  //! left end column is not read). Lowered to an ASOF (LEFT) JOIN.
  kFloorStart,
};
std::string_view AlignModeName(AlignMode mode);

enum class AggFunc : unsigned char {
  kCountStar,      // count(*)
  kCount,          // count of non-NULL values
  kCountDistinct,  // count of distinct non-NULL values
  kSum,            // integer sum (BIGINT) or DOUBLE sum
  kMin,
  kMax,
  kBoolOr,
  kBoolAnd,
  kListDistinct,  // sorted distinct non-NULL VARCHAR values as VARCHAR[]; NULL over no rows
  //! Non-NULL VARCHAR values as VARCHAR[] in the item's `order` (then by value, so the result is
  //! deterministic); NULL when there is none.
  kList,
};
std::string_view AggFuncName(AggFunc func);

//! An output column: its name and the expression computing it.
struct NamedExpr {
  std::string name;
  Expr expr;
};

struct SortKey {
  Expr expr;
  bool descending = false;  // NULL is the smallest value: first ascending, last descending
};
SortKey Asc(Expr e);
SortKey Desc(Expr e);

struct JoinKey {
  std::string left;
  std::string right;
};

struct AggregateItem {
  std::string name;
  AggFunc func = AggFunc::kCountStar;
  Expr arg;  // unset for kCountStar
  //! kList only: the order of the items (a position, a start offset).
  std::vector<SortKey> order = {};
};

//! Left and right rows align only within one partition: `*_path` columns, both VARCHAR (a path)
//! or both UBIGINT (a file ID, cheaper to partition by).
struct AlignSpec {
  AlignMode mode = AlignMode::kContainedBest;
  bool keep_unmatched = false;  // left-join semantics: unmatched left rows with NULL right columns
  std::string left_path = "path", left_start = "bstart", left_end = "bend";
  std::string right_path = "path", right_start = "bstart", right_end = "bend";
  //! After the mode's own score; make the order total (e.g. end with the right row's ID).
  std::vector<SortKey> tie_breakers = {};
};

struct PlanNode;
using PlanNodePtr = std::shared_ptr<const PlanNode>;

struct PlanNode {
  OpKind op = OpKind::kScan;
  std::vector<PlanNodePtr> inputs;
  base::Schema schema;  // inferred output schema

  std::string table;                           // kScan, kRecursiveRef (the recursion's name)
  std::vector<std::vector<base::Value>> rows;  // kValues
  Expr predicate;                              // kFilter; kJoin residual (may be unset)
  std::vector<NamedExpr> items;  // kProject; kJoin / kIntervalAlign outputs; kAggregate keys
  JoinType join_type = JoinType::kInner;  // kJoin
  std::vector<JoinKey> join_keys;         // kJoin
  AlignSpec align;                        // kIntervalAlign
  std::vector<AggregateItem> aggregates;  // kAggregate
  std::vector<Expr> partition_keys;       // kWinnerSelect
  std::vector<SortKey> order;             // kWinnerSelect, kSort
  int64_t limit = 0;                      // kLimit
  std::string explode_column;             // kExplode: the list column (replaced by the item)
  std::string explode_item;               // kExplode: name of the item column
  std::string explode_index;              // kExplode: name of the 1-based index column ("" = none)
};

class Plan {
 public:
  Plan() = default;
  explicit Plan(PlanNodePtr root) : root_(std::move(root)) {}

  const PlanNode& root() const { return *root_; }
  const PlanNodePtr& root_ptr() const { return root_; }
  const base::Schema& schema() const { return root_->schema; }
  //! Canonical, indented text of the tree. Equal plans print equally on every machine.
  std::string Print() const;
  //! XXH3-128 of Print(), as 32 hex digits.
  std::string Fingerprint() const;
  //! Structural invariants (input counts, schema consistency); a failure is a bug in the builder.
  base::Status Verify() const;
  //! Names of the session tables the plan scans, sorted and distinct.
  std::vector<std::string> InputTables() const;

 private:
  PlanNodePtr root_;
};

//! Where Scan finds the schemas of session tables, without executing anything.
class Catalog {
 public:
  virtual ~Catalog() = default;
  virtual base::Result<base::Schema> TableSchema(std::string_view table) const = 0;
};

//! A Catalog over a fixed map (tests, and the rule registry's growing set of outputs).
class MapCatalog : public Catalog {
 public:
  void Add(std::string name, base::Schema schema);
  base::Result<base::Schema> TableSchema(std::string_view table) const override;

 private:
  std::vector<std::pair<std::string, base::Schema>> tables_;
};

//! Builds plans; every step checks columns and types at once. The first error sticks (later steps
//! are no-ops) and Build() returns it, prefixed with the context (the rule name).
class PlanBuilder {
 public:
  PlanBuilder(const Catalog& catalog, std::string context);

  PlanBuilder Scan(const std::string& table) const;
  //! A built plan, to compose further (e.g. the rounds of a fixpoint).
  PlanBuilder Of(const Plan& plan) const;
  PlanBuilder Values(base::Schema schema, std::vector<std::vector<base::Value>> rows) const;
  PlanBuilder Filter(Expr predicate) const;
  PlanBuilder Project(std::vector<NamedExpr> items) const;
  //! Keeps the named input columns, in this order.
  PlanBuilder Select(const std::vector<std::string>& columns) const;
  //! Keeps every input column and appends `items`.
  PlanBuilder Extend(std::vector<NamedExpr> items) const;
  //! Outputs are expressions over L() / R() columns. Semi and anti joins output only left columns
  //! and take no outputs (pass {}). Left joins make right columns nullable.
  PlanBuilder Join(const PlanBuilder& right, JoinType type, std::vector<JoinKey> keys,
                   std::vector<NamedExpr> outputs,
                   std::optional<Expr> residual = std::nullopt) const;
  //! Join sugar: every left column, then `right_columns` (expressions over L() / R()).
  PlanBuilder JoinAppend(const PlanBuilder& right, JoinType type, std::vector<JoinKey> keys,
                         std::vector<NamedExpr> right_columns,
                         std::optional<Expr> residual = std::nullopt) const;
  PlanBuilder IntervalAlign(const PlanBuilder& right, AlignSpec spec,
                            std::vector<NamedExpr> outputs) const;
  PlanBuilder UnionAll(const std::vector<PlanBuilder>& others) const;
  PlanBuilder Aggregate(std::vector<NamedExpr> keys, std::vector<AggregateItem> aggregates) const;
  PlanBuilder WinnerSelect(std::vector<Expr> keys, std::vector<SortKey> order) const;
  PlanBuilder Explode(const std::string& list_column, const std::string& item_name,
                      const std::string& index_name = "") const;
  PlanBuilder Distinct() const;
  PlanBuilder Sort(std::vector<SortKey> keys) const;
  PlanBuilder Limit(int64_t n) const;
  //! The least fixpoint of `this` (the base) UNION step(self), with set semantics.
  PlanBuilder Recursive(const std::string& name,
                        const std::function<PlanBuilder(const PlanBuilder& self)>& step) const;

  base::Result<Plan> Build() const;
  //! The schema so far (empty after an error).
  const base::Schema& schema() const;
  const base::Status& status() const { return error_; }

 private:
  PlanBuilder Fail(base::Status status) const;
  PlanBuilder With(PlanNodePtr node) const;

  const Catalog* catalog_;
  std::string context_;
  PlanNodePtr node_;
  base::Status error_;
};

}  // namespace codeanatomy::plan
