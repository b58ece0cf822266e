#include "codeanatomy/schema/diagnostics.h"

#include "codeanatomy/base/check.h"
#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {
namespace {

constexpr DiagnosticCodeInfo kCodes[] = {
#define CA_DIAGNOSTIC(enumerator, code, layer, severity, doc) \
  {DiagnosticCode::enumerator, code, Layer::layer, Severity::severity, doc},
#include "codeanatomy/schema/diagnostic_codes.def"
};

void AppendRow(base::Table& table, std::string_view layer, std::string_view code,
               std::string_view severity, const DiagnosticSite& d) {
  base::StableIdBuilder id;
  id.Add("diagnostic").Add(d.path).Add(layer).Add(code).Add(d.bstart).Add(d.bend).Add(d.message);
  table.column("diag_id").AppendUInt64(id.Finish());
  auto& file_id = table.column("file_id");
  d.file_id ? file_id.AppendUInt64(*d.file_id) : file_id.AppendNull();
  auto& path = table.column("path");
  d.path.empty() ? path.AppendNull() : path.AppendString(d.path);
  table.column("layer").AppendString(layer);
  table.column("code").AppendString(code);
  table.column("severity").AppendString(severity);
  table.column("message").AppendString(d.message);
  auto& bstart = table.column("bstart");
  d.bstart ? bstart.AppendInt64(*d.bstart) : bstart.AppendNull();
  auto& bend = table.column("bend");
  d.bend ? bend.AppendInt64(*d.bend) : bend.AppendNull();
}

}  // namespace

std::string_view Name(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  CA_UNREACHABLE("severity {}", static_cast<int>(severity));
}

std::span<const DiagnosticCodeInfo> AllDiagnosticCodes() { return kCodes; }
const DiagnosticCodeInfo& Info(DiagnosticCode code) { return kCodes[static_cast<size_t>(code)]; }
std::string_view Name(DiagnosticCode code) { return Info(code).name; }

std::optional<DiagnosticCode> ParseDiagnosticCode(std::string_view name) {
  for (const auto& info : kCodes) {
    if (info.name == name) return info.code;
  }
  return std::nullopt;
}

void AppendDiagnostic(base::Table& table, DiagnosticCode code, const DiagnosticSite& site) {
  const DiagnosticCodeInfo& info = Info(code);
  AppendRow(table, Name(info.layer), info.name, Name(info.severity), site);
}

void AppendDiagnostic(base::Table& table, const Diagnostic& d) {
  const std::optional<DiagnosticCode> code = ParseDiagnosticCode(d.code);
  CA_CHECK_MSG(code.has_value(), "diagnostic code {} is not declared in diagnostic_codes.def",
               d.code);
  const DiagnosticCodeInfo& info = Info(*code);
  CA_CHECK_MSG(Name(info.layer) == d.layer && Name(info.severity) == d.severity,
               "diagnostic {} is declared as layer {}, severity {}; not {}, {}", d.code,
               Name(info.layer), Name(info.severity), d.layer, d.severity);
  AppendRow(table, d.layer, d.code, d.severity,
            {.file_id = d.file_id,
             .path = d.path,
             .message = d.message,
             .bstart = d.bstart,
             .bend = d.bend});
}

base::Table NewDiagnosticsTable() { return GetTable("diagnostics").NewTable(); }

std::string_view DiagnosticsTable(Layer layer) {
  switch (layer) {
    case Layer::kSource:
      return "diagnostics_source";
    case Layer::kCst:
      return "diagnostics_cst";
    case Layer::kPython:
      return "diagnostics_python";
    case Layer::kSymtable:
    case Layer::kBytecode:
    case Layer::kAst:
    case Layer::kScip:
    case Layer::kCpg:
      break;
  }
  CA_UNREACHABLE("layer {} declares no diagnostic code", Name(layer));
}

std::vector<Layer> LayersWithDiagnostics() {
  std::vector<Layer> layers;
  for (const auto& l : AllLayers()) {
    for (const auto& c : kCodes) {
      if (c.layer == l.layer) {
        layers.push_back(l.layer);
        break;
      }
    }
  }
  return layers;
}

}  // namespace codeanatomy::schema
