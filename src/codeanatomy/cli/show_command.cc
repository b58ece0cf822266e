// `codeanatomy show OUT --rule NAME (--plan | --sql | --explain)`.
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/read/show_rule.h"

namespace codeanatomy::cli {

Command AddShowCommand(CLI::App& app) {
  struct Flags {
    std::string out, rule;
    bool plan = false, sql = false, explain = false;
  };
  auto f = std::make_shared<Flags>();
  auto* show = app.add_subcommand("show", "Show what a rule is and how it ran");
  show->add_option("out", f->out, "An output directory of `codeanatomy build`")->required();
  show->add_option("--rule", f->rule, "The rule's name")->required();
  auto* g = show->add_option_group("what", "What to show (one of)");
  g->add_flag("--plan", f->plan, "The rule's plan, as IR");
  g->add_flag("--sql", f->sql, "The SQL the plan lowers to");
  g->add_flag("--explain", f->explain, "How it ran: lane, rows, time, EXPLAIN, fallback");
  g->require_option(1);
  return {show, [f] {
            auto text = read::ShowRule(f->out, f->rule,
                                       f->plan  ? read::ShowWhat::kPlan
                                       : f->sql ? read::ShowWhat::kSql
                                                : read::ShowWhat::kExplain);
            if (!text.ok()) return Fail(text.status());
            std::fputs(text->c_str(), stdout);
            return 0;
          }};
}

}  // namespace codeanatomy::cli
