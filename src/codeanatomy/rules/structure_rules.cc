// Structure rules: where each definition and call site sits lexically.
#include <fmt/core.h>

#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using namespace plan;  // NOLINT: rules read as relational algebra

void RegisterStructureRules(RuleRegistry& r) {
  r.Add({.name = "callsite_enclosing_def",
         .output = "rel_callsite_enclosing_def",
         .priority = 0,
         .doc =
             "Each call site (explicit calls, decorators, protocol sites) with its innermost "
             "enclosing definition (NULL at module level): the definition with the shortest span "
             "that contains the call, ties broken by def_id. A decorator lies outside the "
             "definition it decorates, so it belongs to the enclosing one.",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto site = [&](const char* table, const char* id, const char* start, const char* end) {
             return b.Scan(table).Project({{"call_id", Col(id)},
                                           {"file_id", Col("file_id")},
                                           {"path", Col("path")},
                                           {"bstart", Col(start)},
                                           {"bend", Col(end)}});
           };
           return site("cst_callsites", "call_id", "bstart", "bend")
               .UnionAll({site("cst_decorators", "decorator_id", "bstart", "bend"),
                          site("cst_protocol_sites", "site_id", "expr_bstart", "expr_bend")})
               .IntervalAlign(b.Scan("cst_defs"),
                              {.mode = AlignMode::kEnclosingBest,
                               .keep_unmatched = true,
                               .tie_breakers = {Asc(R("def_id"))}},
                              {{"call_id", L("call_id")},
                               {"file_id", L("file_id")},
                               {"path", L("path")},
                               {"bstart", L("bstart")},
                               {"bend", L("bend")},
                               {"def_id", R("def_id")}})
               .Build();
         }});
}

}  // namespace codeanatomy::rules
