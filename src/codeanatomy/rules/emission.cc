#include "codeanatomy/rules/emission.h"

namespace codeanatomy::rules {

using base::ColumnType;
using plan::Expr;
using plan::Lit;
using plan::Null;

plan::PlanBuilder NodeRows(const plan::PlanBuilder& source, const NodeSpec& spec) {
  return source.Project({{"node_id", spec.node_id},
                         {"node_kind", Lit(std::string(schema::Name(spec.kind)))},
                         {"path", spec.path},
                         {"bstart", spec.bstart},
                         {"bend", spec.bend},
                         {"file_id", spec.file_id}});
}

EdgeSpec SpanEdge(schema::EdgeKind kind, Expr src, Expr dst, const char* origin,
                  const char* method) {
  return EdgeSpec{.kind = kind,
                  .src = std::move(src),
                  .dst = std::move(dst),
                  .path = plan::Col("path"),
                  .bstart = plan::Col("bstart"),
                  .bend = plan::Col("bend"),
                  .origin = origin,
                  .resolution_method = method};
}

Expr KindName(schema::NodeKind kind) { return Lit(std::string(schema::Name(kind))); }

Expr EdgeId(schema::EdgeKind kind, const Expr& src, const Expr& dst, const std::string& origin) {
  return plan::StableIdOf(
      {Lit("edge"), Lit(std::string(schema::Name(kind))), src, dst, Lit(origin)});
}

plan::PlanBuilder EdgeRows(const plan::PlanBuilder& source, const EdgeSpec& spec,
                           const std::string& rule, int rule_priority) {
  const std::string kind(schema::Name(spec.kind));
  return source.Project(
      {{"edge_id", EdgeId(spec.kind, spec.src, spec.dst, spec.origin)},
       {"edge_kind", Lit(kind)},
       {"src", spec.src},
       {"dst", spec.dst},
       {"path", spec.path},
       {"bstart", spec.bstart},
       {"bend", spec.bend},
       {"origin", Lit(spec.origin)},
       {"resolution_method", spec.resolution_method_of.value_or(Lit(spec.resolution_method))},
       {"confidence", spec.confidence},
       {"score", spec.score},
       {"ambiguity_group_id", spec.ambiguity_group_id},
       {"rule", Lit(rule)},
       {"rule_priority", Lit(rule_priority)}});
}

plan::PlanBuilder PropRows(const plan::PlanBuilder& source, const std::string& entity_kind,
                           const Expr& entity_id, schema::PropKey key, const Expr& value) {
  const schema::PropKeyInfo& info = schema::Info(key);
  Expr str = Null(ColumnType::kString), i64 = Null(ColumnType::kInt64),
       f64 = Null(ColumnType::kDouble), b = Null(ColumnType::kBool),
       json = Null(ColumnType::kString);
  switch (info.type) {
    case ColumnType::kString:
      str = value;
      break;
    case ColumnType::kInt32:
    case ColumnType::kInt64:
    case ColumnType::kUInt64:
      i64 = plan::Call(plan::Func::kCastInt64, {value});
      break;
    case ColumnType::kDouble:
      f64 = value;
      break;
    case ColumnType::kBool:
      b = value;
      break;
    case ColumnType::kStringList:
      json = value;  // rendered as JSON by the caller's expression
      break;
  }
  return source.Filter(plan::IsNotNull(value))
      .Project({{"entity_kind", Lit(entity_kind)},
                {"entity_id", entity_id},
                {"prop_key", Lit(std::string(info.name))},
                {"value_str", str},
                {"value_int", i64},
                {"value_float", f64},
                {"value_bool", b},
                {"value_json", json}});
}

}  // namespace codeanatomy::rules
