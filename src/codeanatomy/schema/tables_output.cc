// Output contracts: the published graph tables, each behind the finalize gate.
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

using base::ColumnType;

void RegisterOutputTables(TableRegistry& r) {
  r.Add({.name = "cpg_nodes",
         .kind = TableKind::kOutput,
         .layer = Layer::kCpg,
         .doc = "The nodes of the code property graph.",
         .columns =
             {
                 {"node_id", ColumnType::kUInt64, kRequired,
                  "Stable ID (the ID of the evidence row the node comes from)."},
                 {"node_kind", ColumnType::kString, kRequired, "One of the node kinds below."},
                 {"path", ColumnType::kString, kNullable, "File of the node, when it has one."},
                 {"bstart", ColumnType::kInt64, kNullable,
                  "Start byte in the file's canonical text."},
                 {"bend", ColumnType::kInt64, kNullable, "End byte (exclusive)."},
                 {"line", ColumnType::kInt64, kNullable,
                  "1-based line of `bstart`, as CPython numbers lines (file_line_index); NULL "
                  "without a span."},
                 {"col", ColumnType::kInt64, kNullable,
                  "1-based column of `bstart`, in bytes from the start of its line."},
                 {"end_line", ColumnType::kInt64, kNullable,
                  "1-based line of `bend` (the end is exclusive: a span ending with a newline "
                  "ends at column 1 of the next line)."},
                 {"end_col", ColumnType::kInt64, kNullable,
                  "1-based column of `bend`, in bytes: one past the span's last byte."},
                 {"file_id", ColumnType::kUInt64, kNullable, "The file (repo_files.file_id)."},
             },
         .key = {"node_id"},
         .sort = {"path", "bstart", "bend", "node_kind", "node_id"}});

  r.Add({.name = "cpg_edges",
         .kind = TableKind::kOutput,
         .layer = Layer::kCpg,
         .doc = "The edges of the code property graph, with the rule that derived each.",
         .columns =
             {
                 {"edge_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('edge', edge_kind, src, dst, origin)."},
                 {"edge_kind", ColumnType::kString, kRequired, "One of the edge kinds below."},
                 {"src", ColumnType::kUInt64, kRequired, "Source node_id."},
                 {"dst", ColumnType::kUInt64, kRequired, "Destination node_id."},
                 {"path", ColumnType::kString, kNullable, "File of the evidence, when it has one."},
                 {"bstart", ColumnType::kInt64, kNullable, "Start of the evidence span."},
                 {"bend", ColumnType::kInt64, kNullable, "End of the evidence span (exclusive)."},
                 {"origin", ColumnType::kString, kRequired,
                  "Evidence family: cst, symtable, bytecode, scip, derived."},
                 {"resolution_method", ColumnType::kString, kRequired,
                  "How the edge was established (e.g. SPAN_CONTAINMENT)."},
                 {"confidence", ColumnType::kDouble, kRequired, "Confidence in [0, 1]."},
                 {"score", ColumnType::kDouble, kRequired, "Ranking score among alternatives."},
                 {"ambiguity_group_id", ColumnType::kUInt64, kNullable,
                  "Edges that are alternatives for one decision share this ID."},
                 {"rule", ColumnType::kString, kRequired, "The rule that produced the edge."},
                 {"rule_priority", ColumnType::kInt32, kRequired,
                  "The rule's priority (lower wins)."},
             },
         .key = {"edge_id"},
         .sort = {"path", "bstart", "bend", "edge_kind", "src", "dst", "edge_id"}});

  r.Add({.name = "cpg_props",
         .kind = TableKind::kOutput,
         .layer = Layer::kCpg,
         .doc =
             "Properties of nodes and edges: one row per (entity, key), exactly one value column "
             "set, chosen by the key's declared type.",
         .columns =
             {
                 {"entity_kind", ColumnType::kString, kRequired, "node or edge."},
                 {"entity_id", ColumnType::kUInt64, kRequired, "node_id or edge_id."},
                 {"prop_key", ColumnType::kString, kRequired, "One of the property keys below."},
                 {"value_str", ColumnType::kString, kNullable, "Value of a text property."},
                 {"value_int", ColumnType::kInt64, kNullable, "Value of an integer property."},
                 {"value_float", ColumnType::kDouble, kNullable, "Value of a float property."},
                 {"value_bool", ColumnType::kBool, kNullable, "Value of a boolean property."},
                 {"value_json", ColumnType::kString, kNullable, "Value of a structured property."},
             },
         .key = {"entity_kind", "entity_id", "prop_key"},
         .sort = {"entity_kind", "entity_id", "prop_key"}});
  r.Add({.name = "taint_flows",
         .kind = TableKind::kDerived,
         .layer = Layer::kCpg,
         .doc = "Taint findings (the rule `taint_flows`; published as taint_flows.parquet when "
                "`--outputs` asks for it): one row per (rule, source, sink call), a value read "
                "from a source model reaching an argument a sink model reads, with one shortest "
                "path. Lines and columns are 1-based, columns in bytes; `codeanatomy flows` "
                "prints them (the text of a span is `code(path, bstart, bend)`).",
         .columns =
             {
                 {"flow_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('taint_flow', rule, source node, sink call)."},
                 {"rule", ColumnType::kString, kRequired,
                  "The preset of the sink model (schema/taint_presets.def)."},
                 {"source_name", ColumnType::kString, kRequired,
                  "The source model's name (`flask.request.args`, `builtins.input()`)."},
                 {"source_path", ColumnType::kString, kRequired, "File of the source."},
                 {"source_line", ColumnType::kInt64, kRequired, "1-based line of the source."},
                 {"source_col", ColumnType::kInt64, kRequired, "1-based column of the source."},
                 {"source_bstart", ColumnType::kInt64, kRequired, "Start byte of the source."},
                 {"source_bend", ColumnType::kInt64, kRequired, "End byte of the source."},
                 {"sink_callee", ColumnType::kString, kRequired,
                  "The sink model's name (`os.system`, `sqlite3.connect().cursor().execute`)."},
                 {"sink_path", ColumnType::kString, kRequired, "File of the sink call."},
                 {"sink_line", ColumnType::kInt64, kRequired, "1-based line of the sink call."},
                 {"sink_col", ColumnType::kInt64, kRequired, "1-based column of the sink call."},
                 {"sink_bstart", ColumnType::kInt64, kRequired, "Start byte of the sink call."},
                 {"sink_bend", ColumnType::kInt64, kRequired, "End byte of the sink call."},
                 {"length", ColumnType::kInt64, kRequired,
                  "Steps from the source to the sink's argument (the path's distance)."},
                 {"steps", ColumnType::kStringList, kNullable,
                  "The path's positions in order, each `path<TAB>line<TAB>col<TAB>bstart<TAB>"
                  "bend<TAB>kind` (kind: how taint got there — source, local, call, return, heap, "
                  "summary); nodes without a position (fields, results) are left out."},
             },
         .key = {"flow_id"},
         .sort = {"rule", "source_path", "source_bstart", "sink_path", "sink_bstart", "flow_id"}});
}

}  // namespace codeanatomy::schema
