// End to end: a repository full of hostile inputs builds, every file is listed with its status,
// and every good file is in the graph.
#include "codeanatomy/base/testing.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/source/hostile_fixture.h"

#include "e2e/e2e_util.h"

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using testing::Query;

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

TEST(HostileRepoTest, BuildsAndListsEveryFile) {
  TempDir dir;
  source::testing::ScopedPermissionChecks permission_checks;
  const fs::path repo = dir.path() / "repo";
  source::testing::HostileRepo hostile =
      source::testing::WriteHostileRepo(repo, dir.path() / "outside");
  orchestrate::BuildOptions options;
  options.repo = repo;
  options.out = dir.path() / "out";
  options.profile.threads = 2;
  options.emit_evidence = true;
  auto summary = orchestrate::RunBuild(options);
  source::testing::RestorePermissions(repo);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();

  const fs::path evidence = dir.path() / "out" / "evidence";
  for (const auto& f : hostile.files) {
    SCOPED_TRACE(f.path);
    std::string status = f.status;
    if (status == "unreadable" && !hostile.permissions_enforced) status = "ok";
    auto rows =
        Query(evidence, "SELECT status, text_bytes FROM repo_files WHERE path = " + Quote(f.path));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0], status);
    auto modules = Query(dir.path() / "out",
                         "SELECT count(*), count(bend) FROM cpg_nodes WHERE node_kind = 'MODULE' "
                         "AND path = " +
                             Quote(f.path));
    EXPECT_EQ(modules[0][0], "1");
    EXPECT_EQ(modules[0][1], status == "ok" ? "1" : "0");
    if (status != "ok") {
      auto diags =
          Query(dir.path() / "out",
                "SELECT code FROM diagnostics WHERE layer = 'source' AND path = " + Quote(f.path));
      ASSERT_EQ(diags.size(), 1u);
    }
  }
  // The good files came through whole: their definitions are in the graph.
  auto defs = Query(dir.path() / "out",
                    "SELECT n.path FROM cpg_nodes n JOIN cpg_props p ON p.entity_id = n.node_id "
                    "AND p.prop_key = 'name' WHERE p.value_str IN ('good', 'Mod', 'Fine') "
                    "AND n.node_kind IN ('FUNCTION', 'CLASS') "
                    "ORDER BY 1");
  ASSERT_EQ(defs.size(), 3u);
  EXPECT_EQ(defs[0][0], "good.py");
  EXPECT_EQ(defs[1][0], "pkg/mod.py");
  EXPECT_EQ(defs[2][0], "syntax_error.py");
  // The line index covers the latin-1 file with its re-encoded é.
  auto wide = Query(evidence,
                    "SELECT line0, byte_col, utf8_len FROM file_wide_chars WHERE path = "
                    "'latin1.py'");
  ASSERT_EQ(wide.size(), 1u);
  EXPECT_EQ(wide[0][0], "1");
  EXPECT_EQ(wide[0][1], "11");
  EXPECT_EQ(wide[0][2], "2");
  EXPECT_EQ(Query(dir.path() / "out", "SELECT count(*) FROM cpg_nodes_errors")[0][0], "0");
}

}  // namespace
}  // namespace codeanatomy
