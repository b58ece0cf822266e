#include "codeanatomy/extract/scip/subprocess.h"

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/testing.h"

namespace codeanatomy::extract::scip {
namespace {

using base::testing::TempDir;
using ::testing::HasSubstr;

ProcessSpec Shell(const std::string& script, const TempDir& dir) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.env = EnvironmentWithPath("/usr/bin:/bin");
  spec.cwd = dir.path();
  spec.stdout_path = dir.path() / "out.txt";
  spec.stderr_path = dir.path() / "err.txt";
  return spec;
}

TEST(SubprocessTest, ExitCodeOutputAndWorkingDirectory) {
  TempDir dir;
  dir.Write("here.txt", "x");
  ASSERT_OK_AND_ASSIGN(ProcessResult r,
                       RunProcess(Shell("ls; echo oops >&2; read x; exit 3", dir)));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.Describe(), "exit code 3");
  EXPECT_THAT(*base::ReadFile(dir.path() / "out.txt"), HasSubstr("here.txt"));
  EXPECT_EQ(*base::ReadFile(dir.path() / "err.txt"), "oops\n");
  EXPECT_GT(r.peak_rss_bytes, 0);
}

TEST(SubprocessTest, TimeoutKillsTheChild) {
  TempDir dir;
  ProcessSpec spec = Shell("exec sleep 30", dir);
  spec.timeout_seconds = 0.2;
  ASSERT_OK_AND_ASSIGN(ProcessResult r, RunProcess(spec));
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.ok());
  EXPECT_LT(r.wall_seconds, 5);
  EXPECT_THAT(r.Describe(), HasSubstr("timed out"));
}

TEST(SubprocessTest, SignalAndMissingProgram) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(ProcessResult r, RunProcess(Shell("kill -TERM $$", dir)));
  EXPECT_EQ(r.signal, SIGTERM);
  EXPECT_THAT(r.Describe(), HasSubstr("signal 15"));
  ProcessSpec spec = Shell("true", dir);
  spec.argv[0] = (dir.path() / "no-such-program").string();
  EXPECT_STATUS(RunProcess(spec), base::StatusCode::kFailedPrecondition, HasSubstr("cannot start"));
}

TEST(SubprocessTest, FindExecutableSearchesInOrder) {
  TempDir dir;
  EXPECT_EQ(FindExecutable("sh", "/nonexistent::/bin"), std::filesystem::path("/bin/sh"));
  dir.Write("data", "not executable");
  EXPECT_EQ(FindExecutable("data", dir.path().string()), std::nullopt);
  EXPECT_EQ(FindExecutable("sh", ""), std::nullopt);
}

TEST(SubprocessTest, TailForMessageKeepsTheLastLines) {
  EXPECT_EQ(TailForMessage("a\n\n  b  \nc\r\nd\n"), "b | c | d");
  EXPECT_EQ(TailForMessage(""), "");
  const std::string tail = TailForMessage(std::string(1000, 'x'), 3, 10);
  EXPECT_EQ(tail, "…xxxxxxxxxx");
}

TEST(SubprocessTest, SummarizeErrorOutputNamesTheError) {
  const std::string npm =
      "npm error code ECONNREFUSED\n"
      "npm error syscall connect\n"
      "npm error errno ECONNREFUSED\n"
      "npm error FetchError: request to http://127.0.0.1:9/x failed, reason: connect "
      "ECONNREFUSED\n"
      "npm error     at ClientRequest.<anonymous> (/usr/lib/x.js:130:14)\n"
      "npm error   code: 'ECONNREFUSED',\n"
      "npm error }\n"
      "npm error If you are behind a proxy, please make sure that the 'proxy' config is set\n";
  EXPECT_EQ(SummarizeErrorOutput(npm),
            "npm error code ECONNREFUSED | npm error FetchError: request to http://127.0.0.1:9/x "
            "failed, reason: connect ECONNREFUSED");
  const std::string node =
      "/x/index.js:1\n"
      "throw new Error('boom')\n"
      "^\n\n"
      "Error: boom\n"
      "    at Object.<anonymous> (/x/index.js:1:7)\n"
      "Node.js v20.20.2\n";
  EXPECT_EQ(SummarizeErrorOutput(node), "throw new Error('boom') | Error: boom");
  EXPECT_EQ(SummarizeErrorOutput("one\ntwo\nthree\nfour\n"), "two | three | four");
}

}  // namespace
}  // namespace codeanatomy::extract::scip
