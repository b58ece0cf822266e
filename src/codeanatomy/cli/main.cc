// codeanatomy — the command line: one subcommand per Add<Name>Command (command.h), each in its own
// file; this file declares them in order, parses, and runs the chosen one.
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/extract/python/python_extractor.h"
#include "codeanatomy/version.h"

namespace codeanatomy::cli {
namespace {

int Main(int argc, char** argv) {
  CLI::App app{"codeanatomy: a Code Property Graph of a Python repository, as Parquet tables"};
  app.require_subcommand(1);
  app.set_version_flag("--version",
                       std::string("codeanatomy ") + CA_VERSION + " (" + CA_GIT_COMMIT + ")");
  const std::vector<Command> commands = {
      AddBuildCommand(app), AddQueryCommand(app), AddShellCommand(app), AddCallgraphCommand(app),
      AddShowCommand(app),  AddRulesCommand(app), AddSchemaCommand(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::fprintf(stderr, "codeanatomy: error: %s (see --help)\n", e.what());
    return 2;
  }
  for (const Command& command : commands) {
    if (*command.app) return command.run();
  }
  CA_UNREACHABLE("CLI11 accepted no subcommand");
}

}  // namespace
}  // namespace codeanatomy::cli

int main(int argc, char** argv) {
  // A python-layer worker process (extract/python): handled before any flag parsing.
  if (argc >= 2 && argv[1] == codeanatomy::extract::python::kWorkerArgument) {
    return codeanatomy::extract::python::WorkerMain(argc, argv);
  }
  return codeanatomy::cli::Main(argc, argv);
}
