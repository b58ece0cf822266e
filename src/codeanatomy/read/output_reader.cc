#include "codeanatomy/read/output_reader.h"

#include <algorithm>
#include <set>

#include "codeanatomy/engine/session.h"

namespace codeanatomy::read {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

struct OutputReader::Impl {
  std::unique_ptr<engine::Session> session;
};

OutputReader::OutputReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OutputReader::OutputReader(OutputReader&&) noexcept = default;
OutputReader::~OutputReader() = default;

Result<OutputReader> OutputReader::Open(const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(out / "manifest.json", ec)) {
    return Status::InvalidArgument(
        "'{}' is not a CodeAnatomy output directory (no manifest.json); run `codeanatomy build "
        "REPO "
        "-o {}` first",
        out.string(), out.string());
  }
  engine::RuntimeProfile profile;
  CA_ASSIGN_OR_RETURN(auto session, engine::Session::Open(profile));
  std::set<std::string> views;  // a name in several directories: the first one (OUT's own) wins
  for (const fs::path& dir : {out, out / "evidence", out / "derived"}) {
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".parquet") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      if (!views.insert(f.stem().string()).second) continue;
      CA_RETURN_IF_ERROR(session->CreateParquetView(f.stem().string(), f));
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->session = std::move(session);
  return OutputReader(std::move(impl));
}

Result<QueryResult> OutputReader::Query(const std::string& sql) {
  QueryResult result;
  CA_RETURN_IF_ERROR(impl_->session->QueryText(sql, &result.columns, &result.rows));
  return result;
}

Result<QueryResult> QueryOutput(const fs::path& out, const std::string& sql) {
  CA_ASSIGN_OR_RETURN(OutputReader reader, OutputReader::Open(out));
  return reader.Query(sql);
}

}  // namespace codeanatomy::read
