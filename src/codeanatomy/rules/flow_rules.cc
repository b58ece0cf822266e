// Control and data flow from the bytecode layer. Every code object belongs to a CST scope (through
// the symbol-table anchors) and so to its function, lambda, class body, comprehension or module;
// its basic blocks become CFG_BLOCK nodes with CFG_* edges. Def and use events are the store and
// load instructions of names (plus the parameters, defined on entry), and REACHES edges come from
// real reaching definitions over the CFG: the least fixpoint of
//   out(b) = gen(b) ∪ (∪_{p -> b} out(p) − kill(b))
// where gen(b) is the last definition of each name in b and kill(b) the names b defines.
// Exception edges are included (conservatively). Cells and globals are followed within one code
// object only.
#include "codeanatomy/rules/resolution_util.h"
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using base::ColumnType;
using base::Value;
using namespace plan;  // NOLINT: rules read as relational algebra

namespace {

//! opname -> event kind for the name stores and loads that define and use variables.
PlanBuilder NameOps(const PlanBuilder& b) {
  std::vector<std::vector<Value>> rows;
  for (const char* op : {"STORE_FAST", "STORE_NAME", "STORE_GLOBAL", "STORE_DEREF", "DELETE_FAST",
                         "DELETE_NAME", "DELETE_GLOBAL", "DELETE_DEREF"}) {
    rows.push_back({Value::String(op), Value::String("def")});
  }
  for (const char* op :
       {"LOAD_FAST", "LOAD_NAME", "LOAD_GLOBAL", "LOAD_DEREF", "LOAD_CLASSDEREF"}) {
    rows.push_back({Value::String(op), Value::String("use")});
  }
  return b.Values(
      base::Schema({{"opname", ColumnType::kString, false}, {"event", ColumnType::kString, false}}),
      std::move(rows));
}

}  // namespace

void RegisterFlowRules(RuleRegistry& r) {
  r.Add({.name = "code_unit_owners",
         .output = "rel_code_unit_owners",
         .doc = "Each code object with its CST scope and the node that owns its flow graph: the "
                "function, lambda or class (def), the module (file) or the comprehension (scope).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           return b.Scan("bc_code_units")
               .Join(b.Scan("norm_sym_scope_anchors"), JoinType::kInner,
                     {{"scope_id", "sym_scope_id"}},
                     {{"code_unit_id", L("code_unit_id")}, {"cst_scope_id", R("cst_scope_id")}})
               .Join(b.Scan("cst_scopes"), JoinType::kInner, {{"cst_scope_id", "scope_id"}},
                     {{"code_unit_id", L("code_unit_id")},
                      {"cst_scope_id", L("cst_scope_id")},
                      {"file_id", R("file_id")},
                      {"path", R("path")},
                      {"scope_kind", R("kind")},
                      {"owner_id", Case({R("kind") == Lit("module"), R("file_id"),
                                         R("kind") == Lit("comprehension"), R("scope_id")},
                                        R("def_id"))}})
               .Build();
         }});

  r.Add({.name = "flow_blocks",
         .output = "rel_flow_blocks",
         .doc = "Basic blocks with their owner and the byte span their positioned instructions "
                "cover (NULL when none carries a position).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto spans = b.Scan("bc_instructions")
                            .Join(b.Scan("norm_bc_instruction_spans"), JoinType::kInner,
                                  {{"instr_id", "instr_id"}},
                                  {{"code_unit_id", L("code_unit_id")},
                                   {"instr_index", L("instr_index")},
                                   {"bstart", R("bstart")},
                                   {"bend", R("bend")}});
           auto blocks = b.Scan("bc_blocks");
           auto covered =
               blocks
                   .Join(
                       spans, JoinType::kInner, {{"code_unit_id", "code_unit_id"}},
                       {{"block_id", L("block_id")}, {"bstart", R("bstart")}, {"bend", R("bend")}},
                       R("instr_index") >= L("first_instr_index") &&
                           R("instr_index") <= L("last_instr_index"))
                   .Aggregate({{"block_id", Col("block_id")}},
                              {{"span_start", AggFunc::kMin, Col("bstart")},
                               {"span_end", AggFunc::kMax, Col("bend")}});
           return blocks
               .Join(b.Scan("rel_code_unit_owners"), JoinType::kInner,
                     {{"code_unit_id", "code_unit_id"}},
                     {{"block_id", L("block_id")},
                      {"code_unit_id", L("code_unit_id")},
                      {"kind", L("kind")},
                      {"start_offset", L("start_offset")},
                      {"first_instr_index", L("first_instr_index")},
                      {"last_instr_index", L("last_instr_index")},
                      {"file_id", R("file_id")},
                      {"path", R("path")},
                      {"owner_id", R("owner_id")}})
               .JoinAppend(covered, JoinType::kLeft, {{"block_id", "block_id"}},
                           {{"bstart", R("span_start")}, {"bend", R("span_end")}})
               .Build();
         }});

  r.Add({.name = "flow_events",
         .output = "rel_flow_events",
         .doc = "Definitions and uses of names per code object: store/delete and load instructions "
                "of names (event_id = the instruction), plus every parameter as a definition on "
                "entry (event_id = the parameter, instr_index -1).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto blocks = b.Scan("rel_flow_blocks");
           auto instructions =
               b.Scan("bc_instructions")
                   .Join(NameOps(b), JoinType::kInner, {{"opname", "opname"}},
                         {{"event_id", L("instr_id")},
                          {"code_unit_id", L("code_unit_id")},
                          {"instr_index", Call(Func::kCastInt64, {L("instr_index")})},
                          {"var", L("argval")},
                          {"kind", R("event")},
                          {"opname", L("opname")}})
                   .Filter(IsNotNull(Col("var")))
                   .Join(blocks, JoinType::kInner, {{"code_unit_id", "code_unit_id"}},
                         {{"event_id", L("event_id")},
                          {"code_unit_id", L("code_unit_id")},
                          {"block_id", R("block_id")},
                          {"instr_index", L("instr_index")},
                          {"var", L("var")},
                          {"kind", L("kind")},
                          {"opname", L("opname")},
                          {"file_id", R("file_id")},
                          {"path", R("path")}},
                         L("instr_index") >= R("first_instr_index") &&
                             L("instr_index") <= R("last_instr_index"))
                   .JoinAppend(b.Scan("norm_bc_instruction_spans"), JoinType::kLeft,
                               {{"event_id", "instr_id"}},
                               {{"bstart", R("bstart")}, {"bend", R("bend")}});
           auto entries = blocks.Filter(Col("kind") == Lit("entry"));
           auto params = b.Scan("cst_params")
                             .Join(b.Scan("rel_code_unit_owners"), JoinType::kInner,
                                   {{"scope_id", "cst_scope_id"}},
                                   {{"param_id", L("param_id")},
                                    {"name", L("name")},
                                    {"bstart", L("bstart")},
                                    {"bend", L("bend")},
                                    {"code_unit_id", R("code_unit_id")}})
                             .Join(entries, JoinType::kInner, {{"code_unit_id", "code_unit_id"}},
                                   {{"event_id", L("param_id")},
                                    {"code_unit_id", L("code_unit_id")},
                                    {"block_id", R("block_id")},
                                    {"instr_index", Lit(int64_t{-1})},
                                    {"var", L("name")},
                                    {"kind", Lit("def")},
                                    {"opname", Lit("PARAMETER")},
                                    {"file_id", R("file_id")},
                                    {"path", R("path")},
                                    {"bstart", L("bstart")},
                                    {"bend", L("bend")}});
           return instructions.UnionAll({params}).Build();
         }});

  r.Add({.name = "reaching_definitions",
         .output = "rel_reaching_definitions",
         .doc = "Each use with every definition that reaches it along the CFG without being "
                "overwritten: the last earlier definition in the same block, else the definitions "
                "reaching the block's entry (the fixpoint in the file comment).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto events = b.Scan("rel_flow_events");
           auto defs = events.Filter(Col("kind") == Lit("def"));
           auto uses = events.Filter(Col("kind") == Lit("use"));
           auto edges = b.Scan("bc_cfg_edges").Select({"src_block_id", "dst_block_id"}).Distinct();
           auto gen = defs.WinnerSelect({Col("block_id"), Col("var")},
                                        {Desc(Col("instr_index")), Asc(Col("event_id"))})
                          .Select({"block_id", "event_id", "var"});
           auto kill = defs.Select({"block_id", "var"}).Distinct();
           auto out = gen.Recursive("reach_out", [&](const PlanBuilder& self) {
             return self
                 .Join(edges, JoinType::kInner, {{"block_id", "src_block_id"}},
                       {{"block_id", R("dst_block_id")},
                        {"event_id", L("event_id")},
                        {"var", L("var")}})
                 .Join(kill, JoinType::kAnti, {{"block_id", "block_id"}, {"var", "var"}}, {});
           });
           auto local =
               uses.Join(defs, JoinType::kInner, {{"block_id", "block_id"}, {"var", "var"}},
                         {{"use_id", L("event_id")},
                          {"def_id", R("event_id")},
                          {"def_index", R("instr_index")},
                          {"code_unit_id", L("code_unit_id")},
                          {"var", L("var")}},
                         R("instr_index") < L("instr_index"))
                   .WinnerSelect({Col("use_id")}, {Desc(Col("def_index")), Asc(Col("def_id"))})
                   .Select({"use_id", "def_id", "code_unit_id", "var"});
           auto incoming = uses.Join(local, JoinType::kAnti, {{"event_id", "use_id"}}, {})
                               .Join(edges, JoinType::kInner, {{"block_id", "dst_block_id"}},
                                     {{"use_id", L("event_id")},
                                      {"code_unit_id", L("code_unit_id")},
                                      {"var", L("var")},
                                      {"pred", R("src_block_id")}})
                               .Join(out, JoinType::kInner, {{"pred", "block_id"}, {"var", "var"}},
                                     {{"use_id", L("use_id")},
                                      {"def_id", R("event_id")},
                                      {"code_unit_id", L("code_unit_id")},
                                      {"var", L("var")}})
                               .Distinct();
           return local.UnionAll({incoming}).Build();
         }});
}

}  // namespace codeanatomy::rules
