#include "codeanatomy/read/views.h"

#include <functional>
#include <map>

#include <fmt/core.h>

#include "codeanatomy/schema/kinds.h"

namespace codeanatomy::read {

using base::ColumnType;
using base::Result;
using base::Status;
using namespace plan;  // NOLINT: views read as relational algebra
using schema::EdgeKind;
using schema::NodeKind;
using schema::PropKey;

namespace {

Expr KindName(NodeKind kind) { return Lit(std::string(schema::Name(kind))); }
Expr KindName(EdgeKind kind) { return Lit(std::string(schema::Name(kind))); }
Expr Zero() { return Lit(int64_t{0}); }

//! The nodes of the given kinds (every cpg_nodes column).
PlanBuilder NodesOf(const PlanBuilder& b, std::initializer_list<NodeKind> kinds) {
  Expr match = Lit(false);
  for (NodeKind k : kinds) match = match || Col("node_kind") == KindName(k);
  return b.Scan("cpg_nodes").Filter(match);
}

//! The edges of a kind: (edge_id, src, dst, origin, score).
PlanBuilder EdgesOf(const PlanBuilder& b, EdgeKind kind) {
  return b.Scan("cpg_edges")
      .Filter(Col("edge_kind") == KindName(kind))
      .Select({"edge_id", "src", "dst", "origin", "score"});
}

//! The props of nodes or edges pivoted to one row per entity: (entity_id, one column per key,
//! named after it and typed by it; NULL when the entity has no such prop).
PlanBuilder Props(const PlanBuilder& b, const char* entity_kind, std::vector<PropKey> keys) {
  Expr wanted = Lit(false);
  std::vector<AggregateItem> columns;
  for (PropKey key : keys) {
    const schema::PropKeyInfo& info = schema::Info(key);
    const Expr is_key = Col("prop_key") == Lit(std::string(info.name));
    wanted = wanted || is_key;
    const ColumnType type = base::IsIntegerType(info.type)         ? ColumnType::kInt64
                            : info.type == ColumnType::kStringList ? ColumnType::kString
                                                                   : info.type;
    columns.push_back(
        {std::string(info.name), AggFunc::kMax,
         Case({is_key, Col(std::string(schema::ValueColumn(info.type)))}, Null(type))});
  }
  return b.Scan("cpg_props")
      .Filter(Col("entity_kind") == Lit(entity_kind) && wanted)
      .Aggregate({{"entity_id", Col("entity_id")}}, std::move(columns));
}

//! The name users know a node by: (entity_id, display) — its qualified name, else its name
//! (builtins, external names), else its module name.
PlanBuilder DisplayNames(const PlanBuilder& b) {
  return Props(b, "node", {PropKey::kQualifiedName, PropKey::kName, PropKey::kModuleName})
      .Project({{"entity_id", Col("entity_id")},
                {"display", Coalesce({Col("qualified_name"), Col("name"), Col("module_name")})}});
}

//! (entity_id, module_name) of every MODULE node (node_id = file_id).
PlanBuilder ModuleNames(const PlanBuilder& b) { return Props(b, "node", {PropKey::kModuleName}); }

//! The node that lexically contains each node, with its kind and name: (src, parent_id,
//! parent_kind, parent_name) over the CHILD_OF edges of the CST (definitions, call sites,
//! parameters).
PlanBuilder Parents(const PlanBuilder& b) {
  return EdgesOf(b, EdgeKind::kChildOf)
      .Filter(Col("origin") == Lit("cst"))
      .JoinAppend(b.Scan("cpg_nodes"), JoinType::kInner, {{"dst", "node_id"}},
                  {{"parent_kind", R("node_kind")}})
      .JoinAppend(DisplayNames(b), JoinType::kLeft, {{"dst", "entity_id"}},
                  {{"parent_name", R("display")}})
      .Project({{"src", Col("src")},
                {"parent_id", Col("dst")},
                {"parent_kind", Col("parent_kind")},
                {"parent_name", Col("parent_name")}});
}

//! How many children of the given kinds each node has: (parent_id, n).
PlanBuilder ChildCounts(const PlanBuilder& b, std::initializer_list<NodeKind> kinds) {
  return Parents(b)
      .Join(NodesOf(b, kinds), JoinType::kSemi, {{"src", "node_id"}}, {})
      .Aggregate({{"parent_id", Col("parent_id")}}, {{"n", AggFunc::kCountStar, {}}});
}

//! The decorators of each definition, top to bottom: (def_id, decorators).
PlanBuilder Decorators(const PlanBuilder& b) {
  return EdgesOf(b, EdgeKind::kDecorates)
      .JoinAppend(Props(b, "node", {PropKey::kCalleeText}), JoinType::kLeft, {{"src", "entity_id"}},
                  {{"text", R("callee_text")}})
      .JoinAppend(Props(b, "edge", {PropKey::kPosition}), JoinType::kLeft,
                  {{"edge_id", "entity_id"}}, {{"position", R("position")}})
      .Aggregate({{"def_id", Col("dst")}},
                 {{"decorators", AggFunc::kList, Col("text"), {Asc(Col("position"))}}});
}

// Each view below gives at least its declared columns (schema/tables_views.cc); BuildView keeps
// those, in the declared order.

PlanBuilder Functions(const PlanBuilder& b) {
  return NodesOf(b, {NodeKind::kFunction, NodeKind::kLambda})
      .JoinAppend(Props(b, "node", {PropKey::kName, PropKey::kQualifiedName, PropKey::kIsAsync}),
                  JoinType::kLeft, {{"node_id", "entity_id"}},
                  {{"name", R("name")},
                   {"qualified_name", R("qualified_name")},
                   {"async_prop", R("is_async")}})
      .JoinAppend(Parents(b), JoinType::kLeft, {{"node_id", "src"}},
                  {{"parent_kind", R("parent_kind")}, {"parent_name", R("parent_name")}})
      .JoinAppend(ChildCounts(b, {NodeKind::kParameter}), JoinType::kLeft,
                  {{"node_id", "parent_id"}}, {{"n_params", R("n")}})
      .JoinAppend(Decorators(b), JoinType::kLeft, {{"node_id", "def_id"}},
                  {{"decorator_list", R("decorators")}})
      .JoinAppend(ModuleNames(b), JoinType::kLeft, {{"file_id", "entity_id"}},
                  {{"module", R("module_name")}})
      .Extend(
          {{"function_id", Col("node_id")},
           {"kind", Case({Col("node_kind") == KindName(NodeKind::kLambda), Lit("lambda"),
                          Col("parent_kind") == KindName(NodeKind::kClass), Lit("method")},
                         Lit("function"))},
           {"class", Case({Col("parent_kind") == KindName(NodeKind::kClass), Col("parent_name")},
                          Null(ColumnType::kString))},
           {"parameters", Coalesce({Col("n_params"), Zero()})},
           // NULL for lambdas: there is no `async lambda`.
           {"is_async", Coalesce({Col("async_prop"), Lit(false)})},
           {"decorators", Coalesce({Col("decorator_list"), LitList({})})}});
}

PlanBuilder Classes(const PlanBuilder& b) {
  auto names = DisplayNames(b);
  auto bases =
      EdgesOf(b, EdgeKind::kInherits)
          .JoinAppend(names, JoinType::kLeft, {{"dst", "entity_id"}}, {{"base_name", R("display")}})
          .JoinAppend(Props(b, "edge", {PropKey::kPosition}), JoinType::kLeft,
                      {{"edge_id", "entity_id"}}, {{"position", R("position")}})
          .Aggregate({{"class_id", Col("src")}},
                     {{"bases", AggFunc::kList, Col("base_name"), {Asc(Col("position"))}}});
  auto mro = b.Scan("class_mro")
                 .JoinAppend(names, JoinType::kLeft, {{"ancestor_id", "entity_id"}},
                             {{"ancestor", R("display")}})
                 .Aggregate({{"class_id", Col("class_id")}},
                            {{"mro", AggFunc::kList, Col("ancestor"), {Asc(Col("position"))}}});
  return NodesOf(b, {NodeKind::kClass})
      .JoinAppend(Props(b, "node", {PropKey::kName, PropKey::kQualifiedName}), JoinType::kLeft,
                  {{"node_id", "entity_id"}},
                  {{"name", R("name")}, {"qualified_name", R("qualified_name")}})
      .JoinAppend(bases, JoinType::kLeft, {{"node_id", "class_id"}}, {{"base_list", R("bases")}})
      .JoinAppend(mro, JoinType::kLeft, {{"node_id", "class_id"}}, {{"mro_list", R("mro")}})
      .JoinAppend(ChildCounts(b, {NodeKind::kFunction}), JoinType::kLeft,
                  {{"node_id", "parent_id"}}, {{"n_methods", R("n")}})
      .JoinAppend(Decorators(b), JoinType::kLeft, {{"node_id", "def_id"}},
                  {{"decorator_list", R("decorators")}})
      .JoinAppend(ModuleNames(b), JoinType::kLeft, {{"file_id", "entity_id"}},
                  {{"module", R("module_name")}})
      .Extend({{"class_id", Col("node_id")},
               {"bases", Coalesce({Col("base_list"), LitList({})})},
               {"mro", Coalesce({Col("mro_list"), LitList({})})},
               {"methods", Coalesce({Col("n_methods"), Zero()})},
               {"decorators", Coalesce({Col("decorator_list"), LitList({})})}});
}

PlanBuilder Modules(const PlanBuilder& b) {
  auto per_file = [&](std::initializer_list<NodeKind> kinds) {
    return NodesOf(b, kinds).Aggregate({{"file_id", Col("file_id")}},
                                       {{"n", AggFunc::kCountStar, {}}});
  };
  auto is_init = [](const char* name) {
    return Col("path") == Lit(name) ||
           Call(Func::kEndsWith, {Col("path"), Lit(std::string("/") + name)});
  };
  return NodesOf(b, {NodeKind::kModule})
      .JoinAppend(ModuleNames(b), JoinType::kLeft, {{"node_id", "entity_id"}},
                  {{"name", R("module_name")}})
      .JoinAppend(per_file({NodeKind::kFunction, NodeKind::kLambda}), JoinType::kLeft,
                  {{"node_id", "file_id"}}, {{"n_functions", R("n")}})
      .JoinAppend(per_file({NodeKind::kClass}), JoinType::kLeft, {{"node_id", "file_id"}},
                  {{"n_classes", R("n")}})
      .Extend(
          {{"module_id", Col("node_id")},
           {"is_package", is_init("__init__.py") || is_init("__init__.pyi")},
           // The module's span is the whole text: a text ending with a newline ends at
           // column 1 of the (empty) line after its last.
           {"lines", Case({Col("end_col") == Lit(int64_t{1}), Col("end_line") - Lit(int64_t{1})},
                          Col("end_line"))},
           {"bytes", Col("bend")},
           {"functions", Coalesce({Col("n_functions"), Zero()})},
           {"classes", Coalesce({Col("n_classes"), Zero()})}});
}

PlanBuilder Calls(const PlanBuilder& b) {
  auto names = DisplayNames(b);
  // The native winner: one CALLS edge of origin cst per resolved site.
  auto callees =
      EdgesOf(b, EdgeKind::kCalls)
          .Filter(Col("origin") == Lit("cst"))
          .JoinAppend(b.Scan("cpg_nodes"), JoinType::kInner, {{"dst", "node_id"}},
                      {{"callee_kind", R("node_kind")}})
          .JoinAppend(names, JoinType::kLeft, {{"dst", "entity_id"}}, {{"callee", R("display")}})
          .JoinAppend(Props(b, "edge", {PropKey::kResolution}), JoinType::kLeft,
                      {{"edge_id", "entity_id"}}, {{"resolution", R("resolution")}});
  return NodesOf(b, {NodeKind::kCallSite})
      .JoinAppend(Props(b, "node", {PropKey::kCallKind, PropKey::kCalleeText}), JoinType::kLeft,
                  {{"node_id", "entity_id"}},
                  {{"call_kind", R("call_kind")}, {"callee_text", R("callee_text")}})
      .JoinAppend(Parents(b), JoinType::kLeft, {{"node_id", "src"}},
                  {{"caller_id", R("parent_id")}, {"caller", R("parent_name")}})
      .JoinAppend(callees, JoinType::kLeft, {{"node_id", "src"}},
                  {{"callee_id", R("dst")},
                   {"callee", R("callee")},
                   {"callee_kind", R("callee_kind")},
                   {"resolution", R("resolution")},
                   {"score", R("score")}})
      .Extend({{"call_id", Col("node_id")}});
}

PlanBuilder Arguments(const PlanBuilder& b) {
  // The parameters each argument is passed to, by their function's name and their own.
  auto params =
      NodesOf(b, {NodeKind::kParameter})
          .JoinAppend(Props(b, "node", {PropKey::kName}), JoinType::kLeft,
                      {{"node_id", "entity_id"}}, {{"name", R("name")}})
          .JoinAppend(Parents(b), JoinType::kLeft, {{"node_id", "src"}},
                      {{"function", R("parent_name")}})
          .Project({{"param_id", Col("node_id")},
                    {"param", Call(Func::kConcat, {Coalesce({Col("function"), Lit("?")}), Lit("."),
                                                   Coalesce({Col("name"), Lit("?")})})}});
  auto passes =
      EdgesOf(b, EdgeKind::kPasses)
          .JoinAppend(params, JoinType::kInner, {{"dst", "param_id"}}, {{"param", R("param")}})
          .Aggregate({{"argument_id", Col("src")}},
                     {{"targets", AggFunc::kList, Col("param"), {Asc(Col("param"))}}});
  auto calls = EdgesOf(b, EdgeKind::kArgumentOf)
                   .JoinAppend(Props(b, "node", {PropKey::kCalleeText}), JoinType::kLeft,
                               {{"dst", "entity_id"}}, {{"callee_text", R("callee_text")}});
  return NodesOf(b, {NodeKind::kArgument})
      .JoinAppend(Props(b, "node", {PropKey::kPosition, PropKey::kKeyword, PropKey::kStar}),
                  JoinType::kLeft, {{"node_id", "entity_id"}},
                  {{"position", R("position")}, {"keyword", R("keyword")}, {"star", R("star")}})
      .JoinAppend(calls, JoinType::kLeft, {{"node_id", "src"}},
                  {{"call_id", R("dst")}, {"callee_text", R("callee_text")}})
      .JoinAppend(passes, JoinType::kLeft, {{"node_id", "argument_id"}},
                  {{"targets", R("targets")}})
      .JoinAppend(ModuleNames(b), JoinType::kLeft, {{"file_id", "entity_id"}},
                  {{"module", R("module_name")}})
      .Extend({{"argument_id", Col("node_id")},
               {"parameters", Coalesce({Col("targets"), LitList({})})}});
}

PlanBuilder Parameters(const PlanBuilder& b) {
  return NodesOf(b, {NodeKind::kParameter})
      .JoinAppend(
          Props(b, "node",
                {PropKey::kName, PropKey::kParamKind, PropKey::kPosition, PropKey::kHasDefault}),
          JoinType::kLeft, {{"node_id", "entity_id"}},
          {{"name", R("name")},
           {"kind", R("param_kind")},
           {"position", R("position")},
           {"has_default", R("has_default")}})
      .JoinAppend(Parents(b), JoinType::kLeft, {{"node_id", "src"}},
                  {{"function_id", R("parent_id")}, {"function", R("parent_name")}})
      .Extend({{"param_id", Col("node_id")}});
}

PlanBuilder Imports(const PlanBuilder& b) {
  auto targets = EdgesOf(b, EdgeKind::kImports)
                     .JoinAppend(b.Scan("cpg_nodes"), JoinType::kInner, {{"dst", "node_id"}},
                                 {{"target_kind", R("node_kind")}})
                     .JoinAppend(DisplayNames(b), JoinType::kLeft, {{"dst", "entity_id"}},
                                 {{"target", R("display")}});
  return NodesOf(b, {NodeKind::kImportAlias})
      .JoinAppend(Props(b, "node",
                        {PropKey::kImportedModule, PropKey::kImportedName, PropKey::kAsName,
                         PropKey::kRelativeLevel}),
                  JoinType::kLeft, {{"node_id", "entity_id"}},
                  {{"imported_module", R("imported_module")},
                   {"imported_name", R("imported_name")},
                   {"asname", R("asname")},
                   {"relative_level", R("relative_level")}})
      .JoinAppend(
          targets, JoinType::kLeft, {{"node_id", "src"}},
          {{"target_id", R("dst")}, {"target", R("target")}, {"target_kind", R("target_kind")}})
      .JoinAppend(ModuleNames(b), JoinType::kLeft, {{"file_id", "entity_id"}},
                  {{"module", R("module_name")}})
      .Extend({{"import_id", Col("node_id")}});
}

PlanBuilder References(const PlanBuilder& b) {
  auto targets = EdgesOf(b, EdgeKind::kReferences)
                     .JoinAppend(DisplayNames(b), JoinType::kLeft, {{"dst", "entity_id"}},
                                 {{"target", R("display")}});
  return NodesOf(b, {NodeKind::kNameRef})
      .JoinAppend(
          Props(b, "node", {PropKey::kName, PropKey::kExprContext, PropKey::kResolution}),
          JoinType::kLeft, {{"node_id", "entity_id"}},
          {{"name", R("name")}, {"context", R("expr_context")}, {"resolution", R("resolution")}})
      .JoinAppend(targets, JoinType::kLeft, {{"node_id", "src"}},
                  {{"target_id", R("dst")}, {"target", R("target")}})
      .JoinAppend(ModuleNames(b), JoinType::kLeft, {{"file_id", "entity_id"}},
                  {{"module", R("module_name")}})
      .Extend({{"ref_id", Col("node_id")}});
}

using ViewBuilder = std::function<PlanBuilder(const PlanBuilder&)>;

//! Every declared view's plan, by name.
const std::map<std::string, ViewBuilder, std::less<>>& Builders() {
  static const auto* builders = new std::map<std::string, ViewBuilder, std::less<>>{
      {"functions", Functions}, {"classes", Classes},      {"modules", Modules},
      {"calls", Calls},         {"arguments", Arguments},  {"parameters", Parameters},
      {"imports", Imports},     {"references", References}};
  return *builders;
}

}  // namespace

Result<Plan> BuildView(const schema::TableDef& view, const Catalog& catalog) {
  CA_CHECK_MSG(view.kind == schema::TableKind::kView, "{} is not a view", view.name);
  auto it = Builders().find(view.name);
  CA_CHECK_MSG(it != Builders().end(), "the view {} has no plan in read/views.cc", view.name);
  PlanBuilder b(catalog, "view:" + std::string(view.name));
  std::vector<std::string> columns;
  for (const auto& c : view.columns) columns.emplace_back(c.name);
  CA_ASSIGN_OR_RETURN(Plan plan, it->second(b).Select(columns).Build());
  const base::Schema want = view.ToSchema();
  for (size_t i = 0; i < want.size(); ++i) {
    const base::Field& got = plan.schema().field(i);
    if (got.type != want.field(i).type) {
      return Status::Internal("view {}: column {} is {}, declared {}", view.name, got.name,
                              base::ColumnTypeName(got.type),
                              base::ColumnTypeName(want.field(i).type));
    }
  }
  return plan;
}

std::string CodeMacroSql(bool have_file_text) {
  // Without file_text (a macro over a missing table cannot even be defined): an error that says
  // how to get it, when used.
  if (!have_file_text) {
    return "CREATE OR REPLACE MACRO code(file_path, start_byte, end_byte) AS CAST(error('code() "
           "needs file_text, which this output was built without: rebuild with the default "
           "outputs or add file_text to --outputs') AS VARCHAR)";
  }
  // The subquery's columns have names no caller's table has: a macro argument is substituted as
  // written, and an argument `path` would otherwise bind to file_text's own `path` (every row).
  return "CREATE OR REPLACE MACRO code(file_path, start_byte, end_byte) AS (SELECT "
         "decode(encode(ca_t.ca_text)[start_byte + 1 : end_byte]) FROM (SELECT path AS ca_path, "
         "text AS ca_text FROM file_text) AS ca_t WHERE ca_t.ca_path = file_path)";
}

}  // namespace codeanatomy::read
