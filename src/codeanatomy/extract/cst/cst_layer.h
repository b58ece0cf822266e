// codeanatomy/extract/cst/cst_layer.h
//
// The CST evidence layer as an EvidenceLayer: tree-sitter-python over every `ok` file of a batch,
// on the profile's threads; its rows go to the cst_* tables and diagnostics_cst.
#pragma once

#include "codeanatomy/extract/evidence_layer.h"

namespace codeanatomy::extract::cst {

class CstLayer final : public EvidenceLayer {
 public:
  explicit CstLayer(int threads) : threads_(threads) {}

  schema::Layer layer() const override { return schema::Layer::kCst; }
  Scope scope() const override { return Scope::kPerFile; }
  base::Status Begin(const LayerRequest& request,
                     std::span<const source::SourceFile> files) override;
  base::Status Extract(std::span<const source::SourceFile> batch,
                       const EvidenceSink& sink) override;
  base::Status Finish(const EvidenceSink& sink) override;

 private:
  int threads_;
};

}  // namespace codeanatomy::extract::cst
