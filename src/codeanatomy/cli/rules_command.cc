// `codeanatomy rules [--audit]`.
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/orchestrate/audit.h"

namespace codeanatomy::cli {

Command AddRulesCommand(CLI::App& app) {
  auto audit = std::make_shared<bool>(false);
  auto* rules_cmd = app.add_subcommand("rules", "List every rule with its inputs, output and lane");
  rules_cmd->add_flag("--audit", *audit,
                      "Exit 1 if any rule needs the kernel lane under the default profile");
  return {rules_cmd, [audit] {
            auto entries = orchestrate::AuditRules();
            if (!entries.ok()) return Fail(entries.status());
            int kernel_only = 0;
            for (const auto& e : *entries) {
              std::string inputs;
              for (const auto& i : e.inputs) inputs += (inputs.empty() ? "" : ", ") + i;
              fmt::print("{:<40} {:<8} lane={:<6} {} -> {}{}\n", e.name, e.kind, e.lane, inputs,
                         e.output, e.contract.empty() ? "" : " [contract " + e.contract + "]");
              if (e.lane != "engine") {
                fmt::print("    needs the kernel lane: {}\n", e.reason);
                ++kernel_only;
              }
            }
            fmt::print("{} rules and gates, {} need the kernel lane\n", entries->size(),
                       kernel_only);
            return *audit && kernel_only > 0 ? 1 : 0;
          }};
}

}  // namespace codeanatomy::cli
