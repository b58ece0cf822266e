#include "codeanatomy/engine/kernel_lane.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/core.h>

#include "codeanatomy/base/stable_id.h"

namespace codeanatomy::engine {

using base::ColumnType;
using base::Result;
using base::Status;
using base::Value;
using plan::Expr;
using plan::ExprNode;
using plan::Func;
using plan::OpKind;
using plan::PlanNode;
using plan::Side;

namespace {

using Row = std::vector<Value>;

struct Rows {
  base::Schema schema;
  std::vector<Row> rows;
};

// ---- Values
// ----------------------------------------------------------------------------------------

//! Integer values as 128-bit, so BIGINT and UBIGINT compare exactly.
__int128 AsInt128(const Value& v) {
  switch (v.type()) {
    case ColumnType::kBool:
      return v.bool_value() ? 1 : 0;
    case ColumnType::kInt32:
    case ColumnType::kInt64:
      return v.int_value();
    case ColumnType::kUInt64:
      return static_cast<__int128>(v.uint_value());
    case ColumnType::kDouble:
    case ColumnType::kString:
    case ColumnType::kStringList:
      break;
  }
  CA_UNREACHABLE("not an integer: {}", v.ToString());
}

double AsDouble(const Value& v) {
  if (v.type() == ColumnType::kDouble) return v.double_value();
  return static_cast<double>(AsInt128(v));
}

//! SQL comparison of two non-NULL comparable values: <0, 0, >0.
int SqlCompare(const Value& a, const Value& b) {
  if (base::IsNumericType(a.type()) && base::IsNumericType(b.type())) {
    if (a.type() == ColumnType::kDouble || b.type() == ColumnType::kDouble) {
      double x = AsDouble(a), y = AsDouble(b);
      return Value::Double(x).Compare(Value::Double(y));
    }
    __int128 x = AsInt128(a), y = AsInt128(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return a.Compare(b);
}

//! Bytes identifying a value for hashing join keys (numeric types share one encoding).
std::string KeyBytes(const Value& v) {
  if (v.is_null()) return std::string("\0", 1);
  if (base::IsIntegerType(v.type()) || v.type() == ColumnType::kBool) {
    __int128 x = AsInt128(v);
    std::string out = "i";
    out.append(reinterpret_cast<const char*>(&x), sizeof(x));
    return out;
  }
  if (v.type() == ColumnType::kDouble) {
    double d = v.double_value();
    std::string out = "d";
    out.append(reinterpret_cast<const char*>(&d), sizeof(d));
    return out;
  }
  return "s" + v.string_value();
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

//! Byte offset of code point `index` (0-based) in `s`, clamped to s.size().
size_t Utf8Offset(std::string_view s, int64_t index) {
  if (index <= 0) return 0;
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (static_cast<int64_t>(count) == index) return i;
      ++count;
    }
  }
  return s.size();
}

std::string ToText(const Value& v) {
  switch (v.type()) {
    case ColumnType::kBool:
      return v.bool_value() ? "true" : "false";
    case ColumnType::kInt32:
    case ColumnType::kInt64:
      return std::to_string(v.int_value());
    case ColumnType::kUInt64:
      return std::to_string(v.uint_value());
    case ColumnType::kString:
      return v.string_value();
    case ColumnType::kDouble:
    case ColumnType::kStringList:
      break;
  }
  CA_UNREACHABLE("no text form for {}", v.ToString());
}

// ---- Expressions
// -----------------------------------------------------------------------------------

//! An expression with columns resolved to (side, index) once.
struct Bound {
  ExprNode::Kind kind = ExprNode::Kind::kLiteral;
  Side side = Side::kNone;
  size_t index = 0;
  Value literal = Value::Null(ColumnType::kString);
  Func func = Func::kAdd;
  ColumnType type = ColumnType::kString;  // the inferred result type
  std::vector<Bound> args;
  std::shared_ptr<const plan::KernelFunction> kernel_function;
};

Result<Bound> Bind(const Expr& e, const plan::ExprScope& scope) {
  const ExprNode& n = e.node();
  Bound b;
  b.kind = n.kind;
  CA_ASSIGN_OR_RETURN(base::Field f, plan::InferType(e, scope));
  b.type = f.type;
  switch (n.kind) {
    case ExprNode::Kind::kColumn: {
      const base::Schema* s = n.side == Side::kLeft    ? scope.left
                              : n.side == Side::kRight ? scope.right
                                                       : scope.input;
      b.side = n.side;
      b.index = *s->IndexOf(n.column);
      return b;
    }
    case ExprNode::Kind::kLiteral:
      b.literal = n.literal;
      return b;
    case ExprNode::Kind::kCall:
      b.func = n.func;
      b.kernel_function = n.kernel_function;
      for (const auto& arg : n.args) {
        CA_ASSIGN_OR_RETURN(Bound a, Bind(arg, scope));
        b.args.push_back(std::move(a));
      }
      return b;
  }
  CA_UNREACHABLE("expr kind");
}

//! Evaluates bound expressions; the first runtime error (e.g. overflow) sticks in `error`.
struct Evaluator {
  Status error;

  Value Fail(Status s, ColumnType t) {
    if (error.ok()) error = std::move(s);
    return Value::Null(t);
  }

  Value Int(ColumnType t, __int128 x) {
    switch (t) {
      case ColumnType::kInt32:
        if (x < INT32_MIN || x > INT32_MAX) return Fail(Status::EngineError("INTEGER overflow"), t);
        return Value::Int32(static_cast<int32_t>(x));
      case ColumnType::kInt64:
        if (x < INT64_MIN || x > INT64_MAX) return Fail(Status::EngineError("BIGINT overflow"), t);
        return Value::Int64(static_cast<int64_t>(x));
      case ColumnType::kUInt64:
        if (x < 0 || x > static_cast<__int128>(UINT64_MAX)) {
          return Fail(Status::EngineError("UBIGINT overflow"), t);
        }
        return Value::UInt64(static_cast<uint64_t>(x));
      case ColumnType::kBool:
      case ColumnType::kDouble:
      case ColumnType::kString:
      case ColumnType::kStringList:
        break;
    }
    CA_UNREACHABLE("not an integer type");
  }

  //! Converts a value to the unified result type (INTEGER -> BIGINT).
  Value Widen(const Value& v, ColumnType t) {
    if (v.is_null()) return Value::Null(t);
    if (v.type() == t) return v;
    if (base::IsIntegerType(t) && base::IsIntegerType(v.type())) return Int(t, AsInt128(v));
    CA_UNREACHABLE("cannot widen {} to {}", v.ToString(), base::ColumnTypeName(t));
  }

  Value Eval(const Bound& b, const Row* in, const Row* left, const Row* right) {
    switch (b.kind) {
      case ExprNode::Kind::kColumn:
        return b.side == Side::kLeft    ? (*left)[b.index]
               : b.side == Side::kRight ? (right ? (*right)[b.index] : Value::Null(b.type))
                                        : (*in)[b.index];
      case ExprNode::Kind::kLiteral:
        return b.literal;
      case ExprNode::Kind::kCall:
        break;
    }
    auto arg = [&](size_t i) { return Eval(b.args[i], in, left, right); };

    // Functions that do not simply propagate NULL.
    switch (b.func) {
      case Func::kAnd:
      case Func::kOr: {
        const bool is_and = b.func == Func::kAnd;
        bool saw_null = false;
        for (size_t i = 0; i < b.args.size(); ++i) {
          Value v = arg(i);
          if (v.is_null()) {
            saw_null = true;
          } else if (v.bool_value() != is_and) {
            return Value::Bool(!is_and);
          }
        }
        return saw_null ? Value::Null(ColumnType::kBool) : Value::Bool(is_and);
      }
      case Func::kIsNull:
        return Value::Bool(arg(0).is_null());
      case Func::kIsNotNull:
        return Value::Bool(!arg(0).is_null());
      case Func::kIsNotDistinctFrom: {
        Value x = arg(0), y = arg(1);
        if (x.is_null() || y.is_null()) return Value::Bool(x.is_null() && y.is_null());
        return Value::Bool(SqlCompare(x, y) == 0);
      }
      case Func::kCoalesce:
        for (size_t i = 0; i < b.args.size(); ++i) {
          Value v = arg(i);
          if (!v.is_null()) return Widen(v, b.type);
        }
        return Value::Null(b.type);
      case Func::kCase:
        for (size_t i = 0; i + 1 < b.args.size(); i += 2) {
          Value c = arg(i);
          if (!c.is_null() && c.bool_value()) return Widen(arg(i + 1), b.type);
        }
        return Widen(arg(b.args.size() - 1), b.type);
      case Func::kStableId: {
        base::StableIdBuilder id;
        for (size_t i = 0; i < b.args.size(); ++i) {
          Value v = arg(i);
          if (v.is_null()) {
            id.AddNull();
          } else {
            id.Add(ToText(v));
          }
        }
        return Value::UInt64(id.Finish());
      }
      case Func::kKernelFunction: {
        std::vector<Value> values;
        for (size_t i = 0; i < b.args.size(); ++i) values.push_back(arg(i));
        return b.kernel_function->fn(values);
      }
      default:
        break;
    }

    std::vector<Value> a;
    a.reserve(b.args.size());
    for (size_t i = 0; i < b.args.size(); ++i) {
      a.push_back(arg(i));
      if (a.back().is_null()) return Value::Null(b.type);
    }
    switch (b.func) {
      case Func::kAdd:
      case Func::kSubtract:
      case Func::kMultiply: {
        if (b.type == ColumnType::kDouble) {
          double x = AsDouble(a[0]), y = AsDouble(a[1]);
          return Value::Double(b.func == Func::kAdd        ? x + y
                               : b.func == Func::kSubtract ? x - y
                                                           : x * y);
        }
        __int128 x = AsInt128(a[0]), y = AsInt128(a[1]);
        return Int(b.type, b.func == Func::kAdd        ? x + y
                           : b.func == Func::kSubtract ? x - y
                                                       : x * y);
      }
      case Func::kBitAnd:
      case Func::kBitOr: {
        if (b.type == ColumnType::kUInt64) {
          uint64_t x = a[0].uint_value(), y = a[1].uint_value();
          return Value::UInt64(b.func == Func::kBitAnd ? (x & y) : (x | y));
        }
        int64_t x = static_cast<int64_t>(AsInt128(a[0])), y = static_cast<int64_t>(AsInt128(a[1]));
        return Value::Int64(b.func == Func::kBitAnd ? (x & y) : (x | y));
      }
      case Func::kNegate:
        if (b.type == ColumnType::kDouble) return Value::Double(-AsDouble(a[0]));
        return Int(b.type, -AsInt128(a[0]));
      case Func::kEq:
        return Value::Bool(SqlCompare(a[0], a[1]) == 0);
      case Func::kNe:
        return Value::Bool(SqlCompare(a[0], a[1]) != 0);
      case Func::kLt:
        return Value::Bool(SqlCompare(a[0], a[1]) < 0);
      case Func::kLe:
        return Value::Bool(SqlCompare(a[0], a[1]) <= 0);
      case Func::kGt:
        return Value::Bool(SqlCompare(a[0], a[1]) > 0);
      case Func::kGe:
        return Value::Bool(SqlCompare(a[0], a[1]) >= 0);
      case Func::kNot:
        return Value::Bool(!a[0].bool_value());
      case Func::kConcat: {
        std::string s;
        for (const auto& v : a) s += v.string_value();
        return Value::String(std::move(s));
      }
      case Func::kLength:
        return Value::Int64(static_cast<int64_t>(Utf8Length(a[0].string_value())));
      case Func::kSubstr: {
        // DuckDB substring(s, start, length): a window of `length` 1-based positions starting at
        // `start` (negative: counted from the end, -1 = last; 0 = just before the first), clipped
        // to the string.
        const std::string& s = a[0].string_value();
        const int64_t len = static_cast<int64_t>(Utf8Length(s));
        const int64_t start = static_cast<int64_t>(AsInt128(a[1]));
        const int64_t count = static_cast<int64_t>(AsInt128(a[2]));
        if (count < 0) return Fail(Status::EngineError("substring: negative length"), b.type);
        const int64_t first = start < 0 ? len + start + 1 : start;
        const int64_t begin1 = std::max<int64_t>(first, 1);
        const int64_t end1 = std::min<int64_t>(first + count, len + 1);
        if (end1 <= begin1) return Value::String("");
        size_t b0 = Utf8Offset(s, begin1 - 1), b1 = Utf8Offset(s, end1 - 1);
        return Value::String(s.substr(b0, b1 - b0));
      }
      case Func::kStartsWith:
        return Value::Bool(a[0].string_value().starts_with(a[1].string_value()));
      case Func::kEndsWith:
        return Value::Bool(a[0].string_value().ends_with(a[1].string_value()));
      case Func::kContains:
        return Value::Bool(a[0].string_value().find(a[1].string_value()) != std::string::npos);
      case Func::kSplitPart: {
        const std::string& s = a[0].string_value();
        const std::string& d = a[1].string_value();
        int64_t index = static_cast<int64_t>(AsInt128(a[2]));
        std::vector<std::string> parts;
        if (d.empty()) {
          parts.push_back(s);
        } else {
          size_t pos = 0;
          while (true) {
            size_t next = s.find(d, pos);
            if (next == std::string::npos) {
              parts.push_back(s.substr(pos));
              break;
            }
            parts.push_back(s.substr(pos, next - pos));
            pos = next + d.size();
          }
        }
        const int64_t count = static_cast<int64_t>(parts.size());
        if (index > 0 && index <= count) return Value::String(parts[index - 1]);
        if (index < 0 && -index <= count) return Value::String(parts[count + index]);
        return Value::String("");
      }
      case Func::kStrPos: {
        const std::string& s = a[0].string_value();
        size_t pos = s.find(a[1].string_value());
        if (pos == std::string::npos) return Value::Int64(0);
        return Value::Int64(static_cast<int64_t>(Utf8Length(std::string_view(s).substr(0, pos))) +
                            1);
      }
      case Func::kListLength:
        return Value::Int64(static_cast<int64_t>(a[0].list_value().size()));
      case Func::kListContains: {
        const auto& items = a[0].list_value();
        return Value::Bool(std::find(items.begin(), items.end(), a[1].string_value()) !=
                           items.end());
      }
      case Func::kCastInt32:
      case Func::kCastInt64:
      case Func::kCastUInt64: {
        if (a[0].type() == ColumnType::kDouble) {
          double d = a[0].double_value();
          if (!std::isfinite(d))
            return Fail(Status::EngineError("cannot cast {} to an integer", d), b.type);
          return Int(b.type, static_cast<__int128>(std::round(d)));
        }
        return Int(b.type, AsInt128(a[0]));
      }
      case Func::kCastDouble:
        return Value::Double(AsDouble(a[0]));
      case Func::kCastString:
        return Value::String(ToText(a[0]));
      default:
        break;
    }
    CA_UNREACHABLE("func {}", static_cast<int>(b.func));
  }
};

bool IsTrue(const Value& v) { return !v.is_null() && v.bool_value(); }

//! An interval alignment's partition (a path or a file ID) as a map key.
std::string PartitionKey(const Value& v) {
  return v.type() == ColumnType::kString ? v.string_value() : std::to_string(v.uint_value());
}

//! Compares rows by sort keys: ascending puts NULL first, descending puts NULL last.
struct OrderKey {
  std::vector<Bound> keys;
  std::vector<bool> descending;
};

int CompareKeys(const std::vector<Value>& a, const std::vector<Value>& b,
                const std::vector<bool>& desc) {
  for (size_t i = 0; i < a.size(); ++i) {
    int c;
    if (a[i].is_null() || b[i].is_null()) {
      c = a[i].Compare(b[i]);
    } else {
      c = SqlCompare(a[i], b[i]);
    }
    if (c != 0) return desc[i] ? -c : c;
  }
  return 0;
}

// ---- Operators
// -------------------------------------------------------------------------------------

class Interpreter {
 public:
  explicit Interpreter(const TableReader& read) : read_(read) {}

  Result<Rows> Eval(const plan::PlanNodePtr& node) {
    const bool memo = !DependsOnRef(node);
    if (memo) {
      if (auto it = memo_.find(node.get()); it != memo_.end()) return it->second;
    }
    CA_ASSIGN_OR_RETURN(Rows out, EvalNode(*node));
    if (!ev_.error.ok()) return ev_.error;
    if (memo) memo_[node.get()] = out;
    return out;
  }

 private:
  bool DependsOnRef(const plan::PlanNodePtr& node) {
    if (auto it = depends_.find(node.get()); it != depends_.end()) return it->second;
    bool d = node->op == OpKind::kRecursiveRef;
    for (const auto& in : node->inputs) d = DependsOnRef(in) || d;
    depends_[node.get()] = d;
    return d;
  }

  Result<std::vector<Value>> EvalAll(const std::vector<Bound>& exprs, const Row* in, const Row* l,
                                     const Row* r) {
    std::vector<Value> out;
    out.reserve(exprs.size());
    for (const auto& e : exprs) out.push_back(ev_.Eval(e, in, l, r));
    return out;
  }

  Result<std::vector<Bound>> BindAll(const std::vector<plan::NamedExpr>& items,
                                     const plan::ExprScope& scope) {
    std::vector<Bound> out;
    for (const auto& item : items) {
      CA_ASSIGN_OR_RETURN(Bound b, Bind(item.expr, scope));
      out.push_back(std::move(b));
    }
    return out;
  }

  Result<OrderKey> BindOrder(const std::vector<plan::SortKey>& keys, const plan::ExprScope& scope) {
    OrderKey out;
    for (const auto& k : keys) {
      CA_ASSIGN_OR_RETURN(Bound b, Bind(k.expr, scope));
      out.keys.push_back(std::move(b));
      out.descending.push_back(k.descending);
    }
    return out;
  }

  Result<Rows> EvalNode(const PlanNode& n) {
    Rows out{n.schema, {}};
    switch (n.op) {
      case OpKind::kScan: {
        CA_ASSIGN_OR_RETURN(base::Table t, read_(n.table));
        if (t.schema().size() != n.schema.size()) {
          return Status::EngineError("table {} has {} columns, the plan expects {}", n.table,
                                     t.schema().size(), n.schema.size());
        }
        out.rows.reserve(t.num_rows());
        for (size_t r = 0; r < t.num_rows(); ++r) out.rows.push_back(t.GetRow(r));
        return out;
      }
      case OpKind::kRecursiveRef: {
        auto it = refs_.find(n.table);
        CA_CHECK_MSG(it != refs_.end(), "recursive reference {} outside its fixpoint", n.table);
        out.rows = it->second;
        return out;
      }
      case OpKind::kValues:
        out.rows = n.rows;
        return out;
      case OpKind::kFilter: {
        CA_ASSIGN_OR_RETURN(Rows in, Eval(n.inputs[0]));
        CA_ASSIGN_OR_RETURN(Bound pred, Bind(n.predicate, {.input = &in.schema}));
        for (auto& row : in.rows) {
          if (IsTrue(ev_.Eval(pred, &row, nullptr, nullptr))) out.rows.push_back(std::move(row));
        }
        return out;
      }
      case OpKind::kProject: {
        CA_ASSIGN_OR_RETURN(Rows in, Eval(n.inputs[0]));
        CA_ASSIGN_OR_RETURN(auto items, BindAll(n.items, {.input = &in.schema}));
        out.rows.reserve(in.rows.size());
        for (const auto& row : in.rows) {
          CA_ASSIGN_OR_RETURN(Row r, EvalAll(items, &row, nullptr, nullptr));
          out.rows.push_back(std::move(r));
        }
        return out;
      }
      case OpKind::kJoin:
        return EvalJoin(n);
      case OpKind::kIntervalAlign:
        return EvalAlign(n);
      case OpKind::kUnionAll:
        for (const auto& input : n.inputs) {
          CA_ASSIGN_OR_RETURN(Rows in, Eval(input));
          for (auto& row : in.rows) out.rows.push_back(std::move(row));
        }
        return out;
      case OpKind::kAggregate:
        return EvalAggregate(n);
      case OpKind::kWinnerSelect: {
        CA_ASSIGN_OR_RETURN(Rows in, Eval(n.inputs[0]));
        plan::ExprScope scope{.input = &in.schema};
        std::vector<Bound> keys;
        for (const auto& k : n.partition_keys) {
          CA_ASSIGN_OR_RETURN(Bound b, Bind(k, scope));
          keys.push_back(std::move(b));
        }
        CA_ASSIGN_OR_RETURN(OrderKey order, BindOrder(n.order, scope));
        std::map<std::vector<Value>, std::pair<std::vector<Value>, size_t>> best;
        for (size_t i = 0; i < in.rows.size(); ++i) {
          CA_ASSIGN_OR_RETURN(auto k, EvalAll(keys, &in.rows[i], nullptr, nullptr));
          CA_ASSIGN_OR_RETURN(auto o, EvalAll(order.keys, &in.rows[i], nullptr, nullptr));
          auto it = best.find(k);
          if (it == best.end()) {
            best.emplace(std::move(k), std::make_pair(std::move(o), i));
          } else if (CompareKeys(o, it->second.first, order.descending) < 0) {
            it->second = {std::move(o), i};
          }
        }
        for (auto& [k, v] : best) out.rows.push_back(std::move(in.rows[v.second]));
        return out;
      }
      case OpKind::kExplode: {
        CA_ASSIGN_OR_RETURN(Rows in, Eval(n.inputs[0]));
        const size_t list_index = *in.schema.IndexOf(n.explode_column);
        for (const auto& row : in.rows) {
          if (row[list_index].is_null()) continue;
          const auto& items = row[list_index].list_value();
          for (size_t k = 0; k < items.size(); ++k) {
            Row r;
            for (size_t c = 0; c < row.size(); ++c) {
              if (c != list_index) r.push_back(row[c]);
            }
            r.push_back(Value::String(items[k]));
            if (!n.explode_index.empty()) r.push_back(Value::Int64(static_cast<int64_t>(k) + 1));
            out.rows.push_back(std::move(r));
          }
        }
        return out;
      }
      case OpKind::kDistinct: {
        CA_ASSIGN_OR_RETURN(Rows in, Eval(n.inputs[0]));
        std::set<Row> seen;
        for (auto& row : in.rows) {
          if (seen.insert(row).second) out.rows.push_back(std::move(row));
        }
        return out;
      }
      case OpKind::kSort: {
        CA_ASSIGN_OR_RETURN(Rows in, Eval(n.inputs[0]));
        CA_ASSIGN_OR_RETURN(OrderKey order, BindOrder(n.order, {.input = &in.schema}));
        std::vector<std::pair<std::vector<Value>, size_t>> keyed;
        for (size_t i = 0; i < in.rows.size(); ++i) {
          CA_ASSIGN_OR_RETURN(auto k, EvalAll(order.keys, &in.rows[i], nullptr, nullptr));
          keyed.emplace_back(std::move(k), i);
        }
        std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
          return CompareKeys(x.first, y.first, order.descending) < 0;
        });
        for (auto& [k, i] : keyed) out.rows.push_back(std::move(in.rows[i]));
        return out;
      }
      case OpKind::kLimit: {
        CA_ASSIGN_OR_RETURN(Rows in, Eval(n.inputs[0]));
        const size_t keep = std::min<size_t>(in.rows.size(), static_cast<size_t>(n.limit));
        in.rows.resize(keep);
        out.rows = std::move(in.rows);
        return out;
      }
      case OpKind::kRecursive:
        return EvalRecursive(n);
    }
    CA_UNREACHABLE("op {}", static_cast<int>(n.op));
  }

  Result<Rows> EvalJoin(const PlanNode& n) {
    CA_ASSIGN_OR_RETURN(Rows l, Eval(n.inputs[0]));
    CA_ASSIGN_OR_RETURN(Rows r, Eval(n.inputs[1]));
    Rows out{n.schema, {}};
    plan::ExprScope scope{.left = &l.schema,
                          .right = &r.schema,
                          .right_nullable = n.join_type == plan::JoinType::kLeft};
    std::optional<Bound> residual;
    if (n.predicate.valid()) {
      CA_ASSIGN_OR_RETURN(Bound b, Bind(n.predicate, scope));
      residual = std::move(b);
    }
    std::vector<Bound> items;
    if (!n.items.empty()) {
      CA_ASSIGN_OR_RETURN(items, BindAll(n.items, scope));
    }
    std::vector<size_t> lk, rk;
    for (const auto& k : n.join_keys) {
      lk.push_back(*l.schema.IndexOf(k.left));
      rk.push_back(*r.schema.IndexOf(k.right));
    }
    // Hash the right side on its keys; rows with a NULL key never match.
    auto key_of = [](const Row& row, const std::vector<size_t>& idx) -> std::optional<std::string> {
      std::string key;
      for (size_t i : idx) {
        if (row[i].is_null()) return std::nullopt;
        key += KeyBytes(row[i]);
        key += '\x1f';
      }
      return key;
    };
    std::unordered_map<std::string, std::vector<size_t>> index;
    for (size_t j = 0; j < r.rows.size(); ++j) {
      if (auto k = key_of(r.rows[j], rk)) index[*k].push_back(j);
    }
    const std::vector<size_t> kAll = [&] {
      std::vector<size_t> all(r.rows.size());
      for (size_t j = 0; j < all.size(); ++j) all[j] = j;
      return all;
    }();
    for (const auto& lrow : l.rows) {
      const std::vector<size_t>* candidates = &kAll;
      std::vector<size_t> none;
      if (!lk.empty()) {
        auto k = key_of(lrow, lk);
        auto it = k ? index.find(*k) : index.end();
        candidates = it == index.end() ? &none : &it->second;
      }
      bool matched = false;
      for (size_t j : *candidates) {
        const Row& rrow = r.rows[j];
        if (residual && !IsTrue(ev_.Eval(*residual, nullptr, &lrow, &rrow))) continue;
        matched = true;
        if (n.join_type == plan::JoinType::kSemi || n.join_type == plan::JoinType::kAnti) break;
        CA_ASSIGN_OR_RETURN(Row o, EvalAll(items, nullptr, &lrow, &rrow));
        out.rows.push_back(std::move(o));
      }
      switch (n.join_type) {
        case plan::JoinType::kSemi:
          if (matched) out.rows.push_back(lrow);
          break;
        case plan::JoinType::kAnti:
          if (!matched) out.rows.push_back(lrow);
          break;
        case plan::JoinType::kLeft:
          if (!matched) {
            CA_ASSIGN_OR_RETURN(Row o, EvalAll(items, nullptr, &lrow, nullptr));
            out.rows.push_back(std::move(o));
          }
          break;
        case plan::JoinType::kInner:
          break;
      }
    }
    return out;
  }

  Result<Rows> EvalAlign(const PlanNode& n) {
    CA_ASSIGN_OR_RETURN(Rows l, Eval(n.inputs[0]));
    CA_ASSIGN_OR_RETURN(Rows r, Eval(n.inputs[1]));
    const plan::AlignSpec& a = n.align;
    plan::ExprScope scope{
        .left = &l.schema, .right = &r.schema, .right_nullable = a.keep_unmatched};
    CA_ASSIGN_OR_RETURN(auto items, BindAll(n.items, scope));
    CA_ASSIGN_OR_RETURN(OrderKey ties, BindOrder(a.tie_breakers, scope));
    const size_t lp = *l.schema.IndexOf(a.left_path), ls = *l.schema.IndexOf(a.left_start),
                 le = *l.schema.IndexOf(a.left_end);
    const size_t rp = *r.schema.IndexOf(a.right_path), rs = *r.schema.IndexOf(a.right_start),
                 re = *r.schema.IndexOf(a.right_end);
    std::unordered_map<std::string, std::vector<size_t>> by_path;
    for (size_t j = 0; j < r.rows.size(); ++j) {
      if (!r.rows[j][rp].is_null()) by_path[PartitionKey(r.rows[j][rp])].push_back(j);
    }
    Rows out{n.schema, {}};
    for (const auto& lrow : l.rows) {
      const Row* best = nullptr;
      std::vector<Value> best_key;
      std::vector<bool> desc;
      // kFloorStart reads no left end (a point).
      const bool floor = a.mode == plan::AlignMode::kFloorStart;
      if (!lrow[lp].is_null() && !lrow[ls].is_null() && (floor || !lrow[le].is_null())) {
        auto it = by_path.find(PartitionKey(lrow[lp]));
        const __int128 l0 = AsInt128(lrow[ls]), l1 = floor ? l0 : AsInt128(lrow[le]);
        if (it != by_path.end()) {
          for (size_t j : it->second) {
            const Row& rrow = r.rows[j];
            if (rrow[rs].is_null() || rrow[re].is_null()) continue;
            const __int128 r0 = AsInt128(rrow[rs]), r1 = AsInt128(rrow[re]);
            std::vector<Value> key;
            desc.clear();
            bool match = false;
            switch (a.mode) {
              case plan::AlignMode::kExact:
                match = r0 == l0 && r1 == l1;
                break;
              case plan::AlignMode::kContainedBest:
                match = r0 >= l0 && r1 <= l1;
                key.push_back(Value::Int64(static_cast<int64_t>(r1 - r0)));
                desc.push_back(false);
                break;
              case plan::AlignMode::kEnclosingBest:
                match = r0 <= l0 && r1 >= l1;
                key.push_back(Value::Int64(static_cast<int64_t>(r1 - r0)));
                desc.push_back(false);
                break;
              case plan::AlignMode::kOverlapBest:
                match = r1 > l0 && r0 < l1;
                key.push_back(
                    Value::Int64(static_cast<int64_t>(std::min(l1, r1) - std::max(l0, r0))));
                desc.push_back(true);
                key.push_back(Value::Int64(static_cast<int64_t>(r1 - r0)));
                desc.push_back(false);
                break;
              case plan::AlignMode::kContainsStart:
              case plan::AlignMode::kFloorStart:
                // As the ASOF join: the latest right start at or before the point, kept only
                // when it holds the point (the same answer for disjoint right intervals).
                match = r0 <= l0;
                key.push_back(Value::Int64(static_cast<int64_t>(r0)));
                desc.push_back(true);
                break;
            }
            if (!match) continue;
            CA_ASSIGN_OR_RETURN(auto t, EvalAll(ties.keys, nullptr, &lrow, &rrow));
            for (size_t i = 0; i < t.size(); ++i) {
              key.push_back(std::move(t[i]));
              desc.push_back(ties.descending[i]);
            }
            if (best == nullptr || CompareKeys(key, best_key, desc) < 0) {
              best = &rrow;
              best_key = std::move(key);
            }
          }
        }
      }
      if (best != nullptr && a.mode == plan::AlignMode::kContainsStart &&
          !(AsInt128(lrow[ls]) < AsInt128((*best)[re]))) {
        best = nullptr;
      }
      if (best == nullptr && !a.keep_unmatched) continue;
      CA_ASSIGN_OR_RETURN(Row o, EvalAll(items, nullptr, &lrow, best));
      out.rows.push_back(std::move(o));
    }
    return out;
  }

  Result<Rows> EvalAggregate(const PlanNode& n) {
    CA_ASSIGN_OR_RETURN(Rows in, Eval(n.inputs[0]));
    plan::ExprScope scope{.input = &in.schema};
    CA_ASSIGN_OR_RETURN(auto keys, BindAll(n.items, scope));
    std::vector<std::optional<Bound>> args;
    std::vector<OrderKey> orders;  // kList
    for (const auto& agg : n.aggregates) {
      if (agg.func == plan::AggFunc::kCountStar) {
        args.emplace_back();
      } else {
        CA_ASSIGN_OR_RETURN(Bound b, Bind(agg.arg, scope));
        args.emplace_back(std::move(b));
      }
      CA_ASSIGN_OR_RETURN(OrderKey order, BindOrder(agg.order, scope));
      orders.push_back(std::move(order));
    }
    std::map<std::vector<Value>, std::vector<size_t>> groups;
    for (size_t i = 0; i < in.rows.size(); ++i) {
      CA_ASSIGN_OR_RETURN(auto k, EvalAll(keys, &in.rows[i], nullptr, nullptr));
      groups[std::move(k)].push_back(i);
    }
    if (groups.empty() && keys.empty()) groups[{}];  // one row over no input, like SQL
    Rows out{n.schema, {}};
    for (const auto& [k, members] : groups) {
      Row row = k;
      for (size_t a = 0; a < n.aggregates.size(); ++a) {
        const auto& agg = n.aggregates[a];
        const base::Field& f = n.schema.field(keys.size() + a);
        std::vector<Value> values;
        if (agg.func != plan::AggFunc::kCountStar) {
          for (size_t i : members) {
            Value v = ev_.Eval(*args[a], &in.rows[i], nullptr, nullptr);
            if (!v.is_null()) values.push_back(std::move(v));
          }
        }
        switch (agg.func) {
          case plan::AggFunc::kCountStar:
            row.push_back(Value::Int64(static_cast<int64_t>(members.size())));
            break;
          case plan::AggFunc::kCount:
            row.push_back(Value::Int64(static_cast<int64_t>(values.size())));
            break;
          case plan::AggFunc::kCountDistinct: {
            std::set<std::string> distinct;
            for (const auto& v : values) distinct.insert(KeyBytes(v));
            row.push_back(Value::Int64(static_cast<int64_t>(distinct.size())));
            break;
          }
          case plan::AggFunc::kSum: {
            if (values.empty()) {
              row.push_back(Value::Null(f.type));
            } else if (f.type == ColumnType::kDouble) {
              double s = 0;
              for (const auto& v : values) s += AsDouble(v);
              row.push_back(Value::Double(s));
            } else {
              __int128 s = 0;
              for (const auto& v : values) s += AsInt128(v);
              row.push_back(ev_.Int(ColumnType::kInt64, s));
            }
            break;
          }
          case plan::AggFunc::kMin:
          case plan::AggFunc::kMax: {
            if (values.empty()) {
              row.push_back(Value::Null(f.type));
              break;
            }
            size_t pick = 0;
            for (size_t i = 1; i < values.size(); ++i) {
              int c = SqlCompare(values[i], values[pick]);
              if (agg.func == plan::AggFunc::kMin ? c < 0 : c > 0) pick = i;
            }
            row.push_back(values[pick]);
            break;
          }
          case plan::AggFunc::kBoolOr:
          case plan::AggFunc::kBoolAnd: {
            if (values.empty()) {
              row.push_back(Value::Null(ColumnType::kBool));
              break;
            }
            const bool is_or = agg.func == plan::AggFunc::kBoolOr;
            bool acc = !is_or;
            for (const auto& v : values)
              acc = is_or ? (acc || v.bool_value()) : (acc && v.bool_value());
            row.push_back(Value::Bool(acc));
            break;
          }
          case plan::AggFunc::kListDistinct: {
            if (members.empty()) {  // SQL list() over no rows is NULL
              row.push_back(Value::Null(ColumnType::kStringList));
              break;
            }
            std::set<std::string> distinct;
            for (const auto& v : values) distinct.insert(v.string_value());
            row.push_back(Value::StringList({distinct.begin(), distinct.end()}));
            break;
          }
          case plan::AggFunc::kList: {
            // (order keys..., value) per non-NULL value, sorted: the value breaks ties.
            const OrderKey& order = orders[a];
            std::vector<bool> desc = order.descending;
            desc.push_back(false);
            std::vector<std::vector<Value>> items;
            for (size_t i : members) {
              Value v = ev_.Eval(*args[a], &in.rows[i], nullptr, nullptr);
              if (v.is_null()) continue;
              CA_ASSIGN_OR_RETURN(auto key, EvalAll(order.keys, &in.rows[i], nullptr, nullptr));
              key.push_back(std::move(v));
              items.push_back(std::move(key));
            }
            if (items.empty()) {
              row.push_back(Value::Null(ColumnType::kStringList));
              break;
            }
            std::stable_sort(items.begin(), items.end(), [&](const auto& x, const auto& y) {
              return CompareKeys(x, y, desc) < 0;
            });
            std::vector<std::string> list;
            for (const auto& item : items) list.push_back(item.back().string_value());
            row.push_back(Value::StringList(std::move(list)));
            break;
          }
        }
      }
      out.rows.push_back(std::move(row));
    }
    return out;
  }

  Result<Rows> EvalRecursive(const PlanNode& n) {
    CA_ASSIGN_OR_RETURN(Rows base, Eval(n.inputs[0]));
    Rows out{n.schema, {}};
    std::set<Row> seen;
    std::vector<Row> delta;
    for (auto& row : base.rows) {
      if (seen.insert(row).second) delta.push_back(row);
    }
    out.rows = delta;
    while (!delta.empty()) {
      refs_[n.table] = std::move(delta);
      delta.clear();
      CA_ASSIGN_OR_RETURN(Rows step, Eval(n.inputs[1]));
      for (auto& row : step.rows) {
        if (seen.insert(row).second) {
          out.rows.push_back(row);
          delta.push_back(std::move(row));
        }
      }
    }
    refs_.erase(n.table);
    return out;
  }

  const TableReader& read_;
  Evaluator ev_;
  std::unordered_map<const PlanNode*, Rows> memo_;
  std::unordered_map<const PlanNode*, bool> depends_;
  std::map<std::string, std::vector<Row>> refs_;
};

}  // namespace

Result<base::Table> EvaluateOnKernelLane(const plan::Plan& plan, const TableReader& read) {
  Interpreter interpreter(read);
  CA_ASSIGN_OR_RETURN(Rows rows, interpreter.Eval(plan.root_ptr()));
  base::Table out(plan.schema());
  for (const auto& row : rows.rows) {
    std::vector<Value> typed;
    typed.reserve(row.size());
    for (size_t c = 0; c < row.size(); ++c) {
      const ColumnType t = plan.schema().field(c).type;
      const Value& v = row[c];
      if (v.is_null()) {
        typed.push_back(Value::Null(t));
      } else if (v.type() == t) {
        typed.push_back(v);
      } else if (base::IsIntegerType(t) && base::IsIntegerType(v.type())) {
        typed.push_back(t == ColumnType::kUInt64 ? Value::UInt64(static_cast<uint64_t>(AsInt128(v)))
                        : t == ColumnType::kInt32
                            ? Value::Int32(static_cast<int32_t>(AsInt128(v)))
                            : Value::Int64(static_cast<int64_t>(AsInt128(v))));
      } else {
        return Status::Internal("kernel lane produced {} for column '{}' of type {}", v.ToString(),
                                plan.schema().field(c).name, base::ColumnTypeName(t));
      }
    }
    out.AppendRow(typed);
  }
  return out;
}

}  // namespace codeanatomy::engine
