// codeanatomy/plan/expr.h
//
// Typed scalar expressions of the plan IR: columns, literals and calls of a closed set of
// functions. Each function has one type rule (InferType), one SQL lowering (sql.cc) and one kernel
// implementation (engine/kernel_lane.cc); the switches over Func have no `default:`, so adding a
// function without all three does not compile.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"

namespace codeanatomy::plan {

//! Which input a column reference reads in a two-input operator (join, interval-align).
enum class Side : unsigned char { kNone, kLeft, kRight };

enum class Func : unsigned char {
  // Arithmetic (integers give BIGINT, or UBIGINT when both sides are UBIGINT; DOUBLE if any is).
  kAdd,
  kSubtract,
  kMultiply,
  kNegate,
  // Comparison (SQL NULL semantics) and null tests.
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kIsNull,
  kIsNotNull,
  kIsNotDistinctFrom,  // null-safe equality
  // Boolean logic (three-valued).
  kAnd,
  kOr,
  kNot,
  // Conditionals.
  kCoalesce,
  kCase,  // args: cond1, value1, cond2, value2, ..., [else]
  // Strings (character-based, like Python str).
  kConcat,  // NULL if any argument is NULL
  kLength,  // characters
  kSubstr,  // (text, start_1based, length)
  kStartsWith,
  kEndsWith,
  kContains,
  kSplitPart,  // (text, delimiter, index_1based); '' when out of range
  kStrPos,     // (text, needle) -> 1-based character position, 0 when absent
  // Bits.
  kBitAnd,
  kBitOr,
  // Lists.
  kListLength,
  kListContains,
  // Casts.
  kCastInt32,
  kCastInt64,
  kCastUInt64,
  kCastDouble,
  kCastString,
  // The stable-ID hash (base/stable_id.h), over scalar arguments of any type but DOUBLE.
  kStableId,
  // A named C++ function evaluated only by the kernel lane (it has no SQL lowering). Shipped rules
  // do not use it; `codeanatomy rules --audit` fails if one does.
  kKernelFunction,
};

//! The name used by Print() and the fingerprint.
std::string_view FuncName(Func func);

//! A C++ scalar function for Func::kKernelFunction.
struct KernelFunction {
  std::string name;
  base::ColumnType result_type;
  std::function<base::Value(const std::vector<base::Value>&)> fn;
};

struct ExprNode;

//! An immutable expression tree (cheap to copy).
class Expr {
 public:
  Expr() = default;
  explicit Expr(std::shared_ptr<const ExprNode> node) : node_(std::move(node)) {}
  const ExprNode& node() const { return *node_; }
  bool valid() const { return node_ != nullptr; }
  //! Canonical text: `(left.bstart <= right.bstart)`, `stable_id('x', path)`.
  std::string Print() const;

 private:
  std::shared_ptr<const ExprNode> node_;
};

struct ExprNode {
  enum class Kind : unsigned char { kColumn, kLiteral, kCall };
  Kind kind = Kind::kLiteral;
  // kColumn
  std::string column;
  Side side = Side::kNone;
  // kLiteral
  base::Value literal = base::Value::Null(base::ColumnType::kString);
  // kCall
  Func func = Func::kAdd;
  std::vector<Expr> args;
  std::shared_ptr<const KernelFunction> kernel_function;  // Func::kKernelFunction only
};

// ---- Construction
// ----------------------------------------------------------------------------------

Expr Col(std::string name);  // a column of the (single) input
Expr L(std::string name);    // a column of the left input
Expr R(std::string name);    // a column of the right input
Expr Lit(const char* value);
Expr Lit(std::string value);
Expr Lit(int64_t value);
Expr Lit(int value);  // an INTEGER literal
Expr LitU64(uint64_t value);
Expr Lit(double value);
Expr Lit(bool value);
Expr Null(base::ColumnType type);
//! A VARCHAR[] literal (e.g. the empty list).
Expr LitList(std::vector<std::string> items);
Expr Call(Func func, std::vector<Expr> args);
Expr Coalesce(std::vector<Expr> args);
//! Case({c1, v1, c2, v2}, otherwise) — CASE WHEN c1 THEN v1 WHEN c2 THEN v2 ELSE otherwise END.
Expr Case(std::vector<Expr> when_then, Expr otherwise);
Expr StableIdOf(std::vector<Expr> parts);
Expr IsNull(Expr e);
Expr IsNotNull(Expr e);
Expr NotDistinct(Expr a, Expr b);
Expr KernelCall(std::shared_ptr<const KernelFunction> fn, std::vector<Expr> args);

Expr operator+(Expr a, Expr b);
Expr operator-(Expr a, Expr b);
Expr operator*(Expr a, Expr b);
Expr operator==(Expr a, Expr b);
Expr operator!=(Expr a, Expr b);
Expr operator<(Expr a, Expr b);
Expr operator<=(Expr a, Expr b);
Expr operator>(Expr a, Expr b);
Expr operator>=(Expr a, Expr b);
Expr operator&&(Expr a, Expr b);
Expr operator||(Expr a, Expr b);
Expr operator!(Expr a);

// ---- Typing
// ---------------------------------------------------------------------------------------

//! The columns an expression can see: one input, or a left and a right input.
struct ExprScope {
  const base::Schema* input = nullptr;
  const base::Schema* left = nullptr;
  const base::Schema* right = nullptr;
  //! Right-side columns become nullable (outer joins).
  bool right_nullable = false;
};

//! The type and nullability of `expr` over `scope`, or an error naming the offending column or
//! function (the caller adds the rule name).
base::Result<base::Field> InferType(const Expr& expr, const ExprScope& scope);

}  // namespace codeanatomy::plan
