// Cross-layer anchoring and span normalization for the python layers: CPython's symbol-table
// scopes onto the CST's scopes, and bytecode instruction positions (1-based lines, UTF-8 byte
// columns) onto canonical byte spans through file_line_index.
#include "codeanatomy/normalize/normalize.h"

namespace codeanatomy::normalize {

using base::ColumnType;
using namespace plan;  // NOLINT: rules read as relational algebra

namespace {
Expr Concat(std::vector<Expr> parts) { return Call(Func::kConcat, std::move(parts)); }
}  // namespace

void RegisterAnchorRules(plan::RuleRegistry& r) {
  r.Add({.name = "sym_scope_anchors",
         .output = "norm_sym_scope_anchors",
         .doc = "Each CPython symbol-table scope with the CST scope it is: the module scopes of a "
                "file, then recursively the child at the same position in CPython's order "
                "(cst_scopes.symtable_child_index = sym_scopes.child_index) of anchored parents. "
                "names_agree checks the pairing (lambda, comprehensions and the module excepted).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto sym = b.Scan("sym_scopes");
           auto cst = b.Scan("cst_scopes");
           auto modules =
               sym.Filter(IsNull(Col("parent_scope_id")))
                   .Join(cst.Filter(Col("kind") == Lit("module")), JoinType::kInner,
                         {{"file_id", "file_id"}},
                         {{"sym_scope_id", L("scope_id")}, {"cst_scope_id", R("scope_id")}});
           auto children = cst.Filter(IsNotNull(Col("symtable_child_index")));
           auto anchors = modules.Recursive("sym_scope_anchors", [&](const PlanBuilder& self) {
             return self
                 .Join(sym, JoinType::kInner, {{"sym_scope_id", "parent_scope_id"}},
                       {{"parent_cst", L("cst_scope_id")},
                        {"sym_scope_id", R("scope_id")},
                        {"child_index", R("child_index")}})
                 .Join(children, JoinType::kInner,
                       {{"parent_cst", "parent_scope_id"}, {"child_index", "symtable_child_index"}},
                       {{"sym_scope_id", L("sym_scope_id")}, {"cst_scope_id", R("scope_id")}});
           });
           auto named = [](const char* col) {
             // CPython names lambdas and comprehensions "lambda", "listcomp", …; the CST
             // "<lambda>".
             return Concat({Lit("<"), Col(col), Lit(">")});
           };
           return anchors
               .JoinAppend(sym, JoinType::kInner, {{"sym_scope_id", "scope_id"}},
                           {{"file_id", R("file_id")},
                            {"sym_name", R("name")},
                            {"scope_type", R("scope_type")}})
               .JoinAppend(cst, JoinType::kInner, {{"cst_scope_id", "scope_id"}},
                           {{"cst_name", R("name")}, {"cst_kind", R("kind")}})
               .Extend({{"names_agree", Col("cst_kind") == Lit("module") ||
                                            Col("sym_name") == Col("cst_name") ||
                                            named("sym_name") == Col("cst_name")}})
               .Select({"sym_scope_id", "cst_scope_id", "file_id", "scope_type", "cst_kind",
                        "names_agree"})
               .Build();
         }});

  r.Add({.name = "bc_instruction_spans",
         .output = "norm_bc_instruction_spans",
         .doc = "Byte spans of the bytecode instructions that carry source positions: the start "
                "and end line's first byte plus the UTF-8 column.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto lines = b.Scan("file_line_index").Select({"file_id", "line0", "bstart"});
           return b.Scan("bc_instructions")
               .Filter(IsNotNull(Col("start_line")) && IsNotNull(Col("end_line")) &&
                       IsNotNull(Col("start_col")) && IsNotNull(Col("end_col")) &&
                       Col("start_line") > Lit(0))
               .Extend(
                   {{"start_line0", Call(Func::kCastInt64, {Col("start_line")}) - Lit(int64_t{1})},
                    {"end_line0", Call(Func::kCastInt64, {Col("end_line")}) - Lit(int64_t{1})}})
               .JoinAppend(lines, JoinType::kInner,
                           {{"file_id", "file_id"}, {"start_line0", "line0"}},
                           {{"start_base", R("bstart")}})
               .JoinAppend(lines, JoinType::kInner,
                           {{"file_id", "file_id"}, {"end_line0", "line0"}},
                           {{"end_base", R("bstart")}})
               .Project({{"instr_id", Col("instr_id")},
                         {"code_unit_id", Col("code_unit_id")},
                         {"file_id", Col("file_id")},
                         {"path", Col("path")},
                         {"bstart", Col("start_base") + Call(Func::kCastInt64, {Col("start_col")})},
                         {"bend", Col("end_base") + Call(Func::kCastInt64, {Col("end_col")})}})
               .Build();
         }});
}

}  // namespace codeanatomy::normalize
