#include "e2e/e2e_util.h"

#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/engine/session.h"

extern char** environ;

namespace codeanatomy::testing {

namespace fs = std::filesystem;

CommandResult RunCli(const std::vector<std::string>& args) {
  base::testing::TempDir dir;
  const fs::path out_file = dir.path() / "stdout", err_file = dir.path() / "stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<std::string> all = {CA_CLI_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  CommandResult result;
  if (posix_spawn(&pid, CA_CLI_BINARY, &actions, nullptr, argv.data(), environ) != 0) return result;
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = Slurp(out_file);
  result.err = Slurp(err_file);
  return result;
}

std::string RunCliShell(const std::string& command_line) {
  std::string out;
  FILE* pipe = popen((command_line + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

std::vector<std::vector<std::optional<std::string>>> Query(const fs::path& out,
                                                           const std::string& sql) {
  engine::RuntimeProfile profile;
  auto session = engine::Session::Open(profile);
  EXPECT_TRUE(session.ok());
  for (const auto& entry : fs::directory_iterator(out)) {
    if (entry.path().extension() == ".parquet") {
      EXPECT_OK((*session)->CreateParquetView(entry.path().stem().string(), entry.path()));
    }
  }
  std::vector<std::string> names;
  std::vector<std::vector<std::optional<std::string>>> rows;
  base::Status s = (*session)->QueryText(sql, &names, &rows);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << sql;
  return rows;
}

fs::path Fixture(const std::string& name) {
  return base::testing::SourceDir() / "tests" / "fixtures" / name;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace codeanatomy::testing
