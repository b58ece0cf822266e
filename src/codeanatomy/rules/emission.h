// codeanatomy/rules/emission.h
//
// Builders that project any plan into the rows of the graph's output contracts (schema/
// tables_output.cc), so every node, edge and prop family is written the same way.
#pragma once

#include <optional>
#include <string>

#include "codeanatomy/plan/plan.h"
#include "codeanatomy/schema/kinds.h"

namespace codeanatomy::rules {

struct NodeSpec {
  schema::NodeKind kind;
  plan::Expr node_id;
  plan::Expr path;
  plan::Expr bstart;
  plan::Expr bend;
  plan::Expr file_id;
};
//! `source` projected to cpg_nodes rows.
plan::PlanBuilder NodeRows(const plan::PlanBuilder& source, const NodeSpec& spec);

struct EdgeSpec {
  schema::EdgeKind kind;
  plan::Expr src;
  plan::Expr dst;
  plan::Expr path;
  plan::Expr bstart;
  plan::Expr bend;
  std::string origin;
  std::string resolution_method;
  //! When set, the row's resolution_method (a string expression) instead of the constant.
  std::optional<plan::Expr> resolution_method_of = std::nullopt;
  plan::Expr confidence = plan::Lit(1.0);
  plan::Expr score = plan::Lit(1.0);
  plan::Expr ambiguity_group_id = plan::Null(base::ColumnType::kUInt64);
};
//! An edge spanning the source row's evidence (its path, bstart and bend columns).
EdgeSpec SpanEdge(schema::EdgeKind kind, plan::Expr src, plan::Expr dst, const char* origin,
                  const char* method);
//! A node kind's name as a string literal.
plan::Expr KindName(schema::NodeKind kind);

//! The ID of an edge: stable_id('edge', kind, src, dst, origin).
plan::Expr EdgeId(schema::EdgeKind kind, const plan::Expr& src, const plan::Expr& dst,
                  const std::string& origin);

//! `source` projected to cpg_edges rows; edge_id = EdgeId(kind, src, dst, origin).
plan::PlanBuilder EdgeRows(const plan::PlanBuilder& source, const EdgeSpec& spec,
                           const std::string& rule, int rule_priority);

//! `source` projected to cpg_props rows for one key; the value lands in the column the key's
//! declared type selects (prop_keys.def). Rows whose value is NULL are dropped.
plan::PlanBuilder PropRows(const plan::PlanBuilder& source, const std::string& entity_kind,
                           const plan::Expr& entity_id, schema::PropKey key,
                           const plan::Expr& value);

//! The value flow's rows of the graph (value_flow_graph.cc): ARGUMENT, LITERAL and RETURN
//! nodes; ARGUMENT_OF, PARAMETER_OF, PASSES, RETURNS_TO, FLOWS_TO and POINTS_TO edges (FLOWS_TO
//! and POINTS_TO between the nodes of `nodes`: cpg_nodes_raw); their props.
plan::PlanBuilder ValueFlowNodeRows(const plan::PlanBuilder& b);
plan::PlanBuilder ValueFlowEdgeRows(const plan::PlanBuilder& b, const plan::PlanBuilder& nodes);
plan::PlanBuilder ValueFlowPropRows(const plan::PlanBuilder& b);

}  // namespace codeanatomy::rules
