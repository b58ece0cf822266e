// Emission rules: the raw rows of cpg_nodes, cpg_edges and cpg_props, one family per node kind,
// edge kind and prop key. The finalize gate (emit/) turns *_raw into the published tables.
#include "codeanatomy/normalize/normalize.h"
#include "codeanatomy/rules/emission.h"
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using base::ColumnType;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT
using schema::EdgeKind;
using schema::NodeKind;
using schema::PropKey;

namespace {

Expr NoPath() { return Null(ColumnType::kString); }
Expr NoOffset() { return Null(ColumnType::kInt64); }
Expr NoFile() { return Null(ColumnType::kUInt64); }

//! cst_defs.kind -> node kind name.
Expr DefNodeKind() {
  return Case({Col("kind") == Lit("class"), KindName(NodeKind::kClass),
               Col("kind") == Lit("lambda"), KindName(NodeKind::kLambda)},
              KindName(NodeKind::kFunction));
}

//! Every target of an expression or binding that is a node created by resolution (builtins and
//! external names), once: (node_kind, node_id, name).
PlanBuilder ResolvedNonRepoNodes(const PlanBuilder& b) {
  auto from = [](const PlanBuilder& p) {
    return p
        .Filter(Col("target_kind") == Lit("builtin") ||
                Col("target_kind") == Lit("external_module") ||
                Col("target_kind") == Lit("external_symbol"))
        .Project({{"target_kind", Col("target_kind")},
                  {"target_id", Col("target_id")},
                  {"name", Col("target_name")}});
  };
  auto bases = b.Scan("rel_class_bases")
                   .Project({{"target_kind", Col("base_kind")},
                             {"target_id", Col("base_id")},
                             {"target_name", Col("base_name")}});
  return from(b.Scan("rel_name_targets"))
      .UnionAll(
          {from(b.Scan("rel_attr_targets")),
           from(b.Scan("rel_binding_targets").Select({"target_kind", "target_id", "target_name"})),
           from(b.Scan("rel_import_targets").Select({"target_kind", "target_id", "target_name"})),
           from(bases),
           // Builtins and external names held by the callees of calls (the value flow's).
           from(b.Scan("rel_calls")
                    .Filter(Col("callee_kind") == Lit("builtin") ||
                            Col("callee_kind") == Lit("external"))
                    .Project({{"target_kind",
                               Case({Col("callee_kind") == Lit("external"), Lit("external_symbol")},
                                    Col("callee_kind"))},
                              {"target_id", Col("callee_id")},
                              {"target_name", Col("callee_name")}}))})
      .Distinct();
}

//! Every SCIP symbol of the index, once: (node_id, symbol, path, file_id) — path and file only for
//! a `local N` symbol, which is one node per document.
PlanBuilder ScipSymbolNodes(const PlanBuilder& b) {
  auto of = [](const PlanBuilder& p, const char* symbol) {
    auto local = Call(Func::kStartsWith, {Col(symbol), Lit("local ")});
    return p.Project({{"node_id", normalize::ScipSymbolId(Col(symbol), Col("path"))},
                      {"symbol", Col(symbol)},
                      {"path", Case({local, Col("path")}, NoPath())},
                      {"file_id", Case({local, Col("file_id")}, NoFile())}});
  };
  auto relationships = b.Scan("scip_relationships");
  return of(b.Scan("norm_scip_occurrences"), "symbol")
      .UnionAll({of(b.Scan("scip_symbols"), "symbol"), of(relationships, "symbol"),
                 of(relationships, "related_symbol")})
      .Distinct();
}

//! Node rows (NodeRows' columns) with the 1-based line and byte column of bstart and of bend,
//! in the contract's column order: the line holding an offset is the one with the greatest start
//! at or before it (the end of a file included), within the node's file (by file_id: a string
//! partition key makes the ASOF join several times slower). Nodes without a span keep NULLs.
PlanBuilder WithLineCols(const PlanBuilder& nodes, const PlanBuilder& file_lines) {
  auto lines = file_lines.Select({"file_id", "line0", "bstart", "bend"});
  const Expr one = Lit(int64_t{1});
  auto start = nodes.IntervalAlign(lines,
                                   {.mode = AlignMode::kFloorStart,
                                    .keep_unmatched = true,
                                    .left_path = "file_id",
                                    .left_end = "bstart",
                                    .right_path = "file_id"},
                                   {{"node_id", L("node_id")},
                                    {"node_kind", L("node_kind")},
                                    {"path", L("path")},
                                    {"bstart", L("bstart")},
                                    {"bend", L("bend")},
                                    {"line", R("line0") + one},
                                    {"col", L("bstart") - R("bstart") + one},
                                    {"file_id", L("file_id")}});
  return start.IntervalAlign(
      lines,
      {.mode = AlignMode::kFloorStart,
       .keep_unmatched = true,
       .left_path = "file_id",
       .left_start = "bend",
       .left_end = "bend",
       .right_path = "file_id"},
      {{"node_id", L("node_id")},
       {"node_kind", L("node_kind")},
       {"path", L("path")},
       {"bstart", L("bstart")},
       {"bend", L("bend")},
       {"line", Case({IsNotNull(R("line0")), L("line")}, Null(ColumnType::kInt64))},
       {"col", Case({IsNotNull(R("line0")), L("col")}, Null(ColumnType::kInt64))},
       {"end_line", Case({IsNotNull(L("line")), R("line0") + one}, Null(ColumnType::kInt64))},
       {"end_col",
        Case({IsNotNull(L("line")), L("bend") - R("bstart") + one}, Null(ColumnType::kInt64))},
       {"file_id", L("file_id")}});
}

}  // namespace

void RegisterEmissionRules(RuleRegistry& r) {
  r.Add({.name = "emit_nodes",
         .output = "rel_nodes",
         .doc = "Every node, one family per kind (node_positions adds where each is).",
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
           auto span_nodes = [&](const char* table, NodeKind kind, const char* id) {
             return NodeRows(b.Scan(table), {kind, Col(id), Col("path"), Col("bstart"), Col("bend"),
                                             Col("file_id")});
           };
           auto calls = span_nodes("cst_callsites", NodeKind::kCallSite, "call_id");
           auto decorators = span_nodes("cst_decorators", NodeKind::kCallSite, "decorator_id");
           auto protocol_calls = NodeRows(b.Scan("cst_protocol_sites"),
                                          {NodeKind::kCallSite, Col("site_id"), Col("path"),
                                           Col("expr_bstart"), Col("expr_bend"), Col("file_id")});
           auto params = span_nodes("cst_params", NodeKind::kParameter, "param_id");
           auto scopes = span_nodes("cst_scopes", NodeKind::kScope, "scope_id");
           auto refs = span_nodes("cst_name_refs", NodeKind::kNameRef, "ref_id");
           auto attrs = span_nodes("cst_attributes", NodeKind::kAttributeRef, "attr_id");
           auto imports = span_nodes("cst_imports", NodeKind::kImportAlias, "import_id");
           auto diags = span_nodes("diagnostics", NodeKind::kDiagnostic, "diag_id");
           // Bindings: every (scope, name) a scope binds or a reference resolves to.
           auto bound = b.Scan("rel_local_bindings")
                            .Project({{"scope_id", Col("scope_id")}, {"name", Col("name")}});
           auto referenced =
               b.Scan("rel_name_ref_bindings")
                   .Filter(IsNotNull(Col("binding_scope_id")))
                   .Project({{"scope_id", Col("binding_scope_id")}, {"name", Col("name")}});
           auto bindings = NodeRows(
               bound.UnionAll({referenced})
                   .Distinct()
                   .JoinAppend(b.Scan("cst_scopes"), JoinType::kInner, {{"scope_id", "scope_id"}},
                               {{"path", R("path")}, {"file_id", R("file_id")}}),
               {NodeKind::kBinding, BindingId(Col("scope_id"), Col("name")), Col("path"),
                NoOffset(), NoOffset(), Col("file_id")});
           auto non_repo = ResolvedNonRepoNodes(b).Project(
               {{"node_id", Col("target_id")},
                {"node_kind",
                 Case({Col("target_kind") == Lit("builtin"), KindName(NodeKind::kBuiltin),
                       Col("target_kind") == Lit("external_module"),
                       KindName(NodeKind::kExternalModule)},
                      KindName(NodeKind::kExternalSymbol))},
                {"path", NoPath()},
                {"bstart", NoOffset()},
                {"bend", NoOffset()},
                {"file_id", NoFile()}});
           auto blocks = NodeRows(b.Scan("rel_flow_blocks"),
                                  {NodeKind::kCfgBlock, Col("block_id"), Col("path"), Col("bstart"),
                                   Col("bend"), Col("file_id")});
           auto events = b.Scan("rel_flow_events").Filter(Col("instr_index") >= Lit(int64_t{0}));
           auto sites = events.Project(
               {{"node_id", Col("event_id")},
                {"node_kind", Case({Col("kind") == Lit("def"), KindName(NodeKind::kDefSite)},
                                   KindName(NodeKind::kUseSite))},
                {"path", Col("path")},
                {"bstart", Col("bstart")},
                {"bend", Col("bend")},
                {"file_id", Col("file_id")}});
           auto scip_symbols =
               NodeRows(ScipSymbolNodes(b), {NodeKind::kScipSymbol, Col("node_id"), Col("path"),
                                             NoOffset(), NoOffset(), Col("file_id")});
           return modules
               .UnionAll({defs, calls, decorators, protocol_calls, params, scopes, refs, attrs,
                          imports, diags, bindings, non_repo.Distinct(), blocks, sites,
                          scip_symbols, ValueFlowNodeRows(b)})
               .Build();
         }});

  r.Add({.name = "node_positions",
         .output = "cpg_nodes_raw",
         .doc = "Every node with the 1-based line and byte column of its start and end, computed "
                "once for every user of the graph (the callgraph output, the query views).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return WithLineCols(b.Scan("rel_nodes"), b.Scan("file_line_index")).Build();
         }});

  r.Add(
      {.name = "emit_edges",
       .output = "cpg_edges_raw",
       .doc = "Every edge, one family per kind: structure (CHILD_OF, SCOPE_PARENT, SCOPE_OF), "
              "names (REFERENCES, READS, WRITES, DEFINES), imports (IMPORTS), classes (INHERITS), "
              "calls (CALLS, CALL_CANDIDATE, INSTANTIATES) and HAS_DIAGNOSTIC.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto calls_child = EdgeRows(
             b.Scan("rel_callsite_enclosing_def"),
             SpanEdge(EdgeKind::kChildOf, Col("call_id"), Coalesce({Col("def_id"), Col("file_id")}),
                      "cst", "SPAN_CONTAINMENT"),
             "callsite_enclosing_def", 0);
         auto defs_child = EdgeRows(
             b.Scan("cst_defs"),
             SpanEdge(EdgeKind::kChildOf, Col("def_id"),
                      Coalesce({Col("parent_def_id"), Col("file_id")}), "cst", "LEXICAL_NESTING"),
             name, 0);
         auto diags = EdgeRows(b.Scan("diagnostics").Filter(IsNotNull(Col("file_id"))),
                               SpanEdge(EdgeKind::kHasDiagnostic, Col("file_id"), Col("diag_id"),
                                        "diagnostics", "FILE_OF_DIAGNOSTIC"),
                               name, 0);
         auto scopes = b.Scan("cst_scopes");
         auto scope_parent = EdgeRows(scopes.Filter(IsNotNull(Col("parent_scope_id"))),
                                      SpanEdge(EdgeKind::kScopeParent, Col("scope_id"),
                                               Col("parent_scope_id"), "cst", "LEXICAL_NESTING"),
                                      "cst_scopes", 0);
         auto scope_of = EdgeRows(
             scopes.Filter(Col("kind") != Lit("comprehension"))
                 .Extend({{"owner",
                           Case({Col("kind") == Lit("module"), Col("file_id")}, Col("def_id"))}})
                 .Filter(IsNotNull(Col("owner"))),
             SpanEdge(EdgeKind::kScopeOf, Col("owner"), Col("scope_id"), "cst", "LEXICAL_NESTING"),
             "cst_scopes", 0);
         // A parameter belongs to its function; a decorator applies to its definition.
         std::vector<PlanBuilder> owned = {
             EdgeRows(b.Scan("cst_params"),
                      SpanEdge(EdgeKind::kChildOf, Col("param_id"), Col("def_id"), "cst",
                               "LEXICAL_NESTING"),
                      name, 0),
             EdgeRows(b.Scan("cst_decorators"),
                      SpanEdge(EdgeKind::kDecorates, Col("decorator_id"), Col("def_id"), "cst",
                               "DECORATOR"),
                      name, 0)};
         // Names.
         auto refs =
             b.Scan("rel_name_ref_bindings")
                 .Extend({{"target", Coalesce({Col("binding_id"), Col("builtin_id")})}})
                 .Filter(IsNotNull(Col("target")))
                 .JoinAppend(b.Scan("cst_name_refs"), JoinType::kInner, {{"ref_id", "ref_id"}},
                             {{"bstart", R("bstart")}, {"bend", R("bend")}});
         auto references = EdgeRows(
             refs,
             SpanEdge(EdgeKind::kReferences, Col("ref_id"), Col("target"), "cst", "SCOPE_RULES"),
             "name_ref_bindings", 0);
         auto reads = EdgeRows(
             refs.Filter(Col("ctx") == Lit("load") || Col("ctx") == Lit("augstore")),
             SpanEdge(EdgeKind::kReads, Col("ref_id"), Col("target"), "cst", "SCOPE_RULES"),
             "name_ref_bindings", 0);
         auto writes = EdgeRows(
             refs.Filter((Col("ctx") == Lit("store") || Col("ctx") == Lit("augstore") ||
                          Col("ctx") == Lit("del")) &&
                         IsNotNull(Col("binding_id"))),
             SpanEdge(EdgeKind::kWrites, Col("ref_id"), Col("binding_id"), "cst", "SCOPE_RULES"),
             "name_ref_bindings", 0);
         auto def_defines =
             EdgeRows(b.Scan("cst_defs").Filter(Col("kind") != Lit("lambda")),
                      EdgeSpec{.kind = EdgeKind::kDefines,
                               .src = Col("def_id"),
                               .dst = BindingId(Col("scope_id"), Col("name")),
                               .path = Col("path"),
                               .bstart = Coalesce({Col("name_bstart"), Col("bstart")}),
                               .bend = Coalesce({Col("name_bend"), Col("bend")}),
                               .origin = "cst",
                               .resolution_method = "DEFINITION"},
                      "local_bindings", 0);
         auto param_defines =
             EdgeRows(b.Scan("cst_params"),
                      SpanEdge(EdgeKind::kDefines, Col("param_id"),
                               BindingId(Col("scope_id"), Col("name")), "cst", "PARAMETER"),
                      "local_bindings", 0);
         auto import_defines =
             EdgeRows(b.Scan("cst_imports").Filter(IsNotNull(Col("bound_name"))),
                      SpanEdge(EdgeKind::kDefines, Col("import_id"),
                               BindingId(Col("scope_id"), Col("bound_name")), "cst", "IMPORT"),
                      "local_bindings", 0);
         // Imports and classes.
         auto imports = EdgeRows(
             b.Scan("rel_import_targets")
                 .JoinAppend(b.Scan("cst_imports"), JoinType::kInner, {{"import_id", "import_id"}},
                             {{"path", R("path")}, {"bstart", R("bstart")}, {"bend", R("bend")}}),
             SpanEdge(EdgeKind::kImports, Col("import_id"), Col("target_id"), "cst",
                      "IMPORT_RESOLUTION"),
             "import_targets", 0);
         auto inherits = EdgeRows(
             b.Scan("rel_class_bases")
                 .JoinAppend(b.Scan("cst_defs"), JoinType::kInner, {{"class_id", "def_id"}},
                             {{"path", R("path")}, {"bstart", R("bstart")}, {"bend", R("bend")}}),
             SpanEdge(EdgeKind::kInherits, Col("class_id"), Col("base_id"), "cst",
                      "BASE_RESOLUTION"),
             "class_bases", 0);
         // Calls: winners, the alternatives that lost, instantiations.
         auto call_edge = [&](const char* table, EdgeKind kind, const char* rule) {
           return EdgeRows(b.Scan(table),
                           EdgeSpec{.kind = kind,
                                    .src = Col("site_node_id"),
                                    .dst = Col("callee_id"),
                                    .path = Col("path"),
                                    .bstart = Col("bstart"),
                                    .bend = Col("bend"),
                                    .origin = "cst",
                                    .resolution_method = "CALL_RESOLUTION",
                                    .resolution_method_of =
                                        Case({Col("method") == Lit("points_to"), Lit("POINTS_TO")},
                                             Lit("CALL_RESOLUTION")),
                                    .confidence = Col("score"),
                                    .score = Col("score"),
                                    .ambiguity_group_id = Col("ambiguity_group_id")},
                           rule, 0);
         };
         auto calls = call_edge("rel_calls", EdgeKind::kCalls, "calls");
         auto alternatives =
             call_edge("rel_call_alternatives", EdgeKind::kCallCandidate, "call_alternatives");
         auto instantiates = EdgeRows(b.Scan("rel_instantiations"),
                                      SpanEdge(EdgeKind::kInstantiates, Col("call_id"),
                                               Col("class_id"), "cst", "CONSTRUCTOR_CALL"),
                                      "instantiations", 0);
         // Flow: CFG edges, entries, blocks and events inside their owners, reaching definitions.
         auto cfg_kind = [](const char* kind) { return Col("kind") == Lit(kind); };
         auto no_span = [](EdgeKind kind, Expr src, Expr dst, const char* method) {
           return EdgeSpec{.kind = kind,
                           .src = std::move(src),
                           .dst = std::move(dst),
                           .path = Col("path"),
                           .bstart = Null(ColumnType::kInt64),
                           .bend = Null(ColumnType::kInt64),
                           .origin = "bytecode",
                           .resolution_method = method};
         };
         auto cfg_edges = b.Scan("bc_cfg_edges");
         std::vector<PlanBuilder> flow;
         for (auto [kind, edge] : {std::pair{"next", EdgeKind::kCfgNext},
                                   {"jump", EdgeKind::kCfgJump},
                                   {"branch_true", EdgeKind::kCfgBranchTrue},
                                   {"branch_false", EdgeKind::kCfgBranchFalse},
                                   {"exception", EdgeKind::kCfgExc}}) {
           flow.push_back(
               EdgeRows(cfg_edges.Filter(cfg_kind(kind)),
                        no_span(edge, Col("src_block_id"), Col("dst_block_id"), "BYTECODE_CFG"),
                        "flow_blocks", 0));
         }
         auto blocks = b.Scan("rel_flow_blocks");
         flow.push_back(EdgeRows(
             blocks.Filter(Col("kind") == Lit("entry")),
             no_span(EdgeKind::kCfgEntry, Col("owner_id"), Col("block_id"), "BYTECODE_CFG"),
             "flow_blocks", 0));
         flow.push_back(EdgeRows(
             blocks, no_span(EdgeKind::kChildOf, Col("block_id"), Col("owner_id"), "BYTECODE_CFG"),
             "flow_blocks", 0));
         auto events = b.Scan("rel_flow_events").Filter(Col("instr_index") >= Lit(int64_t{0}));
         flow.push_back(EdgeRows(events,
                                 SpanEdge(EdgeKind::kChildOf, Col("event_id"), Col("block_id"),
                                          "bytecode", "BYTECODE_CFG"),
                                 "flow_events", 0));
         flow.push_back(
             EdgeRows(events.Filter(IsNotNull(Col("bstart")))
                          .Join(b.Scan("cst_name_refs"), JoinType::kInner,
                                {{"path", "path"}, {"bstart", "bstart"}, {"bend", "bend"}},
                                {{"event_id", L("event_id")},
                                 {"ref_id", R("ref_id")},
                                 {"path", L("path")},
                                 {"bstart", L("bstart")},
                                 {"bend", L("bend")}}),
                      SpanEdge(EdgeKind::kAnchoredAt, Col("event_id"), Col("ref_id"), "bytecode",
                               "SPAN_EXACT"),
                      "flow_events", 0));
         flow.push_back(EdgeRows(
             b.Scan("rel_reaching_definitions")
                 .JoinAppend(b.Scan("rel_flow_events"), JoinType::kInner, {{"use_id", "event_id"}},
                             {{"path", R("path")}, {"bstart", R("bstart")}, {"bend", R("bend")}}),
             SpanEdge(EdgeKind::kReaches, Col("def_id"), Col("use_id"), "bytecode",
                      "REACHING_DEFINITIONS"),
             "reaching_definitions", 0));
         // SCIP: occurrences on graph nodes by role, relationships between symbols, and the calls
         // SCIP resolves (origin scip, beside the native CALLS winner).
         auto anchors = b.Scan("rel_scip_anchors");
         // One edge per (node, symbol, role): a node anchored twice to a symbol (an attribute's
         // name and its whole expression) keeps its narrowest span, the identifier.
         auto first = [](const PlanBuilder& p) {
           return p.WinnerSelect({Col("node_id"), Col("symbol_id")},
                                 {Asc(Col("bend") - Col("bstart")), Asc(Col("bstart"))});
         };
         std::vector<PlanBuilder> scip;
         for (auto [flag, edge] : {std::pair{"is_definition", EdgeKind::kScipDefines},
                                   {"is_read", EdgeKind::kScipReads},
                                   {"is_write", EdgeKind::kScipWrites},
                                   {"is_import", EdgeKind::kScipImports}}) {
           scip.push_back(
               EdgeRows(first(anchors.Filter(Col(flag))),
                        SpanEdge(edge, Col("node_id"), Col("symbol_id"), "scip", "SCIP_OCCURRENCE"),
                        "scip_anchors", 0));
         }
         scip.push_back(EdgeRows(first(anchors.Filter(!Col("is_definition"))),
                                 SpanEdge(EdgeKind::kScipReferences, Col("node_id"),
                                          Col("symbol_id"), "scip", "SCIP_OCCURRENCE"),
                                 "scip_anchors", 0));
         auto relationships =
             b.Scan("scip_relationships")
                 .Extend({{"src", normalize::ScipSymbolId(Col("symbol"), Col("path"))},
                          {"dst", normalize::ScipSymbolId(Col("related_symbol"), Col("path"))}});
         for (auto [flag, edge] : {std::pair{"is_reference", EdgeKind::kScipRelReference},
                                   {"is_implementation", EdgeKind::kScipRelImplementation},
                                   {"is_type_definition", EdgeKind::kScipRelTypeDefinition},
                                   {"is_definition", EdgeKind::kScipRelDefinition}}) {
           scip.push_back(EdgeRows(relationships.Filter(Col(flag)),
                                   EdgeSpec{.kind = edge,
                                            .src = Col("src"),
                                            .dst = Col("dst"),
                                            .path = NoPath(),
                                            .bstart = NoOffset(),
                                            .bend = NoOffset(),
                                            .origin = "scip",
                                            .resolution_method = "SCIP_RELATIONSHIP"},
                                   "scip_relationships", 0));
         }
         scip.push_back(EdgeRows(
             b.Scan("rel_scip_calls"),
             SpanEdge(EdgeKind::kCalls, Col("call_id"), Col("callee_id"), "scip", "SCIP_SYMBOL"),
             "scip_calls", 0));
         return calls_child
             .UnionAll({defs_child, diags, scope_parent, scope_of, references, reads, writes,
                        def_defines, param_defines, import_defines, imports, inherits, calls,
                        alternatives, instantiates, ValueFlowEdgeRows(b, b.Scan("rel_nodes"))})
             .UnionAll(flow)
             .UnionAll(scip)
             .UnionAll(owned)
             .Build();
       }});

  r.Add(
      {.name = "emit_props",
       .output = "cpg_props_raw",
       .doc = "Node and edge properties, one row per (entity, key), typed by prop_keys.def.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         const std::string node = "node";
         auto files = b.Scan("repo_files");
         auto defs = b.Scan("cst_defs")
                         .JoinAppend(b.Scan("rel_def_names"), JoinType::kInner,
                                     {{"def_id", "def_id"}}, {{"full_name", R("full_name")}});
         auto calls = b.Scan("cst_callsites");
         auto diags = b.Scan("diagnostics");
         auto params = b.Scan("cst_params");
         auto scopes = b.Scan("cst_scopes");
         auto refs = b.Scan("rel_name_ref_bindings");
         auto attrs = b.Scan("cst_attributes");
         auto imports = b.Scan("rel_import_modules");
         auto binding_names =
             b.Scan("rel_local_bindings")
                 .Project({{"scope_id", Col("scope_id")}, {"name", Col("name")}})
                 .UnionAll(
                     {refs.Filter(IsNotNull(Col("binding_scope_id")))
                          .Project({{"scope_id", Col("binding_scope_id")}, {"name", Col("name")}})})
                 .Distinct()
                 .Extend({{"binding_id", BindingId(Col("scope_id"), Col("name"))}})
                 .JoinAppend(b.Scan("cst_scopes"), JoinType::kInner, {{"scope_id", "scope_id"}},
                             {{"file_id", R("file_id")}, {"scope_path", R("qualified_path")}})
                 .JoinAppend(RootModuleNames(b), JoinType::kLeft, {{"file_id", "file_id"}},
                             {{"module_name", Coalesce({R("module_name"), Lit("")})}})
                 .Extend({{"qualified_name", Concat({Case({Col("module_name") == Lit(""), Lit("")},
                                                          Concat({Col("module_name"), Lit(".")})),
                                                     Case({Col("scope_path") == Lit(""), Lit("")},
                                                          Concat({Col("scope_path"), Lit(".")})),
                                                     Col("name")})}});
         auto non_repo = ResolvedNonRepoNodes(b);
         auto flow_sites = b.Scan("rel_flow_events").Filter(Col("instr_index") >= Lit(int64_t{0}));
         auto scip_nodes = ScipSymbolNodes(b);
         auto scip_info = b.Scan("scip_symbols");
         // The order of a class's bases and of a definition's decorators, on their edges (a base
         // named twice keeps its first place: one edge, one position).
         auto bases = b.Scan("rel_class_bases")
                          .WinnerSelect({Col("class_id"), Col("base_id")}, {Asc(Col("position"))});
         const std::string edge = "edge";
         return PropRows(files, node, Col("file_id"), PropKey::kModuleName, Col("module_name"))
             .UnionAll({
                 PropRows(defs, node, Col("def_id"), PropKey::kName, Col("name")),
                 PropRows(defs, node, Col("def_id"), PropKey::kQualifiedName, Col("full_name")),
                 PropRows(defs, node, Col("def_id"), PropKey::kIsAsync,
                          Case({Col("kind") == Lit("async_function"), Lit(true),
                                Col("kind") == Lit("function"), Lit(false)},
                               Null(ColumnType::kBool))),
                 PropRows(calls, node, Col("call_id"), PropKey::kCalleeText, Col("callee_text")),
                 PropRows(calls, node, Col("call_id"), PropKey::kCalleeShape, Col("callee_shape")),
                 PropRows(calls, node, Col("call_id"), PropKey::kCallKind, Lit("explicit")),
                 PropRows(b.Scan("cst_decorators"), node, Col("decorator_id"), PropKey::kCallKind,
                          Lit("decorator")),
                 PropRows(b.Scan("cst_decorators"), node, Col("decorator_id"), PropKey::kCalleeText,
                          Col("text")),
                 PropRows(b.Scan("cst_protocol_sites"), node, Col("site_id"), PropKey::kCallKind,
                          Col("kind")),
                 PropRows(diags, node, Col("diag_id"), PropKey::kSeverity, Col("severity")),
                 PropRows(diags, node, Col("diag_id"), PropKey::kCode, Col("code")),
                 PropRows(diags, node, Col("diag_id"), PropKey::kMessage, Col("message")),
                 PropRows(params, node, Col("param_id"), PropKey::kName, Col("name")),
                 PropRows(params, node, Col("param_id"), PropKey::kParamKind, Col("kind")),
                 PropRows(params, node, Col("param_id"), PropKey::kPosition, Col("position")),
                 PropRows(params, node, Col("param_id"), PropKey::kHasDefault,
                          IsNotNull(Col("default_bstart"))),
                 PropRows(scopes, node, Col("scope_id"), PropKey::kScopeKind, Col("kind")),
                 PropRows(scopes, node, Col("scope_id"), PropKey::kName, Col("name")),
                 PropRows(refs, node, Col("ref_id"), PropKey::kName, Col("name")),
                 PropRows(refs, node, Col("ref_id"), PropKey::kExprContext, Col("ctx")),
                 PropRows(refs, node, Col("ref_id"), PropKey::kResolution, Col("resolution")),
                 PropRows(attrs, node, Col("attr_id"), PropKey::kName, Col("attr_name")),
                 PropRows(attrs, node, Col("attr_id"), PropKey::kExprContext, Col("ctx")),
                 PropRows(imports, node, Col("import_id"), PropKey::kImportedModule,
                          Col("target_module")),
                 PropRows(imports, node, Col("import_id"), PropKey::kImportedName, Col("name")),
                 PropRows(imports, node, Col("import_id"), PropKey::kAsName, Col("asname")),
                 PropRows(imports, node, Col("import_id"), PropKey::kRelativeLevel,
                          Col("relative_level")),
                 PropRows(binding_names, node, Col("binding_id"), PropKey::kName, Col("name")),
                 PropRows(binding_names, node, Col("binding_id"), PropKey::kQualifiedName,
                          Col("qualified_name")),
                 PropRows(non_repo, node, Col("target_id"), PropKey::kName, Col("name")),
                 PropRows(b.Scan("rel_flow_blocks"), node, Col("block_id"), PropKey::kBlockKind,
                          Col("kind")),
                 PropRows(flow_sites, node, Col("event_id"), PropKey::kName, Col("var")),
                 PropRows(flow_sites, node, Col("event_id"), PropKey::kOpname, Col("opname")),
                 PropRows(scip_nodes, node, Col("node_id"), PropKey::kScipSymbol, Col("symbol")),
                 PropRows(scip_info, node, Col("symbol_info_id"), PropKey::kSymbolKind,
                          Col("kind")),
                 PropRows(scip_info, node, Col("symbol_info_id"), PropKey::kName,
                          Col("display_name")),
                 PropRows(bases, edge,
                          EdgeId(EdgeKind::kInherits, Col("class_id"), Col("base_id"), "cst"),
                          PropKey::kPosition, Col("position")),
                 PropRows(b.Scan("cst_decorators"), edge,
                          EdgeId(EdgeKind::kDecorates, Col("decorator_id"), Col("def_id"), "cst"),
                          PropKey::kPosition, Col("position")),
                 PropRows(b.Scan("rel_calls")
                              .WinnerSelect({Col("site_node_id"), Col("callee_id")},
                                            {Asc(Col("method"))}),
                          edge,
                          EdgeId(EdgeKind::kCalls, Col("site_node_id"), Col("callee_id"), "cst"),
                          PropKey::kResolution, Col("method")),
                 ValueFlowPropRows(b),
             })
             .Build();
       }});
}

}  // namespace codeanatomy::rules
