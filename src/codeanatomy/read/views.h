// codeanatomy/read/views.h
//
// The query views (functions, classes, modules, calls, parameters, imports, references): plans
// over the published tables (cpg_nodes, cpg_edges, cpg_props, class_mro). Their columns are
// declared in schema/tables_views.cc (TableKind::kView), which docs/schema.md renders; each plan
// ends in exactly the declared columns, in order (BuildView checks names and types). `query`
// registers the lowered SQL of each as a view of its session.
#pragma once

#include <string>

#include "codeanatomy/base/status.h"
#include "codeanatomy/plan/plan.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::read {

//! The plan of a declared view over `catalog`, which must know the tables it reads; an error names
//! a missing table or a column whose type differs from the declaration.
base::Result<plan::Plan> BuildView(const schema::TableDef& view, const plan::Catalog& catalog);

//! `CREATE MACRO code(path, bstart, bend)`: the source text of a span, sliced by bytes from
//! file_text (NULL when the file has no text there); `have_file_text`: the output has file_text.
std::string CodeMacroSql(bool have_file_text);

}  // namespace codeanatomy::read
