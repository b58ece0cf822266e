#include "codeanatomy/schema/diagnostics.h"

#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

base::Table NewDiagnosticsTable() { return GetTable("diagnostics").NewTable(); }

void AppendDiagnostic(base::Table& table, const Diagnostic& d) {
  base::StableIdBuilder id;
  id.Add("diagnostic")
      .Add(d.path)
      .Add(d.layer)
      .Add(d.code)
      .Add(d.bstart)
      .Add(d.bend)
      .Add(d.message);
  table.column("diag_id").AppendUInt64(id.Finish());
  auto& file_id = table.column("file_id");
  d.file_id ? file_id.AppendUInt64(*d.file_id) : file_id.AppendNull();
  auto& path = table.column("path");
  d.path.empty() ? path.AppendNull() : path.AppendString(d.path);
  table.column("layer").AppendString(d.layer);
  table.column("code").AppendString(d.code);
  table.column("severity").AppendString(d.severity);
  table.column("message").AppendString(d.message);
  auto& bstart = table.column("bstart");
  d.bstart ? bstart.AppendInt64(*d.bstart) : bstart.AppendNull();
  auto& bend = table.column("bend");
  d.bend ? bend.AppendInt64(*d.bend) : bend.AppendNull();
}

}  // namespace codeanatomy::schema
