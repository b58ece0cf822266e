#include "codeanatomy/orchestrate/pipeline.h"

#include <algorithm>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/schema/diagnostics.h"

namespace codeanatomy::orchestrate {
namespace {

using schema::Layer;

TEST(PipelineTest, EveryEvidenceLayerIsMadeOnceAndPerFileLayersKeyTheirRowsByFile) {
  BuildOptions options;
  const EvidenceLayers layers = MakeEvidenceLayers(options, "/nonexistent/.scip");
  std::set<Layer> made;
  for (const auto& layer : layers) {
    EXPECT_TRUE(made.insert(layer->layer()).second) << layer->name();
    EXPECT_EQ(schema::Info(layer->layer()).parent, layer->layer()) << "a part is no layer";
    EXPECT_FALSE(layer->Tables().empty()) << layer->name();
    if (layer->scope() != extract::EvidenceLayer::Scope::kPerFile) continue;
    // A file's rows are identifiable: what per-batch extraction and reuse by content rely on.
    for (const schema::TableDef* def : layer->Tables()) {
      EXPECT_NE(def->FindColumn("file_id"), nullptr) << def->name << " has no file_id";
    }
  }
  // Every top-level evidence layer but the scan (the `scan` task) has its EvidenceLayer.
  for (const auto& l : schema::AllLayers()) {
    if (l.parent != l.layer || l.layer == Layer::kSource || l.layer == Layer::kCpg) continue;
    EXPECT_TRUE(made.count(l.layer)) << l.name << " has no EvidenceLayer";
  }
}

TEST(PipelineTest, ARuleMakingADeclaredTableMakesItsDeclaredColumns) {
  auto pipeline = DefinePipeline();
  ASSERT_OK(pipeline.status());
  int checked = 0;
  for (const auto& b : pipeline->rules) {
    const schema::TableDef* def = schema::Tables().Find(b.rule.output);
    if (def == nullptr) continue;
    EXPECT_EQ(def->kind, schema::TableKind::kDerived) << b.rule.name << " writes an evidence table";
    EXPECT_EQ(b.OutputSchema(b.rule.output), def->ToSchema()) << b.rule.name;
    ++checked;
  }
  EXPECT_GE(checked, 1);  // diagnostics
}

struct Planned {
  std::vector<BuildTask> tasks;
  BuildPlan plan;
  EvidenceLayers layers;

  const BuildTask& Task(std::string_view name) const {
    auto it = std::find_if(tasks.begin(), tasks.end(), [&](auto& t) { return t.name == name; });
    CA_CHECK(it != tasks.end());
    return *it;
  }
  const extract::LayerRequest* Request(Layer layer) const {
    for (const auto& [l, request] : plan.layer_requests) {
      if (l->layer() == layer) return &request;
    }
    return nullptr;
  }
};

Planned Plan(const BuildOptions& options, const std::vector<std::string>& requested) {
  Planned p;
  auto pipeline = DefinePipeline();
  CA_CHECK(pipeline.ok());
  p.layers = MakeEvidenceLayers(options, "/nonexistent/.scip");
  p.tasks = PipelineTasks(*pipeline, p.layers);
  auto plan = PlanBuild(options, requested, p.layers, p.tasks);
  CA_CHECK(plan.ok());
  p.plan = std::move(*plan);
  return p;
}

TEST(PipelineTest, DiagnosticsAloneRunEveryLayerThatReportsProblems) {
  const Planned p = Plan(BuildOptions{}, {"diagnostics"});
  EXPECT_TRUE(p.Task("rule:diagnostics").will_run);
  EXPECT_TRUE(p.Task("scan").will_run);
  EXPECT_TRUE(p.Task("extract:cst").will_run);
  EXPECT_TRUE(p.Task("extract:python").will_run);
  EXPECT_FALSE(p.Task("extract:scip").will_run);
  EXPECT_EQ(p.Task("extract:scip").reason, "not needed by the requested outputs");
  EXPECT_FALSE(p.Task("rule:emit_nodes").will_run);
  // The python layer is asked for its diagnostics only.
  const extract::LayerRequest* python = p.Request(Layer::kPython);
  ASSERT_NE(python, nullptr);
  EXPECT_EQ(python->tables, (std::set<std::string>{"diagnostics_python"}));
  EXPECT_TRUE(p.plan.keep.count("diagnostics"));
}

TEST(PipelineTest, SkippingALayerOrAPart) {
  BuildOptions options;
  options.skipped_layers = {"cst", "symtable"};
  const Planned p = Plan(options, {"cpg_edges"});
  EXPECT_FALSE(p.Task("extract:cst").will_run);
  EXPECT_EQ(p.Task("extract:cst").reason, "switched off (--skip-layer cst); its tables are empty");
  EXPECT_TRUE(p.Task("extract:python").will_run);
  EXPECT_EQ(p.Request(Layer::kPython)->switched_off, (std::set<Layer>{Layer::kSymtable}));
  EXPECT_EQ(p.Request(Layer::kCst), nullptr);
  EXPECT_FALSE(p.Task("extract:scip").will_run);
  EXPECT_EQ(p.Task("extract:scip").reason, "no --scip or --scip-index; its tables are empty");
}

TEST(PipelineTest, AnOptionalLayerTheUserAskedForRunsWhateverTheOutputs) {
  BuildOptions options;
  options.scip_index = "/some/index.scip";
  options.python_ast = true;
  const Planned p = Plan(options, {"diagnostics"});
  EXPECT_TRUE(p.Task("extract:scip").will_run);
  EXPECT_TRUE(p.Request(Layer::kPython)->Wants("ast_nodes"));
}

}  // namespace
}  // namespace codeanatomy::orchestrate
