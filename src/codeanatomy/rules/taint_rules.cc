// Taint flows: can data from a source (flask.request.args, input(), os.environ, ...) reach the
// argument of a sink (os.system, cursor.execute, pickle.loads, ...)? Built on the value flow
// (value_flow_rules.cc), whose relations it only reads. The models — sources, sinks (which
// argument, under which condition, for which preset) and sanitizers — are data
// (rules/taint_models/*.tsv, embedded at build time; taint_models.h).
//
// Taint moves along the value flow's edges (rel_vf_flow_static, vf_dflow) and along the steps
// taint takes and values do not: into the result of operators and f-strings, of attribute and
// subscript loads on a tainted base, of containers built from tainted parts, of calls to
// functions outside the repository given a tainted argument or receiver (unless a sanitizer).
//
// Calls and returns match. A taint fact is (node, source, descended): arguments into parameters
// set descended; a function's result flows back to every caller only when the taint was born
// inside it (descended false). At a call site, a tainted argument whose parameter reaches the
// function's result (a summary, itself a fixpoint over the local steps and inner summaries)
// taints the call's result with the argument's own mode. Heap steps (stores and loads through
// allocations) reset descended: where a stored value is read is not tied to a call.
//
// A path takes at most kMaxHeapSteps heap steps (the fact counts them).
//
// Every taint fact records the fact it came from (its predecessor, first found, ties broken by
// the smallest predecessor), so one path per finding is read back by following them.
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/rules/taint_models.h"
#include "codeanatomy/rules/value_flow.h"

namespace codeanatomy::rules {

using base::ColumnType;
using base::Value;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT

namespace {

const base::Schema kReachSchema({{"node", ColumnType::kUInt64, false},
                                 {"source", ColumnType::kUInt64, false},
                                 {"descended", ColumnType::kBool, false},
                                 {"dist", ColumnType::kInt64, false},
                                 {"pred", ColumnType::kUInt64, false},
                                 {"pred_descended", ColumnType::kBool, false},
                                 {"heaps", ColumnType::kInt64, false},
                                 {"pred_heaps", ColumnType::kInt64, false},
                                 {"step", ColumnType::kString, false}});
//! Heap steps (stores and loads through objects, a container's elements) one path may take: the
//! heap is context-insensitive, and on Django paths through more of them were almost all false
//! (CodeQL bounds field flow likewise).
constexpr int64_t kMaxHeapSteps = 2;

//! A heap load into a place reading more allocations than this is taken for the value flow's
//! conflation and not followed (taint_edges).
constexpr int64_t kMaxLoadSources = 4;

const base::Schema kSreachSchema({{"param", ColumnType::kUInt64, false},
                                  {"node", ColumnType::kUInt64, false}});
const base::Schema kSummSchema({{"def_id", ColumnType::kUInt64, false},
                                {"param", ColumnType::kUInt64, false}});

//! The model table (rel_taint_models' columns): the shipped models, then the user's.
PlanBuilder ModelRows(const PlanBuilder& b, const std::vector<TaintModel>& user_models) {
  base::Schema schema({{"mid", ColumnType::kInt64, false},
                       {"kind", ColumnType::kString, false},
                       {"name", ColumnType::kString, false},
                       {"prefix", ColumnType::kString, false},
                       {"last", ColumnType::kString, false},
                       {"arg_pos", ColumnType::kInt64, false},
                       {"arg_kw", ColumnType::kString, false},
                       {"cond_kw", ColumnType::kString, false},
                       {"cond_op", ColumnType::kString, false},
                       {"cond_value", ColumnType::kString, false},
                       {"rule", ColumnType::kString, false},
                       {"origin", ColumnType::kString, false}});
  std::vector<std::vector<Value>> rows;
  int64_t mid = 0;
  std::vector<TaintModel> models = ShippedTaintModels();
  models.insert(models.end(), user_models.begin(), user_models.end());
  for (const TaintModel& m : models) {
    // The name a value is read from: `a.b.c` from `a.b` (attribute c), `a.b()` from `a.b` (a
    // call, last "()"), `request.GET` from the parameter `request`.
    std::string prefix, last;
    if (m.name.ends_with("()")) {
      prefix = m.name.substr(0, m.name.size() - 2);
      last = "()";
    } else if (auto dot = m.name.rfind('.'); dot != std::string::npos) {
      prefix = m.name.substr(0, dot);
      last = m.name.substr(dot + 1);
    } else {
      last = m.name;
    }
    std::vector<TaintModelArg> args = m.args;
    if (args.empty()) args.push_back({.position = -1, .keyword = ""});
    for (const auto& a : args) {
      rows.push_back({Value::Int64(mid), Value::String(m.kind), Value::String(m.name),
                      Value::String(prefix), Value::String(last), Value::Int64(a.position),
                      Value::String(a.keyword), Value::String(m.cond_keyword),
                      Value::String(m.cond_op), Value::String(m.cond_value), Value::String(m.rule),
                      Value::String(m.origin)});
    }
    ++mid;
  }
  return b.Values(std::move(schema), std::move(rows));
}

//! The external, builtin and repository (function, class) names a node holds (node, name), for
//! the names of `wanted` (a `name` column).
PlanBuilder HeldNames(const PlanBuilder& b, const PlanBuilder& wanted) {
  auto names = wanted.Select({"name"}).Distinct();
  auto ext = b.Scan("vf_pts")
                 .Filter(Col("kind") == Lit("external"))
                 .Join(b.Scan("vf_ext"), JoinType::kInner, {{"alloc", "alloc"}},
                       {{"node", L("node")}, {"name", R("name")}});
  auto builtin_names =
      b.Scan("rel_name_ref_bindings")
          .Filter(Col("resolution") == Lit("builtin"))
          .Project({{"id", Col("builtin_id")}, {"name", Concat({Lit("builtins."), Col("name")})}})
          .Distinct();
  auto builtins = b.Scan("vf_pts")
                      .Filter(Col("kind") == Lit("builtin"))
                      .Join(builtin_names, JoinType::kInner, {{"alloc", "id"}},
                            {{"node", L("node")}, {"name", R("name")}});
  // A function or class of the repository, by its dotted name (`pkg.mod.f`, `pkg.mod.C`): a
  // user's model may name the repository's own sinks and sources.
  auto repo_names = b.Scan("rel_def_names")
                        .Project({{"id", Col("def_id")}, {"name", Col("full_name")}})
                        .Join(names, JoinType::kSemi, {{"name", "name"}}, {});
  auto defs = b.Scan("vf_pts")
                  .Filter(Col("kind") == Lit("function") || Col("kind") == Lit("class"))
                  .Join(repo_names, JoinType::kInner, {{"alloc", "id"}},
                        {{"node", L("node")}, {"name", R("name")}});
  return ext.UnionAll({builtins})
      .Join(names, JoinType::kSemi, {{"name", "name"}}, {})
      .UnionAll({defs})
      .Distinct();
}

//! The node IDs of the positions a path step can show: expressions, targets and parameters
//! (node, file_id, path, bstart, bend).
PlanBuilder NodeSpans(const PlanBuilder& b) {
  auto span = [](const PlanBuilder& p, const char* id) {
    return p.Project({{"node", Col(id)},
                      {"file_id", Col("file_id")},
                      {"path", Col("path")},
                      {"bstart", Col("bstart")},
                      {"bend", Col("bend")}});
  };
  auto params = b.Scan("rel_vf_params")
                    .Join(b.Scan("cst_params"), JoinType::kInner, {{"param_id", "param_id"}},
                          {{"node", L("node")},
                           {"file_id", R("file_id")},
                           {"path", R("path")},
                           {"bstart", R("bstart")},
                           {"bend", R("bend")}});
  return span(b.Scan("cst_exprs"), "expr_id")
      .UnionAll({span(b.Scan("cst_targets"), "target_id"), params})
      .WinnerSelect({Col("node")}, {Asc(Col("bstart")), Asc(Col("bend")), Asc(Col("path"))});
}

//! `rows` with line and col (1-based; col in bytes) of bstart, by file_id.
PlanBuilder LineCol(const PlanBuilder& b, const PlanBuilder& rows, std::vector<std::string> keep) {
  std::vector<NamedExpr> out;
  for (auto& k : keep) out.push_back({k, L(k)});
  out.push_back({"line", R("line0") + Lit(int64_t{1})});
  out.push_back({"col", L("bstart") - R("bstart") + Lit(int64_t{1})});
  return rows.IntervalAlign(
      b.Scan("file_line_index").Select({"file_id", "line0", "bstart", "bend"}),
      {.mode = AlignMode::kFloorStart,
       .keep_unmatched = false,
       .left_path = "file_id",
       .left_end = "bstart",
       .right_path = "file_id"},
      std::move(out));
}

Expr Str(const Expr& e) { return Call(Func::kCastString, {e}); }
//! A column the table declares NOT NULL (never NULL here: every finding has both ends placed).
Expr Required(const Expr& e, const Expr& otherwise) { return Coalesce({e, otherwise}); }

base::Result<Fixpoint> BuildTaint(const Catalog& c, const std::string& name) {
  FixpointBuilder fb(c, name);
  fb.Declare("taint_reach", kReachSchema);
  fb.Declare("taint_sreach", kSreachSchema);
  fb.Declare("taint_summ", kSummSchema);
  PlanBuilder b = fb.Builder();

  auto T = b.Scan("taint_reach");
  auto DT = b.Scan(DeltaOf("taint_reach"));
  auto S = b.Scan("taint_sreach");
  auto DS = b.Scan(DeltaOf("taint_sreach"));
  auto DU = b.Scan(DeltaOf("taint_summ"));
  auto U = b.Scan("taint_summ");
  auto edges = b.Scan("rel_taint_edges");
  auto calls = b.Scan("rel_taint_calls");

  // --- taint_reach -------------------------------------------------------------------------
  {
    fb.AddBase("taint_reach", b.Scan("rel_taint_sources")
                                  .Project({{"node", Col("node")},
                                            {"source", Col("node")},
                                            {"descended", Lit(false)},
                                            {"dist", Lit(int64_t{0})},
                                            {"pred", LitU64(0)},
                                            {"pred_descended", Lit(false)},
                                            {"heaps", Lit(int64_t{0})},
                                            {"pred_heaps", Lit(int64_t{0})},
                                            {"step", Lit("source")}})
                                  .Distinct());
    auto along =
        DT.Join(edges, JoinType::kInner, {{"node", "src"}},
                {{"node", R("dst")},
                 {"source", L("source")},
                 {"descended",
                  Case({R("kind") == Lit("call"), Lit(true), R("kind") == Lit("heap"), Lit(false)},
                       L("descended"))},
                 {"dist", L("dist") + Lit(int64_t{1})},
                 {"pred", L("node")},
                 {"pred_descended", L("descended")},
                 {"heaps",
                  L("heaps") + Case({R("kind") == Lit("heap"), Lit(int64_t{1})}, Lit(int64_t{0}))},
                 {"pred_heaps", L("heaps")},
                 {"step", R("kind")}},
                R("kind") != Lit("return") || !L("descended"))
            .Filter(Col("heaps") <= Lit(kMaxHeapSteps));
    auto summarised = [&](const PlanBuilder& facts, const PlanBuilder& summaries) {
      return facts
          .Join(calls, JoinType::kInner, {{"node", "arg"}},
                {{"node", L("node")},
                 {"source", L("source")},
                 {"descended", L("descended")},
                 {"dist", L("dist")},
                 {"heaps", L("heaps")},
                 {"site", R("site")},
                 {"def_id", R("def_id")},
                 {"param", R("param")}})
          .Join(summaries, JoinType::kSemi, {{"def_id", "def_id"}, {"param", "param"}}, {})
          .Project({{"node", Col("site")},
                    {"source", Col("source")},
                    {"descended", Col("descended")},
                    {"dist", Col("dist") + Lit(int64_t{1})},
                    {"pred", Col("node")},
                    {"pred_descended", Col("descended")},
                    {"heaps", Col("heaps")},
                    {"pred_heaps", Col("heaps")},
                    {"step", Lit("summary")}});
    };
    fb.AddDelta("taint_reach",
                along.UnionAll({summarised(DT, U), summarised(T, DU)})
                    .Join(T, JoinType::kAnti,
                          {{"node", "node"},
                           {"source", "source"},
                           {"descended", "descended"},
                           {"heaps", "heaps"}},
                          {})
                    .WinnerSelect({Col("node"), Col("source"), Col("descended"), Col("heaps")},
                                  {Asc(Col("dist")), Asc(Col("pred")), Asc(Col("pred_descended")),
                                   Asc(Col("pred_heaps")), Asc(Col("step"))}));
  }

  // --- taint_sreach: what a parameter reaches through local steps and summaries -------------
  {
    // Demand: the parameters of calls that tainted values (or summaries under way) enter.
    auto entered = [&](const PlanBuilder& facts) {
      return facts.Join(calls, JoinType::kInner, {{"node", "arg"}},
                        {{"param", R("param")}, {"node", R("param")}});
    };
    auto local = edges.Filter(Col("kind") == Lit("local"));
    auto stepped = DS.Join(local, JoinType::kInner, {{"node", "src"}},
                           {{"param", L("param")}, {"node", R("dst")}});
    auto through = [&](const PlanBuilder& reach, const PlanBuilder& summaries) {
      return reach
          .Join(calls, JoinType::kInner, {{"node", "arg"}},
                {{"param", L("param")},
                 {"site", R("site")},
                 {"def_id", R("def_id")},
                 {"callee_param", R("param")}})
          .Join(summaries, JoinType::kSemi, {{"def_id", "def_id"}, {"callee_param", "param"}}, {})
          .Project({{"param", Col("param")}, {"node", Col("site")}});
    };
    fb.AddDelta("taint_sreach", entered(DT.Select({"node"}).Distinct())
                                    .UnionAll({entered(DS.Select({"node"}).Distinct()), stepped,
                                               through(DS, U), through(S, DU)})
                                    .Distinct());
  }

  // --- taint_summ: a parameter that reaches its function's result ---------------------------
  fb.AddDelta("taint_summ", DS.Join(b.Scan("rel_taint_params"), JoinType::kInner,
                                    {{"param", "param"}, {"node", "ret"}},
                                    {{"def_id", R("def_id")}, {"param", L("param")}}));
  return fb.Build();
}

}  // namespace

void RegisterTaintRules(RuleRegistry& r, std::vector<TaintModel> user_models) {
  r.Add({.name = "taint_models",
         .output = "rel_taint_models",
         .doc = "The taint models (rules/taint_models/*.tsv, embedded in the binary), one row per "
                "model and argument: kind (source, source_param, sink, sanitizer), the dotted "
                "name, its prefix and last part, the argument a sink reads (arg_pos: a position, "
                "-1 for a keyword, -2 for all), a condition, the rule (preset) and the file:line "
                "it comes from.",
         .build = [user_models](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return ModelRows(b, user_models).Build();
         }});

  r.Add({.name = "taint_callees",
         .output = "rel_taint_callees",
         .doc = "Calls whose callee the value flow knows by a modelled name (an external dotted "
                "name or `builtins.NAME`): call_id, name.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto models = b.Scan("rel_taint_models")
                             .Filter(Col("kind") == Lit("sink") || Col("kind") == Lit("sanitizer"));
           return b.Scan("rel_vf_sites")
               .Filter(Col("site") == Col("call_id"))
               .Join(HeldNames(b, models), JoinType::kInner, {{"callee", "node"}},
                     {{"call_id", L("call_id")}, {"name", R("name")}})
               .Distinct()
               .Build();
         }});

  r.Add(
      {.name = "taint_sources",
       .output = "rel_taint_sources",
       .doc = "The expressions that read a source: an attribute `p.a` or a call `p()` whose "
              "value has a source model's name and whose base (callee) has its prefix, a name "
              "imported as the source itself, and (source_param) an attribute of a parameter "
              "with the model's name. node, name, rule.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto models = b.Scan("rel_taint_models");
         auto sources = models.Filter(Col("kind") == Lit("source"));
         auto prefixes = sources.Project({{"name", Col("prefix")}});
         auto held = HeldNames(b, sources.Select({"name"}).UnionAll({prefixes}));
         auto exprs = b.Scan("cst_exprs");
         // An attribute `p.a` holding the name, its base holding the prefix; a call `p()` whose
         // callee holds the prefix (a builtin's call holds no value of its own).
         auto attrs =
             exprs.Filter(Col("kind") == Lit("attribute"))
                 .Join(held, JoinType::kInner, {{"expr_id", "node"}},
                       {{"node", L("expr_id")}, {"base", L("base_id")}, {"name", R("name")}})
                 .Join(sources, JoinType::kInner, {{"name", "name"}},
                       {{"node", L("node")},
                        {"base", L("base")},
                        {"name", L("name")},
                        {"prefix", R("prefix")},
                        {"rule", R("rule")}});
         auto calls =
             exprs.Filter(Col("kind") == Lit("call"))
                 .Join(held, JoinType::kInner, {{"base_id", "node"}},
                       {{"node", L("expr_id")}, {"base", L("base_id")}, {"prefix", R("name")}})
                 .Join(sources.Filter(Col("last") == Lit("()")), JoinType::kInner,
                       {{"prefix", "prefix"}},
                       {{"node", L("node")},
                        {"base", L("base")},
                        {"name", R("name")},
                        {"prefix", L("prefix")},
                        {"rule", R("rule")}});
         auto read = attrs.UnionAll({calls})
                         .Join(held, JoinType::kSemi, {{"base", "node"}, {"prefix", "name"}}, {})
                         .Select({"node", "name", "rule"});
         // `from sys import argv`: each load of the imported name.
         auto imported =
             exprs.Filter(Col("kind") == Lit("name"))
                 .Join(b.Scan("rel_name_ref_bindings").Filter(IsNotNull(Col("binding_id"))),
                       JoinType::kInner, {{"expr_id", "ref_id"}},
                       {{"node", L("expr_id")}, {"binding_id", R("binding_id")}})
                 .Join(b.Scan("rel_binding_targets")
                           .Filter(Col("target_kind") == Lit("external_symbol") ||
                                   Col("target_kind") == Lit("external_module")),
                       JoinType::kInner, {{"binding_id", "binding_id"}},
                       {{"node", L("node")}, {"name", R("target_name")}})
                 .Join(sources, JoinType::kInner, {{"name", "name"}},
                       {{"node", L("node")}, {"name", L("name")}, {"rule", R("rule")}});
         // Django: `request.GET` where request is a parameter.
         auto param_refs =
             exprs.Filter(Col("kind") == Lit("name"))
                 .Join(b.Scan("rel_name_ref_bindings"), JoinType::kInner, {{"expr_id", "ref_id"}},
                       {{"ref", L("expr_id")}, {"binding_id", R("binding_id")}})
                 .Join(b.Scan("rel_vf_params"), JoinType::kInner, {{"binding_id", "node"}},
                       {{"ref", L("ref")}, {"param_name", R("name")}});
         auto of_params =
             exprs.Filter(Col("kind") == Lit("attribute"))
                 .Join(
                     param_refs, JoinType::kInner, {{"base_id", "ref"}},
                     {{"node", L("expr_id")}, {"attr", L("name")}, {"param_name", R("param_name")}})
                 .Join(models.Filter(Col("kind") == Lit("source_param")), JoinType::kInner,
                       {{"param_name", "prefix"}, {"attr", "last"}},
                       {{"node", L("node")}, {"name", R("name")}, {"rule", R("rule")}});
         return read.UnionAll({imported, of_params})
             .WinnerSelect({Col("node")}, {Asc(Col("name")), Asc(Col("rule"))})
             .Build();
       }});

  r.Add(
      {.name = "taint_sinks",
       .output = "rel_taint_sinks",
       .doc = "The arguments sinks read: call_id, node (the argument's value), rule, callee (the "
              "model's name), for calls whose callee has a sink model's name, the argument at "
              "the model's position or keyword, and the model's condition holding (`KW=VALUE`: "
              "a keyword argument whose literal or name is VALUE; `KW!~TEXT`: none containing "
              "TEXT; `!list`: the argument holds no list or tuple).",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto sinks = b.Scan("rel_taint_callees")
                          .Join(b.Scan("rel_taint_models").Filter(Col("kind") == Lit("sink")),
                                JoinType::kInner, {{"name", "name"}},
                                {{"call_id", L("call_id")},
                                 {"mid", R("mid")},
                                 {"callee", R("name")},
                                 {"arg_pos", R("arg_pos")},
                                 {"arg_kw", R("arg_kw")},
                                 {"cond_kw", R("cond_kw")},
                                 {"cond_op", R("cond_op")},
                                 {"cond_value", R("cond_value")},
                                 {"rule", R("rule")}});
         auto args = b.Scan("cst_arguments")
                         .Filter(IsNull(Col("star")))
                         .Project({{"call_id", Col("call_id")},
                                   {"pos", Coalesce({Call(Func::kCastInt64, {Col("position")}),
                                                     Lit(int64_t{-1})})},
                                   {"kw", Coalesce({Col("keyword"), Lit("")})},
                                   {"node", Col("expr_id")}});
         auto valued =
             args.JoinAppend(b.Scan("cst_exprs"), JoinType::kInner, {{"node", "expr_id"}},
                             {{"value", Coalesce({R("literal_value"), R("name"), Lit("")})}});
         auto conditioned = sinks.Filter(Col("cond_op") != Lit(""));
         auto met =
             conditioned
                 .Join(valued, JoinType::kInner, {{"call_id", "call_id"}, {"cond_kw", "kw"}},
                       {{"call_id", L("call_id")},
                        {"mid", L("mid")},
                        {"ok", Case({L("cond_op") == Lit("="), R("value") == L("cond_value")},
                                    Call(Func::kContains, {R("value"), L("cond_value")}))}})
                 .Filter(Col("ok"))
                 .Select({"call_id", "mid"})
                 .Distinct();
         auto holding = sinks.Filter(Col("cond_op") == Lit(""))
                            .UnionAll({sinks.Filter(Col("cond_op") == Lit("="))
                                           .Join(met, JoinType::kSemi,
                                                 {{"call_id", "call_id"}, {"mid", "mid"}}, {}),
                                       sinks.Filter(Col("cond_op") == Lit("!~"))
                                           .Join(met, JoinType::kAnti,
                                                 {{"call_id", "call_id"}, {"mid", "mid"}}, {})});
         auto read =
             holding.UnionAll({sinks.Filter(Col("cond_op") == Lit(std::string(kNotListCondition)))})
                 .Join(args, JoinType::kInner, {{"call_id", "call_id"}},
                       {{"call_id", L("call_id")},
                        {"node", R("node")},
                        {"rule", L("rule")},
                        {"callee", L("callee")},
                        {"cond_op", L("cond_op")}},
                       L("arg_pos") == Lit(int64_t{-2}) ||
                           (L("arg_pos") >= Lit(int64_t{0}) && R("pos") == L("arg_pos") &&
                            R("kw") == Lit("")) ||
                           (L("arg_kw") != Lit("") && R("kw") == L("arg_kw")));
         // `!list`: the argument holds no list or tuple, by its own display or by value.
         auto listy =
             b.Scan("vf_pts")
                 .Filter(Col("kind") == Lit("list") || Col("kind") == Lit("tuple"))
                 .Select({"node"})
                 .UnionAll({b.Scan("cst_exprs")
                                .Filter(Col("kind") == Lit("list") || Col("kind") == Lit("tuple") ||
                                        Col("kind") == Lit("list_comp"))
                                .Project({{"node", Col("expr_id")}})});
         const std::vector<std::string> cols = {"call_id", "node", "rule", "callee"};
         return read.Filter(Col("cond_op") != Lit(std::string(kNotListCondition)))
             .Select(cols)
             .UnionAll({read.Filter(Col("cond_op") == Lit(std::string(kNotListCondition)))
                            .Join(listy, JoinType::kAnti, {{"node", "node"}}, {})
                            .Select(cols)})
             .Distinct()
             .Build();
       }});

  r.Add({.name = "taint_params",
         .output = "rel_taint_params",
         .doc = "Every parameter node with its function and the function's result node (Ret): "
                "what summaries are made of.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return b.Scan("rel_vf_params")
               .Project(
                   {{"param", Col("node")}, {"def_id", Col("def_id")}, {"ret", Ret(Col("def_id"))}})
               .Distinct()
               .Build();
         }});

  r.Add({.name = "taint_calls",
         .output = "rel_taint_calls",
         .doc =
             "Each argument of an explicit call into the parameter it binds in each function the "
             "value flow found the call to invoke (rel_vf_passes): site, def_id, arg (the "
             "argument's value node), param (the parameter node). What summaries apply at.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return b.Scan("rel_vf_passes")
               .Join(b.Scan("cst_arguments"), JoinType::kInner, {{"arg_id", "arg_id"}},
                     {{"site", L("call_id")},
                      {"def_id", L("def_id")},
                      {"arg", R("expr_id")},
                      {"param_id", L("param_id")}})
               .Join(b.Scan("rel_vf_params"), JoinType::kInner, {{"param_id", "param_id"}},
                     {{"site", L("site")},
                      {"def_id", L("def_id")},
                      {"arg", L("arg")},
                      {"param", R("node")}})
               .Distinct()
               .Build();
         }});

  r.Add(
      {.name = "taint_edges",
       .output = "rel_taint_edges",
       .doc = "The steps taint takes (src, dst, kind). local: the static value flow and the "
              "taint-only steps (operands, f-string parts and display parts into the whole, "
              "attribute and subscript loads from their base, the arguments and receiver of a "
              "call that invokes no function of the repository into its result when it is a "
              "method call or its callee holds a builtin or external name, unless the callee is "
              "a sanitizer); call: the value flow's edges into parameters; return: "
              "out of a function's result; heap: the other edges the value flow found (stores "
              "and loads through allocations) and a container's elements into the expressions "
              "holding it.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto edge = [](const PlanBuilder& p, Expr src, Expr dst, const char* kind) {
           return p.Project(
               {{"src", std::move(src)}, {"dst", std::move(dst)}, {"kind", Lit(kind)}});
         };
         auto exprs = b.Scan("cst_exprs");
         auto statics = edge(b.Scan("rel_vf_flow_static"), Col("src"), Col("dst"), "local");
         auto params = b.Scan("rel_vf_params").Select({"node"}).Distinct();
         auto rets = b.Scan("rel_vf_defs").Project({{"ret", Ret(Col("def_id"))}});
         auto dflow = b.Scan("vf_dflow")
                          .JoinAppend(params.Project({{"param", Col("node")}}), JoinType::kLeft,
                                      {{"dst", "param"}}, {{"is_call", IsNotNull(R("param"))}})
                          .JoinAppend(rets, JoinType::kLeft, {{"src", "ret"}},
                                      {{"is_return", IsNotNull(R("ret"))}});
         auto dynamic = dflow.Project(
             {{"src", Col("src")},
              {"dst", Col("dst")},
              {"kind",
               Case({Col("is_return"), Lit("return"), Col("is_call"), Lit("call")}, Lit("heap"))}});
         // Parts into the whole.
         auto parts =
             edge(b.Scan("cst_expr_parts")
                      .Filter(Col("role") != Lit("key") && Col("role") != Lit("comp_key") &&
                              Col("role") != Lit("branch")),
                  Col("child_id"), Col("parent_id"), "local");
         auto based =
             edge(exprs.Filter((Col("kind") == Lit("attribute") ||
                                Col("kind") == Lit("subscript") || Col("kind") == Lit("slice")) &&
                               IsNotNull(Col("base_id"))),
                  Coalesce({Col("base_id"), LitU64(0)}), Col("expr_id"), "local");
         // Calls that invoke no repository function (nor a sanitizer): arguments and receiver
         // into the result.
         auto sanitized =
             b.Scan("rel_taint_callees")
                 .Join(b.Scan("rel_taint_models").Filter(Col("kind") == Lit("sanitizer")),
                       JoinType::kSemi, {{"name", "name"}}, {})
                 .Select({"call_id"});
         // Outside the repository: a method call (`s.strip()`, `cursor.fetchone()`) or a
         // callee that holds a builtin or an external name. A plain name the value flow knows
         // nothing of (a class made by a factory, a parameter) is not: on Django, treating
         // those as library calls made every finding false.
         auto foreign = b.Scan("vf_pts")
                            .Filter(Col("kind") == Lit("builtin") || Col("kind") == Lit("external"))
                            .Select({"node"})
                            .Distinct();
         auto opaque = exprs.Filter(Col("kind") == Lit("call") && IsNotNull(Col("base_id")))
                           .JoinAppend(exprs.Select({"expr_id", "kind"}), JoinType::kLeft,
                                       {{"base_id", "expr_id"}}, {{"callee_kind", R("kind")}})
                           .JoinAppend(foreign.Extend({{"held", Lit(true)}}), JoinType::kLeft,
                                       {{"base_id", "node"}}, {{"held", R("held")}})
                           .Filter(Coalesce({Col("callee_kind") == Lit("attribute"), Lit(false)}) ||
                                   Coalesce({Col("held"), Lit(false)}))
                           .Select({"expr_id", "base_id"})
                           .Join(b.Scan("vf_invokes"), JoinType::kAnti, {{"expr_id", "site"}}, {})
                           .Join(sanitized, JoinType::kAnti, {{"expr_id", "call_id"}}, {});
         auto opaque_args = edge(
             b.Scan("cst_arguments").Join(opaque, JoinType::kSemi, {{"call_id", "expr_id"}}, {}),
             Col("expr_id"), Col("call_id"), "local");
         auto receivers = edge(
             opaque
                 .Join(exprs.Filter(Col("kind") == Lit("attribute")), JoinType::kInner,
                       {{"base_id", "expr_id"}}, {{"site", L("expr_id")}, {"recv", R("base_id")}})
                 .Filter(IsNotNull(Col("recv"))),
             Coalesce({Col("recv"), LitU64(0)}), Col("site"), "local");
         // A list's, tuple's or set's elements into the variables holding it
         // (`",".join(parts)` after parts.append(x)). Not dicts (keyword arguments, options
         // objects) and not other expressions: the heap is context-insensitive, and on Django
         // these made most findings false.
         auto held = edge(b.Scan("vf_pts")
                              .Filter(Col("kind") == Lit("list") || Col("kind") == Lit("tuple") ||
                                      Col("kind") == Lit("set"))
                              .Join(exprs.Filter(Col("kind") == Lit("name")), JoinType::kSemi,
                                    {{"node", "expr_id"}}, {}),
                          Elem(Col("alloc"), Lit("#all")), Col("node"), "heap");
         // A load from the heap into a place that reads the elements or fields of more than
         // kMaxLoadSources allocations: the value flow is context-insensitive, so a helper that
         // returns its argument (`to_bytes(obj)`) makes every list given to it one value, and a
         // loop over its result reads them all; on ansible-core such loads made most findings
         // false. Loads are heap edges from a node without a position (a field, an element)
         // into an expression or target.
         auto places = exprs.Project({{"node", Col("expr_id")}})
                           .UnionAll({b.Scan("cst_targets").Project({{"node", Col("target_id")}})});
         auto heap = dynamic.Filter(Col("kind") == Lit("heap")).UnionAll({held});
         auto loads = heap.Join(places, JoinType::kAnti, {{"src", "node"}}, {})
                          .Join(places, JoinType::kSemi, {{"dst", "node"}}, {});
         auto busy = loads
                         .Aggregate({{"dst", Col("dst")}},
                                    {{"sources", AggFunc::kCountDistinct, Col("src")}})
                         .Filter(Col("sources") > Lit(kMaxLoadSources))
                         .Select({"dst"});
         auto kept_heap = heap.Join(loads.Join(busy, JoinType::kSemi, {{"dst", "dst"}}, {}),
                                    JoinType::kAnti, {{"src", "src"}, {"dst", "dst"}}, {});
         return statics
             .UnionAll({dynamic.Filter(Col("kind") != Lit("heap")), kept_heap, parts, based,
                        opaque_args, receivers})
             .Filter(Col("src") != Col("dst"))
             .Distinct()
             .Build();
       }});

  r.Add(
      {.name = "taint",
       .output = "taint_reach",
       .doc =
           "The taint fixpoint (see rules/taint_rules.cc): the nodes each source reaches "
           "(taint_reach: node, source, descended, heap steps taken, the first distance found, the "
           "fact it came "
           "from and the step), what parameters reach through local steps and summaries "
           "(taint_sreach, on demand) and the summaries (taint_summ: def_id, param).",
       .build_fixpoint = BuildTaint});

  r.Add({.name = "taint_findings",
         .output = "rel_taint_findings",
         .doc = "One finding per (rule, source, sink call): the tainted sink argument with the "
                "shortest distance (ties: the smallest node, then not descended first).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return b.Scan("taint_reach")
               .Join(b.Scan("rel_taint_sinks"), JoinType::kInner, {{"node", "node"}},
                     {{"rule", R("rule")},
                      {"source", L("source")},
                      {"call_id", R("call_id")},
                      {"callee", R("callee")},
                      {"node", L("node")},
                      {"descended", L("descended")},
                      {"heaps", L("heaps")},
                      {"dist", L("dist")}})
               .WinnerSelect({Col("rule"), Col("source"), Col("call_id")},
                             {Asc(Col("dist")), Asc(Col("node")), Asc(Col("descended")),
                              Asc(Col("heaps")), Asc(Col("callee"))})
               .Build();
         }});

  r.Add({.name = "taint_flows",
         .output = "taint_flows",
         .doc = "Taint findings with their path: see the taint_flows table.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto findings = b.Scan("rel_taint_findings");
           // Walk the predecessors back from the sink argument to the source.
           auto walk = findings
                           .Project({{"rule", Col("rule")},
                                     {"source", Col("source")},
                                     {"call_id", Col("call_id")},
                                     {"node", Col("node")},
                                     {"descended", Col("descended")},
                                     {"heaps", Col("heaps")}})
                           .Recursive("taint_walk", [&](const PlanBuilder& self) {
                             return self
                                 .Join(b.Scan("taint_reach"), JoinType::kInner,
                                       {{"node", "node"},
                                        {"source", "source"},
                                        {"descended", "descended"},
                                        {"heaps", "heaps"}},
                                       {{"rule", L("rule")},
                                        {"source", L("source")},
                                        {"call_id", L("call_id")},
                                        {"node", R("pred")},
                                        {"descended", R("pred_descended")},
                                        {"heaps", R("pred_heaps")}})
                                 .Filter(Col("node") != LitU64(0));
                           });
           auto steps = walk.Join(b.Scan("taint_reach"), JoinType::kInner,
                                  {{"node", "node"},
                                   {"source", "source"},
                                   {"descended", "descended"},
                                   {"heaps", "heaps"}},
                                  {{"rule", L("rule")},
                                   {"source", L("source")},
                                   {"call_id", L("call_id")},
                                   {"node", L("node")},
                                   {"dist", R("dist")},
                                   {"step", R("step")}})
                            .Join(NodeSpans(b), JoinType::kInner, {{"node", "node"}},
                                  {{"rule", L("rule")},
                                   {"source", L("source")},
                                   {"call_id", L("call_id")},
                                   {"dist", L("dist")},
                                   {"step", L("step")},
                                   {"file_id", R("file_id")},
                                   {"path", R("path")},
                                   {"bstart", R("bstart")},
                                   {"bend", R("bend")}});
           auto placed = LineCol(
               b, steps, {"rule", "source", "call_id", "dist", "step", "path", "bstart", "bend"});
           const Expr tab = Lit("\t");
           auto listed = placed.Aggregate(
               {{"rule", Col("rule")}, {"source", Col("source")}, {"call_id", Col("call_id")}},
               {{"steps",
                 AggFunc::kList,
                 Concat({Col("path"), tab, Str(Col("line")), tab, Str(Col("col")), tab,
                         Str(Col("bstart")), tab, Str(Col("bend")), tab, Col("step")}),
                 {Asc(Col("dist")), Asc(Col("bstart"))}}});
           auto spans = NodeSpans(b);
           auto source_at = LineCol(b,
                                    b.Scan("rel_taint_sources")
                                        .Join(spans, JoinType::kInner, {{"node", "node"}},
                                              {{"node", L("node")},
                                               {"name", L("name")},
                                               {"file_id", R("file_id")},
                                               {"path", R("path")},
                                               {"bstart", R("bstart")},
                                               {"bend", R("bend")}}),
                                    {"node", "name", "path", "bstart", "bend"});
           auto sink_at = LineCol(b,
                                  b.Scan("cst_callsites")
                                      .Project({{"call_id", Col("call_id")},
                                                {"file_id", Col("file_id")},
                                                {"path", Col("path")},
                                                {"bstart", Col("bstart")},
                                                {"bend", Col("bend")}}),
                                  {"call_id", "path", "bstart", "bend"});
           return findings
               .Join(source_at, JoinType::kInner, {{"source", "node"}},
                     {{"rule", L("rule")},
                      {"source", L("source")},
                      {"call_id", L("call_id")},
                      {"callee", L("callee")},
                      {"dist", L("dist")},
                      {"source_name", R("name")},
                      {"source_path", R("path")},
                      {"source_line", R("line")},
                      {"source_col", R("col")},
                      {"source_bstart", R("bstart")},
                      {"source_bend", R("bend")}})
               .Join(sink_at, JoinType::kInner, {{"call_id", "call_id"}},
                     {{"rule", L("rule")},
                      {"source", L("source")},
                      {"call_id", L("call_id")},
                      {"callee", L("callee")},
                      {"dist", L("dist")},
                      {"source_name", L("source_name")},
                      {"source_path", L("source_path")},
                      {"source_line", L("source_line")},
                      {"source_col", L("source_col")},
                      {"source_bstart", L("source_bstart")},
                      {"source_bend", L("source_bend")},
                      {"sink_path", R("path")},
                      {"sink_line", R("line")},
                      {"sink_col", R("col")},
                      {"sink_bstart", R("bstart")},
                      {"sink_bend", R("bend")}})
               .JoinAppend(listed, JoinType::kLeft,
                           {{"rule", "rule"}, {"source", "source"}, {"call_id", "call_id"}},
                           {{"steps", R("steps")}})
               .Project({{"flow_id", StableIdOf({Lit("taint_flow"), Col("rule"), Col("source"),
                                                 Col("call_id")})},
                         {"rule", Required(Col("rule"), Lit(""))},
                         {"source_name", Required(Col("source_name"), Lit(""))},
                         {"source_path", Required(Col("source_path"), Lit(""))},
                         {"source_line", Required(Col("source_line"), Lit(int64_t{0}))},
                         {"source_col", Required(Col("source_col"), Lit(int64_t{0}))},
                         {"source_bstart", Required(Col("source_bstart"), Lit(int64_t{0}))},
                         {"source_bend", Required(Col("source_bend"), Lit(int64_t{0}))},
                         {"sink_callee", Required(Col("callee"), Lit(""))},
                         {"sink_path", Required(Col("sink_path"), Lit(""))},
                         {"sink_line", Required(Col("sink_line"), Lit(int64_t{0}))},
                         {"sink_col", Required(Col("sink_col"), Lit(int64_t{0}))},
                         {"sink_bstart", Required(Col("sink_bstart"), Lit(int64_t{0}))},
                         {"sink_bend", Required(Col("sink_bend"), Lit(int64_t{0}))},
                         {"length", Required(Col("dist"), Lit(int64_t{0}))},
                         {"steps", Col("steps")}})
               .Build();
         }});
}

}  // namespace codeanatomy::rules
