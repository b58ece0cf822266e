// harness/corpus.h
//
// The golden corpus: one small repository per language area under tests/corpus/<case>/, its
// expected graph in tests/corpus/<case>/expected/{nodes,edges,props}.tsv (harness/golden.h).
// corpus_test checks them and runs the parity matrix over them; `scripts/regen-goldens` rewrites
// them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/engine/runtime_profile.h"

#include "harness/golden.h"

namespace codeanatomy::harness {

//! tests/corpus under `source_dir` (the repository root).
std::filesystem::path CorpusDir(const std::filesystem::path& source_dir);
//! The case names: every directory of `corpus_dir`, sorted.
std::vector<std::string> CorpusCases(const std::filesystem::path& corpus_dir);

//! One build of the matrix: which lane, how many threads.
struct Variant {
  std::string label;  // "engine, 1 thread"
  engine::Lane lane = engine::Lane::kEngine;
  int threads = 1;
};

//! Builds `repo` in-process into `out` with every output a check needs: the graph, diagnostics,
//! evidence (the golden renderer's line index; extraction parity) and derived (every rule's
//! output).
base::Status BuildCase(const std::filesystem::path& repo, const std::filesystem::path& out,
                       const Variant& variant);

//! Builds `repo` (engine lane, two threads) into `scratch`/out and renders its goldens.
base::Result<Goldens> BuildAndRender(const std::filesystem::path& repo,
                                     const std::filesystem::path& scratch);

}  // namespace codeanatomy::harness
