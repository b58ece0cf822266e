#include "codeanatomy/source/repo_scan.h"

#include <algorithm>

#include <fmt/core.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/parallel.h"
#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/schema/table_def.h"
#include "codeanatomy/source/encoding.h"

namespace codeanatomy::source {

namespace fs = std::filesystem;

std::vector<std::string> ScanOptions::DefaultExcludeDirs() {
  // Directory names that never hold the project's own sources. Virtual environments are recognised
  // by their pyvenv.cfg whatever their name (a package may well be called `venv`, as the stdlib's
  // is).
  return {".git", ".hg",         ".svn",          "__pycache__", ".venv", "node_modules", "build",
          "dist", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox",  ".nox",         ".eggs"};
}

std::string ModuleNameForPath(std::string_view relative_path) {
  std::string_view p = relative_path;
  if (p.size() >= 3 && p.substr(p.size() - 3) == ".py") p.remove_suffix(3);
  if (p == "__init__") return "";
  if (p.size() >= 9 && p.substr(p.size() - 9) == "/__init__") p.remove_suffix(9);
  std::string out(p);
  std::replace(out.begin(), out.end(), '/', '.');
  return out;
}

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct Candidate {
  std::string path;
  fs::path abs_path;
};

//! Reads and decodes one file; fills status, text and the repo_files columns' raw facts.
struct FileFacts {
  int64_t size_bytes = 0;
  std::string content_hash;
  std::string encoding;
  bool has_bom = false;
  std::string status;
  std::string text;
  std::string problem;  // diagnostic message when status != ok
};

FileFacts ReadOne(const Candidate& c, const ScanOptions& options) {
  FileFacts f;
  struct stat st {};
  if (::stat(c.abs_path.c_str(), &st) != 0) {
    f.status = "unreadable";
    f.problem = "cannot stat the file";
    return f;
  }
  f.size_bytes = static_cast<int64_t>(st.st_size);
  if (f.size_bytes > options.max_file_bytes) {
    f.status = "too_large";
    f.problem = fmt::format("file is {} bytes, above the {}-byte limit", f.size_bytes,
                            options.max_file_bytes);
    return f;
  }
  auto bytes = base::ReadFile(c.abs_path);
  if (!bytes.ok()) {
    f.status = "unreadable";
    f.problem = bytes.status().message();
    return f;
  }
  std::string raw = std::move(bytes).value();
  f.size_bytes = static_cast<int64_t>(raw.size());
  XXH128_hash_t h = XXH3_128bits(raw.data(), raw.size());
  f.content_hash = fmt::format("{:016x}{:016x}", h.high64, h.low64);
  f.has_bom = raw.starts_with(kUtf8Bom);
  std::string_view body = raw;
  if (f.has_bom) body.remove_prefix(kUtf8Bom.size());
  f.encoding = "utf-8";
  if (!IsValidUtf8(body)) {
    f.status = "not_utf8_decodable";
    f.problem = "the file is not valid UTF-8";
    return f;
  }
  f.status = "ok";
  f.text.assign(body);
  return f;
}

}  // namespace

base::Result<ScanResult> ScanRepository(const ScanOptions& options) {
  std::error_code ec;
  const fs::path root = fs::absolute(options.root, ec);
  auto root_status = fs::status(root, ec);
  if (ec || !fs::exists(root_status)) {
    return base::Status::InvalidArgument(
        "repository path '{}' does not exist; pass the root directory of a Python project",
        options.root.string());
  }
  if (!fs::is_directory(root_status)) {
    return base::Status::InvalidArgument(
        "repository path '{}' is not a directory; pass the root directory of a Python project",
        options.root.string());
  }

  std::vector<Candidate> candidates;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    return base::Status::IoError("cannot list '{}': {}; check its permissions", root.string(),
                                 ec.message());
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      ec.clear();
      continue;
    }
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    std::error_code entry_ec;
    if (entry.is_symlink(entry_ec)) {
      if (entry.is_directory(entry_ec)) it.disable_recursion_pending();
      continue;  // symlinks are not followed
    }
    if (entry.is_directory(entry_ec)) {
      if (std::find(options.exclude_dirs.begin(), options.exclude_dirs.end(), name) !=
              options.exclude_dirs.end() ||
          fs::exists(entry.path() / "pyvenv.cfg", entry_ec)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!entry.is_regular_file(entry_ec) || !name.ends_with(".py")) continue;
    candidates.push_back(
        Candidate{fs::relative(entry.path(), root, entry_ec).generic_string(), entry.path()});
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.path < b.path; });

  std::vector<FileFacts> facts(candidates.size());
  base::ParallelFor(candidates.size(), options.threads,
                    [&](size_t i, size_t) { facts[i] = ReadOne(candidates[i], options); });

  ScanResult result;
  result.repo_files = schema::GetTable("repo_files").NewTable();
  result.diagnostics = schema::NewDiagnosticsTable();
  auto& t = result.repo_files;
  for (size_t i = 0; i < candidates.size(); ++i) {
    auto& c = candidates[i];
    auto& f = facts[i];
    SourceFile file;
    file.file_id = base::StableId("file", c.path);
    file.path = c.path;
    file.abs_path = c.abs_path;
    file.module_name = ModuleNameForPath(c.path);
    file.status = f.status;
    file.text = std::move(f.text);

    t.column("file_id").AppendUInt64(file.file_id);
    t.column("path").AppendString(file.path);
    t.column("module_name").AppendString(file.module_name);
    t.column("size_bytes").AppendInt64(f.size_bytes);
    if (f.status == "ok") {
      t.column("text_bytes").AppendInt64(static_cast<int64_t>(file.text.size()));
    } else {
      t.column("text_bytes").AppendNull();
    }
    t.column("content_hash")
        .AppendOptionalString(f.content_hash.empty()
                                  ? std::nullopt
                                  : std::optional<std::string_view>(f.content_hash));
    t.column("encoding")
        .AppendOptionalString(f.encoding.empty() ? std::nullopt
                                                 : std::optional<std::string_view>(f.encoding));
    t.column("has_bom").AppendBool(f.has_bom);
    t.column("status").AppendString(f.status);
    if (f.status != "ok") {
      schema::AppendDiagnostic(result.diagnostics,
                               {.file_id = file.file_id,
                                .path = file.path,
                                .layer = "source",
                                .code = f.status == "too_large"    ? "SOURCE_TOO_LARGE"
                                        : f.status == "unreadable" ? "SOURCE_UNREADABLE"
                                                                   : "SOURCE_NOT_DECODABLE",
                                .severity = "warning",
                                .message = f.problem});
    }
    result.files.push_back(std::move(file));
  }
  t.CheckConsistent();
  return result;
}

}  // namespace codeanatomy::source
