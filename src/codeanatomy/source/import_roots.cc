#include "codeanatomy/source/import_roots.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace codeanatomy::source {
namespace fs = std::filesystem;

namespace {

std::string ReadSmallFile(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec) || fs::file_size(p, ec) > (1 << 20)) return {};
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
  return std::string(s.substr(a, b - a));
}

//! `dir` as a root: '/'-separated, relative, inside the repository, an existing directory.
bool Normalise(const fs::path& root, std::string& dir) {
  std::replace(dir.begin(), dir.end(), '\\', '/');
  while (dir.starts_with("./")) dir.erase(0, 2);
  while (dir.ends_with('/')) dir.pop_back();
  if (dir == ".") dir.clear();
  if (dir.starts_with('/') || dir == ".." || dir.starts_with("../") ||
      dir.find("/../") != std::string::npos || dir.ends_with("/.."))
    return false;
  std::error_code ec;
  return fs::is_directory(root / dir, ec);
}

//! A package name: dotted identifiers.
bool IsDotted(std::string_view s) {
  static const std::regex re(R"([A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)");
  return std::regex_match(s.begin(), s.end(), re);
}

void Add(std::vector<ImportRoot>& roots, const fs::path& root, std::string dir, std::string prefix,
         const char* source) {
  if (!Normalise(root, dir) || (!prefix.empty() && !IsDotted(prefix))) return;
  for (const auto& r : roots)
    if (r.dir == dir) return;
  roots.push_back({std::move(dir), std::move(prefix), source});
}

//! setup.cfg: [options] package_dir, on its line or on indented continuation lines.
void FromSetupCfg(const fs::path& root, std::vector<ImportRoot>& roots) {
  std::istringstream in(ReadSmallFile(root / "setup.cfg"));
  std::string line, section;
  bool in_value = false;
  std::vector<std::string> entries;
  while (std::getline(in, line)) {
    std::string t = Trim(line);
    if (t.starts_with('[')) {
      section = t;
      in_value = false;
      continue;
    }
    bool continuation = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if (in_value && continuation) {
      if (!t.empty()) entries.push_back(t);
      continue;
    }
    in_value = false;
    if (section != "[options]") continue;
    auto eq = t.find('=');
    if (eq == std::string::npos || Trim(t.substr(0, eq)) != "package_dir") continue;
    in_value = true;
    std::string rest = Trim(t.substr(eq + 1));
    if (!rest.empty()) entries.push_back(rest);
  }
  for (const auto& e : entries) {
    auto eq = e.find('=');
    if (eq == std::string::npos) continue;
    Add(roots, root, Trim(e.substr(eq + 1)), Trim(e.substr(0, eq)), "setup.cfg");
  }
}

//! pyproject.toml: setuptools' package-dir and packages.find where, poetry's packages from,
//! hatch's wheel packages.
void FromPyproject(const fs::path& root, std::vector<ImportRoot>& roots) {
  std::string text = ReadSmallFile(root / "pyproject.toml");
  if (text.empty()) return;
  std::smatch m;
  static const std::regex package_dir(R"re(package-dir\s*=\s*\{\s*""\s*=\s*"([^"]*)")re");
  if (std::regex_search(text, m, package_dir)) Add(roots, root, m[1], "", "pyproject.toml");
  static const std::regex table(
      R"re(\[tool\.setuptools\.package-dir\][^\[]*?""\s*=\s*"([^"]*)")re");
  if (std::regex_search(text, m, table)) Add(roots, root, m[1], "", "pyproject.toml");
  static const std::regex where(
      R"re(\[tool\.setuptools\.packages\.find\][^\[]*?where\s*=\s*\[\s*"([^"]*)")re");
  if (std::regex_search(text, m, where)) Add(roots, root, m[1], "", "pyproject.toml");
  static const std::regex poetry_from(R"re(from\s*=\s*"([^"]*)")re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), poetry_from);
       it != std::sregex_iterator(); ++it)
    Add(roots, root, (*it)[1], "", "pyproject.toml");
  static const std::regex hatch(
      R"re(\[tool\.hatch\.build\.targets\.wheel\][^\[]*?packages\s*=\s*\[\s*"([^"]*)/[A-Za-z_][A-Za-z0-9_]*")re");
  if (std::regex_search(text, m, hatch)) Add(roots, root, m[1], "", "pyproject.toml");
}

//! setup.py: a literal package_dir={...} of string pairs.
void FromSetupPy(const fs::path& root, std::vector<ImportRoot>& roots) {
  std::string text = ReadSmallFile(root / "setup.py");
  std::smatch m;
  static const std::regex dict(R"(package_dir\s*=\s*\{([^}]*)\})");
  if (!std::regex_search(text, m, dict)) return;
  std::string body = m[1];
  static const std::regex pair(R"re(['"]([^'"]*)['"]\s*:\s*['"]([^'"]*)['"])re");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), pair); it != std::sregex_iterator();
       ++it)
    Add(roots, root, (*it)[2], (*it)[1], "setup.py");
}

//! src/ holding a package or module, not itself a package.
bool IsSrcLayout(const fs::path& root) {
  std::error_code ec;
  fs::path src = root / "src";
  if (!fs::is_directory(src, ec) || fs::exists(src / "__init__.py", ec)) return false;
  for (const auto& e : fs::directory_iterator(src, ec)) {
    if (e.is_directory(ec) && fs::exists(e.path() / "__init__.py", ec)) return true;
    if (e.is_regular_file(ec) && e.path().extension() == ".py") return true;
  }
  return false;
}

}  // namespace

std::vector<ImportRoot> DetectImportRoots(const fs::path& root,
                                          const std::vector<std::string>& explicit_roots) {
  std::vector<ImportRoot> roots;
  std::error_code ec;
  if (!explicit_roots.empty()) {
    for (const auto& d : explicit_roots) {
      fs::path p(d);
      std::string dir = d;
      if (p.is_absolute())
        dir = fs::weakly_canonical(p, ec).lexically_relative(fs::weakly_canonical(root, ec));
      Add(roots, root, dir, "", "option");
    }
  } else if (fs::exists(root / "__init__.py", ec)) {
    // The analysed directory is a package: name it as its parents' packages say.
    fs::path dir = fs::weakly_canonical(root, ec);
    std::vector<std::string> names;
    while (!dir.empty() && dir.has_filename() && fs::exists(dir / "__init__.py", ec)) {
      names.push_back(dir.filename().string());
      dir = dir.parent_path();
    }
    std::string prefix;
    for (auto it = names.rbegin(); it != names.rend(); ++it)
      prefix += (prefix.empty() ? "" : ".") + *it;
    if (IsDotted(prefix)) roots.push_back({"", prefix, "package"});
  } else {
    FromSetupCfg(root, roots);
    FromPyproject(root, roots);
    FromSetupPy(root, roots);
    // A root of "" with no prefix is the default anyway.
    std::erase_if(roots, [](const ImportRoot& r) { return r.dir.empty() && r.prefix.empty(); });
    if (roots.empty() && IsSrcLayout(root)) roots.push_back({"src", "", "src"});
  }
  if (std::none_of(roots.begin(), roots.end(), [](const ImportRoot& r) { return r.dir.empty(); }))
    roots.push_back({"", "", "root"});
  std::sort(roots.begin(), roots.end(),
            [](const ImportRoot& a, const ImportRoot& b) { return a.dir < b.dir; });
  return roots;
}

std::string ModuleNameUnder(std::string_view relative_path, const std::vector<ImportRoot>& roots) {
  const ImportRoot* best = nullptr;
  for (const auto& r : roots) {
    bool under =
        r.dir.empty() || (relative_path.size() > r.dir.size() && relative_path.starts_with(r.dir) &&
                          relative_path[r.dir.size()] == '/');
    if (under && (!best || r.dir.size() > best->dir.size())) best = &r;
  }
  std::string_view rest = relative_path;
  if (best && !best->dir.empty()) rest.remove_prefix(best->dir.size() + 1);
  std::string p(rest);
  if (p.ends_with(".py")) {
    p.resize(p.size() - 3);
  } else if (p.ends_with(".pyi")) {
    p.resize(p.size() - 4);
  }
  if (p == "__init__") {
    p.clear();
  } else if (p.ends_with("/__init__")) {
    p.resize(p.size() - 9);
  }
  std::replace(p.begin(), p.end(), '/', '.');
  if (!best || best->prefix.empty()) return p;
  return p.empty() ? best->prefix : best->prefix + "." + p;
}

}  // namespace codeanatomy::source
