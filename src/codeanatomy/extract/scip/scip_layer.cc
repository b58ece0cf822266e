#include "codeanatomy/extract/scip/scip_layer.h"

#include <fmt/core.h>

#include "codeanatomy/base/stopwatch.h"
#include "codeanatomy/extract/scip/scip_decoder.h"
#include "codeanatomy/extract/scip/scip_python.h"

namespace codeanatomy::extract::scip {

namespace fs = std::filesystem;
using base::Status;

std::string ScipLayer::SwitchedOff() const {
  return Enabled() ? "" : "no --scip or --scip-index; its tables are empty";
}

std::vector<std::string> ScipLayer::Targets() const {
  // An optional layer the user asked for is extracted even when no requested output needs it.
  std::vector<std::string> targets;
  if (!Enabled()) return targets;
  for (const schema::TableDef* def : Tables()) targets.emplace_back(def->name);
  return targets;
}

Status ScipLayer::Begin(const LayerRequest& request, std::span<const source::SourceFile> files) {
  (void)request;  // one index fills every table
  scanned_files_ = files.size();
  return Status::Ok();
}

Status ScipLayer::Extract(std::span<const source::SourceFile> batch, const EvidenceSink& sink) {
  (void)batch;  // the index covers the repository: its rows come at Finish
  (void)sink;
  return Status::Ok();
}

Status ScipLayer::Finish(const EvidenceSink& sink) {
  fs::path index = options_.index;
  auto& summary = summary_.emplace();
  if (options_.run_indexer) {
    ScipPythonOptions scip_options;
    scip_options.repo = options_.repo;
    scip_options.work_dir = options_.work_dir;
    scip_options.timeout_seconds = options_.timeout_seconds;
    CA_ASSIGN_OR_RETURN(ScipPythonRun run, RunScipPython(scip_options));
    index = run.index_path;
    versions_["node"] = run.node_version;
    summary.indexer_seconds = run.wall_seconds;
    summary.indexer_peak_rss_bytes = run.peak_rss_bytes;
  }
  base::Stopwatch decode_watch;
  CA_ASSIGN_OR_RETURN(ScipTables scip, DecodeIndexFile(index));
  summary.decode_seconds = decode_watch.ElapsedSeconds();
  std::error_code ec;
  summary.index_bytes = static_cast<int64_t>(fs::file_size(index, ec));
  summary.documents = static_cast<int64_t>(scip.documents.num_rows());
  summary.occurrences = static_cast<int64_t>(scip.occurrences.num_rows());
  summary.symbols = static_cast<int64_t>(scip.symbols.num_rows());
  summary.relationships = static_cast<int64_t>(scip.relationships.num_rows());
  summary.diagnostics = static_cast<int64_t>(scip.diagnostics.num_rows());
  if (scip.metadata.num_rows() > 0) {
    versions_["scip"] = fmt::format("{} {}", scip.metadata.column("tool_name").GetString(0),
                                    scip.metadata.column("tool_version").GetString(0));
  }
  if (options_.run_indexer && scip.documents.num_rows() == 0 && scanned_files_ > 0) {
    return Status::FailedPrecondition(
        "scip-python indexed no file of {} (the scan found {}); check for a pyrightconfig.json or "
        "[tool.pyright] excluding them, or build without --scip",
        options_.repo.string(), scanned_files_);
  }
  fs::remove_all(options_.work_dir, ec);
  return SinkAll(scip.Tables(), sink);
}

void ScipLayer::Report(LayerReport& report) const {
  report.versions.insert(versions_.begin(), versions_.end());
}

}  // namespace codeanatomy::extract::scip
