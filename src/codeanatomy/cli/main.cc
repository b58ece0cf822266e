// codeanatomy — the command line: one subcommand per Add<Name>Command (command.h), each in its own
// file; this file declares them in order, parses, and runs the chosen one.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "codeanatomy/base/interrupt.h"
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
      AddFlowsCommand(app), AddShowCommand(app),  AddRulesCommand(app), AddSchemaCommand(app)};
  if (argc >= 2 && argv[1][0] != '-') {
    std::string known;
    bool found = false;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      found |= sub->get_name() == argv[1];
      known += (known.empty() ? "" : ", ") + sub->get_name();
    }
    if (!found) {
      std::fprintf(stderr, "codeanatomy: error: unknown subcommand '%s'; choose one of: %s\n",
                   argv[1], known.c_str());
      return 2;
    }
  }
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
  codeanatomy::base::InstallInterruptCleanup();
  const int code = codeanatomy::cli::Main(argc, argv);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr,
                 "codeanatomy: error: cannot write to stdout: %s; check where the output is "
                 "redirected (a full disk?)\n",
                 std::strerror(errno));
    return 2;
  }
  return code;
}
