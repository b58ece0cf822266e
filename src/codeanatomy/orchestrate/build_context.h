// codeanatomy/orchestrate/build_context.h
//
// What the tasks of one build share: the request, the session and its adapter, the staging
// directory, the plan catalog of every dataset made so far, and what the manifest and the summary
// collect on the way. Built in RunBuild with designated initialisers; only tasks write to it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codeanatomy/emit/manifest.h"
#include "codeanatomy/emit/publish.h"
#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/extract/evidence_layer.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/orchestrate/evidence_cache.h"
#include "codeanatomy/orchestrate/memory_meter.h"
#include "codeanatomy/orchestrate/task_graph.h"
#include "codeanatomy/plan/plan.h"
#include "codeanatomy/source/repo_scan.h"

namespace codeanatomy::orchestrate {

using EvidenceLayers = std::vector<std::unique_ptr<extract::EvidenceLayer>>;

struct BuildContext {
  const BuildOptions& options;
  engine::Session& session;
  engine::Adapter& adapter;
  emit::OutputStaging& staging;
  plan::MapCatalog catalog = {};
  std::vector<source::SourceFile> files = {};
  int64_t file_count = 0;
  std::vector<emit::OutputEntry> outputs = {};
  std::vector<emit::StageEntry> stages = {};
  std::optional<std::string> git_head = {};
  std::vector<source::ImportRoot> import_roots = {};
  //! Names of the tasks planning decided to run.
  std::set<std::string> running = {};
  //! Evidence reuse (evidence_cache.h): when `reusing`, the per-file layers extract only
  //! `changed_files` (the rows of the others came from the cache); what the manifest says of it;
  //! the cache this build writes.
  bool reusing = false;
  std::vector<source::SourceFile> changed_files = {};
  emit::ReuseEntry reuse = {};
  EvidenceCache cache = {};
  //! The files a per-file layer extracts.
  std::span<const source::SourceFile> ExtractFiles() const {
    return reusing ? std::span<const source::SourceFile>(changed_files)
                   : std::span<const source::SourceFile>(files);
  }
  //! The evidence layers, each run by its task. Declared after `files`, which a layer may read in
  //! the background until it is destroyed.
  EvidenceLayers layers = {};
  //! What each layer that runs must produce (planning); the scan begins their runs.
  std::vector<std::pair<extract::EvidenceLayer*, extract::LayerRequest>> layer_requests = {};
  //! The memory budget as the user would name it ("--memory-limit 200MB", "the default memory
  //! limit of 18.8 GiB"), for the one line of a build that does not fit in it.
  std::string memory_limit_name = {};
  //! Sampled after every task (null: not measured).
  SpillMeter* spill_meter = nullptr;
};

using BuildTask = Task<BuildContext>;

//! The canonical sort of declared table `table` under the profile's determinism (none when the
//! profile does not ask for canonical order).
std::vector<std::string> SortOf(const BuildContext& ctx, std::string_view table);

//! Every column of a derived table in order: a total sort order for byte-stable files.
base::Result<std::vector<std::string>> EveryColumn(const BuildContext& ctx,
                                                   const std::string& table);

}  // namespace codeanatomy::orchestrate
