#include "codeanatomy/orchestrate/evidence_cache.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/stopwatch.h"
#include "codeanatomy/extract/python/python_extractor.h"
#include "codeanatomy/orchestrate/build_context.h"
#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/version.h"

namespace codeanatomy::orchestrate {

namespace fs = std::filesystem;
using base::Result;
using base::Status;
using json = nlohmann::json;

namespace {

//! The version of key.json's layout.
constexpr int kKeyFormat = 1;
//! How many re-extracted paths the manifest lists.
constexpr size_t kListedPaths = 100;

std::string Hex(uint64_t h) { return fmt::format("{:016x}", h); }

//! What a file's rows depend on besides its path: its status and canonical text.
std::string ContentHash(const source::SourceFile& f) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  XXH3_64bits_update(state, f.status.data(), f.status.size());
  XXH3_64bits_update(state, "\0", 1);
  XXH3_64bits_update(state, f.text.data(), f.text.size());
  const uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return Hex(h);
}

//! The checksum and size of a file's bytes, read in blocks.
Result<std::pair<std::string, uint64_t>> FileChecksum(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read {}", path.string());
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  std::vector<char> buffer(1 << 20);
  uint64_t bytes = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize n = in.gcount();
    if (n <= 0) break;
    XXH3_64bits_update(state, buffer.data(), static_cast<size_t>(n));
    bytes += static_cast<uint64_t>(n);
  }
  const bool failed = in.bad();
  const uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  if (failed) return Status::IoError("cannot read {}", path.string());
  return std::pair{Hex(h), bytes};
}

//! The tool that wrote the rows: its version and commit, those of what its layers run, and the
//! checksum of the running binary — a binary rebuilt from an uncommitted change (commit
//! "…-dirty") may extract differently under the same version and commit.
std::string ToolVersion() {
  static const std::string version = [] {
    Result<std::pair<std::string, uint64_t>> binary = FileChecksum("/proc/self/exe");
    return fmt::format("codeanatomy {} {}; tree-sitter-python {}; cpython {}; binary {}",
                       CA_VERSION, CA_GIT_COMMIT, CA_TREE_SITTER_PYTHON_VERSION,
                       extract::python::CPythonVersion(),
                       binary.ok() ? binary->first : std::string("unknown"));
  }();
  return version;
}

std::string RepoRoot(const BuildContext& ctx) {
  return fs::absolute(ctx.options.repo).lexically_normal().string();
}

//! What the rows of a file depend on besides the file: the per-file layers that run, the tables
//! each fills and their schemas, the parts switched off, the layers' options.
json Configuration(const BuildContext& ctx) {
  json layers = json::object();
  for (const auto& [layer, request] : ctx.layer_requests) {
    if (layer->scope() != extract::EvidenceLayer::Scope::kPerFile) continue;
    json tables = json::object();
    for (const std::string& t : request.tables) {
      tables[t] = schema::GetTable(t).ToSchema().ToString();
    }
    std::vector<std::string> off;
    for (schema::Layer part : request.switched_off) off.emplace_back(schema::Name(part));
    layers[std::string(layer->name())] = {{"tables", std::move(tables)},
                                          {"switched_off", std::move(off)}};
  }
  return {{"layers", std::move(layers)}, {"python_ast", ctx.options.python_ast}};
}

//! The cached tables this build needs: every table of a per-file layer that runs.
std::vector<std::string> NeededTables(const BuildContext& ctx) {
  std::vector<std::string> out;
  for (const auto& [layer, request] : ctx.layer_requests) {
    if (layer->scope() != extract::EvidenceLayer::Scope::kPerFile) continue;
    out.insert(out.end(), request.tables.begin(), request.tables.end());
  }
  return out;
}

//! Refuses the cache: every file is extracted.
void Refuse(BuildContext& ctx, std::string reason, std::string detail) {
  ctx.reusing = false;
  ctx.changed_files.clear();
  ctx.reuse.refused = std::move(reason);
  ctx.reuse.detail = std::move(detail);
  ctx.reuse.files_reused = 0;
  ctx.reuse.files_extracted = static_cast<int64_t>(ctx.files.size());
  ctx.reuse.files_dropped = 0;
  ctx.reuse.extracted.clear();
}

//! The checked key of the cache in OUT, or the reason (refused, detail) it cannot serve.
struct KeyCheck {
  std::optional<json> key;
  std::string refused, detail;
};

KeyCheck ReadKey(const BuildContext& ctx, const fs::path& dir) {
  std::error_code ec;
  const fs::path key_path = dir / kCacheKeyFile;
  if (!fs::exists(key_path, ec)) {
    return {std::nullopt, "no_cache",
            fmt::format("{} has no {}/{} (first build into it, or a build that wrote none)",
                        ctx.options.out.string(), kCacheDir, kCacheKeyFile)};
  }
  Result<std::string> text = base::ReadFile(key_path);
  if (!text.ok()) return {std::nullopt, "corrupt", text.status().message()};
  json key = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (key.is_discarded() || !key.is_object()) {
    return {std::nullopt, "corrupt", fmt::format("{} is not JSON", key_path.string())};
  }
  auto str = [&key](const char* field) -> std::string {
    auto it = key.find(field);
    return it != key.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto it_format = key.find("format");
  if (it_format == key.end() || !it_format->is_number_integer() ||
      it_format->get<int>() != kKeyFormat || !key.contains("files") || !key["files"].is_object() ||
      !key.contains("tables") || !key["tables"].is_object() || !key.contains("configuration")) {
    return {std::nullopt, "corrupt",
            fmt::format("{} lacks a field or has another layout", key_path.string())};
  }
  if (str("tool") != ToolVersion()) {
    return {std::nullopt, "version",
            fmt::format("cache written by '{}', this is '{}'", str("tool"), ToolVersion())};
  }
  if (str("repository") != RepoRoot(ctx)) {
    return {std::nullopt, "repository",
            fmt::format("cache of the repository '{}', this build is of '{}'", str("repository"),
                        RepoRoot(ctx))};
  }
  if (key["configuration"] != Configuration(ctx)) {
    return {std::nullopt, "configuration",
            fmt::format("cache made with other evidence options (layers, tables or --ast): {}; "
                        "this build: {}",
                        key["configuration"].dump(), Configuration(ctx).dump())};
  }
  return {std::move(key), "", ""};
}

//! Hands `each` the file_id of every row of `table` where `where` holds, through a plan.
Status StreamFileIds(BuildContext& ctx, const std::string& table, plan::Expr where,
                     const std::function<void(std::optional<uint64_t>)>& each) {
  CA_ASSIGN_OR_RETURN(plan::Plan p, plan::PlanBuilder(ctx.catalog, "cache:" + table)
                                        .Scan(table)
                                        .Filter(std::move(where))
                                        .Select({"file_id"})
                                        .Build());
  return ctx.adapter.Stream(
      p, {"cache:" + table, table + "_cache_check"}, [&](const base::Table& chunk) {
        const base::Column& ids = chunk.column(0);
        for (size_t r = 0; r < chunk.num_rows(); ++r) {
          each(!ids.IsValid(r) ? std::nullopt : std::optional<uint64_t>(ids.GetUInt64(r)));
        }
        return Status::Ok();
      });
}

}  // namespace

static Status PrepareReuseUntimed(BuildContext& ctx) {
  ctx.cache.hashes.clear();
  ctx.cache.hashes.reserve(ctx.files.size());
  for (const auto& f : ctx.files) ctx.cache.hashes.push_back(ContentHash(f));
  ctx.reuse.cache = std::string(kCacheDir);
  if (ctx.options.full) {
    Refuse(ctx, "full", "--full: every file extracted");
    return Status::Ok();
  }
  const fs::path dir = ctx.options.out / kCacheDir;
  KeyCheck check = ReadKey(ctx, dir);
  if (!check.key) {
    Refuse(ctx, std::move(check.refused), std::move(check.detail));
    return Status::Ok();
  }
  const json& key = *check.key;

  // Which files are unchanged: same path, same content.
  std::vector<uint64_t> reused_ids;
  std::vector<source::SourceFile> changed;
  std::set<std::string> scanned;
  for (size_t i = 0; i < ctx.files.size(); ++i) {
    const source::SourceFile& f = ctx.files[i];
    scanned.insert(f.path);
    auto it = key.at("files").find(f.path);
    if (it != key.at("files").end() && it->is_string() && *it == ctx.cache.hashes[i]) {
      reused_ids.push_back(f.file_id);
    } else {
      changed.push_back(f);
    }
  }
  int64_t dropped = 0;
  for (const auto& [path, hash] : key.at("files").items()) dropped += scanned.count(path) ? 0 : 1;

  // Every table this build needs must be in the cache, whole: its size and checksum as written.
  std::vector<engine::Session::ParquetLoad> loads;
  for (const std::string& t : NeededTables(ctx)) {
    // `key` is const: a missing field must be looked up with find, never with [].
    const json& tables = key.at("tables");
    auto it = tables.find(t);
    const json entry = it != tables.end() && it->is_object() ? *it : json::object();
    if (!entry.contains("file") || !entry["file"].is_string() || !entry.contains("checksum") ||
        !entry["checksum"].is_string() || !entry.contains("bytes") ||
        !entry["bytes"].is_number_unsigned()) {
      Refuse(ctx, "corrupt", fmt::format("the key lists no cache file for table {}", t));
      return Status::Ok();
    }
    const std::string file = entry["file"].get<std::string>();
    if (file.empty() || file.find('/') != std::string::npos || file.starts_with(".")) {
      Refuse(ctx, "corrupt", fmt::format("the key names a bad cache file '{}'", file));
      return Status::Ok();
    }
    Result<std::pair<std::string, uint64_t>> sum = FileChecksum(dir / file);
    if (!sum.ok()) {
      Refuse(ctx, "corrupt", sum.status().message());
      return Status::Ok();
    }
    if (sum->second != entry["bytes"].get<uint64_t>() || sum->first != entry["checksum"]) {
      Refuse(ctx, "corrupt",
             fmt::format("{}/{} is not the file the key describes (size or checksum differs)",
                         kCacheDir, file));
      return Status::Ok();
    }
    loads.push_back({t, dir / file});
  }
  Result<std::vector<int64_t>> appended = ctx.session.AppendParquetRows(loads, reused_ids);
  if (!appended.ok()) {
    // Nothing was appended (one transaction): extract everything.
    Refuse(ctx, "corrupt", appended.status().message());
    return Status::Ok();
  }

  ctx.reusing = true;
  ctx.reuse.refused.clear();
  ctx.reuse.detail.clear();
  ctx.reuse.files_reused = static_cast<int64_t>(reused_ids.size());
  ctx.reuse.files_extracted = static_cast<int64_t>(changed.size());
  ctx.reuse.files_dropped = dropped;
  ctx.reuse.extracted.clear();
  for (const auto& f : changed) {
    if (ctx.reuse.extracted.size() == kListedPaths) break;
    ctx.reuse.extracted.push_back(f.path);
  }
  ctx.changed_files = std::move(changed);
  return Status::Ok();
}

static Status CacheLayerUntimed(BuildContext& ctx, const extract::EvidenceLayer& layer,
                                const extract::LayerRequest& request) {
  if (layer.scope() != extract::EvidenceLayer::Scope::kPerFile) return Status::Ok();
  const fs::path dir = ctx.staging.dir() / kCacheDir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create {}: {}", dir.string(), ec.message());
  for (const std::string& t : request.tables) {
    const std::string file = t + ".parquet";
    CA_RETURN_IF_ERROR(ctx.session.CopyToParquet(t, dir / file, {}));
    CA_ASSIGN_OR_RETURN(int64_t rows, ctx.session.RowCount(t));
    CA_ASSIGN_OR_RETURN(auto sum, FileChecksum(dir / file));
    ctx.cache.tables[t] = {file, rows, sum.second, sum.first};
    // Rows of no file cannot be told apart by file: such a cache would lose or repeat them.
    int64_t of_no_file = 0;
    CA_RETURN_IF_ERROR(StreamFileIds(ctx, t, plan::IsNull(plan::Col("file_id")),
                                     [&](std::optional<uint64_t>) { ++of_no_file; }));
    if (of_no_file > 0) ctx.cache.unusable = fmt::format("{} has rows of no file", t);
  }
  // A file whose worker crashed or timed out is extracted again next time.
  const std::string_view diagnostics = schema::DiagnosticsTable(layer.layer());
  if (layer.layer() == schema::Layer::kPython && request.Wants(diagnostics)) {
    std::optional<plan::Expr> transient;
    for (auto code :
         {schema::DiagnosticCode::kPyWorkerCrashed, schema::DiagnosticCode::kPyWorkerTimeout,
          schema::DiagnosticCode::kPyWorkerProtocol}) {
      plan::Expr is = plan::Col("code") == plan::Lit(std::string(schema::Name(code)));
      transient = transient ? *transient || is : is;
    }
    CA_RETURN_IF_ERROR(
        StreamFileIds(ctx, std::string(diagnostics), *transient, [&](std::optional<uint64_t> id) {
          if (id) ctx.cache.transient.insert(*id);
        }));
  }
  return Status::Ok();
}

Status PrepareReuse(BuildContext& ctx) {
  // Its own stage in the manifest (inside the scan task's time): hashing, checking, loading.
  base::Stopwatch watch;
  const Status s = PrepareReuseUntimed(ctx);
  ctx.stages.push_back({"cache:load", watch.ElapsedMillis(), watch.CpuSeconds() * 1000.0});
  return s;
}

Status CacheLayer(BuildContext& ctx, const extract::EvidenceLayer& layer,
                  const extract::LayerRequest& request) {
  // Its own stage in the manifest (inside the layer task's time).
  base::Stopwatch watch;
  const Status s = CacheLayerUntimed(ctx, layer, request);
  ctx.stages.push_back({"cache:write:" + std::string(layer.name()), watch.ElapsedMillis(),
                        watch.CpuSeconds() * 1000.0});
  return s;
}

Status WriteCacheKey(BuildContext& ctx) {
  const fs::path dir = ctx.staging.dir() / kCacheDir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create {}: {}", dir.string(), ec.message());
  if (!ctx.cache.unusable.empty()) {
    ctx.reuse.not_cached = ctx.cache.unusable + "; no key written";
    return Status::Ok();
  }
  json files = json::object();
  for (size_t i = 0; i < ctx.files.size(); ++i) {
    if (ctx.cache.transient.count(ctx.files[i].file_id)) continue;
    files[ctx.files[i].path] = ctx.cache.hashes[i];
  }
  if (!ctx.cache.transient.empty()) {
    ctx.reuse.not_cached =
        fmt::format("{} file(s) whose python worker crashed or timed out are left out of the key",
                    ctx.cache.transient.size());
  }
  json tables = json::object();
  for (const auto& [t, entry] : ctx.cache.tables) {
    tables[t] = {{"file", entry.file},
                 {"rows", entry.rows},
                 {"bytes", entry.bytes},
                 {"checksum", entry.checksum}};
  }
  const json key = {{"format", kKeyFormat},        {"tool", ToolVersion()},
                    {"repository", RepoRoot(ctx)}, {"configuration", Configuration(ctx)},
                    {"files", std::move(files)},   {"tables", std::move(tables)}};
  return base::WriteFile(dir / kCacheKeyFile, key.dump(1) + "\n");
}

}  // namespace codeanatomy::orchestrate
