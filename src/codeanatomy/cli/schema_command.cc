// `codeanatomy schema --markdown`.
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::cli {

Command AddSchemaCommand(CLI::App& app) {
  auto markdown = std::make_shared<bool>(false);
  auto* schema_cmd = app.add_subcommand("schema", "Print the graph schema (kinds, props, tables)");
  schema_cmd->add_flag("--markdown", *markdown, "As Markdown (the source of docs/schema.md)");
  // Markdown is the only rendering; the run keeps the flag's storage alive.
  return {schema_cmd, [markdown] {
            std::fputs(schema::RenderSchemaMarkdown().c_str(), stdout);
            return 0;
          }};
}

}  // namespace codeanatomy::cli
