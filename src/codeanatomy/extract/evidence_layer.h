// codeanatomy/extract/evidence_layer.h
//
// One shape for every evidence layer (cst, python, scip): its tables, declared in schema/ by
// TableDef; its options, given when it is made; and how it runs over the scanned files. The build
// makes one task `extract:<name>` per layer and hands every table's rows to the session; nothing in
// orchestrate/ knows a layer's tables one by one.
//
// A run: Begin (once, after planning, with every scanned file), then Extract for each batch of
// files — consecutive slices of the scan, in order; a build passes one batch today — then Finish.
// Rows reach the sink in file order, whatever the batches and threads.
//
// Per-file layers (Scope::kPerFile: cst, python) give each file rows that depend on that file
// alone (its path, id and text, and the layer's options), and every one of their tables has a
// `file_id` column: the rows of one file are identifiable, so they can be produced per batch
// (bounded memory) and kept per file (reuse by content hash). A repository layer (scip) reads
// something of the whole repository and gives its rows at Finish.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/schema/layers.h"
#include "codeanatomy/schema/table_def.h"
#include "codeanatomy/source/repo_scan.h"

namespace codeanatomy::extract {

//! Receives a layer's rows: `rows` are appended to the declared evidence table `table`. Called on
//! the thread that called the layer.
using EvidenceSink = std::function<base::Status(std::string_view table, const base::Table& rows)>;

//! What a run of a layer must produce.
struct LayerRequest {
  //! The layer's tables that something that runs reads (or the user asked for by name). A layer
  //! may skip the work whose tables are not here; those tables stay empty.
  std::set<std::string> tables = {};
  //! Parts (sub-layers, e.g. `symtable` of `python`) switched off by --skip-layer: their tables
  //! stay empty even when requested.
  std::set<schema::Layer> switched_off = {};

  bool Wants(std::string_view table) const { return tables.count(std::string(table)) > 0; }
};

//! What the manifest reports of a run, beyond its task's time.
struct LayerReport {
  //! Versions of what the layer ran (manifest `versions`), e.g. {"node", "v20.1.0"}.
  std::map<std::string, std::string> versions = {};
  //! Steps inside the layer (manifest `stages`): (name, CPU milliseconds summed over workers).
  std::vector<std::pair<std::string, double>> cpu_steps = {};
};

class EvidenceLayer {
 public:
  enum class Scope : unsigned char {
    kPerFile,     // a file's rows depend on that file alone; every table has file_id
    kRepository,  // the rows come from the repository as a whole (an index), at Finish
  };

  virtual ~EvidenceLayer() = default;

  //! The layer (layers.def): its task is `extract:<name>`, its tables are the evidence tables of
  //! this layer and of its parts.
  virtual schema::Layer layer() const = 0;
  virtual Scope scope() const = 0;
  //! Why the layer does not run at all with its options (e.g. "no --scip or --scip-index; its
  //! tables are empty"), or "" when it runs whenever its tables are needed.
  virtual std::string SwitchedOff() const { return ""; }
  //! Tables to fill whatever the requested outputs: those of an optional layer (or part) the user
  //! switched on (--scip, --ast).
  virtual std::vector<std::string> Targets() const { return {}; }

  //! Starts a run over `files` (every scanned file, in scan order; they outlive the run). May start
  //! work in the background; nothing reaches the sink before Extract.
  virtual base::Status Begin(const LayerRequest& request,
                             std::span<const source::SourceFile> files) = 0;
  //! Extracts `batch` (the next slice of Begin's files) and hands its rows to `sink`.
  virtual base::Status Extract(std::span<const source::SourceFile> batch,
                               const EvidenceSink& sink) = 0;
  //! Ends the run: a repository layer's rows, anything left.
  virtual base::Status Finish(const EvidenceSink& sink) = 0;
  //! What the manifest reports of the run (nothing when it did not run).
  virtual void Report(LayerReport& report) const { (void)report; }

  std::string_view name() const { return schema::Name(layer()); }
  //! The task that runs it.
  std::string TaskName() const { return "extract:" + std::string(name()); }
  //! Every evidence table of the layer and of its parts, in declaration order.
  std::vector<const schema::TableDef*> Tables() const;
};

//! The evidence tables of `layer` and of its parts, in declaration order.
std::vector<const schema::TableDef*> TablesOf(schema::Layer layer);

//! Sinks every table of `tables` (name, rows) that has rows.
base::Status SinkAll(std::span<const std::pair<std::string_view, const base::Table*>> tables,
                     const EvidenceSink& sink);

}  // namespace codeanatomy::extract
