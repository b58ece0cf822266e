#include "codeanatomy/extract/cst/cst_walker.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>

#include "codeanatomy/base/check.h"
#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/base/ts_handles.h"
#include "codeanatomy/extract/cst/grammar.h"
#include "codeanatomy/schema/diagnostics.h"

extern "C" const TSLanguage* tree_sitter_python();

namespace codeanatomy::extract::cst {
namespace {

using base::Column;
using base::Table;

// ---------------------------------------------------------------------------------------------
// Vocabulary

enum class Ctx : uint8_t { kLoad, kStore, kDel, kAugStore, kGlobal, kNonlocal };

std::string_view Name(Ctx ctx) {
  switch (ctx) {
    case Ctx::kLoad:
      return "load";
    case Ctx::kStore:
      return "store";
    case Ctx::kDel:
      return "del";
    case Ctx::kAugStore:
      return "augstore";
    case Ctx::kGlobal:
      return "global";
    case Ctx::kNonlocal:
      return "nonlocal";
  }
  return "load";
}

enum class Site : uint8_t {
  kExpr,
  kAssign,
  kAnnAssign,
  kAugAssign,
  kFor,
  kWith,
  kExcept,
  kComprehension,
  kWalrus,
  kImport,
  kDel,
  kGlobal,
  kNonlocal,
  kMatch,
  kTypeAlias,
  kTypeParam,
};

std::string_view Name(Site site) {
  switch (site) {
    case Site::kExpr:
      return "expr";
    case Site::kAssign:
      return "assign";
    case Site::kAnnAssign:
      return "annassign";
    case Site::kAugAssign:
      return "augassign";
    case Site::kFor:
      return "for";
    case Site::kWith:
      return "with";
    case Site::kExcept:
      return "except";
    case Site::kComprehension:
      return "comprehension";
    case Site::kWalrus:
      return "walrus";
    case Site::kImport:
      return "import";
    case Site::kDel:
      return "del";
    case Site::kGlobal:
      return "global";
    case Site::kNonlocal:
      return "nonlocal";
    case Site::kMatch:
      return "match";
    case Site::kTypeAlias:
      return "type_alias";
    case Site::kTypeParam:
      return "type_param";
  }
  return "expr";
}

enum class ScopeKind : uint8_t { kModule, kClass, kFunction, kLambda, kComprehension };

std::string_view Name(ScopeKind kind) {
  switch (kind) {
    case ScopeKind::kModule:
      return "module";
    case ScopeKind::kClass:
      return "class";
    case ScopeKind::kFunction:
      return "function";
    case ScopeKind::kLambda:
      return "lambda";
    case ScopeKind::kComprehension:
      return "comprehension";
  }
  return "module";
}

//! The shape of an expression, as the shape columns report it.
enum class Shape : uint8_t { kName, kAttribute, kCall, kSubscript, kLiteral, kOther };

std::string_view Name(Shape shape) {
  switch (shape) {
    case Shape::kName:
      return "NAME";
    case Shape::kAttribute:
      return "ATTRIBUTE";
    case Shape::kCall:
      return "CALL";
    case Shape::kSubscript:
      return "SUBSCRIPT";
    case Shape::kLiteral:
      return "LITERAL";
    case Shape::kOther:
      return "OTHER";
  }
  return "OTHER";
}

//! What a node is to the walker beyond its symbol, decided by its parent.
enum class Role : uint8_t {
  kNone,
  kParams,           // parameters / lambda_parameters of a definition
  kParam,            // one parameter (typed, default, typed default) of kParams
  kFirstForClause,   // the first for_in_clause of a comprehension
  kCompBodyPair,     // the `key: value` element of a dict comprehension
  kDictPair,         // a `key: value` of a dict display
  kTypeParamList,    // a type_parameter list declaring PEP 695 type parameters
  kTypeParamDecl,    // a type / splat_type whose identifier declares a type parameter
  kConstrainedDecl,  // constrained_type `T: bound` declaring T
  kAliasLeft,        // the left `type` of `type X = ...`
  kAliasGeneric,     // generic_type `X[T]` on the left of a type alias
  kImportModule,     // the module_name of a from-import
  kImportName,       // an imported name: dotted_name or aliased_import
  kValuePattern,     // a dotted_name naming a class or value in a match pattern (a load)
  kDecorator,        // a decorator; aux = its position
  kFormatSpec,       // `{x:=10}` in an f-string: x with format spec `=10`, not a walrus
};

enum FrameFlag : uint8_t {
  kNoRefs = 1 << 0,        // identifiers in this subtree are not name refs
  kInPattern = 1 << 1,     // inside a match case pattern
  kInAnnotation = 1 << 2,  // inside an annotation
  kInherited = kNoRefs | kInPattern | kInAnnotation,
};

//! The symtable-order key (cst_scopes.symtable_child_index). CPython's symtable creates child
//! scopes while visiting the AST in an order that is not always source order: a definition's
//! positional defaults, keyword-only defaults, annotations and decorators come before its body
//! (in that order), a comprehension's first iterable before the comprehension and its element
//! last, dict keys before values, call keywords after positional arguments, `try`'s `else`
//! before its handlers, a conditional expression's test first. Every node on the walk's path
//! adds one entry (group << 32 | position) to the key; an ordinary child's entry is (0, its start
//! byte), so siblings sort in source order, and the parents above assign other groups. Some
//! nodes (parameter lists, `key: value` pairs of displays, the definition under its decorators)
//! add no entry, so their children's groups compete with their parent's other children. A scope
//! records the key of its node plus its own entry (the body group); sorting sibling scopes by key
//! gives symtable's order.
constexpr uint32_t kGroupDefault = 0;
constexpr uint32_t kGroupKwDefault = 1;
constexpr uint32_t kGroupAnnotation = 2;
constexpr uint32_t kGroupDecorator = 3;
constexpr uint32_t kGroupBody = 4;

constexpr uint64_t Entry(uint32_t group, uint32_t position) {
  return (static_cast<uint64_t>(group) << 32) | position;
}

//! Walker state of one node on the path from the root to the current node.
struct Frame {
  TSNode node{};
  TSSymbol sym = 0;
  Role role = Role::kNone;
  Ctx ctx = Ctx::kLoad;
  Site site = Site::kExpr;
  uint8_t flags = 0;
  uint32_t scope = 0;        // the scope where the node is evaluated / bound
  uint32_t inner_scope = 0;  // the scope the node opens; for type-parameter roles, where they bind
  uint32_t counter = 0;      // children seen, for nodes that care (comprehension clauses, ...)
  // Per node type: parameters: start of the keyword-only parameters; a parameter: 1 when
  // keyword-only; decorator: its position; assignment: 1 for an annotated one; as_pattern: the
  // Site of its `as` target.
  uint32_t aux = 0;
  uint32_t key_len = 0;  // length of the symtable-order key including this node's entry
};

struct Scope {
  uint64_t id;
  ScopeKind kind;
  std::string_view name;
  int64_t bstart, bend;
  int32_t parent;  // -1 for the module
  std::optional<uint64_t> def_id;
  std::string qualified_path;
  int32_t lineno;
  int32_t child_index;
  int32_t child_count = 0;
  bool hidden_from_symtable;  // inside an annotation under `from __future__ import annotations`
  std::vector<uint64_t> key;
  int32_t symtable_child_index = 0;
  int lambda_count = 0;  // lambdas numbered so far in this definition (or module)
};

// ---------------------------------------------------------------------------------------------
// Column references, looked up once per table.

struct ScopeCols {
  explicit ScopeCols(Table& t)
      : scope_id(t.column("scope_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        kind(t.column("kind")),
        name(t.column("name")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        parent_scope_id(t.column("parent_scope_id")),
        def_id(t.column("def_id")),
        qualified_path(t.column("qualified_path")),
        lineno(t.column("lineno")),
        child_index(t.column("child_index")),
        symtable_child_index(t.column("symtable_child_index")) {}
  Column &scope_id, &file_id, &path, &kind, &name, &bstart, &bend, &parent_scope_id, &def_id,
      &qualified_path, &lineno, &child_index, &symtable_child_index;
};

struct DefCols {
  explicit DefCols(Table& t)
      : def_id(t.column("def_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        kind(t.column("kind")),
        name(t.column("name")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        name_bstart(t.column("name_bstart")),
        name_bend(t.column("name_bend")),
        parent_def_id(t.column("parent_def_id")),
        qualified_path(t.column("qualified_path")),
        scope_id(t.column("scope_id")),
        body_scope_id(t.column("body_scope_id")),
        decorators(t.column("decorators")),
        is_method(t.column("is_method")) {}
  Column &def_id, &file_id, &path, &kind, &name, &bstart, &bend, &name_bstart, &name_bend,
      &parent_def_id, &qualified_path, &scope_id, &body_scope_id, &decorators, &is_method;
};

struct ParamCols {
  explicit ParamCols(Table& t)
      : param_id(t.column("param_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        def_id(t.column("def_id")),
        scope_id(t.column("scope_id")),
        name(t.column("name")),
        kind(t.column("kind")),
        position(t.column("position")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        default_bstart(t.column("default_bstart")),
        default_bend(t.column("default_bend")),
        annotation_bstart(t.column("annotation_bstart")),
        annotation_bend(t.column("annotation_bend")),
        default_expr_id(t.column("default_expr_id")) {}
  Column &param_id, &file_id, &path, &def_id, &scope_id, &name, &kind, &position, &bstart, &bend,
      &default_bstart, &default_bend, &annotation_bstart, &annotation_bend, &default_expr_id;
};

struct NameRefCols {
  explicit NameRefCols(Table& t)
      : ref_id(t.column("ref_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        scope_id(t.column("scope_id")),
        name(t.column("name")),
        ctx(t.column("ctx")),
        site(t.column("site")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        import_id(t.column("import_id")),
        in_annotation(t.column("in_annotation")) {}
  Column &ref_id, &file_id, &path, &scope_id, &name, &ctx, &site, &bstart, &bend, &import_id,
      &in_annotation;
};

struct AttributeCols {
  explicit AttributeCols(Table& t)
      : attr_id(t.column("attr_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        scope_id(t.column("scope_id")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        attr_name(t.column("attr_name")),
        attr_bstart(t.column("attr_bstart")),
        attr_bend(t.column("attr_bend")),
        receiver_bstart(t.column("receiver_bstart")),
        receiver_bend(t.column("receiver_bend")),
        receiver_text(t.column("receiver_text")),
        receiver_shape(t.column("receiver_shape")),
        receiver_ref_id(t.column("receiver_ref_id")),
        ctx(t.column("ctx")),
        dotted(t.column("dotted")) {}
  Column &attr_id, &file_id, &path, &scope_id, &bstart, &bend, &attr_name, &attr_bstart, &attr_bend,
      &receiver_bstart, &receiver_bend, &receiver_text, &receiver_shape, &receiver_ref_id, &ctx,
      &dotted;
};

struct ImportCols {
  explicit ImportCols(Table& t)
      : import_id(t.column("import_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        scope_id(t.column("scope_id")),
        kind(t.column("kind")),
        module(t.column("module")),
        relative_level(t.column("relative_level")),
        name(t.column("name")),
        asname(t.column("asname")),
        bound_name(t.column("bound_name")),
        bound_ref_id(t.column("bound_ref_id")),
        is_star(t.column("is_star")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        name_bstart(t.column("name_bstart")),
        name_bend(t.column("name_bend")),
        stmt_bstart(t.column("stmt_bstart")),
        stmt_bend(t.column("stmt_bend")) {}
  Column &import_id, &file_id, &path, &scope_id, &kind, &module, &relative_level, &name, &asname,
      &bound_name, &bound_ref_id, &is_star, &bstart, &bend, &name_bstart, &name_bend, &stmt_bstart,
      &stmt_bend;
};

struct CallCols {
  explicit CallCols(Table& t)
      : call_id(t.column("call_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        callee_bstart(t.column("callee_bstart")),
        callee_bend(t.column("callee_bend")),
        callee_shape(t.column("callee_shape")),
        callee_text(t.column("callee_text")),
        scope_id(t.column("scope_id")),
        callee_dotted(t.column("callee_dotted")),
        callee_name(t.column("callee_name")),
        callee_ref_id(t.column("callee_ref_id")),
        callee_attr_id(t.column("callee_attr_id")),
        receiver_bstart(t.column("receiver_bstart")),
        receiver_bend(t.column("receiver_bend")),
        receiver_text(t.column("receiver_text")),
        positional_count(t.column("positional_count")),
        keyword_count(t.column("keyword_count")),
        keyword_names(t.column("keyword_names")),
        has_star_args(t.column("has_star_args")),
        has_star_kwargs(t.column("has_star_kwargs")),
        is_decorator(t.column("is_decorator")) {}
  Column &call_id, &file_id, &path, &bstart, &bend, &callee_bstart, &callee_bend, &callee_shape,
      &callee_text, &scope_id, &callee_dotted, &callee_name, &callee_ref_id, &callee_attr_id,
      &receiver_bstart, &receiver_bend, &receiver_text, &positional_count, &keyword_count,
      &keyword_names, &has_star_args, &has_star_kwargs, &is_decorator;
};

struct DecoratorCols {
  explicit DecoratorCols(Table& t)
      : decorator_id(t.column("decorator_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        def_id(t.column("def_id")),
        scope_id(t.column("scope_id")),
        position(t.column("position")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        text(t.column("text")),
        shape(t.column("shape")),
        dotted(t.column("dotted")),
        call_id(t.column("call_id")),
        expr_id(t.column("expr_id")) {}
  Column &decorator_id, &file_id, &path, &def_id, &scope_id, &position, &bstart, &bend, &text,
      &shape, &dotted, &call_id, &expr_id;
};

struct ExprCols {
  explicit ExprCols(Table& t)
      : expr_id(t.column("expr_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        scope_id(t.column("scope_id")),
        kind(t.column("kind")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        base_id(t.column("base_id")),
        key_id(t.column("key_id")),
        name(t.column("name")),
        literal_kind(t.column("literal_kind")),
        literal_value(t.column("literal_value")) {}
  Column &expr_id, &file_id, &path, &scope_id, &kind, &bstart, &bend, &base_id, &key_id, &name,
      &literal_kind, &literal_value;
};

struct ExprPartCols {
  explicit ExprPartCols(Table& t)
      : parent_id(t.column("parent_id")),
        child_id(t.column("child_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        role(t.column("role")),
        position(t.column("position")),
        key_id(t.column("key_id")) {}
  Column &parent_id, &child_id, &file_id, &path, &role, &position, &key_id;
};

struct ArgumentCols {
  explicit ArgumentCols(Table& t)
      : arg_id(t.column("arg_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        call_id(t.column("call_id")),
        scope_id(t.column("scope_id")),
        index(t.column("index")),
        position(t.column("position")),
        keyword(t.column("keyword")),
        star(t.column("star")),
        after_star(t.column("after_star")),
        expr_id(t.column("expr_id")),
        bstart(t.column("bstart")),
        bend(t.column("bend")) {}
  Column &arg_id, &file_id, &path, &call_id, &scope_id, &index, &position, &keyword, &star,
      &after_star, &expr_id, &bstart, &bend;
};

struct ReturnCols {
  explicit ReturnCols(Table& t)
      : return_id(t.column("return_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        scope_id(t.column("scope_id")),
        def_id(t.column("def_id")),
        kind(t.column("kind")),
        expr_id(t.column("expr_id")),
        bstart(t.column("bstart")),
        bend(t.column("bend")) {}
  Column &return_id, &file_id, &path, &scope_id, &def_id, &kind, &expr_id, &bstart, &bend;
};

struct TargetCols {
  explicit TargetCols(Table& t)
      : target_id(t.column("target_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        scope_id(t.column("scope_id")),
        site(t.column("site")),
        target_kind(t.column("target_kind")),
        source_id(t.column("source_id")),
        parent_id(t.column("parent_id")),
        position(t.column("position")),
        starred(t.column("starred")),
        name(t.column("name")),
        base_id(t.column("base_id")),
        key_id(t.column("key_id")),
        bstart(t.column("bstart")),
        bend(t.column("bend")) {}
  Column &target_id, &file_id, &path, &scope_id, &site, &target_kind, &source_id, &parent_id,
      &position, &starred, &name, &base_id, &key_id, &bstart, &bend;
};

struct ClassBaseCols {
  explicit ClassBaseCols(Table& t)
      : base_id(t.column("base_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        class_def_id(t.column("class_def_id")),
        scope_id(t.column("scope_id")),
        position(t.column("position")),
        keyword(t.column("keyword")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        text(t.column("text")),
        shape(t.column("shape")),
        dotted(t.column("dotted")),
        ref_id(t.column("ref_id")) {}
  Column &base_id, &file_id, &path, &class_def_id, &scope_id, &position, &keyword, &bstart, &bend,
      &text, &shape, &dotted, &ref_id;
};

struct AssignmentCols {
  explicit AssignmentCols(Table& t)
      : assign_id(t.column("assign_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        scope_id(t.column("scope_id")),
        kind(t.column("kind")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        target_bstart(t.column("target_bstart")),
        target_bend(t.column("target_bend")),
        target_name(t.column("target_name")),
        target_ref_id(t.column("target_ref_id")),
        target_attr_id(t.column("target_attr_id")),
        unpacked(t.column("unpacked")),
        value_bstart(t.column("value_bstart")),
        value_bend(t.column("value_bend")),
        value_shape(t.column("value_shape")),
        value_node_type(t.column("value_node_type")),
        value_call_id(t.column("value_call_id")),
        value_ref_id(t.column("value_ref_id")),
        value_dotted(t.column("value_dotted")),
        annotation_bstart(t.column("annotation_bstart")),
        annotation_bend(t.column("annotation_bend")) {}
  Column &assign_id, &file_id, &path, &scope_id, &kind, &bstart, &bend, &target_bstart,
      &target_bend, &target_name, &target_ref_id, &target_attr_id, &unpacked, &value_bstart,
      &value_bend, &value_shape, &value_node_type, &value_call_id, &value_ref_id, &value_dotted,
      &annotation_bstart, &annotation_bend;
};

struct ProtocolSiteCols {
  explicit ProtocolSiteCols(Table& t)
      : site_id(t.column("site_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        scope_id(t.column("scope_id")),
        kind(t.column("kind")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        expr_bstart(t.column("expr_bstart")),
        expr_bend(t.column("expr_bend")),
        expr_shape(t.column("expr_shape")),
        expr_dotted(t.column("expr_dotted")),
        expr_call_id(t.column("expr_call_id")),
        expr_ref_id(t.column("expr_ref_id")),
        target_bstart(t.column("target_bstart")),
        target_bend(t.column("target_bend")),
        target_ref_id(t.column("target_ref_id")) {}
  Column &site_id, &file_id, &path, &scope_id, &kind, &bstart, &bend, &expr_bstart, &expr_bend,
      &expr_shape, &expr_dotted, &expr_call_id, &expr_ref_id, &target_bstart, &target_bend,
      &target_ref_id;
};

struct ExportCols {
  explicit ExportCols(Table& t)
      : export_id(t.column("export_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        name(t.column("name")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        op(t.column("op")),
        stmt_bstart(t.column("stmt_bstart")),
        stmt_bend(t.column("stmt_bend")) {}
  Column &export_id, &file_id, &path, &name, &bstart, &bend, &op, &stmt_bstart, &stmt_bend;
};

struct TypeExprCols {
  explicit TypeExprCols(Table& t)
      : type_expr_id(t.column("type_expr_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        owner_def_id(t.column("owner_def_id")),
        scope_id(t.column("scope_id")),
        role(t.column("role")),
        param_name(t.column("param_name")),
        target_ref_id(t.column("target_ref_id")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        text(t.column("text")) {}
  Column &type_expr_id, &file_id, &path, &owner_def_id, &scope_id, &role, &param_name,
      &target_ref_id, &bstart, &bend, &text;
};

struct DocstringCols {
  explicit DocstringCols(Table& t)
      : docstring_id(t.column("docstring_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        owner_kind(t.column("owner_kind")),
        owner_id(t.column("owner_id")),
        bstart(t.column("bstart")),
        bend(t.column("bend")),
        text(t.column("text")) {}
  Column &docstring_id, &file_id, &path, &owner_kind, &owner_id, &bstart, &bend, &text;
};

struct ParseErrorCols {
  explicit ParseErrorCols(Table& t)
      : error_id(t.column("error_id")),
        file_id(t.column("file_id")),
        path(t.column("path")),
        kind(t.column("kind")),
        node_type(t.column("node_type")),
        bstart(t.column("bstart")),
        bend(t.column("bend")) {}
  Column &error_id, &file_id, &path, &kind, &node_type, &bstart, &bend;
};

void AppendOptionalUInt64(Column& column, const std::optional<uint64_t>& value) {
  value ? column.AppendUInt64(*value) : column.AppendNull();
}

//! `a.b.c` made of identifier-like components only (no whitespace, comments or brackets).
bool IsPlainDottedText(std::string_view text) {
  bool at_component_start = true;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '.') {
      if (at_component_start) return false;
      at_component_start = true;
      continue;
    }
    const bool ident = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    const bool digit = c >= '0' && c <= '9';
    if (!ident && !(digit && !at_component_start)) return false;
    at_component_start = false;
  }
  return !at_component_start;
}

//! What a node's children need from Derive, by the node's symbol.
enum class ParentKind : uint8_t {
  kPlain,
  kTargetContainer,  // tuple, list, pattern_list, ...: elements inherit a store/del context
  kDefinition,       // function_definition, class_definition, lambda
  kParams,           // parameters, lambda_parameters
  kParam,            // typed_parameter, default_parameter, typed_default_parameter
  kDecorated,
  kComprehension,
  kForIn,
  kPair,
  kDictionary,
  kTry,
  kArgumentList,
  kConditional,
  kKeywordArgument,
  kAttribute,
  kAssignment,
  kAugAssignment,
  kForStatement,
  kInterpolation,  // interpolation, format_expression
  kNamedExpression,
  kAsPattern,
  kExceptClause,
  kDelete,
  kGlobal,
  kNonlocal,
  kImport,  // import, from-import, __future__ import statements
  kCaseClause,
  kSplatPattern,
  kKeywordPattern,
  kClassPattern,
  kDictPattern,
  kDottedName,  // dotted_name, relative_import
  kTypeAlias,
  kTypeNode,  // type, generic_type, type_parameter, constrained_type, splat_type
  kError,
};

//! What Visit does with a node, by its symbol.
enum class VisitKind : uint8_t {
  kNothing,
  kIdentifier,
  kError,
  kAttribute,
  kCall,
  kDefinition,
  kComprehension,
  kParams,
  kDecorator,
  kAssignment,
  kAugAssignment,
  kNamedExpression,
  kForStatement,
  kWithItem,
  kForIn,
  kAsPattern,
  kImportStatement,
  kImportPart,  // dotted_name, relative_import, aliased_import
  kWildcardImport,
  kPrint,
  kTypeAlias,
  kValue,         // an expression that is neither a name, attribute, call nor lambda
  kReturn,        // return_statement
  kExceptClause,  // except_clause, except_group_clause
};

//! Per-symbol dispatch tables: one lookup per node instead of a chain of comparisons.
class Dispatch {
 public:
  explicit Dispatch(const Grammar& g) {
    const size_t count = ts_language_symbol_count(tree_sitter_python());
    parent_.assign(count, ParentKind::kPlain);
    visit_.assign(count, VisitKind::kNothing);
    auto parent = [&](std::initializer_list<TSSymbol> symbols, ParentKind kind) {
      for (TSSymbol s : symbols) {
        if (s != 0 && s < count) parent_[s] = kind;
      }
    };
    auto visit = [&](std::initializer_list<TSSymbol> symbols, VisitKind kind) {
      for (TSSymbol s : symbols) {
        if (s != 0 && s < count) visit_[s] = kind;
      }
    };
    parent(
        {g.pattern_list, g.tuple_pattern, g.list_pattern, g.list_splat_pattern, g.expression_list,
         g.tuple, g.list, g.list_splat, g.parenthesized_expression, g.as_pattern_target},
        ParentKind::kTargetContainer);
    parent({g.function_definition, g.class_definition, g.lambda}, ParentKind::kDefinition);
    parent({g.parameters, g.lambda_parameters}, ParentKind::kParams);
    parent({g.typed_parameter, g.default_parameter, g.typed_default_parameter}, ParentKind::kParam);
    parent({g.decorated_definition}, ParentKind::kDecorated);
    parent({g.list_comprehension, g.set_comprehension, g.dictionary_comprehension,
            g.generator_expression},
           ParentKind::kComprehension);
    parent({g.for_in_clause}, ParentKind::kForIn);
    parent({g.pair}, ParentKind::kPair);
    parent({g.dictionary}, ParentKind::kDictionary);
    parent({g.try_statement}, ParentKind::kTry);
    parent({g.argument_list}, ParentKind::kArgumentList);
    parent({g.conditional_expression}, ParentKind::kConditional);
    parent({g.keyword_argument}, ParentKind::kKeywordArgument);
    parent({g.attribute}, ParentKind::kAttribute);
    parent({g.assignment}, ParentKind::kAssignment);
    parent({g.augmented_assignment}, ParentKind::kAugAssignment);
    parent({g.for_statement}, ParentKind::kForStatement);
    parent({g.interpolation, g.format_expression}, ParentKind::kInterpolation);
    parent({g.named_expression}, ParentKind::kNamedExpression);
    parent({g.as_pattern}, ParentKind::kAsPattern);
    parent({g.except_clause}, ParentKind::kExceptClause);
    parent({g.delete_statement}, ParentKind::kDelete);
    parent({g.global_statement}, ParentKind::kGlobal);
    parent({g.nonlocal_statement}, ParentKind::kNonlocal);
    parent({g.import_statement, g.import_from_statement, g.future_import_statement},
           ParentKind::kImport);
    parent({g.case_clause}, ParentKind::kCaseClause);
    parent({g.splat_pattern}, ParentKind::kSplatPattern);
    parent({g.keyword_pattern}, ParentKind::kKeywordPattern);
    parent({g.class_pattern}, ParentKind::kClassPattern);
    parent({g.dict_pattern}, ParentKind::kDictPattern);
    parent({g.dotted_name, g.relative_import}, ParentKind::kDottedName);
    parent({g.type_alias_statement}, ParentKind::kTypeAlias);
    parent({g.type, g.generic_type, g.type_parameter, g.constrained_type, g.splat_type},
           ParentKind::kTypeNode);

    visit({g.identifier}, VisitKind::kIdentifier);
    visit({g.attribute}, VisitKind::kAttribute);
    visit({g.call}, VisitKind::kCall);
    visit({g.function_definition, g.class_definition, g.lambda}, VisitKind::kDefinition);
    visit({g.list_comprehension, g.set_comprehension, g.dictionary_comprehension,
           g.generator_expression},
          VisitKind::kComprehension);
    visit({g.parameters, g.lambda_parameters}, VisitKind::kParams);
    visit({g.decorator}, VisitKind::kDecorator);
    visit({g.assignment}, VisitKind::kAssignment);
    visit({g.augmented_assignment}, VisitKind::kAugAssignment);
    visit({g.named_expression}, VisitKind::kNamedExpression);
    visit({g.for_statement}, VisitKind::kForStatement);
    visit({g.with_item}, VisitKind::kWithItem);
    visit({g.for_in_clause}, VisitKind::kForIn);
    visit({g.as_pattern}, VisitKind::kAsPattern);
    visit({g.import_statement, g.import_from_statement, g.future_import_statement},
          VisitKind::kImportStatement);
    visit({g.dotted_name, g.relative_import, g.aliased_import}, VisitKind::kImportPart);
    visit({g.wildcard_import}, VisitKind::kWildcardImport);
    visit({g.print_statement}, VisitKind::kPrint);
    visit({g.type_alias_statement}, VisitKind::kTypeAlias);
    visit({g.list,
           g.tuple,
           g.set,
           g.expression_list,
           g.dictionary,
           g.subscript,
           g.string,
           g.concatenated_string,
           g.integer,
           g.float_,
           g.true_,
           g.false_,
           g.none,
           g.ellipsis,
           g.unary_operator,
           g.binary_operator,
           g.boolean_operator,
           g.comparison_operator,
           g.not_operator,
           g.conditional_expression,
           g.await_,
           g.yield_},
          VisitKind::kValue);
    visit({g.return_statement, g.raise_statement}, VisitKind::kReturn);
    visit({g.except_clause, g.except_group_clause}, VisitKind::kExceptClause);
  }

  ParentKind Parent(TSSymbol s) const {
    if (s < parent_.size()) return parent_[s];
    return s == kErrorSymbol ? ParentKind::kError : ParentKind::kPlain;
  }
  //! Whether Derive consults the field name of a child of this kind of parent.
  static bool NeedsField(ParentKind kind) {
    switch (kind) {
      case ParentKind::kDefinition:
      case ParentKind::kParam:
      case ParentKind::kComprehension:
      case ParentKind::kForIn:
      case ParentKind::kPair:
      case ParentKind::kKeywordArgument:
      case ParentKind::kAttribute:
      case ParentKind::kAssignment:
      case ParentKind::kAugAssignment:
      case ParentKind::kForStatement:
      case ParentKind::kNamedExpression:
      case ParentKind::kAsPattern:
      case ParentKind::kExceptClause:
      case ParentKind::kImport:
      case ParentKind::kDictPattern:
      case ParentKind::kTypeAlias:
        return true;
      case ParentKind::kPlain:
      case ParentKind::kTargetContainer:
      case ParentKind::kParams:
      case ParentKind::kDecorated:
      case ParentKind::kDictionary:
      case ParentKind::kTry:
      case ParentKind::kArgumentList:
      case ParentKind::kConditional:
      case ParentKind::kInterpolation:
      case ParentKind::kDelete:
      case ParentKind::kGlobal:
      case ParentKind::kNonlocal:
      case ParentKind::kCaseClause:
      case ParentKind::kSplatPattern:
      case ParentKind::kKeywordPattern:
      case ParentKind::kClassPattern:
      case ParentKind::kDottedName:
      case ParentKind::kTypeNode:
      case ParentKind::kError:
        return false;
    }
    return false;
  }
  VisitKind Visit(TSSymbol s) const {
    if (s < visit_.size()) return visit_[s];
    return s == kErrorSymbol ? VisitKind::kError : VisitKind::kNothing;
  }

 private:
  std::vector<ParentKind> parent_;
  std::vector<VisitKind> visit_;
};

const Dispatch& D() {
  static const Dispatch dispatch(G());
  return dispatch;
}

//! StableId(tag, path, bstart, bend) for one tag and file, reusing the encoded (tag, path).
class SpanIds {
 public:
  SpanIds(std::string_view tag, std::string_view path) {
    builder_.Add(tag).Add(path);
    mark_ = builder_.Mark();
  }
  uint64_t operator()(int64_t bstart, int64_t bend) {
    return builder_.Rewind(mark_).Add(bstart).Add(bend).Finish();
  }

 private:
  base::StableIdBuilder builder_;
  size_t mark_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The walker

class FileWalker {
 public:
  FileWalker(const source::SourceFile& file, CstTables* out)
      : file_(file),
        text_(file.text),
        out_(out),
        g_(G()),
        dispatch_(D()),
        scopes_cols_(out->scopes),
        defs_(out->defs),
        params_(out->params),
        refs_(out->name_refs),
        attrs_(out->attributes),
        imports_(out->imports),
        calls_(out->callsites),
        decorators_(out->decorators),
        bases_(out->class_bases),
        assigns_(out->assignments),
        protocol_(out->protocol_sites),
        exports_(out->exports),
        type_exprs_(out->type_exprs),
        docstrings_(out->docstrings),
        errors_(out->parse_errors),
        exprs_(out->exprs),
        expr_parts_(out->expr_parts),
        args_(out->arguments),
        returns_(out->returns),
        target_rows_(out->targets),
        ref_ids_("cst_name_ref", file.path),
        attr_ids_("cst_attribute", file.path),
        call_ids_("cst_call", file.path),
        def_ids_("cst_def", file.path),
        param_ids_("cst_param", file.path),
        assign_ids_("cst_assign", file.path),
        import_ids_("cst_import", file.path),
        decorator_ids_("cst_decorator", file.path),
        base_ids_("cst_class_base", file.path),
        type_expr_ids_("cst_type_expr", file.path),
        docstring_ids_("cst_docstring", file.path),
        export_ids_("cst_export", file.path),
        expr_ids_("cst_expr", file.path),
        target_ids_("cst_target", file.path),
        arg_ids_("cst_argument", file.path),
        return_ids_("cst_return", file.path) {}

  //! Walks the tree; returns the offsets of `type` keywords that start a misparsed statement.
  std::vector<uint32_t> Walk(TSNode root) {
    base::TsTreeCursor cursor(root);
    scratch_.emplace(root);
    TSTreeCursor* c = cursor.get();
    EnterRoot(root);
    while (true) {
      if (ts_tree_cursor_goto_first_child(c)) {
        Enter(c);
        continue;
      }
      while (true) {
        Leave();
        if (ts_tree_cursor_goto_next_sibling(c)) {
          Enter(c);
          break;
        }
        if (!ts_tree_cursor_goto_parent(c)) {
          EmitScopes();
          return std::move(misparsed_type_keywords_);
        }
      }
    }
  }

 private:
  // --- Small helpers ------------------------------------------------------------------------

  //! Start of `n`. tree-sitter-python reads `[*a.b]` as `(*a).b` (also calls and subscripts, in
  //! displays only): such an expression starts after the `*`, as in CPython's AST.
  int64_t Start(TSNode n) const {
    const uint32_t start = ts_node_start_byte(n);
    if (start >= text_.size() || text_[start] != '*') return start;
    const TSSymbol s = ts_node_symbol(n);
    if (s != g_.attribute && s != g_.call && s != g_.subscript) return start;
    TSNode inner = LeftmostOperand(n);
    if (ts_node_symbol(inner) != g_.list_splat) return start;
    inner = FirstNamedChild(inner);
    return IsNull(inner) ? start : ts_node_start_byte(inner);
  }
  static int64_t End(TSNode n) { return ts_node_end_byte(n); }
  std::string_view Text(TSNode n) const {
    const int64_t start = Start(n);
    return text_.substr(start, End(n) - start);
  }
  //! The innermost object/function/value of an attribute/call/subscript chain.
  TSNode LeftmostOperand(TSNode n) const {
    while (true) {
      const TSSymbol s = ts_node_symbol(n);
      TSNode next = s == g_.attribute   ? Field(n, g_.field_object)
                    : s == g_.call      ? Field(n, g_.field_function)
                    : s == g_.subscript ? Field(n, g_.field_value)
                                        : TSNode{};
      if (IsNull(next)) return n;
      n = next;
    }
  }
  //! The operand of a misplaced `*` (see Start): `*a` as the object of `(*a).b` is `a`.
  TSNode Unsplat(TSNode n) const {
    if (IsNull(n) || ts_node_symbol(n) != g_.list_splat) return n;
    TSNode inner = FirstNamedChild(n);
    return IsNull(inner) ? n : inner;
  }
  uint64_t SpanId(SpanIds& ids, TSNode n) { return ids(Start(n), End(n)); }
  uint64_t RefId(TSNode identifier) { return SpanId(ref_ids_, identifier); }
  TSNode Field(TSNode n, TSFieldId field) const { return ts_node_child_by_field_id(n, field); }
  static bool IsNull(TSNode n) { return ts_node_is_null(n); }

  //! The named, non-extra children of `node`, into `out` (callers use distinct vectors).
  void NamedChildren(TSNode node, std::vector<TSNode>* out) {
    out->clear();
    TSTreeCursor* c = scratch_->get();
    ts_tree_cursor_reset(c, node);
    if (!ts_tree_cursor_goto_first_child(c)) return;
    do {
      TSNode n = ts_tree_cursor_current_node(c);
      if (ts_node_is_named(n) && !ts_node_is_extra(n)) out->push_back(n);
    } while (ts_tree_cursor_goto_next_sibling(c));
  }

  //! The first named, non-extra child, or a null node.
  static TSNode FirstNamedChild(TSNode node) {
    const uint32_t count = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode n = ts_node_named_child(node, i);
      if (!ts_node_is_extra(n)) return n;
    }
    return TSNode{};
  }

  bool StartsWithAsync(TSNode node) const {
    return ts_node_child_count(node) > 0 && ts_node_symbol(ts_node_child(node, 0)) == g_.async_kw;
  }

  //! `(x)` -> `x`, repeatedly (not `(yield)` or `(*a)`).
  TSNode Unparen(TSNode n) const {
    while (!IsNull(n) && ts_node_symbol(n) == g_.parenthesized_expression) {
      TSNode inner = FirstNamedChild(n);
      if (IsNull(inner)) break;
      const TSSymbol s = ts_node_symbol(inner);
      if (s == g_.list_splat || s == g_.yield_) break;
      n = inner;
    }
    return n;
  }

  Shape ShapeOf(TSNode n) const {
    const TSSymbol s = ts_node_symbol(n);
    if (s == g_.identifier) return Shape::kName;
    if (s == g_.attribute) return Shape::kAttribute;
    if (s == g_.call) return Shape::kCall;
    if (s == g_.subscript) return Shape::kSubscript;
    return Shape::kOther;
  }

  bool IsLiteral(TSNode n) const {
    const TSSymbol s = ts_node_symbol(n);
    if (s == g_.string || s == g_.concatenated_string || s == g_.integer || s == g_.float_ ||
        s == g_.true_ || s == g_.false_ || s == g_.none || s == g_.ellipsis) {
      return true;
    }
    if (s == g_.unary_operator) {
      TSNode arg = Field(n, g_.field_argument);
      return !IsNull(arg) &&
             (ts_node_symbol(arg) == g_.integer || ts_node_symbol(arg) == g_.float_);
    }
    return false;
  }

  //! `os.path.join` for a name/attribute chain (whitespace and comments dropped), else nullopt.
  //! The view lives until the next call.
  std::optional<std::string_view> Dotted(TSNode node) {
    const TSSymbol s = ts_node_symbol(node);
    if (s == g_.identifier) return Text(node);
    if (s != g_.attribute) return std::nullopt;
    const std::string_view text = Text(node);
    if (IsPlainDottedText(text)) return text;
    parts_.clear();
    TSNode n = node;
    while (ts_node_symbol(n) == g_.attribute) {
      TSNode attr = Field(n, g_.field_attribute);
      TSNode obj = Field(n, g_.field_object);
      if (IsNull(attr) || IsNull(obj)) return std::nullopt;
      parts_.push_back(Text(attr));
      n = obj;
    }
    n = Unsplat(n);
    if (ts_node_symbol(n) != g_.identifier) return std::nullopt;
    parts_.push_back(Text(n));
    dotted_.clear();
    for (size_t i = parts_.size(); i-- > 0;) {
      dotted_.append(parts_[i]);
      if (i > 0) dotted_.push_back('.');
    }
    return std::string_view(dotted_);
  }

  //! Dotted() of a name/attribute, or of a call's callee; for a subscript (when `subscripts`) of
  //! the subscripted value.
  std::optional<std::string_view> ChainOf(TSNode n, bool subscripts = false) {
    const TSSymbol s = ts_node_symbol(n);
    if (s == g_.call) {
      TSNode callee = Unsplat(Field(n, g_.field_function));
      return IsNull(callee) ? std::nullopt : Dotted(callee);
    }
    if (subscripts && s == g_.subscript) {
      TSNode value = Field(n, g_.field_value);
      return IsNull(value) ? std::nullopt : Dotted(value);
    }
    return Dotted(n);
  }

  //! `a.b.c` of a dotted_name node (import paths, match value patterns).
  std::string_view DottedNameText(TSNode dotted_name) {
    const std::string_view text = Text(dotted_name);
    if (IsPlainDottedText(text)) return text;
    NamedChildren(dotted_name, &tmp_children_);
    dotted_.clear();
    for (TSNode part : tmp_children_) {
      if (ts_node_symbol(part) != g_.identifier) continue;
      if (!dotted_.empty()) dotted_.push_back('.');
      dotted_.append(Text(part));
    }
    return dotted_;
  }

  //! The innermost class, function, lambda or module scope at `scope`: where a walrus target
  //! binds (PEP 572), and the definition that owns a nested definition's qualified path.
  uint32_t NonComprehensionScope(uint32_t scope) const {
    while (scopes_[scope].kind == ScopeKind::kComprehension && scopes_[scope].parent >= 0) {
      scope = static_cast<uint32_t>(scopes_[scope].parent);
    }
    return scope;
  }

  uint64_t ScopeId(uint32_t scope) const { return scopes_[scope].id; }

  // --- The walk -----------------------------------------------------------------------------

  void EnterRoot(TSNode root) {
    Frame f;
    f.node = root;
    f.sym = ts_node_symbol(root);
    frames_.push_back(f);
    key_.clear();
    Scope module{.id = base::StableId("cst_scope", file_.path, "module", int64_t{0},
                                      static_cast<int64_t>(text_.size())),
                 .kind = ScopeKind::kModule,
                 .name = "<module>",
                 .bstart = 0,
                 .bend = static_cast<int64_t>(text_.size()),
                 .parent = -1,
                 .def_id = std::nullopt,
                 .qualified_path = "",
                 .lineno = 0,
                 .child_index = 0,
                 .hidden_from_symtable = false,
                 .key = {}};
    scopes_.push_back(std::move(module));
    if (f.sym == g_.module) AddDocstring("module", file_.file_id, root);
    Visit(0);
  }

  void Enter(TSTreeCursor* c) {
    const size_t parent = frames_.size() - 1;
    const TSFieldId field = Dispatch::NeedsField(dispatch_.Parent(frames_[parent].sym))
                                ? ts_tree_cursor_current_field_id(c)
                                : 0;
    Frame f = Derive(parent, ts_tree_cursor_current_node(c), field);
    frames_.push_back(f);
    Visit(frames_.size() - 1);
  }

  void Leave() { frames_.pop_back(); }

  //! The frame of `node`, a child of frames_[pi] in field `field`: scope, context, role, flags
  //! and symtable-order key entry, all decided by the parent.
  Frame Derive(size_t pi, TSNode node, TSFieldId field) {
    Frame& p = frames_[pi];
    Frame f;
    f.node = node;
    f.sym = ts_node_symbol(node);
    f.flags = p.flags & kInherited;
    f.scope = p.scope;
    f.inner_scope = p.scope;
    const ParentKind kind = dispatch_.Parent(p.sym);
    if (p.ctx != Ctx::kLoad && kind == ParentKind::kTargetContainer) {
      f.ctx = p.ctx;  // elements of a destructuring target
      f.site = p.site;
    }
    const TSSymbol s = f.sym;
    bool transparent = false;
    uint64_t entry = static_cast<uint32_t>(ts_node_start_byte(node));
    auto start32 = [](TSNode n) { return static_cast<uint32_t>(ts_node_start_byte(n)); };
    auto store = [&](Site site) {
      f.ctx = Ctx::kStore;
      f.site = site;
    };

    switch (kind) {
      case ParentKind::kPlain:
      case ParentKind::kTargetContainer:
        break;
      case ParentKind::kDefinition:
        if (field == g_.field_body) {
          f.scope = p.inner_scope;
          entry = Entry(kGroupBody, 0);
        } else if (field == g_.field_name) {
          f.flags |= kNoRefs;
        } else if (field == g_.field_parameters) {
          f.role = Role::kParams;
          transparent = true;
        } else if (field == g_.field_return_type) {
          f.flags |= kInAnnotation;
          entry = Entry(kGroupAnnotation, UINT32_MAX);
        } else if (field == g_.field_superclasses) {
          entry = Entry(kGroupDefault, 0);
        } else if (field == g_.field_type_parameters) {
          f.role = Role::kTypeParamList;
          f.inner_scope = p.inner_scope;
        }
        break;
      case ParentKind::kParams:
        if (p.role != Role::kParams) break;
        transparent = true;
        if (s == g_.typed_parameter || s == g_.default_parameter ||
            s == g_.typed_default_parameter) {
          f.role = Role::kParam;
          f.aux = start32(node) >= p.aux ? 1 : 0;  // keyword-only
        } else {
          f.flags |= kNoRefs;  // a bare name, *args, **kwargs, a Python 2 tuple parameter
        }
        break;
      case ParentKind::kParam:
        if (p.role != Role::kParam) break;
        if (field == g_.field_value) {
          entry = Entry(p.aux ? kGroupKwDefault : kGroupDefault, start32(p.node));
        } else if (field == g_.field_type) {
          f.flags |= kInAnnotation;
          entry = Entry(kGroupAnnotation, start32(p.node));
        } else {
          f.flags |= kNoRefs;  // the parameter's name (or *name / **name)
        }
        break;
      case ParentKind::kDecorated:
        if (s == g_.decorator) {
          f.role = Role::kDecorator;
          f.aux = p.counter++;
          entry = Entry(kGroupDecorator, f.aux);
        } else if (s == g_.function_definition || s == g_.class_definition) {
          transparent = true;
        }
        break;
      case ParentKind::kComprehension:
        f.scope = p.inner_scope;
        if (s == g_.for_in_clause) {
          if (p.counter++ == 0) {
            f.role = Role::kFirstForClause;
            entry = Entry(0, start32(node));
          } else {
            entry = Entry(1, start32(node));
          }
        } else if (s == g_.if_clause) {
          entry = Entry(1, start32(node));
        } else if (field == g_.field_body) {
          entry = Entry(2, 0);
          if (s == g_.pair) f.role = Role::kCompBodyPair;
        }
        break;
      case ParentKind::kForIn:
        if (field == g_.field_left) {
          store(Site::kComprehension);
        } else if (field == g_.field_right && p.role == Role::kFirstForClause) {
          f.scope = frames_[pi - 1].scope;  // evaluated in the comprehension's enclosing scope
        }
        break;
      case ParentKind::kPair:
        if (p.role == Role::kCompBodyPair) {
          entry = Entry(field == g_.field_key ? 1 : 0, 0);  // symtable: value, then key
        } else if (p.role == Role::kDictPair) {
          entry = Entry(field == g_.field_key ? 0 : 1, start32(p.node));
        }
        break;
      case ParentKind::kDictionary:
        if (s == g_.pair) {
          f.role = Role::kDictPair;
          transparent = true;
        } else if (s == g_.dictionary_splat) {
          entry = Entry(1, start32(node));
        }
        break;
      case ParentKind::kTry:
        // symtable: body, else, handlers, finally.
        if (s == g_.else_clause) {
          entry = Entry(1, start32(node));
        } else if (s == g_.except_clause || s == g_.except_group_clause) {
          entry = Entry(2, start32(node));
        } else if (s == g_.finally_clause) {
          entry = Entry(3, start32(node));
        }
        break;
      case ParentKind::kArgumentList:
        if (s == g_.keyword_argument || s == g_.dictionary_splat) entry = Entry(1, start32(node));
        break;
      case ParentKind::kConditional:
        if (ts_node_is_named(node) && !ts_node_is_extra(node)) {
          const uint32_t k = p.counter++;
          entry = Entry(k == 0 ? 1 : (k == 1 ? 0 : 2), 0);  // symtable: test, body, orelse
        }
        break;
      case ParentKind::kKeywordArgument:
        if (field == g_.field_name) f.flags |= kNoRefs;
        break;
      case ParentKind::kAttribute:
        if (field == g_.field_attribute) f.flags |= kNoRefs;
        break;
      case ParentKind::kAssignment:
        if (field == g_.field_left) {
          store(p.aux ? Site::kAnnAssign : Site::kAssign);
        } else if (field == g_.field_type) {
          f.flags |= kInAnnotation;
        }
        break;
      case ParentKind::kAugAssignment:
        if (field == g_.field_left) {
          f.ctx = Ctx::kAugStore;
          f.site = Site::kAugAssign;
        }
        break;
      case ParentKind::kForStatement:
        if (field == g_.field_left) store(Site::kFor);
        break;
      case ParentKind::kInterpolation:
        if (s == g_.named_expression) f.role = Role::kFormatSpec;
        break;
      case ParentKind::kNamedExpression:
        if (p.role == Role::kFormatSpec) {
          if (field == g_.field_value) f.flags |= kNoRefs;  // format spec text, not an expression
        } else if (field == g_.field_name) {
          store(Site::kWalrus);
          f.scope = NonComprehensionScope(p.scope);
        }
        break;
      case ParentKind::kAsPattern:
        if (field == g_.field_alias) {
          store(static_cast<Site>(p.aux));
        } else if ((p.flags & kInPattern) && s == g_.identifier) {
          store(Site::kMatch);  // `case [x] as whole`
        }
        break;
      case ParentKind::kExceptClause:
        if (field == g_.field_alias) store(Site::kExcept);
        break;
      case ParentKind::kDelete:
        f.ctx = Ctx::kDel;
        f.site = Site::kDel;
        break;
      case ParentKind::kGlobal:
        f.ctx = Ctx::kGlobal;
        f.site = Site::kGlobal;
        break;
      case ParentKind::kNonlocal:
        f.ctx = Ctx::kNonlocal;
        f.site = Site::kNonlocal;
        break;
      case ParentKind::kImport:
        f.flags |= kNoRefs;  // the bindings are written by AddImport
        if (field == g_.field_module_name) {
          f.role = Role::kImportModule;
        } else if (field == g_.field_name) {
          f.role = Role::kImportName;
        }
        break;
      case ParentKind::kCaseClause:
        if (s == g_.case_pattern) f.flags |= kInPattern;
        break;
      case ParentKind::kSplatPattern:
        if (s == g_.identifier) store(Site::kMatch);
        break;
      case ParentKind::kKeywordPattern:
        if (s == g_.identifier) f.flags |= kNoRefs;  // the keyword of `Point(x=0)`
        break;
      case ParentKind::kClassPattern:
        if (s == g_.dotted_name) f.role = Role::kValuePattern;
        break;
      case ParentKind::kDictPattern:
        if (field == g_.field_key) f.role = Role::kValuePattern;
        break;
      case ParentKind::kDottedName:
        f.flags |= kNoRefs;  // written by AddPatternName / AddImport
        break;
      case ParentKind::kTypeAlias:
        if (field == g_.field_left) f.role = Role::kAliasLeft;
        break;
      case ParentKind::kTypeNode:
        DeriveTypeParam(p, f);
        break;
      case ParentKind::kError:
        if (s == g_.identifier) f.flags |= kNoRefs;  // a token the parser could not place
        break;
    }

    key_.resize(p.key_len);
    if (!transparent) key_.push_back(entry);
    f.key_len = static_cast<uint32_t>(key_.size());
    return f;
  }

  //! Children of `type`, `generic_type`, `type_parameter`, `constrained_type`, `splat_type` in
  //! PEP 695 declarations (`def f[T: int]`, `type X[T] = ...`); elsewhere they are plain loads.
  void DeriveTypeParam(Frame& p, Frame& f) {
    const TSSymbol s = f.sym;
    switch (p.role) {
      case Role::kAliasLeft:
      case Role::kAliasGeneric:
        if (s == g_.identifier) {
          f.ctx = Ctx::kStore;
          f.site = Site::kTypeAlias;
        } else if (s == g_.generic_type && p.role == Role::kAliasLeft) {
          f.role = Role::kAliasGeneric;
        } else if (s == g_.type_parameter && p.role == Role::kAliasGeneric) {
          f.role = Role::kTypeParamList;
          f.inner_scope = p.scope;
        }
        break;
      case Role::kTypeParamList:
        if (s == g_.type) {
          f.role = Role::kTypeParamDecl;
          f.inner_scope = p.inner_scope;
        }
        break;
      case Role::kTypeParamDecl:
        if (s == g_.identifier) {
          f.ctx = Ctx::kStore;
          f.site = Site::kTypeParam;
          f.scope = p.inner_scope;
        } else if (s == g_.constrained_type || s == g_.splat_type) {
          f.role = s == g_.constrained_type ? Role::kConstrainedDecl : Role::kTypeParamDecl;
          f.inner_scope = p.inner_scope;
        }
        break;
      case Role::kConstrainedDecl:
        if (s == g_.type && p.counter++ == 0) {  // `T` of `T: bound`; the bound is a load
          f.role = Role::kTypeParamDecl;
          f.inner_scope = p.inner_scope;
        }
        break;
      default:
        break;
    }
  }

  void Visit(size_t i) {
    Frame& f = frames_[i];
    const TSNode node = f.node;
    const VisitKind kind = dispatch_.Visit(f.sym);
    if (kind == VisitKind::kIdentifier) {
      if (!(f.flags & kNoRefs) && !ts_node_is_missing(node)) {
        AddNameRef(node, f.scope, f.ctx, f.site, std::nullopt, f.flags & kInAnnotation);
        if (IsValueContext(f)) {
          AppendExpr(RefId(node), f.scope, "name", node, {}, {}, Text(node));
        }
      }
      return;
    }
    if (ts_node_is_missing(node)) {
      AddParseError(node, "missing");
      return;
    }
    switch (kind) {
      case VisitKind::kNothing:
      case VisitKind::kIdentifier:
        break;
      case VisitKind::kError:
        AddParseError(node, "error");
        break;
      case VisitKind::kAttribute:
        AddAttribute(f);
        break;
      case VisitKind::kCall:
        AddCall(i);
        break;
      case VisitKind::kDefinition:
        AddDef(i);
        break;
      case VisitKind::kComprehension:
        OpenComprehension(f);
        break;
      case VisitKind::kParams:
        if (f.role == Role::kParams) AddParams(i);
        break;
      case VisitKind::kDecorator:
        if (f.role == Role::kDecorator) AddDecorator(i);
        break;
      case VisitKind::kAssignment:
        AddAssignment(i);
        break;
      case VisitKind::kAugAssignment:
        AddAugmentedAssignment(f);
        break;
      case VisitKind::kNamedExpression:
        if (f.role != Role::kFormatSpec) AddWalrus(f);
        break;
      case VisitKind::kForStatement:
        AddForStatement(f);
        break;
      case VisitKind::kWithItem:
        AddWithItem(i);
        break;
      case VisitKind::kForIn:
        AddComprehensionFor(i);
        break;
      case VisitKind::kAsPattern: {
        // aux: the site of the `as` target, from the construct around it.
        const TSSymbol ps = i > 0 ? frames_[i - 1].sym : 0;
        f.aux = static_cast<uint32_t>(ps == g_.with_item ? Site::kWith
                                      : (ps == g_.except_clause || ps == g_.except_group_clause)
                                          ? Site::kExcept
                                      : (f.flags & kInPattern) ? Site::kMatch
                                                               : Site::kAssign);
        break;
      }
      case VisitKind::kImportStatement:
        BeginImport(f);
        break;
      case VisitKind::kImportPart:
        if (f.role == Role::kImportModule) {
          SetImportModule(node);
        } else if (f.role == Role::kImportName) {
          AddImport(f);
        } else if (f.sym == g_.dotted_name && (f.flags & kInPattern)) {
          AddPatternName(f);
        }
        break;
      case VisitKind::kWildcardImport:
        AddStarImport(f);
        break;
      case VisitKind::kPrint: {
        // `print >> f, x` is a Python 3 expression too: `print` is a name there.
        TSNode keyword = ts_node_child(node, 0);
        if (!IsNull(keyword) && ts_node_symbol(keyword) == g_.print_kw) {
          AddNameRef(keyword, f.scope, Ctx::kLoad, Site::kExpr, std::nullopt);
        }
        break;
      }
      case VisitKind::kValue:
        AddValue(i);
        break;
      case VisitKind::kReturn:
        AddReturn(f);
        break;
      case VisitKind::kExceptClause: {
        // `except E as e`: fields value and alias, or (as tree-sitter-python 0.23 mostly reads
        // it) one as_pattern child whose alias holds the name.
        TSNode alias = Field(node, g_.field_alias);
        TSNode value = Field(node, g_.field_value);
        if (IsNull(alias)) {
          NamedChildren(node, &value_children_);
          for (TSNode child : value_children_) {
            if (ts_node_symbol(child) != g_.as_pattern) continue;
            value = FirstNamedChild(child);
            TSNode target = Field(child, g_.field_alias);
            alias = IsNull(target) ? TSNode{} : FirstNamedChild(target);
            break;
          }
        }
        if (!IsNull(alias)) AddTargets(alias, f.scope, "except", value);
        break;
      }
      case VisitKind::kTypeAlias: {
        // tree-sitter-python reads `type(x).attr = v` as `type <alias> = v`: a real alias names
        // an identifier or `X[T]`.
        TSNode left = Field(node, g_.field_left);
        TSNode name = IsNull(left) ? TSNode{} : FirstNamedChild(left);
        if (!IsNull(name) && ts_node_symbol(name) != g_.identifier &&
            ts_node_symbol(name) != g_.generic_type) {
          misparsed_type_keywords_.push_back(static_cast<uint32_t>(Start(node)));
        }
        break;
      }
    }
  }

  // --- Scopes and definitions ---------------------------------------------------------------

  uint32_t OpenScope(const Frame& f, ScopeKind kind, std::string_view name,
                     std::optional<uint64_t> def_id, std::string qualified_path) {
    const TSNode node = f.node;
    Scope scope{.id = base::StableId("cst_scope", file_.path, Name(kind), Start(node), End(node)),
                .kind = kind,
                .name = name,
                .bstart = Start(node),
                .bend = End(node),
                .parent = static_cast<int32_t>(f.scope),
                .def_id = def_id,
                .qualified_path = std::move(qualified_path),
                .lineno = static_cast<int32_t>(ts_node_start_point(node).row + 1),
                .child_index = scopes_[f.scope].child_count++,
                .hidden_from_symtable = future_annotations_ && (f.flags & kInAnnotation),
                .key = std::vector<uint64_t>(key_.begin(), key_.begin() + f.key_len)};
    scope.key.push_back(kind == ScopeKind::kComprehension ? Entry(1, 0) : Entry(kGroupBody, 0));
    scopes_.push_back(std::move(scope));
    return static_cast<uint32_t>(scopes_.size() - 1);
  }

  void OpenComprehension(Frame& f) {
    const TSSymbol s = f.sym;
    const std::string_view name = s == g_.list_comprehension         ? "<listcomp>"
                                  : s == g_.set_comprehension        ? "<setcomp>"
                                  : s == g_.dictionary_comprehension ? "<dictcomp>"
                                                                     : "<genexpr>";
    const std::string& parent_path = scopes_[f.scope].qualified_path;
    std::string qualified =
        parent_path.empty() ? std::string(name) : fmt::format("{}.{}", parent_path, name);
    f.inner_scope =
        OpenScope(f, ScopeKind::kComprehension, name, std::nullopt, std::move(qualified));
    if (!IsValueContext(f)) return;
    const std::string_view kind = s == g_.list_comprehension         ? "list_comp"
                                  : s == g_.set_comprehension        ? "set_comp"
                                  : s == g_.dictionary_comprehension ? "dict_comp"
                                                                     : "generator";
    const uint64_t id = SpanId(expr_ids_, f.node);
    AppendExpr(id, f.scope, kind, f.node, {}, {}, {});
    TSNode body = Unparen(Field(f.node, g_.field_body));
    if (IsNull(body)) return;
    if (ts_node_symbol(body) == g_.pair) {
      TSNode key = Field(body, g_.field_key);
      TSNode value = Field(body, g_.field_value);
      if (!IsNull(key)) AppendPart(id, ExprId(key), "comp_key", 0, {});
      if (!IsNull(value)) AppendPart(id, ExprId(value), "comp_value", 0, {});
    } else {
      AppendPart(id, ExprId(body), "comp_element", 0, {});
    }
  }

  void AddDef(size_t i) {
    Frame& f = frames_[i];
    const TSNode node = f.node;
    const bool is_lambda = f.sym == g_.lambda;
    const bool is_class = f.sym == g_.class_definition;
    const TSNode name_node = is_lambda ? TSNode{} : Field(node, g_.field_name);
    // Qualified paths and lambda numbers follow definitions, not comprehensions (like CPython's
    // __qualname__: a lambda default of method `A.f` is `A.<lambda>`).
    const uint32_t owner = NonComprehensionScope(f.scope);
    std::string name;
    if (is_lambda) {
      name = fmt::format("<lambda{}>", ++scopes_[owner].lambda_count);
    } else if (!IsNull(name_node)) {
      name = std::string(Text(name_node));
    } else {
      return;  // a definition without a name: only in recovered (erroneous) regions
    }
    std::string_view kind = is_class ? "class" : (is_lambda ? "lambda" : "function");
    if (!is_class && !is_lambda && StartsWithAsync(node)) kind = "async_function";
    const int64_t bstart = Start(node);
    const int64_t bend = End(node);
    const uint64_t def_id = def_ids_(bstart, bend);
    std::string qualified =
        owner == 0 ? name : fmt::format("{}.{}", scopes_[owner].qualified_path, name);

    const uint32_t enclosing = f.scope;
    const ScopeKind scope_kind =
        is_class ? ScopeKind::kClass : (is_lambda ? ScopeKind::kLambda : ScopeKind::kFunction);
    const std::string_view scope_name = is_lambda ? std::string_view("<lambda>") : Text(name_node);
    f.inner_scope = OpenScope(f, scope_kind, scope_name, def_id, qualified);

    auto& t = defs_;
    t.def_id.AppendUInt64(def_id);
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.kind.AppendString(kind);
    t.name.AppendString(is_lambda ? std::string_view("<lambda>") : std::string_view(name));
    t.bstart.AppendInt64(bstart);
    t.bend.AppendInt64(bend);
    if (is_lambda) {
      t.name_bstart.AppendNull();
      t.name_bend.AppendNull();
    } else {
      t.name_bstart.AppendInt64(Start(name_node));
      t.name_bend.AppendInt64(End(name_node));
    }
    AppendOptionalUInt64(t.parent_def_id, scopes_[owner].def_id);
    t.qualified_path.AppendString(qualified);
    t.scope_id.AppendUInt64(ScopeId(enclosing));
    t.body_scope_id.AppendUInt64(ScopeId(f.inner_scope));
    t.decorators.BeginList();
    if (i > 0 && frames_[i - 1].sym == g_.decorated_definition) {
      NamedChildren(frames_[i - 1].node, &tmp_children_);
      for (TSNode decorator : tmp_children_) {
        if (ts_node_symbol(decorator) != g_.decorator) continue;
        TSNode expr = FirstNamedChild(decorator);
        if (!IsNull(expr)) t.decorators.AppendListItem(Text(expr));
      }
    }
    t.decorators.EndList();
    t.is_method.AppendBool(!is_class && !is_lambda && scopes_[enclosing].kind == ScopeKind::kClass);

    if (is_lambda) {
      AppendExpr(def_id, enclosing, "lambda", node, {}, {}, {});
      TSNode lambda_body = Field(node, g_.field_body);
      if (!IsNull(lambda_body)) {
        AppendReturn(SpanId(return_ids_, lambda_body), f.inner_scope, def_id, "lambda",
                     ExprId(lambda_body), lambda_body);
      }
      return;
    }
    TSNode body = Field(node, g_.field_body);
    if (!IsNull(body)) AddDocstring(is_class ? "class" : "function", def_id, body);
    if (is_class) {
      TSNode superclasses = Field(node, g_.field_superclasses);
      if (!IsNull(superclasses)) AddClassBases(def_id, enclosing, superclasses);
    } else {
      TSNode returns = Field(node, g_.field_return_type);
      if (!IsNull(returns))
        AddTypeExpr(def_id, enclosing, "return", std::nullopt, std::nullopt, returns);
    }
  }

  void AddParams(size_t i) {
    Frame& f = frames_[i];
    f.aux = UINT32_MAX;  // start of the keyword-only parameters, for the symtable-order key
    if (i == 0) return;
    const Frame& def = frames_[i - 1];
    if (def.inner_scope == def.scope) return;  // the definition had no name: no def row
    const Scope& body = scopes_[def.inner_scope];
    const uint64_t def_id = *body.def_id;
    const uint64_t scope_id = body.id;

    NamedChildren(f.node, &param_children_);
    bool has_slash = false;
    for (TSNode child : param_children_) {
      has_slash |= ts_node_symbol(child) == g_.positional_separator;
    }
    std::string_view kind = has_slash ? "positional_only" : "regular";
    int32_t position = 0;
    for (TSNode child : param_children_) {
      const TSSymbol s = ts_node_symbol(child);
      if (s == g_.positional_separator) {
        kind = "regular";
        continue;
      }
      if (s == g_.keyword_separator) {
        kind = "keyword_only";
        f.aux = static_cast<uint32_t>(End(child));
        continue;
      }
      TSNode name{}, default_value{}, annotation{};
      std::string_view this_kind = kind;
      TSNode pattern = child;  // identifier, *args or **kwargs
      if (s == g_.typed_parameter) {
        pattern = FirstNamedChild(child);
        annotation = Field(child, g_.field_type);
      } else if (s == g_.default_parameter || s == g_.typed_default_parameter) {
        pattern = Field(child, g_.field_name);
        default_value = Field(child, g_.field_value);
        if (s == g_.typed_default_parameter) annotation = Field(child, g_.field_type);
      }
      if (IsNull(pattern)) continue;
      const TSSymbol ps = ts_node_symbol(pattern);
      if (ps == g_.identifier) {
        name = pattern;
      } else if (ps == g_.list_splat_pattern || ps == g_.dictionary_splat_pattern) {
        name = FirstNamedChild(pattern);
        if (ps == g_.list_splat_pattern) {
          this_kind = "var_positional";
          kind = "keyword_only";
          f.aux = static_cast<uint32_t>(End(child));
        } else {
          this_kind = "var_keyword";
        }
      }
      if (IsNull(name) || ts_node_symbol(name) != g_.identifier || ts_node_is_missing(name)) {
        continue;  // a Python 2 tuple parameter or a recovered region
      }
      auto& t = params_;
      t.param_id.AppendUInt64(SpanId(param_ids_, name));
      t.file_id.AppendUInt64(file_.file_id);
      t.path.AppendString(file_.path);
      t.def_id.AppendUInt64(def_id);
      t.scope_id.AppendUInt64(scope_id);
      t.name.AppendString(Text(name));
      t.kind.AppendString(this_kind);
      t.position.AppendInt32(position++);
      t.bstart.AppendInt64(Start(name));
      t.bend.AppendInt64(End(name));
      if (IsNull(default_value)) {
        t.default_bstart.AppendNull();
        t.default_bend.AppendNull();
        t.default_expr_id.AppendNull();
      } else {
        t.default_bstart.AppendInt64(Start(default_value));
        t.default_bend.AppendInt64(End(default_value));
        t.default_expr_id.AppendUInt64(ExprId(default_value));
      }
      if (IsNull(annotation)) {
        t.annotation_bstart.AppendNull();
        t.annotation_bend.AppendNull();
      } else {
        t.annotation_bstart.AppendInt64(Start(annotation));
        t.annotation_bend.AppendInt64(End(annotation));
        AddTypeExpr(def_id, f.scope, "param", Text(name), std::nullopt, annotation);
      }
    }
  }

  void AddDecorator(size_t i) {
    const Frame& f = frames_[i];
    TSNode expr = FirstNamedChild(f.node);
    if (IsNull(expr) || i == 0) return;
    TSNode definition = Field(frames_[i - 1].node, g_.field_definition);
    if (IsNull(definition)) return;
    Shape shape = ShapeOf(expr);
    if (shape == Shape::kSubscript) shape = Shape::kOther;
    auto& t = decorators_;
    t.decorator_id.AppendUInt64(SpanId(decorator_ids_, expr));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.def_id.AppendUInt64(SpanId(def_ids_, definition));
    t.scope_id.AppendUInt64(ScopeId(f.scope));
    t.position.AppendInt32(static_cast<int32_t>(f.aux));
    t.bstart.AppendInt64(Start(expr));
    t.bend.AppendInt64(End(expr));
    t.text.AppendString(Text(expr));
    t.shape.AppendString(Name(shape));
    t.dotted.AppendOptionalString(ChainOf(expr));
    if (shape == Shape::kCall) {
      t.call_id.AppendUInt64(SpanId(call_ids_, expr));
    } else {
      t.call_id.AppendNull();
    }
    t.expr_id.AppendUInt64(ExprId(expr));
  }

  void AddClassBases(uint64_t class_def_id, uint32_t scope, TSNode superclasses) {
    NamedChildren(superclasses, &base_children_);
    int32_t position = 0;
    for (TSNode arg : base_children_) {
      const TSSymbol s = ts_node_symbol(arg);
      std::optional<std::string_view> keyword;
      TSNode expr = arg;
      if (s == g_.keyword_argument) {
        TSNode name = Field(arg, g_.field_name);
        expr = Field(arg, g_.field_value);
        if (IsNull(name) || IsNull(expr)) continue;
        keyword = Text(name);
      } else if (s == g_.dictionary_splat) {
        keyword = "**";
      } else if (s == kErrorSymbol) {
        continue;
      }
      const Shape shape = ShapeOf(expr);
      auto& t = bases_;
      t.base_id.AppendUInt64(SpanId(base_ids_, expr));
      t.file_id.AppendUInt64(file_.file_id);
      t.path.AppendString(file_.path);
      t.class_def_id.AppendUInt64(class_def_id);
      t.scope_id.AppendUInt64(ScopeId(scope));
      if (keyword) {
        t.position.AppendNull();
      } else {
        t.position.AppendInt32(position++);
      }
      t.keyword.AppendOptionalString(keyword);
      t.bstart.AppendInt64(Start(expr));
      t.bend.AppendInt64(End(expr));
      t.text.AppendString(Text(expr));
      t.shape.AppendString(Name(shape));
      t.dotted.AppendOptionalString(ChainOf(expr, /*subscripts=*/true));
      if (shape == Shape::kName) {
        t.ref_id.AppendUInt64(RefId(expr));
      } else {
        t.ref_id.AppendNull();
      }
    }
  }

  //! The docstring of `body` (a module or block): a first statement that is a plain string.
  void AddDocstring(std::string_view owner_kind, uint64_t owner_id, TSNode body) {
    TSNode stmt = FirstNamedChild(body);
    if (IsNull(stmt) || ts_node_symbol(stmt) != g_.expression_statement ||
        ts_node_named_child_count(stmt) != 1) {
      return;
    }
    TSNode literal = ts_node_named_child(stmt, 0);
    const TSSymbol s = ts_node_symbol(literal);
    if (s == g_.string) {
      if (!IsDocstringPart(literal)) return;
    } else if (s == g_.concatenated_string) {
      const uint32_t count = ts_node_named_child_count(literal);
      for (uint32_t k = 0; k < count; ++k) {
        TSNode part = ts_node_named_child(literal, k);
        if (ts_node_symbol(part) == g_.string && !IsDocstringPart(part)) return;
      }
    } else {
      return;
    }
    auto& t = docstrings_;
    t.docstring_id.AppendUInt64(SpanId(docstring_ids_, literal));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.owner_kind.AppendString(owner_kind);
    t.owner_id.AppendUInt64(owner_id);
    t.bstart.AppendInt64(Start(literal));
    t.bend.AppendInt64(End(literal));
    t.text.AppendString(Text(literal));
  }

  //! A string literal that is neither an f-string nor bytes.
  bool IsDocstringPart(TSNode string) const {
    TSNode start = FirstNamedChild(string);
    if (IsNull(start) || ts_node_symbol(start) != g_.string_start) return false;
    for (char c : Text(start)) {
      if (c == 'f' || c == 'F' || c == 'b' || c == 'B') return false;
    }
    return true;
  }

  void AddTypeExpr(std::optional<uint64_t> owner_def_id, uint32_t scope, std::string_view role,
                   std::optional<std::string_view> param_name,
                   std::optional<uint64_t> target_ref_id, TSNode annotation) {
    auto& t = type_exprs_;
    t.type_expr_id.AppendUInt64(SpanId(type_expr_ids_, annotation));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    AppendOptionalUInt64(t.owner_def_id, owner_def_id);
    t.scope_id.AppendUInt64(ScopeId(scope));
    t.role.AppendString(role);
    t.param_name.AppendOptionalString(param_name);
    AppendOptionalUInt64(t.target_ref_id, target_ref_id);
    t.bstart.AppendInt64(Start(annotation));
    t.bend.AppendInt64(End(annotation));
    t.text.AppendString(Text(annotation));
  }

  // --- Names and attributes -----------------------------------------------------------------

  void AddNameRef(TSNode identifier, uint32_t scope, Ctx ctx, Site site,
                  std::optional<uint64_t> import_id, bool in_annotation = false) {
    auto& t = refs_;
    t.ref_id.AppendUInt64(RefId(identifier));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.scope_id.AppendUInt64(ScopeId(scope));
    t.name.AppendString(Text(identifier));
    t.ctx.AppendString(Name(ctx));
    t.site.AppendString(Name(site));
    t.bstart.AppendInt64(Start(identifier));
    t.bend.AppendInt64(End(identifier));
    AppendOptionalUInt64(t.import_id, import_id);
    t.in_annotation.AppendBool(in_annotation);
  }

  void AddAttribute(const Frame& f) {
    const TSNode node = f.node;
    TSNode object = Unsplat(Field(node, g_.field_object));
    TSNode attr = Field(node, g_.field_attribute);
    if (IsNull(object) || IsNull(attr) || ts_node_is_missing(attr)) return;
    const Shape shape = ShapeOf(object);
    const bool name = shape == Shape::kName;
    const Receiver receiver{Start(object), End(object), shape, name, name ? RefId(object) : 0};
    AppendAttribute(f.scope, Start(node), End(node), attr, receiver, f.ctx, Dotted(node));
    if (IsValueContext(f)) {
      AppendExpr(attr_ids_(Start(node), End(node)), f.scope, "attribute", node, ExprId(object), {},
                 Text(attr));
    }
  }

  struct Receiver {
    int64_t bstart, bend;
    Shape shape;
    bool has_ref;  // a plain name: ref_id is its cst_name_refs row
    uint64_t ref_id;
  };

  void AppendAttribute(uint32_t scope, int64_t bstart, int64_t bend, TSNode attr,
                       const Receiver& receiver, Ctx ctx, std::optional<std::string_view> dotted) {
    auto& t = attrs_;
    t.attr_id.AppendUInt64(attr_ids_(bstart, bend));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.scope_id.AppendUInt64(ScopeId(scope));
    t.bstart.AppendInt64(bstart);
    t.bend.AppendInt64(bend);
    t.attr_name.AppendString(Text(attr));
    t.attr_bstart.AppendInt64(Start(attr));
    t.attr_bend.AppendInt64(End(attr));
    t.receiver_bstart.AppendInt64(receiver.bstart);
    t.receiver_bend.AppendInt64(receiver.bend);
    t.receiver_text.AppendString(text_.substr(receiver.bstart, receiver.bend - receiver.bstart));
    t.receiver_shape.AppendString(Name(receiver.shape));
    if (receiver.has_ref) {
      t.receiver_ref_id.AppendUInt64(receiver.ref_id);
    } else {
      t.receiver_ref_id.AppendNull();
    }
    t.ctx.AppendString(Name(ctx));
    t.dotted.AppendOptionalString(dotted);
  }

  //! A dotted_name in a match pattern: a capture (`case x:`), or a class/value name whose first
  //! component is a load and whose other components are attributes (`case Color.RED:` is
  //! MatchValue(Attribute(Name('Color'), 'RED')) in CPython's AST).
  void AddPatternName(const Frame& f) {
    NamedChildren(f.node, &pattern_parts_);
    std::erase_if(pattern_parts_, [&](TSNode n) { return ts_node_symbol(n) != g_.identifier; });
    if (pattern_parts_.empty()) return;
    const TSNode head = pattern_parts_[0];
    if (pattern_parts_.size() == 1 && f.role != Role::kValuePattern) {
      AddNameRef(head, f.scope, Ctx::kStore, Site::kMatch, std::nullopt);
      return;
    }
    AddNameRef(head, f.scope, Ctx::kLoad, Site::kMatch, std::nullopt);
    const int64_t bstart = Start(head);
    for (size_t k = 1; k < pattern_parts_.size(); ++k) {
      const Receiver receiver{bstart, End(pattern_parts_[k - 1]),
                              k == 1 ? Shape::kName : Shape::kAttribute, k == 1,
                              k == 1 ? RefId(head) : 0};
      // The chain's text, or (whitespace inside the pattern) the chain rebuilt from its names.
      const TSNode attr = pattern_parts_[k];
      std::string_view dotted = text_.substr(bstart, End(attr) - bstart);
      if (!IsPlainDottedText(dotted)) {
        dotted_.clear();
        for (size_t j = 0; j <= k; ++j) {
          if (j > 0) dotted_.push_back('.');
          dotted_.append(Text(pattern_parts_[j]));
        }
        dotted = dotted_;
      }
      AppendAttribute(f.scope, bstart, End(attr), attr, receiver, Ctx::kLoad, dotted);
    }
  }

  // --- Calls --------------------------------------------------------------------------------

  void AddCall(size_t i) {
    const Frame& f = frames_[i];
    const TSNode node = f.node;
    TSNode callee = Unsplat(Field(node, g_.field_function));
    if (IsNull(callee)) return;
    TSNode arguments = Field(node, g_.field_arguments);
    const Shape shape = ShapeOf(callee);
    int32_t positional = 0;
    int32_t keywords = 0;
    bool star_args = false;
    bool star_kwargs = false;
    keyword_names_.clear();
    arg_children_.clear();
    if (!IsNull(arguments)) {
      if (ts_node_symbol(arguments) == g_.generator_expression) {
        positional = 1;
      } else {
        NamedChildren(arguments, &arg_children_);
        for (TSNode arg : arg_children_) {
          const TSSymbol s = ts_node_symbol(arg);
          if (s == g_.keyword_argument) {
            ++keywords;
            TSNode name = Field(arg, g_.field_name);
            keyword_names_.push_back(IsNull(name) ? std::string_view() : Text(name));
          } else if (s == g_.list_splat) {
            star_args = true;
          } else if (s == g_.dictionary_splat) {
            star_kwargs = true;
          } else if (s != kErrorSymbol) {
            ++positional;
          }
        }
      }
    }
    TSNode receiver{}, attr{};
    if (shape == Shape::kAttribute) {
      receiver = Unsplat(Field(callee, g_.field_object));
      attr = Field(callee, g_.field_attribute);
    }

    auto& t = calls_;
    t.call_id.AppendUInt64(SpanId(call_ids_, node));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.bstart.AppendInt64(Start(node));
    t.bend.AppendInt64(End(node));
    t.callee_bstart.AppendInt64(Start(callee));
    t.callee_bend.AppendInt64(End(callee));
    t.callee_shape.AppendString(Name(shape));
    t.callee_text.AppendString(Text(callee));
    t.scope_id.AppendUInt64(ScopeId(f.scope));
    t.callee_dotted.AppendOptionalString(Dotted(callee));
    if (shape == Shape::kName) {
      t.callee_name.AppendString(Text(callee));
      t.callee_ref_id.AppendUInt64(RefId(callee));
      t.callee_attr_id.AppendNull();
    } else if (shape == Shape::kAttribute && !IsNull(attr) && !IsNull(receiver)) {
      t.callee_name.AppendString(Text(attr));
      t.callee_ref_id.AppendNull();
      t.callee_attr_id.AppendUInt64(SpanId(attr_ids_, callee));
    } else {
      t.callee_name.AppendNull();
      t.callee_ref_id.AppendNull();
      t.callee_attr_id.AppendNull();
    }
    if (shape == Shape::kAttribute && !IsNull(receiver)) {
      t.receiver_bstart.AppendInt64(Start(receiver));
      t.receiver_bend.AppendInt64(End(receiver));
      t.receiver_text.AppendString(Text(receiver));
    } else {
      t.receiver_bstart.AppendNull();
      t.receiver_bend.AppendNull();
      t.receiver_text.AppendNull();
    }
    t.positional_count.AppendInt32(positional);
    t.keyword_count.AppendInt32(keywords);
    t.keyword_names.BeginList();
    for (std::string_view k : keyword_names_) t.keyword_names.AppendListItem(k);
    t.keyword_names.EndList();
    t.has_star_args.AppendBool(star_args);
    t.has_star_kwargs.AppendBool(star_kwargs);
    t.is_decorator.AppendBool(i > 0 && frames_[i - 1].sym == g_.decorator);
    AddCallValues(f, callee, arguments);

    // __all__.extend([...]) / __all__.append('x') at module level.
    if (f.scope == 0 && shape == Shape::kAttribute && !IsNull(receiver) && !IsNull(attr) &&
        ts_node_symbol(receiver) == g_.identifier && Text(receiver) == "__all__" &&
        positional == 1 && keywords == 0 && !star_args && !star_kwargs) {
      const std::string_view method = Text(attr);
      TSNode arg = Unparen(arg_children_.empty() ? TSNode{} : arg_children_[0]);
      if (IsNull(arg)) return;
      if (method == "extend") {
        AddExports(node, arg, "extend");
      } else if (method == "append" && ts_node_symbol(arg) == g_.string) {
        AddExport(node, arg, "extend");
      }
    }
  }

  // --- Imports ------------------------------------------------------------------------------

  void BeginImport(const Frame& f) {
    import_from_ = f.sym != g_.import_statement;
    import_level_ = 0;
    import_module_.clear();
    if (f.sym == g_.future_import_statement) import_module_ = "__future__";
    import_stmt_bstart_ = Start(f.node);
    import_stmt_bend_ = End(f.node);
  }

  void SetImportModule(TSNode node) {
    const TSSymbol s = ts_node_symbol(node);
    if (s == g_.dotted_name) {
      import_module_ = DottedNameText(node);
    } else if (s == g_.relative_import) {
      NamedChildren(node, &import_parts_);
      for (TSNode part : import_parts_) {
        if (ts_node_symbol(part) == g_.import_prefix) {
          const std::string_view dots = Text(part);
          import_level_ = static_cast<int32_t>(std::count(dots.begin(), dots.end(), '.'));
        } else if (ts_node_symbol(part) == g_.dotted_name) {
          import_module_ = DottedNameText(part);
        }
      }
    }
  }

  void AddImport(const Frame& f) {
    const TSNode alias = f.node;
    const TSSymbol s = f.sym;
    TSNode dotted{}, asname{};
    if (s == g_.dotted_name) {
      dotted = alias;
    } else if (s == g_.aliased_import) {
      dotted = Field(alias, g_.field_name);
      asname = Field(alias, g_.field_alias);
    }
    if (IsNull(dotted) || ts_node_symbol(dotted) != g_.dotted_name) return;
    const std::string name(DottedNameText(dotted));
    TSNode bound{};
    if (!IsNull(asname)) {
      bound = asname;
    } else {
      // `import a.b.c` binds `a`; `from m import x` binds `x`.
      bound = FirstNamedChild(dotted);
    }
    if (IsNull(bound) || ts_node_symbol(bound) != g_.identifier || ts_node_is_missing(bound))
      return;
    const uint64_t import_id = SpanId(import_ids_, alias);
    const uint64_t ref_id = RefId(bound);
    AddNameRef(bound, f.scope, Ctx::kStore, Site::kImport, import_id);
    if (import_module_ == "__future__" && name == "annotations") future_annotations_ = true;

    auto& t = imports_;
    t.import_id.AppendUInt64(import_id);
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.scope_id.AppendUInt64(ScopeId(f.scope));
    t.kind.AppendString(import_from_ ? "from" : "import");
    t.module.AppendString(import_from_ ? std::string_view(import_module_) : std::string_view(name));
    t.relative_level.AppendInt32(import_level_);
    t.name.AppendString(name);
    if (IsNull(asname)) {
      t.asname.AppendNull();
    } else {
      t.asname.AppendString(Text(asname));
    }
    t.bound_name.AppendString(Text(bound));
    t.bound_ref_id.AppendUInt64(ref_id);
    t.is_star.AppendBool(false);
    t.bstart.AppendInt64(Start(alias));
    t.bend.AppendInt64(End(alias));
    t.name_bstart.AppendInt64(Start(dotted));
    t.name_bend.AppendInt64(End(dotted));
    t.stmt_bstart.AppendInt64(import_stmt_bstart_);
    t.stmt_bend.AppendInt64(import_stmt_bend_);
  }

  void AddStarImport(const Frame& f) {
    const TSNode star = f.node;
    auto& t = imports_;
    t.import_id.AppendUInt64(SpanId(import_ids_, star));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.scope_id.AppendUInt64(ScopeId(f.scope));
    t.kind.AppendString("from");
    t.module.AppendString(import_module_);
    t.relative_level.AppendInt32(import_level_);
    t.name.AppendString("*");
    t.asname.AppendNull();
    t.bound_name.AppendNull();
    t.bound_ref_id.AppendNull();
    t.is_star.AppendBool(true);
    t.bstart.AppendInt64(Start(star));
    t.bend.AppendInt64(End(star));
    t.name_bstart.AppendInt64(Start(star));
    t.name_bend.AppendInt64(End(star));
    t.stmt_bstart.AppendInt64(import_stmt_bstart_);
    t.stmt_bend.AppendInt64(import_stmt_bend_);
  }

  // --- Assignments --------------------------------------------------------------------------

  void AddAssignment(size_t i) {
    Frame& f = frames_[i];
    const TSNode node = f.node;
    const TSNode annotation = Field(node, g_.field_type);
    f.aux = IsNull(annotation) ? 0 : 1;                        // read by Derive: annassign targets
    if (i > 0 && frames_[i - 1].sym == g_.assignment) return;  // part of a chain: done above
    // `a = b = v`: targets a and b, value v.
    targets_.clear();
    TSNode value{};
    TSNode n = node;
    while (true) {
      TSNode left = Field(n, g_.field_left);
      if (!IsNull(left)) targets_.push_back(left);
      TSNode right = Field(n, g_.field_right);
      if (IsNull(right)) break;
      if (ts_node_symbol(right) != g_.assignment) {
        value = right;
        break;
      }
      n = right;
    }
    const std::string_view kind = IsNull(annotation) ? "assign" : "annassign";
    for (TSNode target : targets_) {
      AddAssignmentRows(node, kind, f.scope, target, value, annotation);
      AddTargets(target, f.scope, kind, value);
      if (!IsNull(annotation)) {
        TSNode t = Unparen(target);
        const std::optional<uint64_t> target_ref =
            ts_node_symbol(t) == g_.identifier ? std::optional(RefId(t)) : std::nullopt;
        AddTypeExpr(scopes_[NonComprehensionScope(f.scope)].def_id, f.scope, "variable",
                    std::nullopt, target_ref, annotation);
      }
      if (f.scope == 0 && !IsNull(value) && ts_node_symbol(target) == g_.identifier &&
          Text(target) == "__all__") {
        AddExports(node, Unparen(value), "assign");
      }
    }
  }

  void AddAugmentedAssignment(const Frame& f) {
    const TSNode node = f.node;
    TSNode target = Field(node, g_.field_left);
    TSNode value = Field(node, g_.field_right);
    if (IsNull(target)) return;
    AddAssignmentRows(node, "augassign", f.scope, target, value, TSNode{});
    AddTargets(target, f.scope, "augassign", value);
    TSNode op = Field(node, g_.field_operator);
    if (f.scope == 0 && !IsNull(value) && !IsNull(op) && ts_node_symbol(op) == g_.plus_equal &&
        ts_node_symbol(target) == g_.identifier && Text(target) == "__all__") {
      AddExports(node, Unparen(value), "extend");
    }
  }

  void AddWalrus(const Frame& f) {
    TSNode target = Field(f.node, g_.field_name);
    TSNode value = Field(f.node, g_.field_value);
    if (IsNull(target)) return;
    AddAssignmentRows(f.node, "walrus", NonComprehensionScope(f.scope), target, value, TSNode{});
    AddTargets(target, NonComprehensionScope(f.scope), "walrus", value);
    if (IsValueContext(f) && !IsNull(value)) {
      AppendExpr(SpanId(expr_ids_, f.node), f.scope, "named", f.node, ExprId(value), {}, {});
    }
  }

  //! The row of `target`, plus one row per name/attribute element of a destructuring target.
  void AddAssignmentRows(TSNode stmt, std::string_view kind, uint32_t scope, TSNode target,
                         TSNode value, TSNode annotation) {
    target = Unparen(target);
    AppendAssignment(stmt, kind, scope, target, /*unpacked=*/false, value, annotation);
    if (dispatch_.Parent(ts_node_symbol(target)) != ParentKind::kTargetContainer) return;
    // Elements, in source order, with an explicit stack (targets may nest deeply).
    element_stack_.clear();
    element_stack_.push_back(target);
    while (!element_stack_.empty()) {
      TSNode n = element_stack_.back();
      element_stack_.pop_back();
      const TSSymbol s = ts_node_symbol(n);
      if (dispatch_.Parent(s) == ParentKind::kTargetContainer) {
        NamedChildren(n, &element_children_);
        for (size_t k = element_children_.size(); k-- > 0;) {
          element_stack_.push_back(element_children_[k]);
        }
      } else if ((s == g_.identifier || s == g_.attribute) && !ts_node_is_missing(n)) {
        AppendAssignment(stmt, kind, scope, n, /*unpacked=*/true, value, annotation);
      }
    }
  }

  void AppendAssignment(TSNode stmt, std::string_view kind, uint32_t scope, TSNode target,
                        bool unpacked, TSNode value, TSNode annotation) {
    auto& t = assigns_;
    const TSSymbol ts = ts_node_symbol(target);
    t.assign_id.AppendUInt64(SpanId(assign_ids_, target));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.scope_id.AppendUInt64(ScopeId(scope));
    t.kind.AppendString(kind);
    t.bstart.AppendInt64(Start(stmt));
    t.bend.AppendInt64(End(stmt));
    t.target_bstart.AppendInt64(Start(target));
    t.target_bend.AppendInt64(End(target));
    if (ts == g_.identifier) {
      t.target_name.AppendString(Text(target));
      t.target_ref_id.AppendUInt64(RefId(target));
    } else {
      t.target_name.AppendNull();
      t.target_ref_id.AppendNull();
    }
    if (ts == g_.attribute) {
      t.target_attr_id.AppendUInt64(SpanId(attr_ids_, target));
    } else {
      t.target_attr_id.AppendNull();
    }
    t.unpacked.AppendBool(unpacked);
    value = Unparen(value);
    if (IsNull(value)) {
      t.value_bstart.AppendNull();
      t.value_bend.AppendNull();
      t.value_shape.AppendNull();
      t.value_node_type.AppendNull();
      t.value_call_id.AppendNull();
      t.value_ref_id.AppendNull();
      t.value_dotted.AppendNull();
    } else {
      Shape shape = ShapeOf(value);
      if (shape == Shape::kSubscript) shape = Shape::kOther;
      if (shape == Shape::kOther && IsLiteral(value)) shape = Shape::kLiteral;
      t.value_bstart.AppendInt64(Start(value));
      t.value_bend.AppendInt64(End(value));
      t.value_shape.AppendString(Name(shape));
      t.value_node_type.AppendString(ts_node_type(value));
      if (shape == Shape::kCall) {
        t.value_call_id.AppendUInt64(SpanId(call_ids_, value));
      } else {
        t.value_call_id.AppendNull();
      }
      if (shape == Shape::kName) {
        t.value_ref_id.AppendUInt64(RefId(value));
      } else {
        t.value_ref_id.AppendNull();
      }
      t.value_dotted.AppendOptionalString(ChainOf(value));
    }
    if (IsNull(annotation)) {
      t.annotation_bstart.AppendNull();
      t.annotation_bend.AppendNull();
    } else {
      t.annotation_bstart.AppendInt64(Start(annotation));
      t.annotation_bend.AppendInt64(End(annotation));
    }
  }

  // --- __all__ ------------------------------------------------------------------------------

  //! The string elements of a list or tuple display `list` listed in __all__.
  void AddExports(TSNode stmt, TSNode list, std::string_view op) {
    const TSSymbol s = ts_node_symbol(list);
    if (s != g_.list && s != g_.tuple) return;
    NamedChildren(list, &export_children_);
    for (TSNode element : export_children_) {
      if (ts_node_symbol(element) == g_.string) AddExport(stmt, element, op);
    }
  }

  void AddExport(TSNode stmt, TSNode string, std::string_view op) {
    if (!IsDocstringPart(string)) return;  // f-strings and bytes are not names
    TSNode start{}, end{};
    const uint32_t count = ts_node_named_child_count(string);
    for (uint32_t k = 0; k < count; ++k) {
      TSNode part = ts_node_named_child(string, k);
      const TSSymbol s = ts_node_symbol(part);
      if (s == g_.string_start) {
        start = part;
      } else if (s == g_.string_content) {
        if (ts_node_named_child_count(part) != 0) return;  // escapes: not a plain name
      } else if (s == g_.interpolation) {
        return;
      } else if (!ts_node_is_extra(part)) {
        end = part;
      }
    }
    if (IsNull(start) || IsNull(end)) return;
    const std::string_view name = text_.substr(End(start), Start(end) - End(start));
    if (name.empty()) return;
    auto& t = exports_;
    t.export_id.AppendUInt64(SpanId(export_ids_, string));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.name.AppendString(name);
    t.bstart.AppendInt64(Start(string));
    t.bend.AppendInt64(End(string));
    t.op.AppendString(op);
    t.stmt_bstart.AppendInt64(Start(stmt));
    t.stmt_bend.AppendInt64(End(stmt));
  }

  // --- Protocol sites -----------------------------------------------------------------------

  void AddForStatement(const Frame& f) {
    TSNode target = Field(f.node, g_.field_left);
    TSNode iterable = Field(f.node, g_.field_right);
    if (IsNull(iterable)) return;
    AddProtocolSite(f.scope, StartsWithAsync(f.node) ? "async_for" : "for", f.node, iterable,
                    target);
    if (!IsNull(target)) AddTargets(target, f.scope, "for", iterable);
  }

  void AddWithItem(size_t i) {
    // with_statement > with_clause > with_item
    if (i < 2 || frames_[i - 2].sym != g_.with_statement) return;
    const Frame& f = frames_[i];
    const TSNode stmt = frames_[i - 2].node;
    TSNode value = Field(f.node, g_.field_value);
    if (IsNull(value)) return;
    TSNode target{};
    if (ts_node_symbol(value) == g_.as_pattern) {
      TSNode alias = Field(value, g_.field_alias);
      if (!IsNull(alias)) target = FirstNamedChild(alias);
      value = FirstNamedChild(value);
      if (IsNull(value)) return;
    }
    AddProtocolSite(f.scope, StartsWithAsync(stmt) ? "async_with" : "with", stmt, value, target);
    if (!IsNull(target)) AddTargets(target, f.scope, "with", value);
  }

  void AddComprehensionFor(size_t i) {
    const Frame& f = frames_[i];
    TSNode target = Field(f.node, g_.field_left);
    TSNode iterable = Field(f.node, g_.field_right);
    if (IsNull(iterable)) return;
    const uint32_t scope = f.role == Role::kFirstForClause ? frames_[i - 1].scope : f.scope;
    AddProtocolSite(scope,
                    StartsWithAsync(f.node) ? "async_comprehension_for" : "comprehension_for",
                    f.node, iterable, target);
    if (!IsNull(target)) AddTargets(target, f.scope, "comprehension", iterable);
  }

  void AddProtocolSite(uint32_t scope, std::string_view kind, TSNode stmt, TSNode expr,
                       TSNode target) {
    expr = Unparen(expr);
    const Shape shape = ShapeOf(expr);
    auto& t = protocol_;
    t.site_id.AppendUInt64(
        base::StableId("cst_protocol_site", file_.path, Start(expr), End(expr), kind));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.scope_id.AppendUInt64(ScopeId(scope));
    t.kind.AppendString(kind);
    t.bstart.AppendInt64(Start(stmt));
    t.bend.AppendInt64(End(stmt));
    t.expr_bstart.AppendInt64(Start(expr));
    t.expr_bend.AppendInt64(End(expr));
    t.expr_shape.AppendString(Name(shape));
    t.expr_dotted.AppendOptionalString(ChainOf(expr));
    if (shape == Shape::kCall) {
      t.expr_call_id.AppendUInt64(SpanId(call_ids_, expr));
    } else {
      t.expr_call_id.AppendNull();
    }
    if (shape == Shape::kName) {
      t.expr_ref_id.AppendUInt64(RefId(expr));
    } else {
      t.expr_ref_id.AppendNull();
    }
    if (IsNull(target)) {
      t.target_bstart.AppendNull();
      t.target_bend.AppendNull();
      t.target_ref_id.AppendNull();
    } else {
      target = Unparen(target);
      t.target_bstart.AppendInt64(Start(target));
      t.target_bend.AppendInt64(End(target));
      if (ts_node_symbol(target) == g_.identifier) {
        t.target_ref_id.AppendUInt64(RefId(target));
      } else {
        t.target_ref_id.AppendNull();
      }
    }
  }

  // --- Values: cst_exprs, cst_expr_parts, cst_arguments, cst_returns, cst_targets -------------

  //! A load that Python evaluates for its value: not a target, an annotation, a match pattern,
  //! or a token the parser could not place.
  static bool IsValueContext(const Frame& f) {
    return f.ctx == Ctx::kLoad && !(f.flags & (kNoRefs | kInPattern | kInAnnotation));
  }

  //! The cst_exprs ID of expression `n` (parentheses removed): see the table's documentation.
  uint64_t ExprId(TSNode n) {
    n = Unparen(n);
    const TSSymbol s = ts_node_symbol(n);
    if (s == g_.identifier) return RefId(n);
    if (s == g_.attribute) return SpanId(attr_ids_, n);
    if (s == g_.call) return SpanId(call_ids_, n);
    if (s == g_.lambda) return SpanId(def_ids_, n);
    return SpanId(expr_ids_, n);
  }

  void AppendExpr(uint64_t id, uint32_t scope, std::string_view kind, TSNode n,
                  std::optional<uint64_t> base, std::optional<uint64_t> key,
                  std::optional<std::string_view> name,
                  std::optional<std::string_view> literal_kind = std::nullopt,
                  std::optional<std::string_view> literal_value = std::nullopt) {
    auto& t = exprs_;
    t.expr_id.AppendUInt64(id);
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.scope_id.AppendUInt64(ScopeId(scope));
    t.kind.AppendString(kind);
    t.bstart.AppendInt64(Start(n));
    t.bend.AppendInt64(End(n));
    AppendOptionalUInt64(t.base_id, base);
    AppendOptionalUInt64(t.key_id, key);
    t.name.AppendOptionalString(name);
    t.literal_kind.AppendOptionalString(literal_kind);
    t.literal_value.AppendOptionalString(literal_value);
  }

  void AppendPart(uint64_t parent, uint64_t child, std::string_view role, int32_t position,
                  std::optional<uint64_t> key) {
    auto& t = expr_parts_;
    t.parent_id.AppendUInt64(parent);
    t.child_id.AppendUInt64(child);
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.role.AppendString(role);
    t.position.AppendInt32(position);
    AppendOptionalUInt64(t.key_id, key);
  }

  void AppendReturn(uint64_t id, uint32_t scope, std::optional<uint64_t> def_id,
                    std::string_view kind, std::optional<uint64_t> expr, TSNode n) {
    auto& t = returns_;
    t.return_id.AppendUInt64(id);
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.scope_id.AppendUInt64(ScopeId(scope));
    AppendOptionalUInt64(t.def_id, def_id);
    t.kind.AppendString(kind);
    AppendOptionalUInt64(t.expr_id, expr);
    t.bstart.AppendInt64(Start(n));
    t.bend.AppendInt64(End(n));
  }

  //! The function or lambda whose body holds `scope` (comprehensions are skipped); nullopt in a
  //! class body or at module level.
  std::optional<uint64_t> EnclosingFunction(uint32_t scope) const {
    while (true) {
      const Scope& s = scopes_[scope];
      if (s.kind == ScopeKind::kFunction || s.kind == ScopeKind::kLambda) return s.def_id;
      if (s.kind != ScopeKind::kComprehension || s.parent < 0) return std::nullopt;
      scope = static_cast<uint32_t>(s.parent);
    }
  }

  //! The value of a string literal without escapes or interpolations, at most 256 bytes, into
  //! literal_ (appending); false when there is none. Sets *bytes for a bytes literal and
  //! *formatted for an f-string.
  bool AppendStringValue(TSNode string, bool* bytes, bool* formatted) {
    TSNode start{}, end{};
    bool simple = true;
    const uint32_t count = ts_node_named_child_count(string);
    for (uint32_t k = 0; k < count; ++k) {
      TSNode part = ts_node_named_child(string, k);
      const TSSymbol s = ts_node_symbol(part);
      if (s == g_.string_start) {
        start = part;
      } else if (s == g_.string_content) {
        if (ts_node_named_child_count(part) != 0) simple = false;  // escapes
      } else if (s == g_.interpolation) {
        *formatted = true;
        simple = false;
      } else if (!ts_node_is_extra(part)) {
        end = part;
      }
    }
    if (IsNull(start) || IsNull(end)) return false;
    for (char c : Text(start)) {
      if (c == 'b' || c == 'B') *bytes = true;
      if (c == 'f' || c == 'F') *formatted = true;
    }
    if (!simple || End(start) > Start(end)) return false;
    const std::string_view content = text_.substr(End(start), Start(end) - End(start));
    if (literal_.size() + content.size() > 256) return false;
    literal_.append(content);
    return true;
  }

  //! Every interpolated expression of an f-string, as format parts of `id`.
  void AddFormatParts(uint64_t id, TSNode string, int32_t* position) {
    const uint32_t count = ts_node_named_child_count(string);
    for (uint32_t k = 0; k < count; ++k) {
      TSNode part = ts_node_named_child(string, k);
      if (ts_node_symbol(part) != g_.interpolation) continue;
      TSNode expr = Field(part, g_.field_expression);
      if (IsNull(expr)) expr = FirstNamedChild(part);
      if (!IsNull(expr)) AppendPart(id, ExprId(expr), "format", (*position)++, {});
    }
  }

  //! One expression of VisitKind::kValue.
  void AddValue(size_t i) {
    const Frame& f = frames_[i];
    if (!IsValueContext(f)) return;
    const TSNode n = f.node;
    const TSSymbol s = f.sym;
    if (s == g_.string && i > 0 && frames_[i - 1].sym == g_.concatenated_string) return;
    const uint64_t id = SpanId(expr_ids_, n);
    if (s == g_.string || s == g_.concatenated_string) {
      bool bytes = false, formatted = false, simple = true;
      literal_.clear();
      if (s == g_.string) {
        simple = AppendStringValue(n, &bytes, &formatted);
      } else {
        NamedChildren(n, &value_children_);
        for (TSNode part : value_children_) {
          if (ts_node_symbol(part) != g_.string) continue;
          simple = AppendStringValue(part, &bytes, &formatted) && simple;
        }
      }
      if (formatted) {
        AppendExpr(id, f.scope, "fstring", n, {}, {}, {});
        int32_t position = 0;
        if (s == g_.string) {
          AddFormatParts(id, n, &position);
        } else {
          for (TSNode part : value_children_) {
            if (ts_node_symbol(part) == g_.string) AddFormatParts(id, part, &position);
          }
        }
        return;
      }
      AppendExpr(id, f.scope, "literal", n, {}, {}, {}, bytes ? "bytes" : "str",
                 simple ? std::optional<std::string_view>(literal_) : std::nullopt);
      return;
    }
    if (s == g_.integer || s == g_.float_) {
      const std::string_view text = Text(n);
      const bool complex = !text.empty() && (text.back() == 'j' || text.back() == 'J');
      AppendExpr(id, f.scope, "literal", n, {}, {}, {},
                 complex ? "complex" : (s == g_.integer ? "int" : "float"),
                 text.size() <= 256 ? std::optional(text) : std::nullopt);
      return;
    }
    if (s == g_.true_ || s == g_.false_) {
      AppendExpr(id, f.scope, "literal", n, {}, {}, {}, "bool", s == g_.true_ ? "True" : "False");
      return;
    }
    if (s == g_.none) {
      AppendExpr(id, f.scope, "literal", n, {}, {}, {}, "none", "None");
      return;
    }
    if (s == g_.ellipsis) {
      AppendExpr(id, f.scope, "literal", n, {}, {}, {}, "ellipsis", "...");
      return;
    }
    if (s == g_.list || s == g_.tuple || s == g_.set || s == g_.expression_list) {
      AppendExpr(id, f.scope,
                 s == g_.list ? "list" : (s == g_.set ? std::string_view("set") : "tuple"), n, {},
                 {}, {});
      NamedChildren(n, &value_children_);
      int32_t position = 0;
      for (TSNode element : value_children_) {
        const TSSymbol es = ts_node_symbol(element);
        if (es == kErrorSymbol) continue;
        if (es == g_.list_splat) {
          TSNode operand = FirstNamedChild(element);
          if (!IsNull(operand)) AppendPart(id, ExprId(operand), "unpack", position, {});
        } else {
          AppendPart(id, ExprId(element), "element", position, {});
        }
        ++position;
      }
      return;
    }
    if (s == g_.dictionary) {
      AppendExpr(id, f.scope, "dict", n, {}, {}, {});
      NamedChildren(n, &value_children_);
      int32_t position = 0;
      for (TSNode item : value_children_) {
        const TSSymbol is = ts_node_symbol(item);
        if (is == g_.pair) {
          TSNode key = Field(item, g_.field_key);
          TSNode value = Field(item, g_.field_value);
          if (IsNull(key) || IsNull(value)) continue;
          const uint64_t key_id = ExprId(key);
          AppendPart(id, key_id, "key", position, {});
          AppendPart(id, ExprId(value), "value", position, key_id);
        } else if (is == g_.dictionary_splat) {
          TSNode operand = FirstNamedChild(item);
          if (IsNull(operand)) continue;
          AppendPart(id, ExprId(operand), "unpack", position, {});
        } else {
          continue;
        }
        ++position;
      }
      return;
    }
    if (s == g_.subscript) {
      TSNode value = Field(n, g_.field_value);
      if (IsNull(value)) return;
      // `a[i]` has one subscript field; `a[i, j]` several (a tuple index, no single key).
      TSNode index{};
      bool slice = false;
      int indexes = 0;
      const uint32_t count = ts_node_child_count(n);
      for (uint32_t k = 0; k < count; ++k) {
        if (ts_node_field_name_for_child(n, k) == nullptr) continue;
        TSNode child = ts_node_child(n, k);
        if (ts_node_symbol(child) == g_.slice) slice = true;
        if (std::string_view(ts_node_field_name_for_child(n, k)) == "subscript") {
          index = child;
          ++indexes;
        }
      }
      const bool one = indexes == 1 && !slice;
      AppendExpr(id, f.scope, slice ? "slice" : "subscript", n, ExprId(Unsplat(value)),
                 one ? std::optional(ExprId(index)) : std::nullopt, {});
      return;
    }
    if (s == g_.conditional_expression) {
      AppendExpr(id, f.scope, "conditional", n, {}, {}, {});
      NamedChildren(n, &value_children_);
      // body `if` test `else` orelse
      if (value_children_.size() >= 1) AppendPart(id, ExprId(value_children_[0]), "branch", 0, {});
      if (value_children_.size() >= 3) AppendPart(id, ExprId(value_children_[2]), "branch", 1, {});
      return;
    }
    if (s == g_.boolean_operator || s == g_.binary_operator) {
      TSNode left = Field(n, g_.field_left);
      TSNode right = Field(n, g_.field_right);
      TSNode op = Field(n, g_.field_operator);
      AppendExpr(id, f.scope, s == g_.boolean_operator ? "bool_op" : "bin_op", n, {}, {},
                 IsNull(op) ? std::nullopt : std::optional(Text(op)));
      if (!IsNull(left)) AppendPart(id, ExprId(left), "operand", 0, {});
      if (!IsNull(right)) AppendPart(id, ExprId(right), "operand", 1, {});
      return;
    }
    if (s == g_.unary_operator || s == g_.not_operator) {
      TSNode arg = Field(n, g_.field_argument);
      TSNode op = Field(n, g_.field_operator);
      AppendExpr(id, f.scope, s == g_.not_operator ? "not" : "unary_op", n,
                 IsNull(arg) ? std::nullopt : std::optional(ExprId(arg)), {},
                 s == g_.not_operator ? std::optional<std::string_view>("not")
                 : IsNull(op)         ? std::nullopt
                                      : std::optional(Text(op)));
      return;
    }
    if (s == g_.comparison_operator) {
      AppendExpr(id, f.scope, "compare", n, {}, {}, {});
      return;
    }
    if (s == g_.await_) {
      TSNode operand = FirstNamedChild(n);
      AppendExpr(id, f.scope, "await", n,
                 IsNull(operand) ? std::nullopt : std::optional(ExprId(operand)), {}, {});
      return;
    }
    if (s == g_.yield_) {
      bool from = false;
      const uint32_t count = ts_node_child_count(n);
      for (uint32_t k = 0; k < count; ++k)
        from |= ts_node_symbol(ts_node_child(n, k)) == g_.from_kw;
      TSNode operand = FirstNamedChild(n);
      const std::optional<uint64_t> value =
          IsNull(operand) ? std::nullopt : std::optional(ExprId(operand));
      AppendExpr(id, f.scope, from ? "yield_from" : "yield", n, from ? value : std::nullopt, {},
                 {});
      AppendReturn(SpanId(return_ids_, n), f.scope, EnclosingFunction(f.scope),
                   from ? "yield_from" : "yield", value, n);
      return;
    }
  }

  //! `return v` and `raise v` (the exception; not its `from` cause).
  void AddReturn(const Frame& f) {
    TSNode value = FirstNamedChild(f.node);
    AppendReturn(SpanId(return_ids_, f.node), f.scope, EnclosingFunction(f.scope),
                 f.sym == g_.raise_statement ? "raise" : "return",
                 IsNull(value) ? std::nullopt : std::optional(ExprId(value)), f.node);
  }

  //! A call's cst_exprs row and its cst_arguments rows.
  void AddCallValues(const Frame& f, TSNode callee, TSNode arguments) {
    const uint64_t call_id = SpanId(call_ids_, f.node);
    if (IsValueContext(f)) AppendExpr(call_id, f.scope, "call", f.node, ExprId(callee), {}, {});
    if (IsNull(arguments)) return;
    auto row = [&](TSNode arg, TSNode value, int32_t index, std::optional<int32_t> position,
                   std::optional<std::string_view> keyword, std::optional<std::string_view> star,
                   bool after_star) {
      auto& t = args_;
      t.arg_id.AppendUInt64(SpanId(arg_ids_, arg));
      t.file_id.AppendUInt64(file_.file_id);
      t.path.AppendString(file_.path);
      t.call_id.AppendUInt64(call_id);
      t.scope_id.AppendUInt64(ScopeId(f.scope));
      t.index.AppendInt32(index);
      position ? t.position.AppendInt32(*position) : t.position.AppendNull();
      t.keyword.AppendOptionalString(keyword);
      t.star.AppendOptionalString(star);
      t.after_star.AppendBool(after_star);
      t.expr_id.AppendUInt64(ExprId(value));
      t.bstart.AppendInt64(Start(arg));
      t.bend.AppendInt64(End(arg));
    };
    if (ts_node_symbol(arguments) == g_.generator_expression) {
      row(arguments, arguments, 0, 0, std::nullopt, std::nullopt, false);
      return;
    }
    int32_t index = 0, position = 0;
    bool seen_star = false;
    for (TSNode arg : arg_children_) {
      const TSSymbol s = ts_node_symbol(arg);
      if (s == kErrorSymbol) continue;
      if (s == g_.keyword_argument) {
        TSNode name = Field(arg, g_.field_name);
        TSNode value = Field(arg, g_.field_value);
        if (IsNull(name) || IsNull(value)) continue;
        row(arg, value, index++, std::nullopt, Text(name), std::nullopt, false);
      } else if (s == g_.list_splat) {
        TSNode value = FirstNamedChild(arg);
        if (IsNull(value)) continue;
        row(arg, value, index++, position++, std::nullopt, "*", seen_star);
        seen_star = true;
      } else if (s == g_.dictionary_splat) {
        TSNode value = FirstNamedChild(arg);
        if (IsNull(value)) continue;
        row(arg, value, index++, std::nullopt, std::nullopt, "**", false);
      } else {
        row(arg, arg, index++, position++, std::nullopt, std::nullopt, seen_star);
      }
    }
  }

  //! cst_targets rows for the top-level target `target` of `site` and its elements.
  void AddTargets(TSNode target, uint32_t scope, std::string_view site, TSNode source) {
    target_stack_.clear();
    target_stack_.push_back({target, std::nullopt, 0});
    const std::optional<uint64_t> source_id =
        IsNull(Unparen(source)) ? std::nullopt : std::optional(ExprId(source));
    while (!target_stack_.empty()) {
      PendingTarget pending = target_stack_.back();
      target_stack_.pop_back();
      TSNode n = Unparen(pending.node);
      if (IsNull(n)) continue;
      TSSymbol s = ts_node_symbol(n);
      bool starred = false;
      if (s == g_.list_splat_pattern || s == g_.list_splat) {
        starred = true;
        n = Unparen(FirstNamedChild(n));
        if (IsNull(n)) continue;
        s = ts_node_symbol(n);
      }
      std::string_view kind;
      uint64_t id = 0;
      std::optional<std::string_view> name;
      std::optional<uint64_t> base, key;
      if (s == g_.identifier) {
        if (ts_node_is_missing(n)) continue;
        kind = "name";
        id = RefId(n);
        name = Text(n);
      } else if (s == g_.attribute) {
        TSNode object = Unsplat(Field(n, g_.field_object));
        TSNode attr = Field(n, g_.field_attribute);
        if (IsNull(object) || IsNull(attr)) continue;
        kind = "attribute";
        id = SpanId(attr_ids_, n);
        name = Text(attr);
        base = ExprId(object);
      } else if (s == g_.subscript) {
        TSNode value = Field(n, g_.field_value);
        TSNode index = Field(n, g_.field_subscript);
        if (IsNull(value)) continue;
        kind = "subscript";
        id = SpanId(target_ids_, n);
        base = ExprId(Unsplat(value));
        if (!IsNull(index) && ts_node_symbol(index) != g_.slice) key = ExprId(index);
      } else if (dispatch_.Parent(s) == ParentKind::kTargetContainer) {
        kind = "tuple";
        id = SpanId(target_ids_, n);
        NamedChildren(n, &target_children_);
        for (size_t k = target_children_.size(); k-- > 0;) {
          if (ts_node_symbol(target_children_[k]) == kErrorSymbol) continue;
          target_stack_.push_back({target_children_[k], id, static_cast<int32_t>(k)});
        }
      } else {
        continue;
      }
      auto& t = target_rows_;
      t.target_id.AppendUInt64(id);
      t.file_id.AppendUInt64(file_.file_id);
      t.path.AppendString(file_.path);
      t.scope_id.AppendUInt64(ScopeId(scope));
      t.site.AppendString(site);
      t.target_kind.AppendString(kind);
      AppendOptionalUInt64(t.source_id, pending.parent ? std::nullopt : source_id);
      AppendOptionalUInt64(t.parent_id, pending.parent);
      pending.parent ? t.position.AppendInt32(pending.position) : t.position.AppendNull();
      t.starred.AppendBool(starred);
      t.name.AppendOptionalString(name);
      AppendOptionalUInt64(t.base_id, base);
      AppendOptionalUInt64(t.key_id, key);
      t.bstart.AppendInt64(Start(n));
      t.bend.AppendInt64(End(n));
    }
  }

  // --- Errors -------------------------------------------------------------------------------

  void AddParseError(TSNode node, std::string_view kind) {
    const int64_t bstart = Start(node);
    const int64_t bend = End(node);
    const std::string_view node_type = ts_node_type(node);
    auto& t = errors_;
    t.error_id.AppendUInt64(base::StableId("cst_parse_error", file_.path, bstart, bend, kind));
    t.file_id.AppendUInt64(file_.file_id);
    t.path.AppendString(file_.path);
    t.kind.AppendString(kind);
    t.node_type.AppendString(node_type);
    t.bstart.AppendInt64(bstart);
    t.bend.AppendInt64(bend);
    const bool missing = kind == "missing";
    schema::AppendDiagnostic(
        out_->diagnostics,
        {.file_id = file_.file_id,
         .path = file_.path,
         .layer = "cst",
         .code = missing ? "CST_MISSING_TOKEN" : "CST_SYNTAX_ERROR",
         .severity = "error",
         .message = missing ? fmt::format("syntax error: missing `{}`", node_type)
                            : "syntax error: tree-sitter could not parse this region",
         .bstart = bstart,
         .bend = bend});
  }

  // --- Scope rows ---------------------------------------------------------------------------

  void EmitScopes() {
    // symtable order: sort each parent's children by their keys.
    std::vector<uint32_t> order;
    order.reserve(scopes_.size());
    for (uint32_t k = 1; k < scopes_.size(); ++k) {
      if (!scopes_[k].hidden_from_symtable) order.push_back(k);
    }
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      const Scope& x = scopes_[a];
      const Scope& y = scopes_[b];
      if (x.parent != y.parent) return x.parent < y.parent;
      if (x.key != y.key) return x.key < y.key;
      return a < b;
    });
    int32_t index = 0;
    for (size_t k = 0; k < order.size(); ++k) {
      if (k == 0 || scopes_[order[k]].parent != scopes_[order[k - 1]].parent) index = 0;
      scopes_[order[k]].symtable_child_index = index++;
    }
    auto& t = scopes_cols_;
    for (const Scope& s : scopes_) {
      t.scope_id.AppendUInt64(s.id);
      t.file_id.AppendUInt64(file_.file_id);
      t.path.AppendString(file_.path);
      t.kind.AppendString(Name(s.kind));
      t.name.AppendString(s.name);
      t.bstart.AppendInt64(s.bstart);
      t.bend.AppendInt64(s.bend);
      if (s.parent < 0) {
        t.parent_scope_id.AppendNull();
      } else {
        t.parent_scope_id.AppendUInt64(scopes_[s.parent].id);
      }
      AppendOptionalUInt64(t.def_id, s.def_id);
      t.qualified_path.AppendString(s.qualified_path);
      t.lineno.AppendInt32(s.lineno);
      t.child_index.AppendInt32(s.child_index);
      if (s.hidden_from_symtable) {
        t.symtable_child_index.AppendNull();
      } else {
        t.symtable_child_index.AppendInt32(s.symtable_child_index);
      }
    }
  }

  const source::SourceFile& file_;
  std::string_view text_;
  CstTables* out_;
  const Grammar& g_;
  const Dispatch& dispatch_;

  ScopeCols scopes_cols_;
  DefCols defs_;
  ParamCols params_;
  NameRefCols refs_;
  AttributeCols attrs_;
  ImportCols imports_;
  CallCols calls_;
  DecoratorCols decorators_;
  ClassBaseCols bases_;
  AssignmentCols assigns_;
  ProtocolSiteCols protocol_;
  ExportCols exports_;
  TypeExprCols type_exprs_;
  DocstringCols docstrings_;
  ParseErrorCols errors_;
  ExprCols exprs_;
  ExprPartCols expr_parts_;
  ArgumentCols args_;
  ReturnCols returns_;
  TargetCols target_rows_;

  SpanIds ref_ids_, attr_ids_, call_ids_, def_ids_, param_ids_, assign_ids_, import_ids_,
      decorator_ids_, base_ids_, type_expr_ids_, docstring_ids_, export_ids_, expr_ids_,
      target_ids_, arg_ids_, return_ids_;

  std::vector<Frame> frames_;
  std::vector<uint64_t> key_;  // symtable-order key of the current path (see Derive)
  std::vector<Scope> scopes_;
  bool future_annotations_ = false;
  std::vector<uint32_t> misparsed_type_keywords_;

  // The import statement being walked.
  bool import_from_ = false;
  int32_t import_level_ = 0;
  std::string import_module_;
  int64_t import_stmt_bstart_ = 0;
  int64_t import_stmt_bend_ = 0;

  // Scratch space, reused across nodes.
  std::optional<base::TsTreeCursor> scratch_;
  std::vector<TSNode> tmp_children_, param_children_, base_children_, arg_children_, pattern_parts_,
      import_parts_, targets_, element_stack_, element_children_, export_children_, value_children_,
      target_children_;
  struct PendingTarget {
    TSNode node;
    std::optional<uint64_t> parent;
    int32_t position;
  };
  std::vector<PendingTarget> target_stack_;
  std::string literal_;
  std::vector<std::string_view> parts_, keyword_names_;
  std::string dotted_;
};

}  // namespace

std::vector<uint32_t> WalkFile(const source::SourceFile& file, TSNode root, CstTables* out) {
  return FileWalker(file, out).Walk(root);
}

}  // namespace codeanatomy::extract::cst
