#include "codeanatomy/rules/taint_models.h"

#include <set>

#include <gtest/gtest.h>

#include "codeanatomy/schema/taint_presets.h"

namespace codeanatomy::rules {
namespace {

TEST(TaintModelsTest, ShippedFilesParseAndEveryPresetHasASink) {
  ASSERT_GE(ShippedTaintModelFiles().size(), 8u);
  std::set<std::string> rules_with_sinks;
  for (const auto& f : ShippedTaintModelFiles()) {
    auto parsed = ParseTaintModels(f.text, f.name);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_FALSE(parsed->empty()) << f.name;
    for (const auto& m : *parsed) {
      if (m.kind == "sink") rules_with_sinks.insert(m.rule);
    }
  }
  for (const auto& p : schema::TaintPresets()) {
    if (p.id == "custom") continue;  // the user's sinks (flows --sink)
    EXPECT_TRUE(rules_with_sinks.count(std::string(p.id))) << p.id << " has no sink";
  }
}

TEST(TaintModelsTest, ParsesArgumentsAndConditions) {
  auto parsed = ParseTaintModels(
      "# codeanatomy taint models 1\n# comment\n\nsink\tsubprocess.run\t0|args\tshell=True\t"
      "command-injection\nsink\tyaml.load\t*\tLoader!~Safe\tunsafe-deserialization\n",
      "t.tsv");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->size(), 2u);
  const TaintModel& run = (*parsed)[0];
  ASSERT_EQ(run.args.size(), 2u);
  EXPECT_EQ(run.args[0].position, 0);
  EXPECT_EQ(run.args[1].keyword, "args");
  EXPECT_EQ(run.cond_keyword, "shell");
  EXPECT_EQ(run.cond_op, "=");
  EXPECT_EQ(run.cond_value, "True");
  EXPECT_EQ(run.origin, "t.tsv:4");
  EXPECT_EQ((*parsed)[1].args[0].position, -2);
  EXPECT_EQ((*parsed)[1].cond_op, "!~");
}

TEST(TaintModelsTest, StringCommandConditionAndCommandLineSpecs) {
  auto parsed = ParseTaintModels(
      "# codeanatomy taint models 1\nsink\tsubprocess.run\t0\t!list\tcommand-injection\n", "t.tsv");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ((*parsed)[0].cond_op, "!list");
  EXPECT_EQ((*parsed)[0].cond_keyword, "");
  auto not_sink =
      ParseTaintModels("# codeanatomy taint models 1\nsource\tx.y\t-\t!list\tlocal\n", "t.tsv");
  ASSERT_FALSE(not_sink.ok());
  EXPECT_NE(not_sink.status().message().find("only a sink"), std::string::npos);

  auto sink = ParseTaintSpec("sink", "myapp.db.raw:0|sql");
  ASSERT_TRUE(sink.ok()) << sink.status().message();
  EXPECT_EQ(sink->name, "myapp.db.raw");
  EXPECT_EQ(sink->rule, "custom");
  ASSERT_EQ(sink->args.size(), 2u);
  EXPECT_EQ(sink->args[1].keyword, "sql");
  auto every = ParseTaintSpec("sink", "myapp.run");
  ASSERT_TRUE(every.ok());
  EXPECT_EQ(every->args[0].position, -2);
  auto source = ParseTaintSpec("source", "myapp.read()");
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(source->kind, "source");
  EXPECT_EQ(source->rule, "user");
  auto bad = ParseTaintSpec("sink", "os.system:0-1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().find("--sink 'os.system:0-1': bad argument position"), 0u)
      << bad.status().message();
}

TEST(TaintModelsTest, RejectsBadFilesWithFileAndLine) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : {
           Case{"sink\tos.system\t0\t-\tcommand-injection\n", "t.tsv:1: a taint model file"},
           Case{"# codeanatomy taint models 1\nsink\tos.system\t0\t-\n", "t.tsv:2: a model has 5"},
           Case{"# codeanatomy taint models 1\nsunk\tos.system\t0\t-\tx\n", "unknown kind 'sunk'"},
           Case{"# codeanatomy taint models 1\nsink\tos.system\t0\t-\tnope\n",
                "unknown rule 'nope'"},
           Case{"# codeanatomy taint models 1\nsink\tos.system\t-\t-\tcode-injection\n",
                "names the arguments"},
           Case{"# codeanatomy taint models 1\nsink\tos.system\t0\tshell\tcode-injection\n",
                "a condition is"},
           Case{"# codeanatomy taint models 1\nsource\tos system\t-\t-\tlocal\n",
                "not a dotted name"},
       }) {
    auto parsed = ParseTaintModels(c.text, "t.tsv");
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_NE(parsed.status().message().find(c.says), std::string::npos)
        << parsed.status().message();
  }
}

}  // namespace
}  // namespace codeanatomy::rules
