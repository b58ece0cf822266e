#include "codeanatomy/read/output_reader.h"

#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/read/views.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::read {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

struct OutputReader::Impl {
  fs::path out;
  std::unique_ptr<engine::Session> session;
  ReaderOptions options;
  std::set<std::string> views;
  std::map<std::string, std::string> unavailable;
  //! The file each table view reads; a query view reads the files of the graph tables.
  std::map<std::string, fs::path> files;
};

OutputReader::OutputReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OutputReader::OutputReader(OutputReader&&) noexcept = default;
OutputReader::~OutputReader() = default;

Result<OutputReader> OutputReader::Open(const fs::path& out, const ReaderOptions& options) {
  std::error_code ec;
  if (!fs::exists(out / "manifest.json", ec)) {
    return Status::InvalidArgument(
        "'{}' is not a CodeAnatomy output directory (no manifest.json); run `codeanatomy build "
        "REPO -o {}` first",
        out.string(), out.string());
  }
  auto impl = std::make_unique<Impl>();
  // The real path, without a trailing separator (files are named relative to its parent).
  impl->out = fs::weakly_canonical(out, ec);
  if (!impl->out.has_filename()) impl->out = impl->out.parent_path();
  impl->options = options;
  engine::RuntimeProfile profile;
  CA_ASSIGN_OR_RETURN(impl->session, engine::Session::Open(profile));
  engine::Session& session = *impl->session;
  // The files the views read, by their real path: all the sandbox lets a query open.
  const fs::path& root = impl->out;
  std::vector<fs::path> readable;
  plan::MapCatalog catalog;
  for (const fs::path& dir : {root, root / "evidence", root / "derived"}) {
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".parquet") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      const std::string name = f.stem().string();
      // A name in several directories: the first one (OUT's own) wins.
      if (impl->views.count(name) || impl->unavailable.count(name)) continue;
      Status s = session.CreateParquetView(name, f);
      if (!s.ok()) {
        impl->unavailable[name] =
            fmt::format("{} cannot be read ({})", f.lexically_relative(root.parent_path()).string(),
                        s.message().substr(0, s.message().find('\n')));
        continue;
      }
      // A table with a type the plans do not know (none of ours) is no input of the query views.
      if (auto schema = session.TableSchema(name); schema.ok()) catalog.Add(name, *schema);
      impl->views.insert(name);
      impl->files[name] = f;
      readable.push_back(f);
    }
  }
  // The query views, over whatever tables the output has.
  engine::Adapter adapter(session);
  for (const auto& def : schema::Tables().all()) {
    if (def.kind != schema::TableKind::kView) continue;
    const std::string name(def.name);
    auto plan = BuildView(def, catalog);
    if (!plan.ok()) {
      std::string needs;
      for (const auto& t : {"cpg_nodes", "cpg_edges", "cpg_props", "class_mro"}) {
        if (!impl->views.count(t) && plan.status().message().find(t) != std::string::npos) {
          needs = impl->unavailable.count(t) ? impl->unavailable[t]
                                             : std::string(t) + " is not in this output";
        }
      }
      impl->unavailable[name] =
          fmt::format("the view needs {}", needs.empty() ? plan.status().message() : needs);
      continue;
    }
    CA_RETURN_IF_ERROR(adapter.CreateView(*plan, name).WithContext("view " + name));
    impl->views.insert(name);
  }
  CA_RETURN_IF_ERROR(session.Define(CodeMacroSql(impl->views.count("file_text") > 0)));
  if (!options.allow_external) CA_RETURN_IF_ERROR(session.RestrictFileAccess(readable));
  return OutputReader(std::move(impl));
}

std::vector<std::string> OutputReader::Views() const {
  return {impl_->views.begin(), impl_->views.end()};
}

const std::map<std::string, std::string>& OutputReader::unavailable() const {
  return impl_->unavailable;
}

Status OutputReader::Explain(Status status) const {
  if (status.ok()) return status;
  const std::string& m = status.message();
  // DuckDB: "Catalog Error: Table with name X does not exist! ..."
  const std::string marker = "Table with name ";
  const size_t at = m.find(marker);
  if (at == std::string::npos) return status;
  const size_t start = at + marker.size();
  const std::string name = m.substr(start, m.find(' ', start) - start);
  if (auto it = impl_->unavailable.find(name); it != impl_->unavailable.end()) {
    return Status(status.code(), fmt::format("{} is not available: {}", name, it->second));
  }
  std::string why;
  if (const auto* def = schema::Tables().Find(name);
      def != nullptr && def->kind == schema::TableKind::kEvidence) {
    why = name == "file_text"
              ? "file_text (what code() reads) is written by default; rebuild with the default "
                "--outputs or add file_text to them"
              : fmt::format("{} is an evidence table; rebuild with --emit-evidence to query it",
                            name);
  } else if (name.starts_with("rel_")) {
    why =
        fmt::format("{} is a rule's output; rebuild with --outputs ...,derived to query it", name);
  }
  if (why.empty()) return status;
  return Status(status.code(), fmt::format("{} ({})", m, why));
}

Result<QueryResult> OutputReader::Query(const std::string& sql) {
  QueryResult result;
  Status s = impl_->session->QueryText(sql, &result.columns, &result.rows);
  if (!s.ok()) return Explain(s);
  return result;
}

Status OutputReader::Run(const std::string& sql, engine::QuerySink& sink) {
  Status s = impl_->session->RunUserSql(sql, sink, !impl_->options.allow_external);
  if (s.ok()) return s;
  Status explained = Explain(s);
  // Errors that reading files can raise, and whose message may not name the file.
  bool file_error = false;
  for (const char* kind : {"Invalid Error", "IO Error", "Invalid Input Error", "Internal Error",
                           "Serialization Error"}) {
    file_error |= s.message().find(std::string(": ") + kind + ":") != std::string::npos;
  }
  if (!file_error || explained.message() != s.message() ||
      s.message().find(".parquet") != std::string::npos) {
    return explained;
  }
  // A damaged page behind an intact footer fails only when read, often without naming its file:
  // read whole the files the SQL reads (all of them when it does not parse) and name the bad ones.
  std::set<std::string> tables;
  for (const auto& t : impl_->session->TablesNamedIn(sql)) {
    if (impl_->files.count(t)) {
      tables.insert(t);
    } else if (const auto* def = schema::Tables().Find(t);
               def != nullptr && def->kind == schema::TableKind::kView) {
      tables.insert({"cpg_nodes", "cpg_edges", "cpg_props", "class_mro"});
    }
  }
  if (sql.find("code(") != std::string::npos) tables.insert("file_text");
  if (tables.empty()) {
    for (const auto& [name, file] : impl_->files) tables.insert(name);
  }
  std::string damaged;
  for (const auto& t : tables) {
    auto it = impl_->files.find(t);
    if (it == impl_->files.end()) continue;
    Status read = impl_->session->ReadWholeParquet(it->second);
    if (read.ok()) continue;
    damaged += fmt::format("{}{} is damaged ({})", damaged.empty() ? "" : "; ",
                           it->second.lexically_relative(impl_->out.parent_path()).string(),
                           read.message());
  }
  if (damaged.empty()) return s;
  return Status(s.code(), fmt::format("{} — {}", s.message(), damaged));
}

Result<QueryResult> QueryOutput(const fs::path& out, const std::string& sql) {
  CA_ASSIGN_OR_RETURN(OutputReader reader, OutputReader::Open(out));
  return reader.Query(sql);
}

}  // namespace codeanatomy::read
