#include "codeanatomy/orchestrate/build_context.h"

#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::orchestrate {

using base::Result;

std::vector<std::string> SortOf(const BuildContext& ctx, std::string_view table) {
  std::vector<std::string> order;
  if (ctx.options.profile.determinism == engine::Determinism::kCanonical) {
    for (auto c : schema::GetTable(table).sort) order.emplace_back(c);
  }
  return order;
}

Result<std::vector<std::string>> EveryColumn(const BuildContext& ctx, const std::string& table) {
  CA_ASSIGN_OR_RETURN(base::Schema schema, ctx.catalog.TableSchema(table));
  std::vector<std::string> order;
  for (const auto& f : schema.fields()) order.push_back(f.name);
  return order;
}

}  // namespace codeanatomy::orchestrate
