// codeanatomy/extract/python/python_layer.h
//
// The python evidence layer as an EvidenceLayer: one CPython pass per run over every `ok` file, in
// worker processes, for the parts (symtable, bytecode, ast) whose tables are requested. The pass
// starts in the background at Begin, so its workers compile while other layers run; Extract waits
// for it and hands its rows over. Its problems go to diagnostics_python.
#pragma once

#include <future>
#include <optional>
#include <span>

#include "codeanatomy/extract/evidence_layer.h"
#include "codeanatomy/extract/python/python_extractor.h"

namespace codeanatomy::extract::python {

struct PythonLayerOptions {
  //! Worker processes (0: in this process).
  int workers = 0;
  //! The ast part (--ast): off unless asked for.
  bool ast = false;
};

class PythonLayer final : public EvidenceLayer {
 public:
  explicit PythonLayer(PythonLayerOptions options) : options_(options) {}
  //! Waits for a pass still running (a build that failed before Extract).
  ~PythonLayer() override;

  schema::Layer layer() const override { return schema::Layer::kPython; }
  Scope scope() const override { return Scope::kPerFile; }
  std::vector<std::string> Targets() const override;
  base::Status Begin(const LayerRequest& request,
                     std::span<const source::SourceFile> files) override;
  base::Status Extract(std::span<const source::SourceFile> batch,
                       const EvidenceSink& sink) override;
  base::Status Finish(const EvidenceSink& sink) override;
  void Report(LayerReport& report) const override;

  //! The steps a pass runs for `request`: the requested parts that are switched on and, when
  //! diagnostics_python is requested, the first part switched on of bytecode, symtable and ast —
  //! a file's python diagnostics are those of a pass that compiles it whenever the bytecode part
  //! can run (the compiler finds problems the parser and the symbol table do not).
  static PythonOptions StepsFor(const LayerRequest& request, const PythonLayerOptions& options);

 private:
  PythonLayerOptions options_;
  PythonOptions pass_options_;
  std::span<const source::SourceFile> files_;
  std::future<base::Result<PythonResult>> pass_;
  //! Summed over the batches extracted so far.
  std::optional<PythonStats> stats_;
};

}  // namespace codeanatomy::extract::python
