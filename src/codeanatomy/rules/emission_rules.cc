// Emission rules: the raw rows of cpg_nodes, cpg_edges and cpg_props, one family per node kind,
// edge kind and prop key. The finalize gate (emit/) turns *_raw into the published tables.
#include "codeanatomy/rules/emission.h"
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;  // NOLINT: rules read as relational algebra
using schema::EdgeKind;
using schema::NodeKind;
using schema::PropKey;

namespace {

Expr KindName(NodeKind kind) { return Lit(std::string(schema::Name(kind))); }

//! cst_defs.kind -> node kind name.
Expr DefNodeKind() {
  return Case({Col("kind") == Lit("class"), KindName(NodeKind::kClass),
               Col("kind") == Lit("lambda"), KindName(NodeKind::kLambda)},
              KindName(NodeKind::kFunction));
}

//! cst_defs with the dotted qualified name (`module.Class.method`).
PlanBuilder QualifiedDefs(const PlanBuilder& b) {
  return b.Scan("cst_defs")
      .Join(b.Scan("repo_files"), JoinType::kInner, {{"file_id", "file_id"}},
            {{"def_id", L("def_id")},
             {"kind", L("kind")},
             {"name", L("name")},
             {"qualified_name",
              Case({R("module_name") == Lit(""), L("qualified_path")},
                   Call(Func::kConcat, {R("module_name"), Lit("."), L("qualified_path")}))}});
}

}  // namespace

void RegisterEmissionRules(RuleRegistry& r) {
  r.Add({.name = "emit_nodes",
         .output = "cpg_nodes_raw",
         .doc = "Every node: modules, classes, functions, lambdas, call sites, diagnostics.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto modules = NodeRows(
               b.Scan("repo_files"),
               {NodeKind::kModule, Col("file_id"), Col("path"),
                Case({IsNotNull(Col("text_bytes")), Lit(int64_t{0})}, Null(ColumnType::kInt64)),
                Col("text_bytes"), Col("file_id")});
           auto defs = b.Scan("cst_defs")
                           .Project({{"node_id", Col("def_id")},
                                     {"node_kind", DefNodeKind()},
                                     {"path", Col("path")},
                                     {"bstart", Col("bstart")},
                                     {"bend", Col("bend")},
                                     {"file_id", Col("file_id")}});
           auto calls =
               NodeRows(b.Scan("cst_callsites"), {NodeKind::kCallSite, Col("call_id"), Col("path"),
                                                  Col("bstart"), Col("bend"), Col("file_id")});
           auto diags =
               NodeRows(b.Scan("diagnostics"), {NodeKind::kDiagnostic, Col("diag_id"), Col("path"),
                                                Col("bstart"), Col("bend"), Col("file_id")});
           return modules.UnionAll({defs, calls, diags}).Build();
         }});

  r.Add({.name = "emit_edges",
         .output = "cpg_edges_raw",
         .doc = "CHILD_OF from call sites and definitions to their innermost enclosing definition "
                "or module; HAS_DIAGNOSTIC from modules to their diagnostics.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto calls = EdgeRows(b.Scan("rel_callsite_enclosing_def"),
                                 {.kind = EdgeKind::kChildOf,
                                  .src = Col("call_id"),
                                  .dst = Coalesce({Col("def_id"), Col("file_id")}),
                                  .path = Col("path"),
                                  .bstart = Col("bstart"),
                                  .bend = Col("bend"),
                                  .origin = "cst",
                                  .resolution_method = "SPAN_CONTAINMENT"},
                                 "callsite_enclosing_def", 0);
           auto defs = EdgeRows(b.Scan("cst_defs"),
                                {.kind = EdgeKind::kChildOf,
                                 .src = Col("def_id"),
                                 .dst = Coalesce({Col("parent_def_id"), Col("file_id")}),
                                 .path = Col("path"),
                                 .bstart = Col("bstart"),
                                 .bend = Col("bend"),
                                 .origin = "cst",
                                 .resolution_method = "LEXICAL_NESTING"},
                                name, 0);
           auto diags = EdgeRows(b.Scan("diagnostics").Filter(IsNotNull(Col("file_id"))),
                                 {.kind = EdgeKind::kHasDiagnostic,
                                  .src = Col("file_id"),
                                  .dst = Col("diag_id"),
                                  .path = Col("path"),
                                  .bstart = Col("bstart"),
                                  .bend = Col("bend"),
                                  .origin = "diagnostics",
                                  .resolution_method = "FILE_OF_DIAGNOSTIC"},
                                 name, 0);
           return calls.UnionAll({defs, diags}).Build();
         }});

  r.Add(
      {.name = "emit_props",
       .output = "cpg_props_raw",
       .doc = "Node properties, one row per (node, key), typed by prop_keys.def.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto files = b.Scan("repo_files");
         auto defs = QualifiedDefs(b);
         auto calls = b.Scan("cst_callsites");
         auto diags = b.Scan("diagnostics");
         const std::string node = "node";
         return PropRows(files, node, Col("file_id"), PropKey::kModuleName, Col("module_name"))
             .UnionAll({
                 PropRows(defs, node, Col("def_id"), PropKey::kName, Col("name")),
                 PropRows(defs, node, Col("def_id"), PropKey::kQualifiedName,
                          Col("qualified_name")),
                 PropRows(defs, node, Col("def_id"), PropKey::kIsAsync,
                          Case({Col("kind") == Lit("async_function"), Lit(true),
                                Col("kind") == Lit("function"), Lit(false)},
                               Null(ColumnType::kBool))),
                 PropRows(calls, node, Col("call_id"), PropKey::kCalleeText, Col("callee_text")),
                 PropRows(calls, node, Col("call_id"), PropKey::kCalleeShape, Col("callee_shape")),
                 PropRows(diags, node, Col("diag_id"), PropKey::kSeverity, Col("severity")),
                 PropRows(diags, node, Col("diag_id"), PropKey::kCode, Col("code")),
                 PropRows(diags, node, Col("diag_id"), PropKey::kMessage, Col("message")),
             })
             .Build();
       }});
}

}  // namespace codeanatomy::rules
