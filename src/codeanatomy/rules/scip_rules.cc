// SCIP as extra evidence beside the native resolution. Every SCIP occurrence (byte span from
// normalize/scip_spans.cc) is anchored to the graph nodes whose identifier token has exactly its
// span: NAME_REF, PARAMETER (the node's span), FUNCTION / CLASS (the name token: scip-python puts
// the definition occurrence on the name, our definition nodes span the whole statement),
// ATTRIBUTE_REF (the attribute name, or the whole expression), IMPORT_ALIAS (the imported name, or
// the whole `x as y` alias) and MODULE (the empty range
// at the start of the file, where scip-python puts a module's definition). From the anchors:
// SCIP_* role edges (emission_rules.cc), and call sites whose callee token carries a SCIP reference
// to a symbol defined in the repository get CALLS edges of origin scip, beside the native winner.
// Nothing here changes the native rules; with no index every table is empty.
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/schema/kinds.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT
using schema::NodeKind;

namespace {

Expr KindName(NodeKind kind) { return Lit(std::string(schema::Name(kind))); }

//! The identifier token of every node an occurrence can anchor to: (node_id, node_kind, path,
//! bstart, bend).
PlanBuilder AnchorSpans(const PlanBuilder& b) {
  auto spans = [&](const PlanBuilder& p, const char* id, Expr kind, const char* start,
                   const char* end) {
    return p.Filter(IsNotNull(Col(start)) && IsNotNull(Col(end)))
        .Project({{"node_id", Col(id)},
                  {"node_kind", std::move(kind)},
                  {"path", Col("path")},
                  {"bstart", Col(start)},
                  {"bend", Col(end)}});
  };
  auto defs = b.Scan("cst_defs").Filter(Col("kind") != Lit("lambda"));
  return spans(b.Scan("cst_name_refs"), "ref_id", KindName(NodeKind::kNameRef), "bstart", "bend")
      .UnionAll({
          spans(defs, "def_id",
                Case({Col("kind") == Lit("class"), KindName(NodeKind::kClass)},
                     KindName(NodeKind::kFunction)),
                "name_bstart", "name_bend"),
          spans(b.Scan("cst_params"), "param_id", KindName(NodeKind::kParameter), "bstart", "bend"),
          spans(b.Scan("cst_attributes"), "attr_id", KindName(NodeKind::kAttributeRef),
                "attr_bstart", "attr_bend"),
          // scip-python puts a module reference on a whole dotted receiver (`os.path` of
          // `os.path.join`)...
          spans(b.Scan("cst_attributes"), "attr_id", KindName(NodeKind::kAttributeRef), "bstart",
                "bend"),
          spans(b.Scan("cst_imports").Filter(!Col("is_star")), "import_id",
                KindName(NodeKind::kImportAlias), "name_bstart", "name_bend"),
          // ... and the reference of `from m import x as y` on the whole alias `x as y`.
          spans(b.Scan("cst_imports").Filter(IsNotNull(Col("asname"))), "import_id",
                KindName(NodeKind::kImportAlias), "bstart", "bend"),
          // A module's definition occurrence is the empty range at the start of its file.
          b.Scan("repo_files")
              .Filter(IsNotNull(Col("text_bytes")))
              .Project({{"node_id", Col("file_id")},
                        {"node_kind", KindName(NodeKind::kModule)},
                        {"path", Col("path")},
                        {"bstart", Lit(int64_t{0})},
                        {"bend", Lit(int64_t{0})}}),
      });
}

}  // namespace

void RegisterScipRules(RuleRegistry& r) {
  r.Add({.name = "scip_anchors",
         .output = "rel_scip_anchors",
         .doc = "Each SCIP occurrence with a byte span and the graph node(s) whose identifier "
                "token it covers exactly: NAME_REF and PARAMETER spans, the name token of a "
                "FUNCTION / CLASS, the attribute name or the whole expression of an ATTRIBUTE_REF, "
                "the imported name or the whole `x as y` alias of an IMPORT_ALIAS, the empty range "
                "at the start of a MODULE's file. is_definition, "
                "is_import, is_write, is_read are the occurrence's role bits.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto bit = [](int mask) {
             return Call(Func::kBitAnd, {Col("symbol_roles"), Lit(mask)}) != Lit(0);
           };
           return b.Scan("norm_scip_occurrences")
               .Filter(IsNotNull(Col("bstart")))
               .Join(AnchorSpans(b), JoinType::kInner,
                     {{"path", "path"}, {"bstart", "bstart"}, {"bend", "bend"}},
                     {{"occurrence_id", L("occurrence_id")},
                      {"symbol_id", L("symbol_id")},
                      {"symbol_roles", L("symbol_roles")},
                      {"node_id", R("node_id")},
                      {"node_kind", R("node_kind")},
                      {"file_id", L("file_id")},
                      {"path", L("path")},
                      {"bstart", L("bstart")},
                      {"bend", L("bend")}})
               .Extend({{"is_definition", bit(1)},
                        {"is_import", bit(2)},
                        {"is_write", bit(4)},
                        {"is_read", bit(8)}})
               .Build();
         }});

  r.Add({.name = "scip_calls",
         .output = "rel_scip_calls",
         .doc =
             "Call sites resolved through SCIP: an explicit call whose callee token (the NAME, or "
             "the attribute name of an ATTRIBUTE callee) carries a SCIP reference occurrence to a "
             "symbol whose definition occurrence is the name of a FUNCTION (method direct) or a "
             "CLASS of the repository (method constructor: the class's __init__, own or "
             "inherited, as the native rules resolve constructors). One row per (call, callee).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto anchors = b.Scan("rel_scip_anchors");
           auto sites =
               b.Scan("cst_callsites")
                   .Extend({{"token", Coalesce({Col("callee_ref_id"), Col("callee_attr_id")})}})
                   .Filter(IsNotNull(Col("token")))
                   .Join(anchors.Filter(!Col("is_definition")), JoinType::kInner,
                         {{"token", "node_id"}},
                         {{"call_id", L("call_id")},
                          {"file_id", L("file_id")},
                          {"path", L("path")},
                          {"bstart", L("bstart")},
                          {"bend", L("bend")},
                          {"symbol_id", R("symbol_id")}})
                   .Distinct();
           auto definitions = anchors.Filter(Col("is_definition"))
                                  .Project({{"symbol_id", Col("symbol_id")},
                                            {"def_id", Col("node_id")},
                                            {"def_kind", Col("node_kind")}})
                                  .Distinct();
           auto resolved =
               sites.JoinAppend(definitions, JoinType::kInner, {{"symbol_id", "symbol_id"}},
                                {{"def_id", R("def_id")}, {"def_kind", R("def_kind")}});
           auto out = [](const PlanBuilder& p, Expr callee, const char* method) {
             return p.Project({{"call_id", Col("call_id")},
                               {"file_id", Col("file_id")},
                               {"path", Col("path")},
                               {"bstart", Col("bstart")},
                               {"bend", Col("bend")},
                               {"symbol_id", Col("symbol_id")},
                               {"callee_id", std::move(callee)},
                               {"method", Lit(method)}});
           };
           auto direct = out(resolved.Filter(Col("def_kind") == KindName(NodeKind::kFunction)),
                             Col("def_id"), "direct");
           auto constructors = out(
               resolved.Filter(Col("def_kind") == KindName(NodeKind::kClass))
                   .JoinAppend(
                       b.Scan("rel_mro_members")
                           .Filter(Col("lookup") == Lit("mro") && Col("name") == Lit("__init__") &&
                                   Col("target_kind") == Lit("def")),
                       JoinType::kInner, {{"def_id", "class_id"}}, {{"init_id", R("target_id")}}),
               Col("init_id"), "constructor");
           // One row per (call, callee): a direct reference wins over a constructor path.
           return direct.UnionAll({constructors})
               .WinnerSelect({Col("call_id"), Col("callee_id")},
                             {Asc(Col("method")), Asc(Col("symbol_id"))})
               .Build();
         }});

  r.Add({.name = "scip_definitions",
         .output = "rel_scip_definitions",
         .doc = "Every SCIP definition occurrence anchored in the graph: the symbol, the node "
                "(def_node_id) and the native BINDING the node binds, when it binds one: a "
                "FUNCTION / CLASS / PARAMETER its name in its scope, an IMPORT_ALIAS its bound "
                "name, a NAME_REF store the binding it writes (NULL for an ATTRIBUTE_REF). What "
                "SCIP's and the native name resolution are compared on.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto bound = [&](const PlanBuilder& p, const char* id, Expr binding) {
             return p.Project({{"bound_id", Col(id)}, {"binding_id", std::move(binding)}});
           };
           auto bindings =
               bound(b.Scan("cst_defs"), "def_id", BindingId(Col("scope_id"), Col("name")))
                   .UnionAll({
                       bound(b.Scan("cst_params"), "param_id",
                             BindingId(Col("scope_id"), Col("name"))),
                       bound(b.Scan("cst_imports").Filter(IsNotNull(Col("bound_name"))),
                             "import_id", BindingId(Col("scope_id"), Col("bound_name"))),
                       bound(b.Scan("rel_name_ref_bindings").Filter(IsNotNull(Col("binding_id"))),
                             "ref_id", Col("binding_id")),
                   });
           return b.Scan("rel_scip_anchors")
               .Filter(Col("is_definition"))
               .Join(bindings, JoinType::kLeft, {{"node_id", "bound_id"}},
                     {{"symbol_id", L("symbol_id")},
                      {"def_node_id", L("node_id")},
                      {"binding_id", R("binding_id")}})
               .Distinct()
               .Build();
         }});
}

}  // namespace codeanatomy::rules
