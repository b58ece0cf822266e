#include "codeanatomy/extract/python/python_layer.h"

#include "codeanatomy/schema/diagnostics.h"

namespace codeanatomy::extract::python {

using base::Status;
using schema::Layer;

PythonLayer::~PythonLayer() {
  if (pass_.valid()) pass_.wait();
}

std::vector<std::string> PythonLayer::Targets() const {
  std::vector<std::string> targets;
  if (options_.ast) {
    for (const schema::TableDef* def : TablesOf(Layer::kPython)) {
      if (def->layer == Layer::kAst) targets.emplace_back(def->name);
    }
  }
  return targets;
}

PythonOptions PythonLayer::StepsFor(const LayerRequest& request,
                                    const PythonLayerOptions& options) {
  auto switched_on = [&](Layer part) {
    return request.switched_off.count(part) == 0 && (part != Layer::kAst || options.ast);
  };
  auto requested = [&](Layer part) {
    for (const schema::TableDef* def : TablesOf(Layer::kPython)) {
      if (def->layer == part && request.Wants(def->name)) return true;
    }
    return false;
  };
  PythonOptions steps;
  steps.workers = options.workers;
  steps.symtable = switched_on(Layer::kSymtable) && requested(Layer::kSymtable);
  steps.bytecode = switched_on(Layer::kBytecode) && requested(Layer::kBytecode);
  steps.ast = switched_on(Layer::kAst) && requested(Layer::kAst);
  if (request.Wants(schema::DiagnosticsTable(Layer::kPython))) {
    for (Layer part : {Layer::kBytecode, Layer::kSymtable, Layer::kAst}) {
      if (!switched_on(part)) continue;
      (part == Layer::kBytecode   ? steps.bytecode
       : part == Layer::kSymtable ? steps.symtable
                                  : steps.ast) = true;
      break;
    }
  }
  return steps;
}

Status PythonLayer::Begin(const LayerRequest& request, std::span<const source::SourceFile> files) {
  pass_options_ = StepsFor(request, options_);
  files_ = files;
  if (!pass_options_.symtable && !pass_options_.bytecode && !pass_options_.ast) {
    return Status::Ok();
  }
  // The pass touches nothing but `files`, which outlive the run; the rows reach the sink on the
  // caller's thread, in Extract.
  pass_ = std::async(std::launch::async,
                     [files, options = pass_options_] { return ExtractFiles(files, options); });
  return Status::Ok();
}

Status PythonLayer::Extract(std::span<const source::SourceFile> batch, const EvidenceSink& sink) {
  if (!pass_options_.symtable && !pass_options_.bytecode && !pass_options_.ast) {
    return Status::Ok();
  }
  // The pass Begin started covers every file; another batch runs now, on its own.
  const bool started =
      pass_.valid() && batch.data() == files_.data() && batch.size() == files_.size();
  CA_ASSIGN_OR_RETURN(PythonResult result,
                      started ? pass_.get() : ExtractFiles(batch, pass_options_));
  CA_RETURN_IF_ERROR(SinkAll(result.tables.EvidenceTables(), sink));
  const std::pair<std::string_view, const base::Table*> diagnostics[] = {
      {schema::DiagnosticsTable(Layer::kPython), &result.tables.diagnostics}};
  CA_RETURN_IF_ERROR(SinkAll(diagnostics, sink));
  if (!stats_) stats_.emplace();
  stats_->Add(result.stats);
  return Status::Ok();
}

Status PythonLayer::Finish(const EvidenceSink& sink) {
  (void)sink;
  return Status::Ok();
}

void PythonLayer::Report(LayerReport& report) const {
  if (!stats_) return;
  // The steps of the pass, as CPU time summed over the worker processes.
  const PythonStats& s = *stats_;
  for (const auto& [step, seconds] : {std::pair{"python.parse", s.parse_cpu_seconds},
                                      {"python.compile", s.compile_cpu_seconds},
                                      {"python.symtable", s.symtable_cpu_seconds},
                                      {"python.decode", s.decode_cpu_seconds},
                                      {"python.ast", s.ast_cpu_seconds},
                                      {"python.transfer", s.transfer_cpu_seconds}}) {
    report.cpu_steps.emplace_back(step, seconds * 1000.0);
  }
}

}  // namespace codeanatomy::extract::python
