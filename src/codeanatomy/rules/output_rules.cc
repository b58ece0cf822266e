// Small published tables beside the graph, for what its nodes, edges and props cannot hold as one
// row per entity: the method resolution order of every class.
#include "codeanatomy/rules/rules.h"

namespace codeanatomy::rules {

using namespace plan;  // NOLINT: rules read as relational algebra

void RegisterOutputRules(RuleRegistry& r) {
  r.Add({.name = "class_mro_positions",
         .output = "class_mro",
         .doc = "The method resolution order of every class of the repository, one row per "
                "(class, ancestor) with its 0-based position (0: the class itself), the ancestors "
                "found in the repository only (rel_class_mro). A list of pairs per class is not a "
                "property of one node, hence a table of its own (class_mro.parquet).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto mro = b.Scan("rel_class_mro");
           // Position: how many ancestors of the same class come before (mro_key is distinct
           // per class).
           return mro
               .Join(mro, JoinType::kLeft, {{"class_id", "class_id"}},
                     {{"class_id", L("class_id")},
                      {"ancestor_id", L("ancestor_id")},
                      {"before", R("ancestor_id")}},
                     R("mro_key") < L("mro_key"))
               .Aggregate({{"class_id", Col("class_id")}, {"ancestor_id", Col("ancestor_id")}},
                          {{"position", AggFunc::kCount, Col("before")}})
               .Project({{"class_id", Col("class_id")},
                         {"position", Col("position")},
                         {"ancestor_id", Col("ancestor_id")}})
               .Build();
         }});
}

}  // namespace codeanatomy::rules
