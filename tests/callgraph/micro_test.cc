// The call-graph micro corpus (tests/callgraph/micro/<category>/<case>/, see its README.md): one
// small program per Python feature with the call graph a careful reader draws, in PyCG's JSON
// format (expected.pycg.json). One test per case builds it with the CLI, runs `callgraph --format
// pycg` and compares both ways: keys (modules, functions, methods, lambdas) and edges. A case
// listed in KNOWN_GAPS must still differ, so that an improvement is noticed and its line removed.
// scripts/callgraph-micro prints the per-category summary (cases right, recall, precision).
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>

#include "codeanatomy/base/testing.h"

extern char** environ;

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;

fs::path Micro() { return base::testing::SourceDir() / "tests" / "callgraph" / "micro"; }

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Run {
  int exit_code = -1;
  std::string out, err;
};

// Runs the codeanatomy binary with `args` (no shell), stdout and stderr captured through files.
Run RunCli(const std::vector<std::string>& args) {
  TempDir dir;
  const fs::path out = dir.path() / "stdout", err = dir.path() / "stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> all = {CA_CLI_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  Run run;
  const int rc = posix_spawn(&pid, CA_CLI_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return run;
  int status = 0;
  waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = Slurp(out);
  run.err = Slurp(err);
  return run;
}

// Every <category>/<case> directory holding an expected.pycg.json, sorted.
std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& cat : fs::directory_iterator(Micro())) {
    if (!cat.is_directory()) continue;
    for (const auto& c : fs::directory_iterator(cat.path())) {
      if (fs::exists(c.path() / "expected.pycg.json")) {
        names.push_back(cat.path().filename().string() + "/" + c.path().filename().string());
      }
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// KNOWN_GAPS: `category/case  reason` per line; `#` starts a comment line.
std::map<std::string, std::string> KnownGaps() {
  std::map<std::string, std::string> gaps;
  std::ifstream in(Micro() / "KNOWN_GAPS");
  std::string line;
  while (std::getline(in, line)) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    const auto end = line.find_first_of(" \t", start);
    const std::string name = line.substr(start, end - start);
    const auto reason = end == std::string::npos ? end : line.find_first_not_of(" \t", end);
    gaps[name] = reason == std::string::npos ? "" : line.substr(reason);
  }
  return gaps;
}

using Graph = std::map<std::string, std::set<std::string>>;

// A pycg object as caller -> callees; `problems` gets what is malformed (not an object, a value
// not a sorted list of distinct strings).
Graph ToGraph(const nlohmann::json& j, std::vector<std::string>* problems) {
  Graph g;
  if (!j.is_object()) {
    problems->push_back("not a JSON object");
    return g;
  }
  for (const auto& [caller, callees] : j.items()) {
    auto& out = g[caller];
    if (!callees.is_array()) {
      problems->push_back(caller + ": callees are not a list");
      continue;
    }
    std::string previous;
    for (const auto& c : callees) {
      if (!c.is_string()) {
        problems->push_back(caller + ": a callee is not a string");
        continue;
      }
      const auto name = c.get<std::string>();
      if (!out.empty() && name <= previous) {
        problems->push_back(caller + ": callees not sorted or repeated at " + name);
      }
      out.insert(name);
      previous = name;
    }
  }
  return g;
}

// The differences between the expected and the produced graph, one line each, empty when equal.
std::vector<std::string> Diff(const Graph& want, const Graph& got) {
  std::vector<std::string> lines;
  for (const auto& [caller, callees] : want) {
    auto it = got.find(caller);
    if (it == got.end()) lines.push_back("missing key  " + caller);
    for (const auto& c : callees) {
      if (it == got.end() || !it->second.contains(c)) {
        lines.push_back("missing edge " + caller + " -> " + c);
      }
    }
  }
  for (const auto& [caller, callees] : got) {
    auto it = want.find(caller);
    if (it == want.end()) lines.push_back("extra key    " + caller);
    for (const auto& c : callees) {
      if (it == want.end() || !it->second.contains(c)) {
        lines.push_back("extra edge   " + caller + " -> " + c);
      }
    }
  }
  return lines;
}

class CallgraphMicroTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CallgraphMicroTest, MatchesWhatAReaderDraws) {
  const std::string name = GetParam();
  const fs::path dir = Micro() / name;
  std::vector<std::string> problems;
  const Graph want = ToGraph(nlohmann::json::parse(Slurp(dir / "expected.pycg.json")), &problems);
  for (const auto& p : problems) ADD_FAILURE() << name << "/expected.pycg.json: " << p;

  TempDir tmp;
  const fs::path out = tmp.path() / "out";
  // Only the tasks the call graph needs, one worker: the same graph as a default build, faster.
  auto r = RunCli({"build", dir.string(), "-o", out.string(), "-q", "--outputs", "callgraph",
                   "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCli({"callgraph", out.string(), "--format", "pycg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  problems.clear();
  const Graph got = ToGraph(nlohmann::json::parse(r.out), &problems);
  for (const auto& p : problems) ADD_FAILURE() << "callgraph output: " << p;

  const auto diff = Diff(want, got);
  std::string text;
  for (const auto& line : diff) text += "  " + line + "\n";
  const auto gaps = KnownGaps();
  if (auto it = gaps.find(name); it != gaps.end()) {
    EXPECT_FALSE(diff.empty()) << name << " now matches its expectation (known gap: " << it->second
                               << "): remove its line from tests/callgraph/micro/KNOWN_GAPS";
  } else {
    EXPECT_TRUE(diff.empty()) << name << " differs from expected.pycg.json ('missing': expected, "
                              << "not produced; 'extra': produced, not expected):\n"
                              << text;
  }
}

std::string ParamName(const ::testing::TestParamInfo<std::string>& info) {
  std::string s = info.param;
  for (auto& ch : s) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return s;
}

INSTANTIATE_TEST_SUITE_P(Micro, CallgraphMicroTest, ::testing::ValuesIn(CaseNames()), ParamName);

TEST(CallgraphMicroCorpus, KnownGapsNameExistingCasesWithAReason) {
  const auto names = CaseNames();
  EXPECT_GE(names.size(), 100u);
  const std::set<std::string> all(names.begin(), names.end());
  for (const auto& [name, reason] : KnownGaps()) {
    EXPECT_TRUE(all.contains(name)) << "KNOWN_GAPS names no case: " << name;
    EXPECT_FALSE(reason.empty()) << "KNOWN_GAPS line without a reason: " << name;
  }
}

}  // namespace
}  // namespace codeanatomy
