#include "codeanatomy/plan/expr.h"

#include <fmt/core.h>

namespace codeanatomy::plan {

using base::ColumnType;
using base::Field;
using base::Status;

std::string_view FuncName(Func func) {
  switch (func) {
    case Func::kAdd:
      return "add";
    case Func::kSubtract:
      return "subtract";
    case Func::kMultiply:
      return "multiply";
    case Func::kNegate:
      return "negate";
    case Func::kEq:
      return "eq";
    case Func::kNe:
      return "ne";
    case Func::kLt:
      return "lt";
    case Func::kLe:
      return "le";
    case Func::kGt:
      return "gt";
    case Func::kGe:
      return "ge";
    case Func::kIsNull:
      return "is_null";
    case Func::kIsNotNull:
      return "is_not_null";
    case Func::kIsNotDistinctFrom:
      return "is_not_distinct_from";
    case Func::kAnd:
      return "and";
    case Func::kOr:
      return "or";
    case Func::kNot:
      return "not";
    case Func::kCoalesce:
      return "coalesce";
    case Func::kCase:
      return "case";
    case Func::kConcat:
      return "concat";
    case Func::kLength:
      return "length";
    case Func::kSubstr:
      return "substr";
    case Func::kStartsWith:
      return "starts_with";
    case Func::kEndsWith:
      return "ends_with";
    case Func::kContains:
      return "contains";
    case Func::kSplitPart:
      return "split_part";
    case Func::kStrPos:
      return "strpos";
    case Func::kBitAnd:
      return "bit_and";
    case Func::kBitOr:
      return "bit_or";
    case Func::kListLength:
      return "list_length";
    case Func::kListContains:
      return "list_contains";
    case Func::kCastInt32:
      return "cast_int32";
    case Func::kCastInt64:
      return "cast_int64";
    case Func::kCastUInt64:
      return "cast_uint64";
    case Func::kCastDouble:
      return "cast_double";
    case Func::kCastString:
      return "cast_string";
    case Func::kStableId:
      return "stable_id";
    case Func::kKernelFunction:
      return "kernel";
  }
  CA_UNREACHABLE("func {}", static_cast<int>(func));
}

// ---- Construction
// ----------------------------------------------------------------------------------

namespace {
Expr MakeColumn(std::string name, Side side) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kColumn;
  n->column = std::move(name);
  n->side = side;
  return Expr(std::move(n));
}
Expr MakeLiteral(base::Value v) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kLiteral;
  n->literal = std::move(v);
  return Expr(std::move(n));
}
}  // namespace

Expr Col(std::string name) { return MakeColumn(std::move(name), Side::kNone); }
Expr L(std::string name) { return MakeColumn(std::move(name), Side::kLeft); }
Expr R(std::string name) { return MakeColumn(std::move(name), Side::kRight); }
Expr Lit(const char* value) { return MakeLiteral(base::Value::String(value)); }
Expr Lit(std::string value) { return MakeLiteral(base::Value::String(std::move(value))); }
Expr Lit(int64_t value) { return MakeLiteral(base::Value::Int64(value)); }
Expr Lit(int value) { return MakeLiteral(base::Value::Int32(value)); }
Expr LitU64(uint64_t value) { return MakeLiteral(base::Value::UInt64(value)); }
Expr Lit(double value) { return MakeLiteral(base::Value::Double(value)); }
Expr Lit(bool value) { return MakeLiteral(base::Value::Bool(value)); }
Expr Null(ColumnType type) { return MakeLiteral(base::Value::Null(type)); }
Expr LitList(std::vector<std::string> items) {
  return MakeLiteral(base::Value::StringList(std::move(items)));
}

Expr Call(Func func, std::vector<Expr> args) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kCall;
  n->func = func;
  n->args = std::move(args);
  return Expr(std::move(n));
}
Expr Coalesce(std::vector<Expr> args) { return Call(Func::kCoalesce, std::move(args)); }
Expr Case(std::vector<Expr> when_then, Expr otherwise) {
  when_then.push_back(std::move(otherwise));
  return Call(Func::kCase, std::move(when_then));
}
Expr StableIdOf(std::vector<Expr> parts) { return Call(Func::kStableId, std::move(parts)); }
Expr IsNull(Expr e) { return Call(Func::kIsNull, {std::move(e)}); }
Expr IsNotNull(Expr e) { return Call(Func::kIsNotNull, {std::move(e)}); }
Expr NotDistinct(Expr a, Expr b) {
  return Call(Func::kIsNotDistinctFrom, {std::move(a), std::move(b)});
}
Expr KernelCall(std::shared_ptr<const KernelFunction> fn, std::vector<Expr> args) {
  auto n = std::make_shared<ExprNode>();
  n->kind = ExprNode::Kind::kCall;
  n->func = Func::kKernelFunction;
  n->args = std::move(args);
  n->kernel_function = std::move(fn);
  return Expr(std::move(n));
}

Expr operator+(Expr a, Expr b) { return Call(Func::kAdd, {std::move(a), std::move(b)}); }
Expr operator-(Expr a, Expr b) { return Call(Func::kSubtract, {std::move(a), std::move(b)}); }
Expr operator*(Expr a, Expr b) { return Call(Func::kMultiply, {std::move(a), std::move(b)}); }
Expr operator==(Expr a, Expr b) { return Call(Func::kEq, {std::move(a), std::move(b)}); }
Expr operator!=(Expr a, Expr b) { return Call(Func::kNe, {std::move(a), std::move(b)}); }
Expr operator<(Expr a, Expr b) { return Call(Func::kLt, {std::move(a), std::move(b)}); }
Expr operator<=(Expr a, Expr b) { return Call(Func::kLe, {std::move(a), std::move(b)}); }
Expr operator>(Expr a, Expr b) { return Call(Func::kGt, {std::move(a), std::move(b)}); }
Expr operator>=(Expr a, Expr b) { return Call(Func::kGe, {std::move(a), std::move(b)}); }
Expr operator&&(Expr a, Expr b) { return Call(Func::kAnd, {std::move(a), std::move(b)}); }
Expr operator||(Expr a, Expr b) { return Call(Func::kOr, {std::move(a), std::move(b)}); }
Expr operator!(Expr a) { return Call(Func::kNot, {std::move(a)}); }

// ---- Printing
// --------------------------------------------------------------------------------------

std::string Expr::Print() const {
  const ExprNode& n = *node_;
  switch (n.kind) {
    case ExprNode::Kind::kColumn:
      return n.side == Side::kLeft    ? "left." + n.column
             : n.side == Side::kRight ? "right." + n.column
                                      : n.column;
    case ExprNode::Kind::kLiteral:
      return n.literal.is_null() ? fmt::format("NULL::{}", base::ColumnTypeName(n.literal.type()))
                                 : fmt::format("{}::{}", n.literal.ToString(),
                                               base::ColumnTypeName(n.literal.type()));
    case ExprNode::Kind::kCall: {
      std::string out(FuncName(n.func));
      if (n.func == Func::kKernelFunction) out += ":" + n.kernel_function->name;
      out += "(";
      for (size_t i = 0; i < n.args.size(); ++i) out += (i ? ", " : "") + n.args[i].Print();
      return out + ")";
    }
  }
  CA_UNREACHABLE("expr kind {}", static_cast<int>(n.kind));
}

// ---- Typing
// ----------------------------------------------------------------------------------------

namespace {

std::string TypeName(ColumnType t) { return std::string(base::ColumnTypeName(t)); }

Status ArgCount(const ExprNode& n, size_t min, size_t max) {
  if (n.args.size() < min || n.args.size() > max) {
    return Status::InvalidArgument("{} takes {}{} arguments, got {}", FuncName(n.func), min,
                                   max == min ? "" : fmt::format("..{}", max), n.args.size());
  }
  return Status::Ok();
}

// INTEGER and BIGINT unify to BIGINT; equal types unify to themselves; nothing else unifies.
std::optional<ColumnType> Unify(ColumnType a, ColumnType b) {
  if (a == b) return a;
  auto is_signed = [](ColumnType t) { return t == ColumnType::kInt32 || t == ColumnType::kInt64; };
  if (is_signed(a) && is_signed(b)) return ColumnType::kInt64;
  return std::nullopt;
}

bool Comparable(ColumnType a, ColumnType b) {
  if (base::IsNumericType(a) && base::IsNumericType(b)) return true;
  return a == b && a != ColumnType::kStringList;
}

Status Expect(const ExprNode& n, size_t i, const Field& f, bool ok, std::string_view wanted) {
  if (ok) return Status::Ok();
  return Status::InvalidArgument("argument {} of {} is {} ({}), expected {}", i + 1,
                                 FuncName(n.func), TypeName(f.type), n.args[i].Print(), wanted);
}

}  // namespace

base::Result<Field> InferType(const Expr& expr, const ExprScope& scope) {
  const ExprNode& n = expr.node();
  switch (n.kind) {
    case ExprNode::Kind::kColumn: {
      const base::Schema* schema = n.side == Side::kLeft    ? scope.left
                                   : n.side == Side::kRight ? scope.right
                                                            : scope.input;
      const char* where = n.side == Side::kLeft    ? "left input"
                          : n.side == Side::kRight ? "right input"
                                                   : "input";
      if (schema == nullptr) {
        return Status::InvalidArgument("column reference {} has no {} here", expr.Print(), where);
      }
      auto index = schema->IndexOf(n.column);
      if (!index) {
        return Status::InvalidArgument("unknown column '{}' in the {} {}", n.column, where,
                                       schema->ToString());
      }
      Field f = schema->field(*index);
      if (n.side == Side::kRight && scope.right_nullable) f.nullable = true;
      return f;
    }
    case ExprNode::Kind::kLiteral:
      return Field{"", n.literal.type(), n.literal.is_null()};
    case ExprNode::Kind::kCall:
      break;
  }

  std::vector<Field> a;
  a.reserve(n.args.size());
  bool any_nullable = false;
  for (const auto& arg : n.args) {
    CA_ASSIGN_OR_RETURN(Field f, InferType(arg, scope));
    any_nullable |= f.nullable;
    a.push_back(std::move(f));
  }
  auto result = [&](ColumnType t, bool nullable) -> base::Result<Field> {
    return Field{"", t, nullable};
  };

  switch (n.func) {
    case Func::kAdd:
    case Func::kSubtract:
    case Func::kMultiply:
    case Func::kBitAnd:
    case Func::kBitOr: {
      CA_RETURN_IF_ERROR(ArgCount(n, 2, 2));
      const bool bits = n.func == Func::kBitAnd || n.func == Func::kBitOr;
      for (size_t i = 0; i < 2; ++i) {
        CA_RETURN_IF_ERROR(Expect(
            n, i, a[i], bits ? base::IsIntegerType(a[i].type) : base::IsNumericType(a[i].type),
            bits ? "an integer" : "a number"));
      }
      if (a[0].type == ColumnType::kDouble || a[1].type == ColumnType::kDouble) {
        return result(ColumnType::kDouble, any_nullable);
      }
      const bool u0 = a[0].type == ColumnType::kUInt64, u1 = a[1].type == ColumnType::kUInt64;
      if (u0 != u1) {
        return Status::InvalidArgument("{} mixes UBIGINT and a signed integer in {}; cast one side",
                                       FuncName(n.func), expr.Print());
      }
      return result(u0 ? ColumnType::kUInt64 : ColumnType::kInt64, any_nullable);
    }
    case Func::kNegate:
      CA_RETURN_IF_ERROR(ArgCount(n, 1, 1));
      CA_RETURN_IF_ERROR(Expect(n, 0, a[0],
                                base::IsNumericType(a[0].type) && a[0].type != ColumnType::kUInt64,
                                "a signed number"));
      return result(a[0].type == ColumnType::kDouble ? ColumnType::kDouble : ColumnType::kInt64,
                    any_nullable);
    case Func::kEq:
    case Func::kNe:
    case Func::kLt:
    case Func::kLe:
    case Func::kGt:
    case Func::kGe:
    case Func::kIsNotDistinctFrom:
      CA_RETURN_IF_ERROR(ArgCount(n, 2, 2));
      if (!Comparable(a[0].type, a[1].type)) {
        return Status::InvalidArgument("cannot compare {} with {} in {}", TypeName(a[0].type),
                                       TypeName(a[1].type), expr.Print());
      }
      return result(ColumnType::kBool, n.func == Func::kIsNotDistinctFrom ? false : any_nullable);
    case Func::kIsNull:
    case Func::kIsNotNull:
      CA_RETURN_IF_ERROR(ArgCount(n, 1, 1));
      return result(ColumnType::kBool, false);
    case Func::kAnd:
    case Func::kOr:
    case Func::kNot:
      CA_RETURN_IF_ERROR(ArgCount(n, n.func == Func::kNot ? 1 : 2, n.func == Func::kNot ? 1 : 2));
      for (size_t i = 0; i < a.size(); ++i) {
        CA_RETURN_IF_ERROR(Expect(n, i, a[i], a[i].type == ColumnType::kBool, "BOOLEAN"));
      }
      return result(ColumnType::kBool, any_nullable);
    case Func::kCoalesce: {
      CA_RETURN_IF_ERROR(ArgCount(n, 1, 64));
      ColumnType t = a[0].type;
      bool nullable = true;
      for (size_t i = 0; i < a.size(); ++i) {
        auto u = Unify(t, a[i].type);
        if (!u) {
          return Status::InvalidArgument("coalesce mixes {} and {} in {}", TypeName(t),
                                         TypeName(a[i].type), expr.Print());
        }
        t = *u;
        nullable = nullable && a[i].nullable;
      }
      return result(t, nullable);
    }
    case Func::kCase: {
      if (n.args.size() < 3 || n.args.size() % 2 == 0) {
        return Status::InvalidArgument("case takes pairs of (condition, value) and an else value");
      }
      ColumnType t = a[1].type;
      bool nullable = false;
      for (size_t i = 0; i + 1 < a.size(); i += 2) {
        CA_RETURN_IF_ERROR(Expect(n, i, a[i], a[i].type == ColumnType::kBool, "BOOLEAN"));
      }
      for (size_t i = 1; i < a.size(); i += 2) {
        auto u = Unify(t, a[i].type);
        if (!u) {
          return Status::InvalidArgument("case mixes {} and {} in {}", TypeName(t),
                                         TypeName(a[i].type), expr.Print());
        }
        t = *u;
        nullable |= a[i].nullable;
      }
      auto u = Unify(t, a.back().type);
      if (!u) {
        return Status::InvalidArgument("case mixes {} and {} in {}", TypeName(t),
                                       TypeName(a.back().type), expr.Print());
      }
      return result(*u, nullable || a.back().nullable);
    }
    case Func::kConcat:
      CA_RETURN_IF_ERROR(ArgCount(n, 1, 64));
      for (size_t i = 0; i < a.size(); ++i) {
        CA_RETURN_IF_ERROR(Expect(n, i, a[i], a[i].type == ColumnType::kString, "VARCHAR"));
      }
      return result(ColumnType::kString, any_nullable);
    case Func::kLength:
      CA_RETURN_IF_ERROR(ArgCount(n, 1, 1));
      CA_RETURN_IF_ERROR(Expect(n, 0, a[0], a[0].type == ColumnType::kString, "VARCHAR"));
      return result(ColumnType::kInt64, any_nullable);
    case Func::kSubstr:
    case Func::kSplitPart:
      CA_RETURN_IF_ERROR(ArgCount(n, 3, 3));
      CA_RETURN_IF_ERROR(Expect(n, 0, a[0], a[0].type == ColumnType::kString, "VARCHAR"));
      if (n.func == Func::kSubstr) {
        CA_RETURN_IF_ERROR(Expect(n, 1, a[1], base::IsIntegerType(a[1].type), "an integer"));
      } else {
        CA_RETURN_IF_ERROR(Expect(n, 1, a[1], a[1].type == ColumnType::kString, "VARCHAR"));
      }
      CA_RETURN_IF_ERROR(Expect(n, 2, a[2], base::IsIntegerType(a[2].type), "an integer"));
      return result(ColumnType::kString, any_nullable);
    case Func::kStartsWith:
    case Func::kEndsWith:
    case Func::kContains:
    case Func::kStrPos:
      CA_RETURN_IF_ERROR(ArgCount(n, 2, 2));
      for (size_t i = 0; i < 2; ++i) {
        CA_RETURN_IF_ERROR(Expect(n, i, a[i], a[i].type == ColumnType::kString, "VARCHAR"));
      }
      return result(n.func == Func::kStrPos ? ColumnType::kInt64 : ColumnType::kBool, any_nullable);
    case Func::kListLength:
      CA_RETURN_IF_ERROR(ArgCount(n, 1, 1));
      CA_RETURN_IF_ERROR(Expect(n, 0, a[0], a[0].type == ColumnType::kStringList, "VARCHAR[]"));
      return result(ColumnType::kInt64, any_nullable);
    case Func::kListContains:
      CA_RETURN_IF_ERROR(ArgCount(n, 2, 2));
      CA_RETURN_IF_ERROR(Expect(n, 0, a[0], a[0].type == ColumnType::kStringList, "VARCHAR[]"));
      CA_RETURN_IF_ERROR(Expect(n, 1, a[1], a[1].type == ColumnType::kString, "VARCHAR"));
      return result(ColumnType::kBool, any_nullable);
    case Func::kCastInt32:
    case Func::kCastInt64:
    case Func::kCastUInt64:
    case Func::kCastDouble:
      CA_RETURN_IF_ERROR(ArgCount(n, 1, 1));
      CA_RETURN_IF_ERROR(Expect(n, 0, a[0],
                                base::IsNumericType(a[0].type) || a[0].type == ColumnType::kBool,
                                "a number"));
      return result(n.func == Func::kCastInt32    ? ColumnType::kInt32
                    : n.func == Func::kCastInt64  ? ColumnType::kInt64
                    : n.func == Func::kCastUInt64 ? ColumnType::kUInt64
                                                  : ColumnType::kDouble,
                    any_nullable);
    case Func::kCastString:
      CA_RETURN_IF_ERROR(ArgCount(n, 1, 1));
      CA_RETURN_IF_ERROR(Expect(
          n, 0, a[0], a[0].type != ColumnType::kDouble && a[0].type != ColumnType::kStringList,
          "a non-DOUBLE scalar"));
      return result(ColumnType::kString, any_nullable);
    case Func::kStableId:
      CA_RETURN_IF_ERROR(ArgCount(n, 1, 64));
      for (size_t i = 0; i < a.size(); ++i) {
        CA_RETURN_IF_ERROR(Expect(
            n, i, a[i], a[i].type != ColumnType::kDouble && a[i].type != ColumnType::kStringList,
            "a non-DOUBLE scalar"));
      }
      return result(ColumnType::kUInt64, false);
    case Func::kKernelFunction:
      CA_CHECK(n.kernel_function != nullptr);
      return result(n.kernel_function->result_type, true);
  }
  CA_UNREACHABLE("func {}", static_cast<int>(n.func));
}

}  // namespace codeanatomy::plan
