#include "codeanatomy/emit/run_bundle.h"

#include <nlohmann/json.hpp>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::emit {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
json SchemaJson(const base::Schema& schema) {
  json cols = json::array();
  for (const auto& f : schema.fields()) {
    cols.push_back(
        {{"name", f.name}, {"type", base::ColumnTypeName(f.type)}, {"nullable", f.nullable}});
  }
  return cols;
}
}  // namespace

base::Status WriteRunBundle(const fs::path& dir, const std::string& config_json,
                            const Manifest& manifest, const plan::Catalog& catalog) {
  std::error_code ec;
  for (const char* sub : {"rules", "schemas"}) {
    fs::create_directories(dir / sub, ec);
    if (ec)
      return base::Status::IoError("cannot create {}: {}", (dir / sub).string(), ec.message());
  }
  CA_RETURN_IF_ERROR(base::WriteFile(dir / "config.json", json::parse(config_json).dump(2) + "\n"));

  json contracts = json::array();
  for (const auto& def : schema::Tables().all()) {
    json cols = json::array();
    for (const auto& c : def.columns) {
      cols.push_back({{"name", c.name},
                      {"type", base::ColumnTypeName(c.type)},
                      {"required", c.nullability == schema::kRequired},
                      {"doc", c.doc}});
    }
    contracts.push_back({{"name", def.name},
                         {"kind", schema::Name(def.kind)},
                         {"layer", schema::Name(def.layer)},
                         {"doc", def.doc},
                         {"columns", std::move(cols)},
                         {"key", def.key},
                         {"sort", def.sort},
                         {"ddl", schema::CreateTableSql(def)}});
  }
  CA_RETURN_IF_ERROR(base::WriteFile(dir / "contracts.json", contracts.dump(2) + "\n"));

  for (const auto& r : manifest.rules) {
    CA_RETURN_IF_ERROR(base::WriteFile(dir / "rules" / (r.name + ".ir.txt"), r.ir));
    CA_RETURN_IF_ERROR(base::WriteFile(dir / "rules" / (r.name + ".sql"), r.sql + "\n"));
  }
  for (const auto& d : manifest.datasets) {
    auto schema = catalog.TableSchema(d.name);
    if (!schema.ok()) continue;
    json j = {{"name", d.name},
              {"kind", d.kind},
              {"rows", d.rows},
              {"schema_fingerprint", d.schema_fingerprint},
              {"columns", SchemaJson(*schema)}};
    CA_RETURN_IF_ERROR(base::WriteFile(dir / "schemas" / (d.name + ".json"), j.dump(2) + "\n"));
  }
  return base::Status::Ok();
}

}  // namespace codeanatomy::emit
