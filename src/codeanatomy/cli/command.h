// codeanatomy/cli/command.h
//
// One function per subcommand: Add<Name>Command declares the subcommand's flags on the CLI11 app
// and returns what runs when the user chose it. Only cli/ includes CLI11.
//
// Exit codes: 0 ok; 1 the analysis finished with errors in strict mode (or an audit found a rule
// that needs the kernel lane); 2 usage or environment error (bad flag, missing repository,
// unwritable output); 3 internal error (a bug — please report).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "codeanatomy/base/status.h"

namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace codeanatomy::cli {

//! A declared subcommand: its CLI11 node, and its body, run after parsing when it was chosen
//! (returns the exit code).
struct Command {
  CLI::App* app;
  std::function<int()> run;
};

Command AddBuildCommand(CLI::App& app);
Command AddQueryCommand(CLI::App& app);
Command AddShellCommand(CLI::App& app);
Command AddCallgraphCommand(CLI::App& app);
Command AddFlowsCommand(CLI::App& app);
Command AddShowCommand(CLI::App& app);
Command AddRulesCommand(CLI::App& app);
Command AddSchemaCommand(CLI::App& app);

//! The exit code for a failed Status (see above).
int ExitCodeFor(const base::Status& status);
//! Prints `status` as one line on stderr and returns its exit code.
int Fail(const base::Status& status);

//! A check that a flag's value is an integer from `lo` to `hi`, with a message saying so (CLI11's
//! own conversion saturates out-of-range integers, and its ranges print doubles).
CLI::Validator IntegerIn(int64_t lo, int64_t hi, std::string_view unit);
//! The same for a number (seconds): finite, from `lo` to `hi`.
CLI::Validator NumberIn(double lo, double hi, std::string_view unit);

}  // namespace codeanatomy::cli
