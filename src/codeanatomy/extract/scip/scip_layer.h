// codeanatomy/extract/scip/scip_layer.h
//
// The SCIP evidence layer as an EvidenceLayer: an index.scip — given with --scip-index, or made by
// running scip-python on the repository (--scip) — decoded into the scip_* tables at Finish. A
// repository layer: the index covers the whole repository at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "codeanatomy/extract/evidence_layer.h"

namespace codeanatomy::extract::scip {

struct ScipLayerOptions {
  //! Run scip-python on `repo` (--scip).
  bool run_indexer = false;
  //! Decode this existing index instead (--scip-index; exclusive with run_indexer).
  std::filesystem::path index;
  std::filesystem::path repo;
  //! scip-python's scratch directory (removed after decoding).
  std::filesystem::path work_dir;
  //! scip-python is stopped after this long.
  double timeout_seconds = 3600;
};

//! What the build summary says of the layer's run.
struct ScipSummary {
  int64_t documents = 0;
  int64_t occurrences = 0;
  int64_t symbols = 0;
  int64_t relationships = 0;
  int64_t diagnostics = 0;
  int64_t index_bytes = 0;
  double decode_seconds = 0;
  //! scip-python's run (--scip only): wall time and peak resident memory.
  double indexer_seconds = 0;
  int64_t indexer_peak_rss_bytes = 0;
};

class ScipLayer final : public EvidenceLayer {
 public:
  explicit ScipLayer(ScipLayerOptions options) : options_(std::move(options)) {}

  schema::Layer layer() const override { return schema::Layer::kScip; }
  Scope scope() const override { return Scope::kRepository; }
  std::string SwitchedOff() const override;
  std::vector<std::string> Targets() const override;
  base::Status Begin(const LayerRequest& request,
                     std::span<const source::SourceFile> files) override;
  base::Status Extract(std::span<const source::SourceFile> batch,
                       const EvidenceSink& sink) override;
  base::Status Finish(const EvidenceSink& sink) override;
  void Report(LayerReport& report) const override;

  //! Set once the layer has run (Finish began).
  const std::optional<ScipSummary>& summary() const { return summary_; }

 private:
  bool Enabled() const { return options_.run_indexer || !options_.index.empty(); }

  ScipLayerOptions options_;
  size_t scanned_files_ = 0;
  std::optional<ScipSummary> summary_;
  std::map<std::string, std::string> versions_;
};

}  // namespace codeanatomy::extract::scip
