#include "codeanatomy/plan/sql.h"

#include <cmath>
#include <map>
#include <set>

#include <fmt/core.h>

#include "codeanatomy/base/sql_text.h"

namespace codeanatomy::plan {

using base::ColumnType;
using base::QuoteIdentifier;
using base::Result;
using base::Status;

namespace {

std::string SqlType(ColumnType t) { return std::string(base::ColumnTypeName(t)); }

std::string LiteralSql(const base::Value& v) {
  const std::string type = SqlType(v.type());
  if (v.is_null()) return fmt::format("CAST(NULL AS {})", type);
  switch (v.type()) {
    case ColumnType::kBool:
      return v.bool_value() ? "true" : "false";
    case ColumnType::kInt32:
    case ColumnType::kInt64:
      return fmt::format("CAST({} AS {})", v.int_value(), type);
    case ColumnType::kUInt64:
      return fmt::format("CAST({} AS UBIGINT)", v.uint_value());
    case ColumnType::kDouble: {
      double d = v.double_value();
      if (std::isnan(d)) return "CAST('nan' AS DOUBLE)";
      if (std::isinf(d)) return d > 0 ? "CAST('inf' AS DOUBLE)" : "CAST('-inf' AS DOUBLE)";
      return fmt::format("CAST('{}' AS DOUBLE)", d);
    }
    case ColumnType::kString:
      return base::QuoteString(v.string_value());
    case ColumnType::kStringList: {
      std::string out = "CAST([";
      const auto& items = v.list_value();
      for (size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + base::QuoteString(items[i]);
      return out + "] AS VARCHAR[])";
    }
  }
  CA_UNREACHABLE("literal type {}", static_cast<int>(v.type()));
}

//! Lowers expressions; `scope` gives their types so operands can be cast to result types.
class ExprLowering {
 public:
  explicit ExprLowering(ExprScope scope) : scope_(scope) {}

  Result<std::string> Lower(const Expr& e) {
    const ExprNode& n = e.node();
    switch (n.kind) {
      case ExprNode::Kind::kColumn:
        return n.side == Side::kLeft    ? "l." + QuoteIdentifier(n.column)
               : n.side == Side::kRight ? "r." + QuoteIdentifier(n.column)
                                        : QuoteIdentifier(n.column);
      case ExprNode::Kind::kLiteral:
        return LiteralSql(n.literal);
      case ExprNode::Kind::kCall:
        break;
    }
    CA_ASSIGN_OR_RETURN(base::Field out, InferType(e, scope_));
    std::vector<std::string> a;
    for (const auto& arg : n.args) {
      if (n.func == Func::kKernelFunction) break;
      CA_ASSIGN_OR_RETURN(std::string s, Lower(arg));
      a.push_back(std::move(s));
    }
    auto cast_to = [&](const std::string& s, ColumnType t) {
      return fmt::format("CAST({} AS {})", s, SqlType(t));
    };
    auto binary = [&](const char* op, bool cast_operands) {
      if (cast_operands) {
        return fmt::format("({} {} {})", cast_to(a[0], out.type), op, cast_to(a[1], out.type));
      }
      return fmt::format("({} {} {})", a[0], op, a[1]);
    };
    switch (n.func) {
      case Func::kAdd:
        return binary("+", true);
      case Func::kSubtract:
        return binary("-", true);
      case Func::kMultiply:
        return binary("*", true);
      case Func::kBitAnd:
        return binary("&", true);
      case Func::kBitOr:
        return binary("|", true);
      case Func::kNegate:
        return fmt::format("(-{})", cast_to(a[0], out.type));
      case Func::kEq:
        return binary("=", false);
      case Func::kNe:
        return binary("<>", false);
      case Func::kLt:
        return binary("<", false);
      case Func::kLe:
        return binary("<=", false);
      case Func::kGt:
        return binary(">", false);
      case Func::kGe:
        return binary(">=", false);
      case Func::kIsNotDistinctFrom:
        return binary("IS NOT DISTINCT FROM", false);
      case Func::kIsNull:
        return fmt::format("({} IS NULL)", a[0]);
      case Func::kIsNotNull:
        return fmt::format("({} IS NOT NULL)", a[0]);
      case Func::kAnd:
        return binary("AND", false);
      case Func::kOr:
        return binary("OR", false);
      case Func::kNot:
        return fmt::format("(NOT {})", a[0]);
      case Func::kCoalesce: {
        std::string s = "COALESCE(";
        for (size_t i = 0; i < a.size(); ++i) s += (i ? ", " : "") + cast_to(a[i], out.type);
        return s + ")";
      }
      case Func::kCase: {
        std::string s = "CASE";
        for (size_t i = 0; i + 1 < a.size(); i += 2) {
          s += fmt::format(" WHEN {} THEN {}", a[i], cast_to(a[i + 1], out.type));
        }
        return s + fmt::format(" ELSE {} END", cast_to(a.back(), out.type));
      }
      case Func::kConcat: {
        std::string s = "(";
        for (size_t i = 0; i < a.size(); ++i) s += (i ? " || " : "") + a[i];
        return s + ")";
      }
      case Func::kLength:
        return fmt::format("CAST(length({}) AS BIGINT)", a[0]);
      case Func::kSubstr:
        return fmt::format("substring({}, {}, {})", a[0], a[1], a[2]);
      case Func::kStartsWith:
        return fmt::format("starts_with({}, {})", a[0], a[1]);
      case Func::kEndsWith:
        return fmt::format("suffix({}, {})", a[0], a[1]);
      case Func::kContains:
        return fmt::format("contains({}, {})", a[0], a[1]);
      case Func::kSplitPart:
        return fmt::format("split_part({}, {}, {})", a[0], a[1], a[2]);
      case Func::kStrPos:
        return fmt::format("CAST(strpos({}, {}) AS BIGINT)", a[0], a[1]);
      case Func::kListLength:
        return fmt::format("CAST(len({}) AS BIGINT)", a[0]);
      case Func::kListContains:
        return fmt::format("list_contains({}, {})", a[0], a[1]);
      case Func::kCastInt32:
      case Func::kCastInt64:
      case Func::kCastUInt64:
      case Func::kCastDouble:
      case Func::kCastString:
        return cast_to(a[0], out.type);
      case Func::kStableId: {
        std::string s = "stable_id(";
        for (size_t i = 0; i < a.size(); ++i)
          s += (i ? ", " : "") + cast_to(a[i], ColumnType::kString);
        return s + ")";
      }
      case Func::kKernelFunction:
        return Status::Unimplemented("kernel function '{}' has no SQL lowering",
                                     n.kernel_function->name);
    }
    CA_UNREACHABLE("func {}", static_cast<int>(n.func));
  }

  //! `expr` cast to its inferred type (a plain column needs no cast).
  Result<std::string> LowerTyped(const Expr& e) {
    CA_ASSIGN_OR_RETURN(std::string s, Lower(e));
    if (e.node().kind == ExprNode::Kind::kColumn) return s;
    CA_ASSIGN_OR_RETURN(base::Field f, InferType(e, scope_));
    return fmt::format("CAST({} AS {})", s, SqlType(f.type));
  }

  Result<std::string> OrderBy(const std::vector<SortKey>& keys) {
    std::string out;
    for (size_t i = 0; i < keys.size(); ++i) {
      CA_ASSIGN_OR_RETURN(std::string s, Lower(keys[i].expr));
      out += fmt::format("{}{} {}", i ? ", " : "", s,
                         keys[i].descending ? "DESC NULLS LAST" : "ASC NULLS FIRST");
    }
    return out;
  }

  Result<std::string> Items(const std::vector<NamedExpr>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
      CA_ASSIGN_OR_RETURN(std::string s, LowerTyped(items[i].expr));
      out += fmt::format("{}{} AS {}", i ? ", " : "", s, QuoteIdentifier(items[i].name));
    }
    return out;
  }

 private:
  ExprScope scope_;
};

class Lowering {
 public:
  Result<std::string> Run(const Plan& plan) {
    CountUses(plan.root_ptr());
    std::string main;
    if (plan.root().op == OpKind::kRecursive) {
      // A fixpoint is always a CTE; the statement reads it.
      CA_ASSIGN_OR_RETURN(std::string rel, Relation(plan.root_ptr()));
      main = "SELECT * FROM " + rel;
    } else {
      CA_ASSIGN_OR_RETURN(main, Select(*plan.root_ptr()));
    }
    if (ctes_.empty()) return main;
    std::string out = recursive_ ? "WITH RECURSIVE " : "WITH ";
    for (size_t i = 0; i < ctes_.size(); ++i) {
      out +=
          fmt::format("{}{} AS {}(\n  {}\n)", i ? ",\n" : "", ctes_[i].first,
                      materialized_.count(ctes_[i].first) ? "MATERIALIZED " : "", ctes_[i].second);
    }
    return out + "\n" + main;
  }

 private:
  //! A relation usable in FROM: a table name, a CTE name or a parenthesized subquery.
  Result<std::string> Relation(const PlanNodePtr& node) {
    if (node->op == OpKind::kScan) return QuoteIdentifier(node->table);
    if (node->op == OpKind::kRecursiveRef) return QuoteIdentifier("rec_" + node->table);
    // Inline a node read once (outside a recursive step, where what does not depend on the
    // recursion is computed once, as a MATERIALIZED CTE): DuckDB's transformer copies the CTE map
    // for every CTE, so a plan of many single-use CTEs costs quadratic time to parse.
    if (DependsOnRef(node) ||
        (in_step_ == 0 && node->op != OpKind::kRecursive && uses_[node.get()] <= 1)) {
      CA_ASSIGN_OR_RETURN(std::string s, Select(*node));
      return "(" + s + ")";
    }
    if (auto it = names_.find(node.get()); it != names_.end()) {
      if (in_step_ > 0 && node->op != OpKind::kRecursive) materialized_.insert(it->second);
      return it->second;
    }
    const int in_step = in_step_;
    in_step_ = 0;  // the CTE's own inputs are read once, when it is computed
    Result<std::string> body = Select(*node);
    in_step_ = in_step;
    if (!body.ok()) return body.status();
    std::string name = node->op == OpKind::kRecursive ? QuoteIdentifier("rec_" + node->table)
                                                      : fmt::format("n{}", names_.size());
    names_.emplace(node.get(), name);
    ctes_.emplace_back(name, std::move(*body));
    if (in_step_ > 0 && node->op != OpKind::kRecursive) materialized_.insert(name);
    return name;
  }

  //! How many parents read each node of the DAG.
  void CountUses(const PlanNodePtr& node) {
    for (const auto& in : node->inputs) {
      if (uses_[in.get()]++ == 0) CountUses(in);
    }
  }

  bool DependsOnRef(const PlanNodePtr& node) {
    if (auto it = depends_.find(node.get()); it != depends_.end()) return it->second;
    bool d = node->op == OpKind::kRecursiveRef;
    if (node->op != OpKind::kRecursive) {
      for (const auto& in : node->inputs) d = d || DependsOnRef(in);
    }
    depends_[node.get()] = d;
    return d;
  }

  //! The SELECT statement computing `n` from its inputs' relations.
  Result<std::string> Select(const PlanNode& n) {
    auto input = [&](size_t i) { return Relation(n.inputs[i]); };
    ExprLowering single({.input = n.inputs.empty() ? nullptr : &n.inputs[0]->schema});
    switch (n.op) {
      case OpKind::kScan:
        return fmt::format("SELECT * FROM {}", QuoteIdentifier(n.table));
      case OpKind::kRecursiveRef:
        return fmt::format("SELECT * FROM {}", QuoteIdentifier("rec_" + n.table));
      case OpKind::kValues: {
        std::string cols;
        for (size_t c = 0; c < n.schema.size(); ++c) {
          cols += (c ? ", " : "") + QuoteIdentifier(n.schema.field(c).name);
        }
        if (n.rows.empty()) {
          std::string s = "SELECT ";
          for (size_t c = 0; c < n.schema.size(); ++c) {
            s += fmt::format("{}CAST(NULL AS {}) AS {}", c ? ", " : "",
                             SqlType(n.schema.field(c).type),
                             QuoteIdentifier(n.schema.field(c).name));
          }
          return s + " WHERE false";
        }
        std::string rows;
        for (size_t r = 0; r < n.rows.size(); ++r) {
          rows += r ? ", (" : "(";
          for (size_t c = 0; c < n.rows[r].size(); ++c) {
            rows += fmt::format("{}CAST({} AS {})", c ? ", " : "", LiteralSql(n.rows[r][c]),
                                SqlType(n.schema.field(c).type));
          }
          rows += ")";
        }
        return fmt::format("SELECT * FROM (VALUES {}) AS v({})", rows, cols);
      }
      case OpKind::kFilter: {
        CA_ASSIGN_OR_RETURN(std::string in, input(0));
        CA_ASSIGN_OR_RETURN(std::string pred, single.Lower(n.predicate));
        return fmt::format("SELECT * FROM {} WHERE {}", in, pred);
      }
      case OpKind::kProject: {
        CA_ASSIGN_OR_RETURN(std::string in, input(0));
        CA_ASSIGN_OR_RETURN(std::string items, single.Items(n.items));
        return fmt::format("SELECT {} FROM {}", items, in);
      }
      case OpKind::kJoin: {
        CA_ASSIGN_OR_RETURN(std::string lin, input(0));
        CA_ASSIGN_OR_RETURN(std::string rin, input(1));
        ExprLowering two({.left = &n.inputs[0]->schema,
                          .right = &n.inputs[1]->schema,
                          .right_nullable = n.join_type == JoinType::kLeft});
        std::string cond;
        for (size_t i = 0; i < n.join_keys.size(); ++i) {
          cond +=
              fmt::format("{}l.{} = r.{}", i ? " AND " : "", QuoteIdentifier(n.join_keys[i].left),
                          QuoteIdentifier(n.join_keys[i].right));
        }
        if (n.predicate.valid()) {
          CA_ASSIGN_OR_RETURN(std::string residual, two.Lower(n.predicate));
          cond += (cond.empty() ? "" : " AND ") + residual;
        }
        switch (n.join_type) {
          case JoinType::kSemi:
          case JoinType::kAnti:
            // SEMI/ANTI JOIN, not [NOT] EXISTS: DuckDB plans a correlated EXISTS over an
            // aggregate as a delim join that buffers the whole left input; these are plain hash
            // joins with the right side as build side. Same rows (NULL keys never match).
            return fmt::format("SELECT l.* FROM {} AS l {} JOIN {} AS r ON {}", lin,
                               n.join_type == JoinType::kAnti ? "ANTI" : "SEMI", rin, cond);
          case JoinType::kInner:
          case JoinType::kLeft: {
            CA_ASSIGN_OR_RETURN(std::string items, two.Items(n.items));
            return fmt::format("SELECT {} FROM {} AS l {} JOIN {} AS r ON {}", items, lin,
                               n.join_type == JoinType::kLeft ? "LEFT" : "INNER", rin, cond);
          }
        }
        CA_UNREACHABLE("join type");
      }
      case OpKind::kIntervalAlign: {
        CA_ASSIGN_OR_RETURN(std::string lin, input(0));
        CA_ASSIGN_OR_RETURN(std::string rin, input(1));
        const AlignSpec& a = n.align;
        ExprLowering two({.left = &n.inputs[0]->schema,
                          .right = &n.inputs[1]->schema,
                          .right_nullable = a.keep_unmatched});
        auto lc = [](const std::string& c) { return "l." + QuoteIdentifier(c); };
        auto rc = [](const std::string& c) { return "r." + QuoteIdentifier(c); };
        if (a.mode == AlignMode::kContainsStart) {
          CA_ASSIGN_OR_RETURN(std::string items, two.Items(n.items));
          return fmt::format(
              "SELECT {} FROM {} AS l ASOF JOIN {} AS r ON {} = {} AND {} >= {} WHERE {} < {}",
              items, lin, rin, lc(a.left_path), rc(a.right_path), lc(a.left_start),
              rc(a.right_start), lc(a.left_start), rc(a.right_end));
        }
        if (a.mode == AlignMode::kFloorStart) {
          // DuckDB 1.4's ASOF join matches a NULL left start (as the greatest value) once its
          // input is partitioned; a NULL path in the equality keeps such a row unmatched.
          CA_ASSIGN_OR_RETURN(std::string items, two.Items(n.items));
          return fmt::format(
              "SELECT {} FROM {} AS l ASOF {}JOIN {} AS r ON (CASE WHEN {} IS NULL THEN NULL ELSE "
              "{} END) = {} AND {} >= {}",
              items, lin, a.keep_unmatched ? "LEFT " : "", rin, lc(a.left_start), lc(a.left_path),
              rc(a.right_path), lc(a.left_start), rc(a.right_start));
        }
        std::string match;
        std::string score;
        const std::string rlen = fmt::format("({} - {})", rc(a.right_end), rc(a.right_start));
        switch (a.mode) {
          case AlignMode::kExact:
            match = fmt::format("{} = {} AND {} = {}", rc(a.right_start), lc(a.left_start),
                                rc(a.right_end), lc(a.left_end));
            break;
          case AlignMode::kContainedBest:
            match = fmt::format("{} >= {} AND {} <= {}", rc(a.right_start), lc(a.left_start),
                                rc(a.right_end), lc(a.left_end));
            score = rlen + " ASC NULLS LAST";
            break;
          case AlignMode::kEnclosingBest:
            match = fmt::format("{} <= {} AND {} >= {}", rc(a.right_start), lc(a.left_start),
                                rc(a.right_end), lc(a.left_end));
            score = rlen + " ASC NULLS LAST";
            break;
          case AlignMode::kOverlapBest:
            match = fmt::format("{} > {} AND {} < {}", rc(a.right_end), lc(a.left_start),
                                rc(a.right_start), lc(a.left_end));
            score = fmt::format(
                "(LEAST({}, {}) - GREATEST({}, {})) DESC NULLS LAST, {} ASC NULLS LAST",
                lc(a.left_end), rc(a.right_end), lc(a.left_start), rc(a.right_start), rlen);
            break;
          case AlignMode::kContainsStart:
          case AlignMode::kFloorStart:
            CA_UNREACHABLE("lowered above");
        }
        CA_ASSIGN_OR_RETURN(std::string ties, two.OrderBy(a.tie_breakers));
        std::string order = score;
        if (!ties.empty()) order += (order.empty() ? "" : ", ") + ties;
        if (order.empty()) order = "1";
        CA_ASSIGN_OR_RETURN(std::string items, two.Items(n.items));
        // Each left row is numbered in the order of all its columns: DuckDB 1.4's
        // `row_number() OVER ()` gave two rows one number now and then on two threads (a call
        // site of the cookbook fixture lost its enclosing definition in 1 build of 20), and the
        // QUALIFY below then kept one of them.
        std::string left_order;
        for (const auto& f : n.inputs[0]->schema.fields()) {
          left_order += (left_order.empty() ? "" : ", ") + QuoteIdentifier(f.name);
        }
        return fmt::format(
            "SELECT {} FROM (SELECT *, row_number() OVER (ORDER BY {}) AS __ca_row FROM {}) AS l "
            "{} JOIN {} AS r ON {} = {} AND {} QUALIFY row_number() OVER (PARTITION BY "
            "l.__ca_row ORDER BY {}) = 1",
            items, left_order, lin, a.keep_unmatched ? "LEFT" : "INNER", rin, lc(a.left_path),
            rc(a.right_path), match, order);
      }
      case OpKind::kUnionAll: {
        std::string s;
        for (size_t i = 0; i < n.inputs.size(); ++i) {
          CA_ASSIGN_OR_RETURN(std::string in, input(i));
          s += fmt::format("{}SELECT * FROM {}", i ? " UNION ALL " : "", in);
        }
        return s;
      }
      case OpKind::kAggregate: {
        CA_ASSIGN_OR_RETURN(std::string in, input(0));
        std::string cols;
        if (!n.items.empty()) {
          CA_ASSIGN_OR_RETURN(cols, single.Items(n.items));
        }
        for (const auto& agg : n.aggregates) {
          std::string arg;
          if (agg.func != AggFunc::kCountStar) {
            CA_ASSIGN_OR_RETURN(arg, single.Lower(agg.arg));
          }
          const base::Field& f = n.schema.field(*n.schema.IndexOf(agg.name));
          std::string s;
          switch (agg.func) {
            case AggFunc::kCountStar:
              s = "count(*)";
              break;
            case AggFunc::kCount:
              s = fmt::format("count({})", arg);
              break;
            case AggFunc::kCountDistinct:
              s = fmt::format("count(DISTINCT {})", arg);
              break;
            case AggFunc::kSum:
              s = fmt::format("sum({})", arg);
              break;
            case AggFunc::kMin:
              s = fmt::format("min({})", arg);
              break;
            case AggFunc::kMax:
              s = fmt::format("max({})", arg);
              break;
            case AggFunc::kBoolOr:
              s = fmt::format("bool_or({})", arg);
              break;
            case AggFunc::kBoolAnd:
              s = fmt::format("bool_and({})", arg);
              break;
            case AggFunc::kListDistinct:
              s = fmt::format("list_sort(list_distinct(list({})))", arg);
              break;
            case AggFunc::kList: {
              CA_ASSIGN_OR_RETURN(std::string order, single.OrderBy(agg.order));
              s = fmt::format("list({0} ORDER BY {1}{0} ASC) FILTER (WHERE {0} IS NOT NULL)", arg,
                              order.empty() ? "" : order + ", ");
              break;
            }
          }
          cols += fmt::format("{}CAST({} AS {}) AS {}", cols.empty() ? "" : ", ", s,
                              SqlType(f.type), QuoteIdentifier(agg.name));
        }
        std::string group;
        for (size_t i = 0; i < n.items.size(); ++i)
          group += fmt::format("{}{}", i ? ", " : "", i + 1);
        return fmt::format("SELECT {} FROM {}{}", cols, in,
                           group.empty() ? "" : " GROUP BY " + group);
      }
      case OpKind::kWinnerSelect: {
        CA_ASSIGN_OR_RETURN(std::string in, input(0));
        std::string partition;
        for (size_t i = 0; i < n.partition_keys.size(); ++i) {
          CA_ASSIGN_OR_RETURN(std::string k, single.Lower(n.partition_keys[i]));
          partition += (i ? ", " : "") + k;
        }
        CA_ASSIGN_OR_RETURN(std::string order, single.OrderBy(n.order));
        return fmt::format("SELECT * FROM {} QUALIFY row_number() OVER ({}ORDER BY {}) = 1", in,
                           partition.empty() ? "" : "PARTITION BY " + partition + " ", order);
      }
      case OpKind::kExplode: {
        CA_ASSIGN_OR_RETURN(std::string in, input(0));
        std::string cols;
        for (const auto& f : n.inputs[0]->schema.fields()) {
          if (f.name == n.explode_column) continue;
          cols += fmt::format("{}t.{}", cols.empty() ? "" : ", ", QuoteIdentifier(f.name));
        }
        cols += fmt::format("{}u.item AS {}", cols.empty() ? "" : ", ",
                            QuoteIdentifier(n.explode_item));
        if (!n.explode_index.empty()) {
          cols += fmt::format(", CAST(u.idx AS BIGINT) AS {}", QuoteIdentifier(n.explode_index));
        }
        return fmt::format("SELECT {} FROM {} AS t, unnest(t.{}) WITH ORDINALITY AS u(item, idx)",
                           cols, in, QuoteIdentifier(n.explode_column));
      }
      case OpKind::kDistinct: {
        CA_ASSIGN_OR_RETURN(std::string in, input(0));
        return fmt::format("SELECT DISTINCT * FROM {}", in);
      }
      case OpKind::kSort: {
        CA_ASSIGN_OR_RETURN(std::string in, input(0));
        CA_ASSIGN_OR_RETURN(std::string order, single.OrderBy(n.order));
        return fmt::format("SELECT * FROM {} ORDER BY {}", in, order);
      }
      case OpKind::kLimit: {
        const PlanNode& child = *n.inputs[0];
        if (child.op == OpKind::kSort) {
          // Sort then Limit in one statement: an ORDER BY inside a CTE would not carry over.
          CA_ASSIGN_OR_RETURN(std::string in, Relation(child.inputs[0]));
          ExprLowering sort_scope({.input = &child.inputs[0]->schema});
          CA_ASSIGN_OR_RETURN(std::string order, sort_scope.OrderBy(child.order));
          return fmt::format("SELECT * FROM {} ORDER BY {} LIMIT {}", in, order, n.limit);
        }
        CA_ASSIGN_OR_RETURN(std::string in, input(0));
        return fmt::format("SELECT * FROM {} LIMIT {}", in, n.limit);
      }
      case OpKind::kRecursive: {
        recursive_ = true;
        CA_ASSIGN_OR_RETURN(std::string base, input(0));
        // A relation the step reads is MATERIALIZED: DuckDB would otherwise inline it and
        // compute it again at every iteration of the fixpoint.
        ++in_step_;
        Result<std::string> step = Select(*n.inputs[1]);
        --in_step_;
        if (!step.ok()) return step.status();
        return fmt::format("SELECT * FROM {} UNION SELECT * FROM ({})", base, *step);
      }
    }
    CA_UNREACHABLE("op {}", static_cast<int>(n.op));
  }

  std::map<const PlanNode*, std::string> names_;
  std::map<const PlanNode*, bool> depends_;
  std::map<const PlanNode*, int> uses_;
  std::vector<std::pair<std::string, std::string>> ctes_;
  //! CTEs a recursive step reads, and how deep in recursive steps the lowering is now.
  std::set<std::string> materialized_;
  int in_step_ = 0;
  bool recursive_ = false;
};

}  // namespace

Result<std::string> LowerToSql(const Plan& plan) {
  Lowering lowering;
  return lowering.Run(plan);
}

}  // namespace codeanatomy::plan
