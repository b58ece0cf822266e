#include "codeanatomy/extract/cst/cst_layer.h"

#include "codeanatomy/extract/cst/cst_extractor.h"
#include "codeanatomy/schema/diagnostics.h"

namespace codeanatomy::extract::cst {

base::Status CstLayer::Begin(const LayerRequest& request,
                             std::span<const source::SourceFile> files) {
  (void)request;  // every cst table comes from the one walk
  (void)files;
  return base::Status::Ok();
}

base::Status CstLayer::Extract(std::span<const source::SourceFile> batch,
                               const EvidenceSink& sink) {
  CA_ASSIGN_OR_RETURN(CstTables cst, ExtractFiles(batch, threads_));
  CA_RETURN_IF_ERROR(SinkAll(cst.Evidence(), sink));
  const std::pair<std::string_view, const base::Table*> diagnostics[] = {
      {schema::DiagnosticsTable(schema::Layer::kCst), &cst.diagnostics}};
  return SinkAll(diagnostics, sink);
}

base::Status CstLayer::Finish(const EvidenceSink& sink) {
  (void)sink;
  return base::Status::Ok();
}

}  // namespace codeanatomy::extract::cst
