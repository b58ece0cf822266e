#include "harness/corpus.h"

#include <algorithm>

#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/read/output_reader.h"

namespace codeanatomy::harness {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

fs::path CorpusDir(const fs::path& source_dir) { return source_dir / "tests" / "corpus"; }

std::vector<std::string> CorpusCases(const fs::path& corpus_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(corpus_dir, ec)) {
    if (entry.is_directory()) out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status BuildCase(const fs::path& repo, const fs::path& out, const Variant& variant) {
  orchestrate::BuildOptions options;
  options.repo = repo;
  options.out = out;
  options.profile.threads = variant.threads;
  options.profile.lane = variant.lane;
  options.outputs = {"cpg_nodes", "cpg_edges", "cpg_props", "diagnostics", "evidence", "derived"};
  // The same files whatever .gitignore files surround the checkout.
  options.use_gitignore = false;
  auto built = orchestrate::RunBuild(options);
  if (!built.ok()) return built.status().WithContext("building " + repo.string());
  return Status::Ok();
}

Result<Goldens> BuildAndRender(const fs::path& repo, const fs::path& scratch) {
  const fs::path out = scratch / "out";
  CA_RETURN_IF_ERROR(BuildCase(repo, out, {"engine, 2 threads", engine::Lane::kEngine, 2}));
  CA_ASSIGN_OR_RETURN(read::OutputReader reader, read::OutputReader::Open(out));
  return RenderGoldens(reader);
}

}  // namespace codeanatomy::harness
