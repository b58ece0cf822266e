// corpus_regen [--corpus DIR] [CASE...] — rebuilds every case of the golden corpus (or the named
// ones) and rewrites its expected/{nodes,edges,props}.tsv. Run through scripts/regen-goldens, which
// builds first; review the result with `git diff tests/corpus`.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <unistd.h>

#include "codeanatomy/extract/python/python_extractor.h"

#include "harness/corpus.h"
#include "harness/golden.h"

namespace codeanatomy::harness {
namespace {

namespace fs = std::filesystem;

int Main(int argc, char** argv) {
  fs::path corpus = CorpusDir(CA_SOURCE_DIR);
  std::vector<std::string> cases;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--corpus" && i + 1 < argc) {
      corpus = argv[++i];
    } else if (arg == "-h" || arg == "--help") {
      fmt::print("usage: corpus_regen [--corpus DIR] [CASE...]\n");
      return 0;
    } else {
      cases.push_back(arg);
    }
  }
  if (cases.empty()) cases = CorpusCases(corpus);
  if (cases.empty()) {
    fmt::print(stderr, "corpus_regen: no cases under {}\n", corpus.string());
    return 2;
  }
  std::string tmpl = (fs::temp_directory_path() / "codeanatomy-regen-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    fmt::print(stderr, "corpus_regen: cannot create a temporary directory\n");
    return 2;
  }
  const fs::path scratch = tmpl;
  int failures = 0, changed = 0;
  for (const auto& c : cases) {
    const fs::path repo = corpus / c;
    if (!fs::is_directory(repo)) {
      fmt::print(stderr, "corpus_regen: no case {} (no directory {})\n", c, repo.string());
      ++failures;
      continue;
    }
    std::error_code ec;
    fs::remove_all(scratch / c, ec);
    auto rendered = BuildAndRender(repo, scratch / c);
    if (!rendered.ok()) {
      fmt::print(stderr, "corpus_regen: {}: {}\n", c, rendered.status().ToString());
      ++failures;
      continue;
    }
    auto before = ReadGoldens(repo / "expected");
    std::string what;
    for (const auto& name : GoldenNames()) {
      const auto& lines = (*rendered)[name];
      const bool same = before.ok() && (*before)[name] == lines;
      what += fmt::format("  {} {} rows{}", name, lines.empty() ? 0 : lines.size() - 1,
                          same ? "" : " (changed)");
      changed += same ? 0 : 1;
    }
    if (auto s = WriteGoldens(repo / "expected", *rendered); !s.ok()) {
      fmt::print(stderr, "corpus_regen: {}: {}\n", c, s.ToString());
      ++failures;
      continue;
    }
    fmt::print("{:<24}{}\n", c, what);
  }
  std::error_code ec;
  fs::remove_all(scratch, ec);
  fmt::print("{} file(s) changed; review them with `git diff {}`\n", changed, corpus.string());
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace codeanatomy::harness

int main(int argc, char** argv) {
  // RunBuild's python workers re-execute this binary.
  if (argc >= 2 && argv[1] == codeanatomy::extract::python::kWorkerArgument) {
    return codeanatomy::extract::python::WorkerMain(argc, argv);
  }
  return codeanatomy::harness::Main(argc, argv);
}
