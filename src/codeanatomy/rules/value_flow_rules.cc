// The value-flow analysis: an inclusion-based (Andersen-style), field-sensitive,
// context-insensitive points-to analysis with the call graph discovered on the fly, in the style
// of Doop — declarative rules evaluated semi-naively to a fixpoint (plan/fixpoint.h). The static
// facts are value_flow_facts.cc; this file is the fixpoint and what is read out of it.
//
// Relations of the fixpoint:
//   vf_pts(node, alloc, kind, ref, aux)   node may hold allocation alloc. kind: function, class,
//       module, instance, bound, builtin, external, list, tuple, set, dict, generator. ref: the
//       definition of a function or class, the class of an instance, the function of a bound
//       method, else the allocation itself. aux: a bound method's receiver (else 0).
//   vf_dflow(src, dst)                    flow edges found through values (attribute and element
//       loads and stores through the allocations their base holds, arguments into the parameters
//       of the functions a call reaches, returns into call results, items of iterated values).
//   vf_invokes(site, def_id, shift, returns, recv)   site calls function def_id; shift is 1 when
//       the function receives recv as its first parameter (methods, constructors, implicit
//       calls); returns says whether the call's result is what the function returns.
//   vf_recv(alloc, kind, ref)             instances and classes that can receive a method call.
//   vf_ext(alloc, name)                   external allocations by dotted path (`requests.get`,
//       `requests.Session().get`).
//
// Each round propagates new values along every flow edge to closure (a recursive plan inside the
// round) and then derives the loads, stores and calls they enable. A node's values are bounded:
// past kMaxValuesPerNode it is saturated (manifest: fixpoints[].saturated_keys): it keeps the
// values it had, and from the next round on it absorbs what reaches it instead of passing it on
// (a hub such as a widely called function's parameter would otherwise carry every value that
// reaches it into everything downstream, round after round).
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/rules/value_flow.h"

namespace codeanatomy::rules {

using base::ColumnType;
using base::Result;
using namespace plan;      // NOLINT: rules read as relational algebra
using namespace internal;  // NOLINT

namespace {

constexpr int64_t kMaxValuesPerNode = 256;
//! External paths longer than this are not extended (`x = x.strip()` in a loop would grow one
//! call per round forever).
constexpr int64_t kMaxExternalPath = 64;

//! An external path with two calls in it (`sqlite3.connect().cursor()`): what it gives is named
//! no further than one attribute (`.execute`), so chains of results (`.decode().encode()…`) do
//! not multiply without end.
plan::Expr TwoCalls(const plan::Expr& path) {
  using namespace plan;  // NOLINT
  return Call(Func::kContains,
              {Call(Func::kSubstr, {path, Call(Func::kStrPos, {path, Lit("()")}) + Lit(int64_t{2}),
                                    Lit(int64_t{1000})}),
               Lit("()")});
}

const base::Schema kPtsSchema({{"node", ColumnType::kUInt64, false},
                               {"alloc", ColumnType::kUInt64, false},
                               {"kind", ColumnType::kString, false},
                               {"ref", ColumnType::kUInt64, false},
                               {"aux", ColumnType::kUInt64, false}});
const base::Schema kFlowSchema({{"src", ColumnType::kUInt64, false},
                                {"dst", ColumnType::kUInt64, false}});
const base::Schema kInvokesSchema({{"site", ColumnType::kUInt64, false},
                                   {"def_id", ColumnType::kUInt64, false},
                                   {"shift", ColumnType::kInt64, false},
                                   {"returns", ColumnType::kBool, false},
                                   {"recv", ColumnType::kUInt64, false}});
const base::Schema kRecvSchema({{"alloc", ColumnType::kUInt64, false},
                                {"kind", ColumnType::kString, false},
                                {"ref", ColumnType::kUInt64, false}});
const base::Schema kExtSchema({{"alloc", ColumnType::kUInt64, false},
                               {"name", ColumnType::kString, false}});

//! A vf_pts row.
PlanBuilder Pts(const PlanBuilder& p, Expr node, Expr alloc, Expr kind, Expr ref, Expr aux) {
  return p.Project({{"node", std::move(node)},
                    {"alloc", std::move(alloc)},
                    {"kind", std::move(kind)},
                    {"ref", std::move(ref)},
                    {"aux", std::move(aux)}});
}
//! The same value at another node.
PlanBuilder PtsAt(const PlanBuilder& p, Expr node) {
  return Pts(p, std::move(node), Col("alloc"), Col("kind"), Col("ref"), Col("aux"));
}
PlanBuilder Flow(const PlanBuilder& p, Expr src, Expr dst) {
  return p.Project({{"src", std::move(src)}, {"dst", std::move(dst)}});
}
PlanBuilder Invoke(const PlanBuilder& p, Expr site, Expr def_id, int64_t shift, bool returns,
                   Expr recv) {
  return p.Project({{"site", std::move(site)},
                    {"def_id", std::move(def_id)},
                    {"shift", Lit(shift)},
                    {"returns", Lit(returns)},
                    {"recv", std::move(recv)}});
}

Expr IsContainer(const Expr& kind) {
  return kind == Lit("list") || kind == Lit("tuple") || kind == Lit("set") || kind == Lit("dict") ||
         kind == Lit("generator");
}

//! Values `vals` (a vf_pts shape) at the callee of every site: (site, alloc, kind, ref, aux).
PlanBuilder CalleeValues(const PlanBuilder& b, const PlanBuilder& vals) {
  return vals.Join(b.Scan("rel_vf_sites"), JoinType::kInner, {{"node", "callee"}},
                   {{"site", R("site")},
                    {"alloc", L("alloc")},
                    {"kind", L("kind")},
                    {"ref", L("ref")},
                    {"aux", L("aux")}});
}

//! The value a class member `v_*` has when read through receiver `recv` (an instance, or the
//! class itself): functions found through an instance are bound to it (unless staticmethods);
//! classmethods are bound to the class; properties read through an instance are calls (see
//! vf_invokes), not values. `p` has e, recv_alloc, recv_kind, class_id and v_* columns.
PlanBuilder MemberValue(const PlanBuilder& b, const PlanBuilder& p) {
  auto flagged = p.JoinAppend(b.Scan("rel_vf_defs"), JoinType::kLeft, {{"v_ref", "def_id"}},
                              {{"is_static", Coalesce({R("is_static"), Lit(false)})},
                               {"is_classmethod", Coalesce({R("is_classmethod"), Lit(false)})},
                               {"is_property", Coalesce({R("is_property"), Lit(false)})}});
  auto function = Col("v_kind") == Lit("function");
  auto through_instance = Col("recv_kind") == Lit("instance");
  auto plain_method =
      function && !Col("is_static") && !Col("is_classmethod") && !Col("is_property");
  auto bound = Pts(flagged.Filter(plain_method && through_instance), Col("e"),
                   BoundAlloc(Col("recv_alloc"), Col("v_ref")), Lit("bound"), Col("v_ref"),
                   Col("recv_alloc"));
  auto class_bound =
      Pts(flagged.Filter(function && Col("is_classmethod")), Col("e"),
          BoundAlloc(Col("class_id"), Col("v_ref")), Lit("bound"), Col("v_ref"), Col("class_id"));
  auto plain = Pts(
      flagged.Filter(!(function && Col("is_classmethod")) && !(plain_method && through_instance) &&
                     !(function && Col("is_property") && through_instance)),
      Col("e"), Col("v_alloc"), Col("v_kind"), Col("v_ref"), Col("v_aux"));
  return bound.UnionAll({class_bound, plain});
}

//! `reads` (e, name, recv_alloc, recv_kind, class_id: an attribute read on a receiver of class
//! class_id) joined with where `lookup` (mro or super) finds the name and the values it holds
//! there (`members`, vf_pts shape).
PlanBuilder LookedUp(const PlanBuilder& b, const PlanBuilder& reads, const char* lookup,
                     const PlanBuilder& members) {
  auto found = reads.Join(b.Scan("rel_vf_class_members").Filter(Col("lookup") == Lit(lookup)),
                          JoinType::kInner, {{"class_id", "class_id"}, {"name", "name"}},
                          {{"e", L("e")},
                           {"recv_alloc", L("recv_alloc")},
                           {"recv_kind", L("recv_kind")},
                           {"class_id", L("class_id")},
                           {"member", R("node")}});
  return MemberValue(b, found.Join(members, JoinType::kInner, {{"member", "node"}},
                                   {{"e", L("e")},
                                    {"recv_alloc", L("recv_alloc")},
                                    {"recv_kind", L("recv_kind")},
                                    {"class_id", L("class_id")},
                                    {"v_alloc", R("alloc")},
                                    {"v_kind", R("kind")},
                                    {"v_ref", R("ref")},
                                    {"v_aux", R("aux")}}));
}

//! Attribute reads on instances and classes: `receivers` (vf_pts shape: the base's values) x
//! `members` along the MRO.
PlanBuilder MemberReads(const PlanBuilder& b, const PlanBuilder& receivers,
                        const PlanBuilder& members) {
  auto reads = receivers.Filter(Col("kind") == Lit("instance") || Col("kind") == Lit("class"))
                   .Join(b.Scan("rel_vf_attr_loads"), JoinType::kInner, {{"node", "base"}},
                         {{"e", R("e")},
                          {"name", R("name")},
                          {"recv_alloc", L("alloc")},
                          {"recv_kind", L("kind")},
                          {"class_id", L("ref")}});
  return LookedUp(b, reads, "mro", members);
}

//! `super().name` reads: `selves` (vf_pts shape: the method receiver's values) x `members`.
PlanBuilder SuperReads(const PlanBuilder& b, const PlanBuilder& selves,
                       const PlanBuilder& members) {
  auto reads = selves.Join(b.Scan("rel_vf_super_loads"), JoinType::kInner, {{"node", "self_node"}},
                           {{"e", R("e")},
                            {"name", R("name")},
                            {"recv_alloc", L("alloc")},
                            {"recv_kind", L("kind")},
                            {"class_id", R("class_id")}});
  return LookedUp(b, reads, "super", members);
}

//! Flow edges from new invocations: arguments into parameters (positional, keyword, `*`, `**`,
//! and the overflow into `*args` / `**kwargs`), the function's result into the call's.
PlanBuilder InvocationFlows(const PlanBuilder& b, const PlanBuilder& invokes) {
  auto params = b.Scan("rel_vf_params");
  auto shape =
      params.Aggregate({{"def_id", Col("def_id")}},
                       {{"n_positional", AggFunc::kMax, Col("pos")},
                        {"has_varargs", AggFunc::kBoolOr, Col("kind") == Lit("var_positional")},
                        {"has_varkw", AggFunc::kBoolOr, Col("kind") == Lit("var_keyword")}});
  auto args = invokes
                  .Join(b.Scan("rel_vf_site_args"), JoinType::kInner, {{"site", "site"}},
                        {{"def_id", L("def_id")},
                         {"shift", L("shift")},
                         {"pos", R("pos")},
                         {"keyword", R("keyword")},
                         {"star", R("star")},
                         {"after_star", R("after_star")},
                         {"node", R("node")}})
                  .Extend({{"slot", Col("pos") + Col("shift")}})
                  .JoinAppend(shape, JoinType::kInner, {{"def_id", "def_id"}},
                              {{"n_positional", R("n_positional") + Lit(int64_t{1})},
                               {"has_varargs", R("has_varargs")},
                               {"has_varkw", R("has_varkw")}});
  auto positional = args.Filter(Col("star") == Lit("") && Col("keyword") == Lit("") &&
                                !Col("after_star") && Col("pos") >= Lit(int64_t{0}));
  auto into_param =
      Flow(positional.Join(params, JoinType::kInner, {{"def_id", "def_id"}, {"slot", "pos"}},
                           {{"node", L("node")}, {"param", R("node")}}),
           Col("node"), Col("param"));
  auto overflow = positional.Filter(Col("slot") >= Col("n_positional") && Col("has_varargs"));
  auto into_varargs =
      Flow(overflow, Col("node"), Elem(ArgsAlloc(Col("def_id")), Lit("*")))
          .UnionAll({Flow(overflow, Col("node"), Elem(ArgsAlloc(Col("def_id")), Lit("#all")))});
  auto keyword_params =
      params.Filter(Col("kind") == Lit("regular") || Col("kind") == Lit("keyword_only"));
  auto keywords = args.Filter(Col("keyword") != Lit(""));
  auto into_named = Flow(
      keywords.Join(keyword_params, JoinType::kInner, {{"def_id", "def_id"}, {"keyword", "name"}},
                    {{"node", L("node")}, {"param", R("node")}}),
      Col("node"), Col("param"));
  auto unmatched =
      keywords.Filter(Col("has_varkw"))
          .Join(keyword_params, JoinType::kAnti, {{"def_id", "def_id"}, {"keyword", "name"}}, {});
  auto into_varkw =
      Flow(unmatched, Col("node"), Elem(KwargsAlloc(Col("def_id")), Col("keyword")))
          .UnionAll({Flow(unmatched, Col("node"), Elem(KwargsAlloc(Col("def_id")), Lit("#all")))});
  auto star = args.Filter(Col("star") == Lit("*"));
  auto star_params =
      Flow(star.Join(params.Filter(Col("pos") >= Lit(int64_t{0})), JoinType::kInner,
                     {{"def_id", "def_id"}}, {{"node", L("node")}, {"param", R("node")}},
                     R("pos") >= L("slot")),
           IterOf(Col("node")), Col("param"));
  auto star_varargs = Flow(star.Filter(Col("has_varargs")), IterOf(Col("node")),
                           Elem(ArgsAlloc(Col("def_id")), Lit("#all")));
  auto double_star = args.Filter(Col("star") == Lit("**"));
  auto dstar_params =
      Flow(double_star.Join(keyword_params, JoinType::kInner, {{"def_id", "def_id"}},
                            {{"node", L("node")}, {"param", R("node")}}),
           ValuesOf(Col("node")), Col("param"));
  auto dstar_varkw = Flow(double_star.Filter(Col("has_varkw")), ValuesOf(Col("node")),
                          Elem(KwargsAlloc(Col("def_id")), Lit("#all")));
  auto returned = Flow(invokes.Filter(Col("returns")), Ret(Col("def_id")), Col("site"));
  return into_param.UnionAll({into_varargs, into_named, into_varkw, star_params, star_varargs,
                              dstar_params, dstar_varkw, returned});
}

Result<Fixpoint> BuildValueFlow(const Catalog& c, const std::string& name) {
  FixpointBuilder fb(c, name);
  // Declaration order is evaluation order within a round: each relation reads what the ones
  // before it added in the same round, so a value crosses one more load or call per round.
  fb.Declare("vf_invokes", kInvokesSchema);
  fb.Declare("vf_recv", kRecvSchema);
  fb.Declare("vf_ext", kExtSchema);
  fb.Declare("vf_dflow", kFlowSchema);
  fb.Declare("vf_pts", kPtsSchema);
  fb.Bound("vf_pts", {"node"}, kMaxValuesPerNode);
  PlanBuilder b = fb.Builder();

  auto P = b.Scan("vf_pts");
  auto DP = b.Scan(DeltaOf("vf_pts"));
  auto DD = b.Scan(DeltaOf("vf_dflow"));
  auto DI = b.Scan(DeltaOf("vf_invokes"));
  auto flows = b.Scan("rel_vf_flow_static").UnionAll({b.Scan("vf_dflow")});
  auto methods = b.Scan("rel_vf_class_methods");
  auto method = [&](const char* m) { return methods.Filter(Col("name") == Lit(m)); };
  auto unpacks = b.Scan("rel_vf_unpacks");
  auto attr_loads = b.Scan("rel_vf_attr_loads");
  auto callees = CalleeValues(b, DP);

  //! Propagates `seeds` (values vf_pts does not hold yet) along every flow edge (static and found
  //! so far) to closure. A saturated node passes nothing on: it gains no values (the bound), so
  //! what reaches it stops there. The closure does not stop at the nodes that already hold a
  //! value (the fixpoint drops those rows after it): it need not, because a value a node holds
  //! has already been passed along each of its edges to a node that holds it too or is saturated
  //! (when it was added, and through over_new_edges for the edges found later); and checking
  //! vf_pts at every step of the recursion cost a scan of all of it per step.
  auto closure = [&](const PlanBuilder& seeds, const PlanBuilder& edges) {
    auto saturated = b.Scan(SaturatedOf("vf_pts"));
    return seeds.Distinct().Recursive("vf_reach", [&](const PlanBuilder& self) {
      return self.Join(saturated, JoinType::kAnti, {{"node", "node"}}, {})
          .Join(edges, JoinType::kInner, {{"node", "src"}},
                {{"node", R("dst")},
                 {"alloc", L("alloc")},
                 {"kind", L("kind")},
                 {"ref", L("ref")},
                 {"aux", L("aux")}});
    });
  };

  // --- vf_pts ------------------------------------------------------------------------------
  // Round 0: the seeds, closed over the static edges.
  {
    auto seeds = b.Scan("rel_vf_seeds");
    auto statics = b.Scan("rel_vf_flow_static");
    fb.AddBase("vf_pts", seeds.Recursive("vf_seed_reach", [&](const PlanBuilder& self) {
      return self.Join(statics, JoinType::kInner, {{"node", "src"}},
                       {{"node", R("dst")},
                        {"alloc", L("alloc")},
                        {"kind", L("kind")},
                        {"ref", L("ref")},
                        {"aux", L("aux")}});
    }));
  }
  {
    // Values that reach new edges.
    auto over_new_edges = P.Join(DD, JoinType::kInner, {{"node", "src"}},
                                 {{"node", R("dst")},
                                  {"alloc", L("alloc")},
                                  {"kind", L("kind")},
                                  {"ref", L("ref")},
                                  {"aux", L("aux")}});
    // A class called: an instance per site and class.
    auto instances =
        Pts(callees.Filter(Col("kind") == Lit("class")), Col("site"),
            InstanceAlloc(Col("site"), Col("ref")), Lit("instance"), Col("ref"), LitU64(0));
    // A method invoked with a receiver: the receiver into its first parameter.
    auto receivers = Pts(
        DI.Filter(Col("recv") != LitU64(0))
            .Join(b.Scan("vf_recv"), JoinType::kInner, {{"recv", "alloc"}},
                  {{"def_id", L("def_id")},
                   {"recv", L("recv")},
                   {"kind", R("kind")},
                   {"ref", R("ref")}})
            .Join(
                b.Scan("rel_vf_params").Filter(Col("pos") == Lit(int64_t{0})), JoinType::kInner,
                {{"def_id", "def_id"}},
                {{"node", R("node")}, {"recv", L("recv")}, {"kind", L("kind")}, {"ref", L("ref")}}),
        Col("node"), Col("recv"), Col("kind"), Col("ref"), LitU64(0));
    // Attribute reads on instances and classes, and on super().
    auto members = MemberReads(b, DP, P).UnionAll({MemberReads(b, P, DP)});
    auto supers = SuperReads(b, DP, P).UnionAll({SuperReads(b, P, DP)});
    // External names: attributes of external values, and what calling one gives.
    auto ext = b.Scan("vf_ext");
    auto ext_attrs =
        DP.Filter(Col("kind") == Lit("external"))
            .Join(attr_loads, JoinType::kInner, {{"node", "base"}},
                  {{"e", R("e")}, {"alloc", L("alloc")}, {"attr", R("name")}})
            .Join(ext, JoinType::kInner, {{"alloc", "alloc"}},
                  {{"e", L("e")},
                   {"path", Concat({R("name"), Lit("."), L("attr")})},
                   // A name already on the path (`a.cert.cert`): a loop of stores,
                   // not a name anyone imports; it would grow without end.
                   {"again", Call(Func::kContains, {Concat({R("name"), Lit(".")}),
                                                    Concat({Lit("."), L("attr"), Lit(".")})}) ||
                                 Call(Func::kContains,
                                      {R("name"), Concat({Lit("."), L("attr"), Lit("()")})})},
                   {"name", R("name")}})
            .Filter(!Col("again") &&
                    (!TwoCalls(Col("name")) || Call(Func::kEndsWith, {Col("name"), Lit("()")})) &&
                    Call(Func::kLength, {Col("path")}) < Lit(kMaxExternalPath))
            .Select({"e", "path"});
    auto ext_calls =
        callees.Filter(Col("kind") == Lit("external"))
            .Join(ext, JoinType::kInner, {{"alloc", "alloc"}},
                  {{"e", L("site")}, {"path", Concat({R("name"), Lit("()")})}, {"name", R("name")}})
            .Filter(!TwoCalls(Col("name")) &&
                    Call(Func::kLength, {Col("path")}) < Lit(kMaxExternalPath))
            .Select({"e", "path"});
    auto externals = Pts(ext_attrs.UnionAll({ext_calls}), Col("e"), ExternalSymbolId(Col("path")),
                         Lit("external"), ExternalSymbolId(Col("path")), LitU64(0));
    // `except C as e`: an instance of C.
    auto excepted = Pts(DP.Filter(Col("kind") == Lit("class"))
                            .Join(unpacks.Filter(Col("kind") == Lit("except")), JoinType::kInner,
                                  {{"node", "source"}}, {{"target", R("node")}, {"ref", L("ref")}}),
                        Col("target"), ExceptionAlloc(Col("target"), Col("ref")), Lit("instance"),
                        Col("ref"), LitU64(0));
    // `raise C(...)` anywhere into each `except K as e` whose K is C or one of C's bases in the
    // repository (exceptions are context-insensitive: any raise reaches any matching handler).
    auto raise_nodes = b.Scan("cst_returns")
                           .Filter(Col("kind") == Lit("raise") && IsNotNull(Col("expr_id")))
                           .Project({{"node", Coalesce({Col("expr_id"), LitU64(0)})}})
                           .Distinct();
    auto handlers = [&](const PlanBuilder& vals) {
      return vals.Filter(Col("kind") == Lit("class"))
          .Join(unpacks.Filter(Col("kind") == Lit("except")), JoinType::kInner,
                {{"node", "source"}}, {{"target", R("node")}, {"handled", L("ref")}});
    };
    auto thrown = [&](const PlanBuilder& vals) {
      return vals.Filter(Col("kind") == Lit("instance"))
          .Join(raise_nodes, JoinType::kSemi, {{"node", "node"}}, {})
          .Join(b.Scan("rel_class_mro"), JoinType::kInner, {{"ref", "class_id"}},
                {{"alloc", L("alloc")},
                 {"kind", L("kind")},
                 {"ref", L("ref")},
                 {"aux", L("aux")},
                 {"handled", R("ancestor_id")}});
    };
    auto catch_into = [&](const PlanBuilder& raised, const PlanBuilder& handled) {
      return PtsAt(raised.Join(handled, JoinType::kInner, {{"handled", "handled"}},
                               {{"target", R("target")},
                                {"alloc", L("alloc")},
                                {"kind", L("kind")},
                                {"ref", L("ref")},
                                {"aux", L("aux")}}),
                   Col("target"));
    };
    auto caught_raises =
        catch_into(thrown(DP), handlers(P)).UnionAll({catch_into(thrown(P), handlers(DP))});
    // `with v as t`: v itself when its class (if any) has no __enter__ of the repository.
    auto entered = PtsAt(
        DP.Join(unpacks.Filter(Col("kind") == Lit("with")), JoinType::kInner, {{"node", "source"}},
                {{"target", R("node")},
                 {"alloc", L("alloc")},
                 {"kind", L("kind")},
                 {"ref", L("ref")},
                 {"aux", L("aux")}})
            .JoinAppend(method("__enter__"), JoinType::kLeft, {{"ref", "class_id"}},
                        {{"enter", R("def_id")}})
            // A generator (@contextlib.contextmanager) gives what it yields (vf_dflow).
            .Filter((Col("kind") != Lit("instance") || IsNull(Col("enter"))) &&
                    Col("kind") != Lit("generator")),
        Col("target"));
    for (const auto& seed : {over_new_edges, instances, receivers, members, supers, externals,
                             excepted, caught_raises, entered}) {
      fb.AddDelta("vf_pts", seed);
    }
    // What a round adds travels along every flow edge to closure.
    fb.SetPost("vf_pts", closure(b.Scan(NewOf("vf_pts")), flows));
  }

  // A functools.partial called (value_flow_models.cc): the function it holds, reached through
  // the callee's new values or the partial's function's new values; its bound arguments come
  // first.
  auto partials =
      b.Scan("rel_vf_model_flows")
          .Filter(Col("kind") == Lit("partial"))
          .Project({{"partial_site", Col("dst")}, {"fn", Col("src")}, {"n_bound", Col("n_bound")}});
  auto partial_calls = [&](const PlanBuilder& callee_vals, const PlanBuilder& fn_vals) {
    return callee_vals.Filter(Col("kind") == Lit("partial"))
        .Join(partials, JoinType::kInner, {{"ref", "partial_site"}},
              {{"site", L("site")},
               {"fn", R("fn")},
               {"n_bound", R("n_bound")},
               {"partial_site", R("partial_site")}})
        .Join(fn_vals.Filter(Col("kind") == Lit("function") || Col("kind") == Lit("bound")),
              JoinType::kInner, {{"fn", "node"}},
              {{"site", L("site")},
               {"n_bound", L("n_bound")},
               {"partial_site", L("partial_site")},
               {"kind", R("kind")},
               {"def_id", R("ref")},
               {"recv", R("aux")}});
  };
  auto partial_targets =
      partial_calls(callees, P).UnionAll({partial_calls(CalleeValues(b, P), DP)});

  // --- vf_dflow ----------------------------------------------------------------------------
  {
    auto reads = DP.Filter(Col("kind") != Lit("builtin"))
                     .Join(attr_loads, JoinType::kInner, {{"node", "base"}},
                           {{"e", R("e")},
                            {"name", R("name")},
                            {"alloc", L("alloc")},
                            {"kind", L("kind")},
                            {"ref", L("ref")}});
    auto fields = Flow(reads, Field(Col("alloc"), Col("name")), Col("e"))
                      .UnionAll({Flow(reads.Filter(Col("kind") == Lit("instance")),
                                      Field(Col("ref"), Col("name")), Col("e"))});
    auto stores = DP.Join(
        b.Scan("rel_vf_stores"), JoinType::kInner, {{"node", "base"}},
        {{"node", R("node")}, {"store", R("kind")}, {"name", R("name")}, {"alloc", L("alloc")}});
    auto attr_stores = Flow(stores.Filter(Col("store") == Lit("attribute")), Col("node"),
                            Field(Col("alloc"), Col("name")));
    auto item_stores = stores.Filter(Col("store") == Lit("subscript"));
    auto elem_stores =
        Flow(item_stores, Col("node"), Elem(Col("alloc"), Col("name")))
            .UnionAll({Flow(item_stores, Col("node"), Elem(Col("alloc"), Lit("#all")))});
    auto containers = DP.Filter(IsContainer(Col("kind")));
    auto item_reads =
        containers.Join(b.Scan("rel_vf_subscript_loads"), JoinType::kInner, {{"node", "base"}},
                        {{"e", R("e")}, {"key", R("key")}, {"alloc", L("alloc")}});
    auto elem_reads = Flow(item_reads, Elem(Col("alloc"), Col("key")), Col("e"))
                          .UnionAll({Flow(item_reads.Filter(Col("key") != Lit("#all")),
                                          Elem(Col("alloc"), Lit("*")), Col("e"))});
    auto unpacked = containers.Join(
        unpacks.Filter(Col("kind") == Lit("element")), JoinType::kInner, {{"node", "source"}},
        {{"target", R("node")}, {"key", R("key")}, {"alloc", L("alloc")}});
    auto elem_unpacks =
        Flow(unpacked, Elem(Col("alloc"), Col("key")), Col("target"))
            .UnionAll({Flow(unpacked, Elem(Col("alloc"), Lit("*")), Col("target"))});
    auto viewed = DP.Join(b.Scan("rel_vf_views"), JoinType::kInner, {{"node", "node"}},
                          {{"node", L("node")},
                           {"view", R("view")},
                           {"alloc", L("alloc")},
                           {"kind", L("kind")},
                           {"ref", L("ref")}});
    auto iterated = viewed.Filter(Col("view") == Lit("iter"));
    auto items =
        Flow(iterated.Filter(Col("kind") == Lit("dict")), Elem(Col("alloc"), Lit("#k")),
             IterOf(Col("node")))
            .UnionAll({Flow(iterated.Filter(IsContainer(Col("kind")) && Col("kind") != Lit("dict")),
                            Elem(Col("alloc"), Lit("#all")), IterOf(Col("node"))),
                       Flow(viewed.Filter(Col("view") == Lit("values") && IsContainer(Col("kind"))),
                            Elem(Col("alloc"), Lit("#all")), ValuesOf(Col("node")))});
    auto iterated_instances = iterated.Filter(Col("kind") == Lit("instance"));
    auto iterators =
        Flow(iterated_instances.Join(method("__iter__"), JoinType::kInner, {{"ref", "class_id"}},
                                     {{"node", L("node")}, {"def_id", R("def_id")}}),
             Ret(Col("def_id")), Col("node"));
    auto nexts =
        Flow(iterated_instances.Join(method("__next__"), JoinType::kInner, {{"ref", "class_id"}},
                                     {{"node", L("node")}, {"def_id", R("def_id")}}),
             Ret(Col("def_id")), IterOf(Col("node")));
    auto entered = Flow(DP.Filter(Col("kind") == Lit("instance"))
                            .Join(unpacks.Filter(Col("kind") == Lit("with")), JoinType::kInner,
                                  {{"node", "source"}}, {{"target", R("node")}, {"ref", L("ref")}})
                            .Join(method("__enter__"), JoinType::kInner, {{"ref", "class_id"}},
                                  {{"target", L("target")}, {"def_id", R("def_id")}}),
                        Ret(Col("def_id")), Col("target"));
    // Methods of lists, sets and dicts (value_flow_models.cc, ContainerMethods).
    auto called =
        containers.Join(b.Scan("rel_vf_method_calls"), JoinType::kInner, {{"node", "recv"}},
                        {{"site", R("site")},
                         {"effect", R("effect")},
                         {"arg", R("node")},
                         {"key", R("key")},
                         {"alloc", L("alloc")}});
    auto effect = [&](const char* e) {
      return called.Filter(Col("effect") == Lit(e) &&
                           (IsNotNull(Col("arg")) || Col("effect") == Lit("load") ||
                            Call(Func::kStartsWith, {Col("effect"), Lit("view_")})));
    };
    std::vector<PlanBuilder> methods;
    for (const char* key : {"*", "#all"}) {
      methods.push_back(Flow(effect("store"), Col("arg"), Elem(Col("alloc"), Lit(key))));
      methods.push_back(
          Flow(effect("store_items"), IterOf(Col("arg")), Elem(Col("alloc"), Lit(key))));
      methods.push_back(
          Flow(effect("store_values"), ValuesOf(Col("arg")), Elem(Col("alloc"), Lit(key))));
      methods.push_back(Flow(effect("view_values"), Elem(Col("alloc"), Lit("#all")),
                             Elem(ResultAlloc(Col("site"), "list"), Lit(key))));
      methods.push_back(Flow(effect("view_keys"), Elem(Col("alloc"), Lit("#k")),
                             Elem(ResultAlloc(Col("site"), "list"), Lit(key))));
    }
    methods.push_back(Flow(effect("store_key"), Col("arg"), Elem(Col("alloc"), Col("key"))));
    methods.push_back(Flow(effect("store_key"), Col("arg"), Elem(Col("alloc"), Lit("#all"))));
    for (const auto& [from, key] : {std::pair{"#k", "0"}, {"#all", "1"}}) {
      for (const char* k : {key, "#all"}) {
        methods.push_back(Flow(effect("view_items"), Elem(Col("alloc"), Lit(from)),
                               Elem(ResultAlloc(Col("site"), "tuple"), Lit(k))));
      }
    }
    auto loads = effect("load");
    methods.push_back(Flow(loads, Elem(Col("alloc"), Col("key")), Col("site")));
    methods.push_back(
        Flow(loads.Filter(Col("key") != Lit("#all")), Elem(Col("alloc"), Lit("*")), Col("site")));
    // `with cm() as t` over a generator (@contextlib.contextmanager): what it yields.
    auto yielded =
        Flow(DP.Filter(Col("kind") == Lit("generator"))
                 .Join(unpacks.Filter(Col("kind") == Lit("with")), JoinType::kInner,
                       {{"node", "source"}}, {{"target", R("node")}, {"alloc", L("alloc")}}),
             Elem(Col("alloc"), Lit("#all")), Col("target"));
    // `gen.send(v)`: v is what the generator's `yield` expressions evaluate to.
    auto exprs = b.Scan("cst_exprs");
    auto sends =
        exprs.Filter(Col("kind") == Lit("call"))
            .Join(exprs.Filter(Col("kind") == Lit("attribute") && Col("name") == Lit("send")),
                  JoinType::kInner, {{"base_id", "expr_id"}},
                  {{"site", L("expr_id")}, {"recv", R("base_id")}})
            .Join(b.Scan("cst_arguments")
                      .Filter(Col("position") == Lit(0) && IsNull(Col("star")) &&
                              IsNull(Col("keyword"))),
                  JoinType::kInner, {{"site", "call_id"}},
                  {{"recv", L("recv")}, {"arg", R("expr_id")}});
    auto yield_points = b.Scan("cst_returns")
                            .Filter(Col("kind") == Lit("yield") && IsNotNull(Col("def_id")))
                            .Join(exprs.Filter(Col("kind") == Lit("yield")), JoinType::kInner,
                                  {{"path", "path"}, {"bstart", "bstart"}, {"bend", "bend"}},
                                  {{"gen", GeneratorAlloc(Coalesce({L("def_id"), LitU64(0)}))},
                                   {"node", R("expr_id")}});
    auto sent = Flow(DP.Filter(Col("kind") == Lit("generator"))
                         .Join(sends, JoinType::kInner, {{"node", "recv"}},
                               {{"alloc", L("alloc")}, {"arg", R("arg")}})
                         .Join(yield_points, JoinType::kInner, {{"alloc", "gen"}},
                               {{"arg", L("arg")}, {"node", R("node")}}),
                     Col("arg"), Col("node"));
    // A partial's bound arguments into the first parameters of the function it holds.
    methods.push_back(Flow(
        partial_targets
            .Join(
                b.Scan("cst_arguments").Filter(Col("position") > Lit(0) && IsNull(Col("star"))),
                JoinType::kInner, {{"partial_site", "call_id"}},
                {{"def_id", L("def_id")},
                 {"slot", Call(Func::kCastInt64, {R("position")}) - Lit(int64_t{1}) +
                              Case({L("kind") == Lit("bound"), Lit(int64_t{1})}, Lit(int64_t{0}))},
                 {"arg", R("expr_id")}})
            .Join(b.Scan("rel_vf_params"), JoinType::kInner,
                  {{"def_id", "def_id"}, {"slot", "pos"}},
                  {{"arg", L("arg")}, {"param", R("node")}}),
        Col("arg"), Col("param")));
    auto first = methods.front();
    methods.erase(methods.begin());
    fb.AddDelta("vf_dflow", fields.UnionAll({attr_stores, elem_stores, elem_reads, elem_unpacks,
                                             items, iterators, nexts, entered, yielded, sent,
                                             first.UnionAll(methods)}));
    fb.AddDelta("vf_dflow", InvocationFlows(b, DI));
  }

  // --- vf_invokes --------------------------------------------------------------------------
  {
    auto functions = Invoke(callees.Filter(Col("kind") == Lit("function")), Col("site"), Col("ref"),
                            0, true, LitU64(0));
    auto bound = Invoke(callees.Filter(Col("kind") == Lit("bound")), Col("site"), Col("ref"), 1,
                        true, Col("aux"));
    auto constructors =
        Invoke(callees.Filter(Col("kind") == Lit("class"))
                   .Join(method("__init__"), JoinType::kInner, {{"ref", "class_id"}},
                         {{"site", L("site")}, {"def_id", R("def_id")}, {"class_id", L("ref")}}),
               Col("site"), Col("def_id"), 1, false, InstanceAlloc(Col("site"), Col("class_id")));
    auto called_instances =
        Invoke(callees.Filter(Col("kind") == Lit("instance"))
                   .Join(method("__call__"), JoinType::kInner, {{"ref", "class_id"}},
                         {{"site", L("site")}, {"def_id", R("def_id")}, {"alloc", L("alloc")}}),
               Col("site"), Col("def_id"), 1, true, Col("alloc"));
    // Implicit calls: iteration (__iter__, __next__) and context managers (__enter__, __exit__)
    // over instances, and property reads.
    auto protocol = b.Scan("rel_vf_protocols");
    auto protocols =
        Invoke(DP.Filter(Col("kind") == Lit("instance"))
                   .Join(protocol, JoinType::kInner, {{"node", "node"}},
                         {{"site_id", R("site_id")},
                          {"method", R("method")},
                          {"alloc", L("alloc")},
                          {"ref", L("ref")}})
                   .Join(methods, JoinType::kInner, {{"ref", "class_id"}, {"method", "name"}},
                         {{"site", StableIdOf({Lit("implicit_call"), L("site_id"), L("method")})},
                          {"def_id", R("def_id")},
                          {"alloc", L("alloc")}}),
               Col("site"), Col("def_id"), 1, false, Col("alloc"));
    // `iter(x)` and `next(x)` on an instance call its __iter__ / __next__; the call's value is
    // what the method returns.
    auto dunder = b.Values(base::Schema({{"builtin", ColumnType::kString, false},
                                         {"method", ColumnType::kString, false}}),
                           {{base::Value::String("iter"), base::Value::String("__iter__")},
                            {base::Value::String("next"), base::Value::String("__next__")}});
    auto dunder_sites =
        b.Scan("rel_vf_model_calls")
            .Join(dunder, JoinType::kInner, {{"name", "builtin"}},
                  {{"site", L("site")}, {"method", R("method")}})
            .Distinct()
            .Join(b.Scan("cst_arguments")
                      .Filter(Col("position") == Lit(0) && IsNull(Col("star")) &&
                              IsNull(Col("keyword"))),
                  JoinType::kInner, {{"site", "call_id"}},
                  {{"site", L("site")}, {"method", L("method")}, {"node", R("expr_id")}});
    auto dunder_calls =
        Invoke(DP.Filter(Col("kind") == Lit("instance"))
                   .Join(dunder_sites, JoinType::kInner, {{"node", "node"}},
                         {{"site", R("site")},
                          {"method", R("method")},
                          {"alloc", L("alloc")},
                          {"ref", L("ref")}})
                   .Join(methods, JoinType::kInner, {{"ref", "class_id"}, {"method", "name"}},
                         {{"site", L("site")}, {"def_id", R("def_id")}, {"alloc", L("alloc")}}),
               Col("site"), Col("def_id"), 1, true, Col("alloc"));
    auto properties = Invoke(
        DP.Filter(Col("kind") == Lit("instance"))
            .Join(attr_loads, JoinType::kInner, {{"node", "base"}},
                  {{"e", R("e")}, {"name", R("name")}, {"alloc", L("alloc")}, {"ref", L("ref")}})
            .Join(methods.Filter(Col("is_property")), JoinType::kInner,
                  {{"ref", "class_id"}, {"name", "name"}},
                  {{"e", L("e")}, {"def_id", R("def_id")}, {"alloc", L("alloc")}}),
        Col("e"), Col("def_id"), 1, true, Col("alloc"));
    auto partial_invokes = partial_targets.Project(
        {{"site", Col("site")},
         {"def_id", Col("def_id")},
         {"shift",
          Col("n_bound") + Case({Col("kind") == Lit("bound"), Lit(int64_t{1})}, Lit(int64_t{0}))},
         {"returns", Lit(true)},
         {"recv", Col("recv")}});
    fb.AddDelta("vf_invokes", functions.UnionAll({bound, constructors, called_instances, protocols,
                                                  dunder_calls, properties, partial_invokes}));
  }

  // --- vf_recv -----------------------------------------------------------------------------
  {
    auto classes = b.Scan("cst_defs").Filter(Col("kind") == Lit("class"));
    fb.AddBase(
        "vf_recv",
        classes.Project({{"alloc", Col("def_id")}, {"kind", Lit("class")}, {"ref", Col("def_id")}})
            .UnionAll({classes.Project({{"alloc", SelfAlloc(Col("def_id"))},
                                        {"kind", Lit("instance")},
                                        {"ref", Col("def_id")}})}));
    auto created = callees.Filter(Col("kind") == Lit("class"))
                       .Project({{"alloc", InstanceAlloc(Col("site"), Col("ref"))},
                                 {"kind", Lit("instance")},
                                 {"ref", Col("ref")}});
    auto caught = DP.Filter(Col("kind") == Lit("class"))
                      .Join(unpacks.Filter(Col("kind") == Lit("except")), JoinType::kInner,
                            {{"node", "source"}},
                            {{"alloc", ExceptionAlloc(R("node"), L("ref"))},
                             {"kind", Lit("instance")},
                             {"ref", L("ref")}});
    fb.AddDelta("vf_recv", created.UnionAll({caught}));
  }

  // --- vf_ext ------------------------------------------------------------------------------
  {
    fb.AddBase("vf_ext", b.Scan("rel_binding_targets")
                             .Filter((Col("target_kind") == Lit("external_module") ||
                                      Col("target_kind") == Lit("external_symbol")) &&
                                     IsNotNull(Col("target_name")))
                             .Project({{"alloc", Col("target_id")},
                                       {"name", Coalesce({Col("target_name"), Lit("")})}}));
    auto ext = b.Scan("vf_ext");
    auto attrs = DP.Filter(Col("kind") == Lit("external"))
                     .Join(attr_loads, JoinType::kInner, {{"node", "base"}},
                           {{"alloc", L("alloc")}, {"attr", R("name")}})
                     .Join(ext, JoinType::kInner, {{"alloc", "alloc"}},
                           {{"path", Concat({R("name"), Lit("."), L("attr")})}});
    auto calls = callees.Filter(Col("kind") == Lit("external"))
                     .Join(ext, JoinType::kInner, {{"alloc", "alloc"}},
                           {{"path", Concat({R("name"), Lit("()")})}});
    fb.AddDelta("vf_ext",
                attrs.UnionAll({calls})
                    .Filter(Call(Func::kLength, {Col("path")}) < Lit(kMaxExternalPath))
                    .Project({{"alloc", ExternalSymbolId(Col("path"))}, {"name", Col("path")}}));
  }
  return fb.Build();
}

}  // namespace

void RegisterValueFlowRules(RuleRegistry& r) {
  r.Add(
      {.name = "vf_protocols",
       .output = "rel_vf_protocols",
       .doc = "The implicit calls of `for` and `with` sites: the node whose values they are "
              "made on (the iterable or context manager expression) and the method.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto methods = b.Values(
             base::Schema({{"site_kind", ColumnType::kString, false},
                           {"method", ColumnType::kString, false}}),
             {{base::Value::String("with"), base::Value::String("__enter__")},
              {base::Value::String("with"), base::Value::String("__exit__")},
              {base::Value::String("async_with"), base::Value::String("__aenter__")},
              {base::Value::String("async_with"), base::Value::String("__aexit__")},
              {base::Value::String("for"), base::Value::String("__iter__")},
              {base::Value::String("for"), base::Value::String("__next__")},
              {base::Value::String("comprehension_for"), base::Value::String("__iter__")},
              {base::Value::String("comprehension_for"), base::Value::String("__next__")},
              {base::Value::String("async_for"), base::Value::String("__aiter__")},
              {base::Value::String("async_for"), base::Value::String("__anext__")},
              {base::Value::String("async_comprehension_for"), base::Value::String("__aiter__")},
              {base::Value::String("async_comprehension_for"), base::Value::String("__anext__")}});
         return b.Scan("cst_protocol_sites")
             .Join(b.Scan("cst_exprs"), JoinType::kInner,
                   {{"path", "path"}, {"expr_bstart", "bstart"}, {"expr_bend", "bend"}},
                   {{"node", R("expr_id")}, {"site_id", L("site_id")}, {"kind", L("kind")}})
             .Join(methods, JoinType::kInner, {{"kind", "site_kind"}},
                   {{"node", L("node")}, {"site_id", L("site_id")}, {"method", R("method")}})
             .Distinct()
             .Build();
       }});

  r.Add({.name = "value_flow",
         .output = "vf_invokes",
         .doc = "The value-flow fixpoint (see rules/value_flow_rules.cc): what every node may "
                "hold (vf_pts), the flow edges found through values (vf_dflow), the functions "
                "each call site invokes (vf_invokes), receivers (vf_recv) and external paths "
                "(vf_ext).",
         .build_fixpoint = BuildValueFlow});

  r.Add(
      {.name = "vf_invoked",
       .output = "rel_vf_invokes",
       .doc = "vf_invokes without the calls made through an abstract receiver at a site that "
              "real instances reach: the abstract `self` every method's first parameter holds "
              "(for callers the repository does not show) when its class is never instantiated "
              "— in `Base.run`, `self.step()` called on an `Impl()` goes to `Impl.step`, and "
              "to `Base.step` only if some `Base()` exists — and the abstract instance of the "
              "class an `except C as e` names, when instances raised in the repository reach "
              "`e`.",
       .build = [](const Catalog& c, const std::string& name) {
         PlanBuilder b(c, name);
         auto excepts = b.Scan("rel_vf_unpacks").Filter(Col("kind") == Lit("except"));
         auto caught = b.Scan("vf_pts")
                           .Filter(Col("kind") == Lit("instance"))
                           .Join(excepts, JoinType::kSemi, {{"node", "node"}}, {})
                           .Filter(Col("alloc") == ExceptionAlloc(Col("node"), Col("ref")))
                           .Project({{"alloc", Col("alloc")}})
                           .Distinct();
         auto receivers =
             b.Scan("vf_recv")
                 .JoinAppend(caught.Extend({{"is_caught", Lit(true)}}), JoinType::kLeft,
                             {{"alloc", "alloc"}}, {{"is_caught", R("is_caught")}})
                 .Extend({{"abstract_self",
                           Col("kind") == Lit("instance") && Col("alloc") == SelfAlloc(Col("ref"))},
                          {"abstract_caught", Coalesce({Col("is_caught"), Lit(false)})}});
         auto instantiated = receivers
                                 .Filter(Col("kind") == Lit("instance") && !Col("abstract_self") &&
                                         !Col("abstract_caught"))
                                 .Select({"ref"})
                                 .Distinct();
         auto invokes =
             b.Scan("vf_invokes")
                 .JoinAppend(receivers, JoinType::kLeft, {{"recv", "alloc"}},
                             {{"abstract_self", Coalesce({R("abstract_self"), Lit(false)})},
                              {"abstract_caught", Coalesce({R("abstract_caught"), Lit(false)})},
                              {"class_id", Coalesce({R("ref"), LitU64(0)})}});
         auto abstract = Col("abstract_self") || Col("abstract_caught");
         auto real =
             invokes.Filter(Col("recv") != LitU64(0) && !abstract).Select({"site"}).Distinct();
         auto through_abstract = invokes.Filter(abstract);
         auto at_real_sites = through_abstract.Join(real, JoinType::kSemi, {{"site", "site"}}, {});
         auto shadowed =
             at_real_sites.Filter(Col("abstract_caught"))
                 .UnionAll({at_real_sites.Filter(Col("abstract_self"))
                                .Join(instantiated, JoinType::kAnti, {{"class_id", "ref"}}, {})})
                 .Select({"site", "def_id", "shift", "returns", "recv"});
         return invokes.Filter(!abstract)
             .UnionAll({through_abstract.Join(shadowed, JoinType::kAnti,
                                              {{"site", "site"},
                                               {"def_id", "def_id"},
                                               {"shift", "shift"},
                                               {"returns", "returns"},
                                               {"recv", "recv"}},
                                              {})})
             .Select({"site", "def_id", "shift", "returns", "recv"})
             .Build();
       }});

  r.Add({.name = "vf_calls",
         .output = "rel_vf_calls",
         .doc = "Every callee the value flow finds for every call site, in the shape of "
                "rel_call_candidates: the functions each site invokes (through any value its "
                "callee may hold: functions passed, returned or stored, bound methods, "
                "constructors, __call__), the implicit calls of `with` / `for` over instances and "
                "of property reads, and the builtins and external names a callee may hold. method "
                "is the static resolution's when it found the same callee, else points_to. Methods "
                "of the "
                "results of external calls (`re.compile().match`) are left out: no one imports "
                "them by that name.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           // Where each site is: calls, decorators, implicit protocol calls, property reads.
           auto site = [](const PlanBuilder& p, Expr s, Expr node, Expr kind) {
             return p.Project({{"site", std::move(s)},
                               {"site_node_id", std::move(node)},
                               {"file_id", Col("file_id")},
                               {"path", Col("path")},
                               {"bstart", Col("bstart")},
                               {"bend", Col("bend")},
                               {"call_kind", std::move(kind)}});
           };
           auto calls = site(b.Scan("cst_callsites"), Col("call_id"), Col("call_id"),
                             Case({Col("is_decorator"), Lit("decorator_call")}, Lit("explicit")));
           auto decorators = site(b.Scan("cst_decorators"), Col("decorator_id"),
                                  Col("decorator_id"), Lit("decorator"));
           auto protocols = site(
               b.Scan("rel_vf_protocols")
                   .Join(b.Scan("cst_protocol_sites"), JoinType::kInner, {{"site_id", "site_id"}},
                         {{"site_id", L("site_id")},
                          {"method", L("method")},
                          {"kind", R("kind")},
                          {"file_id", R("file_id")},
                          {"path", R("path")},
                          {"bstart", R("expr_bstart")},
                          {"bend", R("expr_bend")}}),
               StableIdOf({Lit("implicit_call"), Col("site_id"), Col("method")}), Col("site_id"),
               Concat({Col("kind"), Lit(":"), Col("method")}));
           auto properties = site(b.Scan("cst_attributes").Filter(Col("ctx") == Lit("load")),
                                  Col("attr_id"), Col("attr_id"), Lit("property"));
           auto sites = calls.UnionAll({decorators, protocols, properties});
           // Callees: invoked functions, and the builtins and external names callees hold.
           // A model's own site (map(f, xs) calling f) belongs to the call that makes it.
           auto made_at = b.Scan("rel_vf_sites").Select({"site", "call_id"});
           auto invoked = b.Scan("rel_vf_invokes")
                              .JoinAppend(made_at, JoinType::kLeft, {{"site", "site"}},
                                          {{"call_id", R("call_id")}})
                              .Project({{"site", Coalesce({Col("call_id"), Col("site")})},
                                        {"callee_kind", Lit("def")},
                                        {"callee_id", Col("def_id")}});
           auto held = b.Scan("vf_pts")
                           .Filter(Col("kind") == Lit("builtin") || Col("kind") == Lit("external"))
                           .Join(b.Scan("rel_vf_sites"), JoinType::kInner, {{"node", "callee"}},
                                 {{"site", R("call_id")},
                                  {"callee_kind", L("kind")},
                                  {"callee_id", L("alloc")}});
           auto builtin_names = b.Scan("rel_name_ref_bindings")
                                    .Filter(Col("resolution") == Lit("builtin"))
                                    .Project({{"id", Col("builtin_id")}, {"name", Col("name")}})
                                    .Distinct();
           auto names = builtin_names.UnionAll(
               {b.Scan("vf_ext").Project({{"id", Col("alloc")}, {"name", Col("name")}})});
           auto statics = b.Scan("rel_call_candidates");
           return invoked.UnionAll({held})
               .Distinct()
               .Join(sites, JoinType::kInner, {{"site", "site"}},
                     {{"call_id", R("site")},
                      {"site_node_id", R("site_node_id")},
                      {"file_id", R("file_id")},
                      {"path", R("path")},
                      {"bstart", R("bstart")},
                      {"bend", R("bend")},
                      {"call_kind", R("call_kind")},
                      {"callee_kind", L("callee_kind")},
                      {"callee_id", L("callee_id")}})
               .JoinAppend(names, JoinType::kLeft, {{"callee_id", "id"}},
                           {{"callee_name", R("name")}})
               .JoinAppend(statics, JoinType::kLeft,
                           {{"call_id", "call_id"}, {"callee_id", "callee_id"}},
                           {{"static_method", R("method")}, {"static_score", R("score")}})
               .Project({{"call_id", Col("call_id")},
                         {"site_node_id", Col("site_node_id")},
                         {"file_id", Col("file_id")},
                         {"path", Col("path")},
                         {"bstart", Col("bstart")},
                         {"bend", Col("bend")},
                         {"call_kind", Col("call_kind")},
                         {"callee_kind", Col("callee_kind")},
                         {"callee_id", Col("callee_id")},
                         {"callee_name", Col("callee_name")},
                         {"method", Coalesce({Col("static_method"), Lit("points_to")})},
                         {"score", Coalesce({Col("static_score"), Lit(0.9)})}})
               // Results of external calls (`re.compile().match`) are not names anyone imports.
               .Filter(Col("callee_kind") != Lit("external") ||
                       !Call(Func::kContains, {Col("callee_name"), Lit("(")}))
               .Build();
         }});
}

}  // namespace codeanatomy::rules
