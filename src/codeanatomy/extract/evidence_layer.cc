#include "codeanatomy/extract/evidence_layer.h"

namespace codeanatomy::extract {

std::vector<const schema::TableDef*> TablesOf(schema::Layer layer) {
  std::vector<const schema::TableDef*> out;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence && schema::Info(def.layer).parent == layer) {
      out.push_back(&def);
    }
  }
  return out;
}

std::vector<const schema::TableDef*> EvidenceLayer::Tables() const { return TablesOf(layer()); }

base::Status SinkAll(std::span<const std::pair<std::string_view, const base::Table*>> tables,
                     const EvidenceSink& sink) {
  for (const auto& [name, rows] : tables) {
    if (rows->num_rows() > 0) CA_RETURN_IF_ERROR(sink(name, *rows));
  }
  return base::Status::Ok();
}

}  // namespace codeanatomy::extract
