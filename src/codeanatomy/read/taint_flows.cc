#include "codeanatomy/read/taint_flows.h"

#include <algorithm>
#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "codeanatomy/read/output_reader.h"
#include "codeanatomy/schema/taint_presets.h"

namespace codeanatomy::read {

namespace fs = std::filesystem;
using base::Result;
using base::Status;
using Json = nlohmann::ordered_json;

namespace {

struct Place {
  std::string path;
  int64_t line = 0, col = 0;
  std::string text, kind;
};

struct Finding {
  std::string flow_id, rule, source_name, callee;
  int64_t length = 0;
  Place source, sink;
  std::vector<Place> steps;
};

//! The first line of a span's text, trimmed, at most 120 bytes (a UTF-8 sequence is not cut).
std::string Shown(const std::optional<std::string>& text) {
  if (!text) return "";
  std::string s = text->substr(0, text->find_first_of("\r\n"));
  auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  s = s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
  if (s.size() > 120) {
    size_t cut = 117;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s = s.substr(0, cut) + "...";
  }
  return s;
}

int64_t Int(const std::optional<std::string>& v) { return v ? std::stoll(*v) : 0; }

std::string Quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

Result<std::vector<Finding>> ReadFindings(OutputReader& reader, const FlowsOptions& options) {
  const auto views = reader.Views();
  const bool have_text = std::find(views.begin(), views.end(), "file_text") != views.end();
  auto text = [&](const std::string& path, const std::string& bstart, const std::string& bend) {
    return have_text ? fmt::format("code({}, {}, {})", path, bstart, bend)
                     : std::string("CAST(NULL AS VARCHAR)");
  };
  std::string where;
  for (const auto& p : options.presets) {
    where += fmt::format("{}{}", where.empty() ? " WHERE rule IN (" : ", ", Quoted(p));
  }
  if (!where.empty()) where += ")";
  std::string sources;
  for (const auto& name : options.sources) {
    sources += fmt::format("{}{}", sources.empty() ? "source_name IN (" : ", ", Quoted(name));
  }
  if (!sources.empty()) where += fmt::format("{}{})", where.empty() ? " WHERE " : " AND ", sources);
  const std::string order =
      "length, rule, source_path, source_line, source_col, sink_path, sink_line, sink_col, "
      "flow_id";
  CA_ASSIGN_OR_RETURN(
      QueryResult rows,
      reader.Query(fmt::format(
          "SELECT CAST(flow_id AS VARCHAR), rule, source_name, source_path, source_line, "
          "source_col, {}, sink_callee, sink_path, sink_line, sink_col, {}, length FROM "
          "taint_flows{} ORDER BY {}",
          text("source_path", "source_bstart", "source_bend"),
          text("sink_path", "sink_bstart", "sink_bend"), where, order)));
  std::vector<Finding> findings;
  std::map<std::string, size_t> by_id;
  for (const auto& r : rows.rows) {
    Finding f;
    f.flow_id = r[0].value_or("");
    f.rule = r[1].value_or("");
    f.source_name = r[2].value_or("");
    f.source = {r[3].value_or(""), Int(r[4]), Int(r[5]), Shown(r[6]), "source"};
    f.callee = r[7].value_or("");
    f.sink = {r[8].value_or(""), Int(r[9]), Int(r[10]), Shown(r[11]), "sink"};
    f.length = Int(r[12]);
    by_id[f.flow_id] = findings.size();
    findings.push_back(std::move(f));
  }
  // The steps, one row each, in path order.
  const std::string part = "split_part(s, chr(9), {})";
  auto p = [&](int i) { return fmt::format(fmt::runtime(part), i); };
  CA_ASSIGN_OR_RETURN(
      QueryResult steps,
      reader.Query(fmt::format(
          "SELECT CAST(flow_id AS VARCHAR), {}, {}, {}, {}, {} FROM (SELECT flow_id, "
          "unnest(steps) AS s, generate_subscripts(steps, 1) AS i FROM taint_flows "
          "WHERE steps IS NOT NULL) ORDER BY flow_id, i",
          p(1), p(2), p(3),
          text(p(1), "CAST(" + p(4) + " AS BIGINT)", "CAST(" + p(5) + " AS BIGINT)"), p(6))));
  for (const auto& r : steps.rows) {
    auto it = by_id.find(r[0].value_or(""));
    if (it == by_id.end()) continue;
    findings[it->second].steps.push_back(
        {r[1].value_or(""), Int(r[2]), Int(r[3]), Shown(r[4]), r[5].value_or("")});
  }
  return findings;
}

Json PlaceJson(const Place& p) {
  return Json{{"path", p.path}, {"line", p.line}, {"col", p.col}, {"text", p.text}};
}

Json SarifLocation(const Place& p) {
  return Json{{"physicalLocation",
               {{"artifactLocation", {{"uri", p.path}, {"uriBaseId", "%SRCROOT%"}}},
                {"region", {{"startLine", p.line}, {"startColumn", p.col}}}}}};
}

std::string Table(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    out += fmt::format("{}: {} -> {} ({} steps)\n", f.rule, f.source_name, f.callee, f.length);
    out += fmt::format("  source  {}:{}:{}  {}\n", f.source.path, f.source.line, f.source.col,
                       f.source.text);
    for (const auto& s : f.steps) {
      if (s.kind == "source") continue;  // printed above
      out += fmt::format("  {:<7} {}:{}:{}  {}\n", s.kind, s.path, s.line, s.col, s.text);
    }
    out += fmt::format("  sink    {}:{}:{}  {}\n\n", f.sink.path, f.sink.line, f.sink.col,
                       f.sink.text);
  }
  out += fmt::format("{} finding{}\n", findings.size(), findings.size() == 1 ? "" : "s");
  return out;
}

std::string JsonText(const std::vector<Finding>& findings) {
  Json list = Json::array();
  for (const auto& f : findings) {
    Json sink = PlaceJson(f.sink);
    sink["callee"] = f.callee;
    Json steps = Json::array();
    for (const auto& s : f.steps) {
      Json j = PlaceJson(s);
      j["kind"] = s.kind;
      steps.push_back(std::move(j));
    }
    list.push_back(Json{{"rule", f.rule},
                        {"source", PlaceJson(f.source)},
                        {"sink", std::move(sink)},
                        {"steps", std::move(steps)}});
  }
  return list.dump(2) + "\n";
}

std::string Sarif(const std::vector<Finding>& findings, const FlowsOptions& options) {
  Json rules = Json::array();
  std::map<std::string, int> index;
  for (const auto& p : schema::TaintPresets()) {
    if (!options.presets.empty() &&
        std::find(options.presets.begin(), options.presets.end(), p.id) == options.presets.end()) {
      continue;
    }
    index[std::string(p.id)] = static_cast<int>(rules.size());
    rules.push_back(Json{{"id", p.id},
                         {"name", p.id},
                         {"shortDescription", {{"text", p.description}}},
                         {"fullDescription", {{"text", p.description}}},
                         {"defaultConfiguration", {{"level", "error"}}},
                         {"properties", {{"tags", Json::array({"security", p.cwe})}}}});
  }
  Json results = Json::array();
  for (const auto& f : findings) {
    Json flow = Json::array();
    for (const auto& s : f.steps) {
      flow.push_back(
          Json{{"location",
                {{"physicalLocation", SarifLocation(s)["physicalLocation"]},
                 {"message", {{"text", s.text.empty() ? s.kind : s.kind + ": " + s.text}}}}}});
    }
    Json result{
        {"ruleId", f.rule},
        {"level", "error"},
        {"message",
         {{"text", fmt::format("{} from {} ({}:{}) reaches {}", f.rule, f.source_name,
                               f.source.path, f.source.line, f.callee)}}},
        {"locations", Json::array({SarifLocation(f.sink)})},
        {"relatedLocations", Json::array({[&] {
           Json j = SarifLocation(f.source);
           j["id"] = 1;
           j["message"] = {{"text", "source: " + f.source_name}};
           return j;
         }()})},
        {"codeFlows", Json::array({{{"threadFlows", Json::array({{{"locations", flow}}})}}})},
        {"partialFingerprints", {{"codeanatomyFlow/v1", f.flow_id}}}};
    if (auto it = index.find(f.rule); it != index.end()) result["ruleIndex"] = it->second;
    results.push_back(std::move(result));
  }
  Json sarif{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", Json::array({{{"tool",
                                     {{"driver",
                                       {{"name", "codeanatomy"},
                                        {"version", options.tool_version},
                                        {"rules", std::move(rules)}}}}},
                                    {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", "file:///"}}}}},
                                    {"results", std::move(results)}}})}};
  return sarif.dump(2) + "\n";
}

}  // namespace

Result<std::string> ExportFlows(const fs::path& out, const FlowsOptions& options) {
  for (const auto& p : options.presets) {
    if (schema::FindTaintPreset(p) == nullptr) {
      std::string known;
      for (const auto& t : schema::TaintPresets()) {
        known += fmt::format("{}{}", known.empty() ? "" : ", ", t.id);
      }
      return Status::InvalidArgument("unknown preset '{}': give one of {}", p, known);
    }
  }
  std::error_code ec;
  if (fs::exists(out / "manifest.json", ec) && !fs::exists(out / "taint_flows.parquet", ec)) {
    return Status::NotFound(
        "'{}' has no taint_flows.parquet: it was built without the taint_flows output; rebuild "
        "with `--outputs` including taint_flows",
        out.string());
  }
  CA_ASSIGN_OR_RETURN(OutputReader reader, OutputReader::Open(out));
  CA_ASSIGN_OR_RETURN(std::vector<Finding> findings, ReadFindings(reader, options));
  switch (options.format) {
    case FlowsFormat::kTable:
      return Table(findings);
    case FlowsFormat::kJson:
      return JsonText(findings);
    case FlowsFormat::kSarif:
      return Sarif(findings, options);
  }
  return Status::Internal("unknown flows format");
}

}  // namespace codeanatomy::read
