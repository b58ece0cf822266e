#include "codeanatomy/extract/scip/scip_python.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <unistd.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/extract/scip/subprocess.h"

#ifndef CA_SCIP_PYTHON_DIR
#error "CA_SCIP_PYTHON_DIR must be defined by the build (extract/scip/CMakeLists.txt)"
#endif

namespace codeanatomy::extract::scip {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

constexpr std::string_view kInstallTempPrefix = ".scip-python.install-";
constexpr std::string_view kWithoutScip =
    "build without --scip, or pass --scip-index FILE with an index made elsewhere";

std::string PackageSpec() { return fmt::format("{}@{}", kScipPythonPackage, kScipPythonVersion); }

fs::path EntryScript(const fs::path& install_dir) {
  return install_dir / "node_modules" / std::string(kScipPythonPackage) / "index.js";
}

//! Removes install directories left by runs that died mid-install.
void RemoveStaleInstalls(const fs::path& parent) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kInstallTempPrefix)) continue;
    const long pid = std::strtol(name.c_str() + kInstallTempPrefix.size(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) == 0) continue;  // still installing
    std::error_code rm_ec;
    fs::remove_all(entry.path(), rm_ec);
  }
}

Result<ProcessResult> RunCapturing(const ProcessSpec& spec, std::string* stdout_text,
                                   std::string* stderr_text) {
  CA_ASSIGN_OR_RETURN(ProcessResult result, RunProcess(spec));
  for (auto [text, path] :
       {std::pair{stdout_text, &spec.stdout_path}, std::pair{stderr_text, &spec.stderr_path}}) {
    if (text == nullptr) continue;
    auto content = base::ReadFile(*path);
    *text = content.ok() ? std::move(*content) : std::string();
  }
  return result;
}

}  // namespace

fs::path DefaultInstallDir() {
  const char* dir = std::getenv("CODEANATOMY_SCIP_PYTHON_DIR");
  if (dir != nullptr && *dir != '\0') return fs::path(dir);
  return fs::path(CA_SCIP_PYTHON_DIR);
}

std::string DefaultSearchPath() {
  const char* path = std::getenv("PATH");
  std::string out = "/usr/bin:/bin";
  if (path != nullptr && *path != '\0') out += std::string(":") + path;
  return out;
}

Result<fs::path> VerifyInstall(const fs::path& install_dir) {
  auto fail = [&](std::string_view reason) {
    return Status::FailedPrecondition(
        "{} does not hold a verified scip-python {} ({}); delete that directory so that the next "
        "--scip run reinstalls it",
        install_dir.string(), kScipPythonVersion, reason);
  };
  auto lock_text = base::ReadFile(install_dir / "package-lock.json");
  if (!lock_text.ok()) return fail("no package-lock.json");
  const nlohmann::json lock =
      nlohmann::json::parse(*lock_text, nullptr, /*allow_exceptions=*/false);
  if (lock.is_discarded() || !lock.is_object()) return fail("package-lock.json is not JSON");
  const std::string key = "node_modules/" + std::string(kScipPythonPackage);
  const auto packages = lock.find("packages");
  if (packages == lock.end() || !packages->is_object() || !packages->contains(key)) {
    return fail(fmt::format("package-lock.json lists no {}", kScipPythonPackage));
  }
  const nlohmann::json& entry = (*packages)[key];
  if (!entry.is_object()) return fail("package-lock.json is garbled");
  if (entry.value("version", "") != kScipPythonVersion) {
    return fail(fmt::format("version {} installed", entry.value("version", "?")));
  }
  if (entry.value("integrity", "") != kScipPythonIntegrity) {
    return fail(fmt::format("npm integrity {} differs from the pinned {}",
                            entry.value("integrity", "(none)"), kScipPythonIntegrity));
  }
  // The installed files themselves, not only the lock file.
  auto pkg_text = base::ReadFile(EntryScript(install_dir).parent_path() / "package.json");
  const nlohmann::json pkg =
      pkg_text.ok() ? nlohmann::json::parse(*pkg_text, nullptr, false) : nlohmann::json();
  if (!pkg.is_object() || pkg.value("version", "") != kScipPythonVersion) {
    return fail("the installed package.json does not say version " +
                std::string(kScipPythonVersion));
  }
  const fs::path script = EntryScript(install_dir);
  std::error_code ec;
  if (!fs::is_regular_file(script, ec)) return fail("index.js is missing");
  return script;
}

Result<fs::path> EnsureInstalled(const fs::path& install_dir, const std::string& search_path,
                                 double timeout_seconds) {
  std::error_code ec;
  if (fs::exists(install_dir, ec)) return VerifyInstall(install_dir);

  const std::optional<fs::path> npm = FindExecutable("npm", search_path);
  if (!npm) {
    return Status::FailedPrecondition(
        "scip-python is not installed and npm is not on PATH ({}); install Node.js and npm "
        "(apt-get install nodejs npm), or {}",
        search_path, kWithoutScip);
  }
  const fs::path parent = install_dir.parent_path();
  fs::create_directories(parent, ec);
  if (ec) {
    return Status::FailedPrecondition(
        "cannot create {} to install scip-python: {}; set CODEANATOMY_SCIP_PYTHON_DIR to a "
        "writable directory",
        parent.string(), ec.message());
  }
  RemoveStaleInstalls(parent);
  const fs::path temp = parent / fmt::format("{}{}", kInstallTempPrefix, ::getpid());
  fs::remove_all(temp, ec);
  fs::create_directories(temp, ec);
  if (ec) {
    return Status::FailedPrecondition("cannot create {}: {}", temp.string(), ec.message());
  }

  ProcessSpec spec;
  spec.argv = {npm->string(), "install",          "--prefix",         temp.string(), "--no-audit",
               "--no-fund",   "--ignore-scripts", "--loglevel=error", PackageSpec()};
  spec.env = EnvironmentWithPath(search_path);
  spec.cwd = temp;
  spec.stdout_path = temp / "npm-install.out.log";
  spec.stderr_path = temp / "npm-install.err.log";
  spec.timeout_seconds = timeout_seconds;
  std::string err_text;
  auto result = RunCapturing(spec, nullptr, &err_text);
  if (!result.ok() || !result->ok()) {
    const std::string what = result.ok() ? result->Describe() : result.status().message();
    fs::remove_all(temp, ec);
    return Status::FailedPrecondition(
        "installing scip-python {} into {} with npm failed ({}){}{}; check that the npm registry "
        "is reachable (npm config get registry), or {}",
        kScipPythonVersion, install_dir.string(), what, err_text.empty() ? "" : ": ",
        SummarizeErrorOutput(err_text), kWithoutScip);
  }
  auto verified = VerifyInstall(temp);
  if (!verified.ok()) {
    fs::remove_all(temp, ec);
    return Status::FailedPrecondition("npm installed something unexpected: {}",
                                      verified.status().message());
  }
  fs::remove(spec.stdout_path, ec);
  fs::remove(spec.stderr_path, ec);
  fs::rename(temp, install_dir, ec);
  if (ec) {
    // Another run may have installed it first: use theirs.
    std::error_code rm_ec;
    fs::remove_all(temp, rm_ec);
    if (!fs::exists(install_dir, rm_ec)) {
      return Status::FailedPrecondition("cannot move {} to {}: {}", temp.string(),
                                        install_dir.string(), ec.message());
    }
  }
  return VerifyInstall(install_dir);
}

Result<ScipPythonRun> RunScipPython(const ScipPythonOptions& options) {
  const std::string search_path =
      options.search_path.empty() ? DefaultSearchPath() : options.search_path;
  const fs::path install_dir =
      options.install_dir.empty() ? DefaultInstallDir() : options.install_dir;
  const std::optional<fs::path> node = FindExecutable("node", search_path);
  if (!node) {
    return Status::FailedPrecondition(
        "--scip needs Node.js, but node is not on PATH ({}); install it (apt-get install nodejs "
        "npm), or {}",
        search_path, kWithoutScip);
  }
  CA_ASSIGN_OR_RETURN(fs::path script,
                      EnsureInstalled(install_dir, search_path, options.install_timeout_seconds));

  std::error_code ec;
  fs::create_directories(options.work_dir, ec);
  if (ec) {
    return Status::IoError("cannot create {}: {}", options.work_dir.string(), ec.message());
  }
  const fs::path work = fs::absolute(options.work_dir).lexically_normal();
  const fs::path repo = fs::absolute(options.repo).lexically_normal();
  // `[]`: no installed packages, so scip-python never runs pip to discover them.
  const fs::path environment = work / "environment.json";
  CA_RETURN_IF_ERROR(base::WriteFile(environment, "[]\n"));

  ScipPythonRun run;
  std::vector<std::string> env = EnvironmentWithPath(search_path);
  {
    // The stdlib needs ~2.5 GB; Node's default heap limit can be lower.
    std::string node_options = "--max-old-space-size=8192";
    for (auto it = env.begin(); it != env.end(); ++it) {
      if (it->starts_with("NODE_OPTIONS=")) {
        node_options = it->substr(13) + " " + node_options;
        env.erase(it);
        break;
      }
    }
    env.push_back("NODE_OPTIONS=" + node_options);
  }

  ProcessSpec version_spec;
  version_spec.argv = {node->string(), "--version"};
  version_spec.env = env;
  version_spec.cwd = work;
  version_spec.stdout_path = work / "node-version.txt";
  version_spec.timeout_seconds = 60;
  std::string version_text;
  CA_ASSIGN_OR_RETURN(ProcessResult version_result,
                      RunCapturing(version_spec, &version_text, nullptr));
  if (!version_result.ok()) {
    return Status::FailedPrecondition("`{} --version` failed ({}); check the Node.js installation",
                                      node->string(), version_result.Describe());
  }
  run.node_version = TailForMessage(version_text, 1, 64);

  // Symbols read `scip-python python <name> 0 ...`: the repository's directory name, and a fixed
  // version (scip-python would otherwise ask git for the current commit).
  std::string project_name = repo.filename().string();
  if (project_name.empty()) project_name = "project";
  run.index_path = work / "index.scip";
  ProcessSpec spec;
  spec.argv = {
      node->string(), script.string(),        "index", "--quiet",       "--project-name",
      project_name,   "--project-version",    "0",     "--environment", environment.string(),
      "--output",     run.index_path.string()};
  spec.env = env;
  spec.cwd = repo;  // scip-python indexes its working directory
  spec.stdout_path = work / "scip-python.out.log";
  spec.stderr_path = work / "scip-python.err.log";
  spec.timeout_seconds = options.timeout_seconds;
  std::string out_text, err_text;
  CA_ASSIGN_OR_RETURN(ProcessResult result, RunCapturing(spec, &out_text, &err_text));
  run.wall_seconds = result.wall_seconds;
  run.peak_rss_bytes = result.peak_rss_bytes;
  if (result.timed_out) {
    return Status::FailedPrecondition(
        "scip-python did not finish within {:g} s on {} and was stopped; raise --scip-timeout, "
        "or {}",
        options.timeout_seconds, repo.string(), kWithoutScip);
  }
  if (!result.ok()) {
    const std::string tail = SummarizeErrorOutput(err_text.empty() ? out_text : err_text);
    return Status::FailedPrecondition("scip-python failed on {} ({}){}{}; {}", repo.string(),
                                      result.Describe(), tail.empty() ? "" : ": ", tail,
                                      kWithoutScip);
  }
  run.index_bytes = static_cast<int64_t>(fs::file_size(run.index_path, ec));
  if (ec) {
    return Status::FailedPrecondition(
        "scip-python exited successfully but wrote no index at {}; {}", run.index_path.string(),
        kWithoutScip);
  }
  return run;
}

}  // namespace codeanatomy::extract::scip
