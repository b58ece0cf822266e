#include "codeanatomy/source/repo_scan.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "codeanatomy/base/check.h"
#include "codeanatomy/base/parallel.h"
#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/schema/table_def.h"
#include "codeanatomy/source/encoding.h"
#include "codeanatomy/source/git_repo.h"
#include "codeanatomy/source/gitignore.h"
#include "codeanatomy/source/line_index.h"

namespace codeanatomy::source {

namespace fs = std::filesystem;
using schema::DiagnosticCode;

std::vector<std::string> ScanOptions::DefaultExcludeDirs() {
  // Directory names that never hold the project's own sources. Virtual environments are recognised
  // by their pyvenv.cfg whatever their name (a package may well be called `venv`, as the stdlib's
  // is).
  return {".git", ".hg",         ".svn",          "__pycache__", ".venv", "node_modules", "build",
          "dist", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox",  ".nox",         ".eggs"};
}

std::vector<std::string> ScanOptions::DefaultIncludeGlobs() { return {"**/*.py"}; }

std::string ModuleNameForPath(std::string_view relative_path) {
  return ModuleNameUnder(relative_path, {{"", "", "root"}});
}

namespace {

//! Statuses other than ok: their diagnostic code and severity.
struct StatusInfo {
  std::string_view status;
  DiagnosticCode code;
};
constexpr StatusInfo kStatuses[] = {
    {"too_large", DiagnosticCode::kSourceTooLarge},
    {"binary", DiagnosticCode::kSourceBinary},
    {"unreadable", DiagnosticCode::kSourceUnreadable},
    {"undecodable", DiagnosticCode::kSourceUndecodable},
    {"unknown_encoding", DiagnosticCode::kSourceUnknownEncoding},
    {"unsupported_encoding", DiagnosticCode::kSourceUnsupportedEncoding},
    {"encoding_conflict", DiagnosticCode::kSourceEncodingConflict},
    {"special_file", DiagnosticCode::kSourceSpecialFile},
    {"symlink_skipped", DiagnosticCode::kSourceSymlinkSkipped},
    {"outside_repo", DiagnosticCode::kSourceOutsideRepo},
    {"broken_symlink", DiagnosticCode::kSourceBrokenSymlink},
    {"symlink_loop", DiagnosticCode::kSourceSymlinkLoop},
};
const StatusInfo& InfoOf(std::string_view status) {
  for (const auto& s : kStatuses) {
    if (s.status == status) return s;
  }
  CA_UNREACHABLE("unknown file status {}", status);
}

constexpr std::string_view kNotFollowed =
    "pass --follow-symlinks to follow links that stay inside the repository";
constexpr size_t kGitignoreLimit = 64 * 1024 * 1024;

struct Candidate {
  std::string raw_path;  // relative, raw bytes
  std::string path;      // relative, valid UTF-8 (EscapeInvalidUtf8)
  fs::path abs_path;     // as listed
  fs::path read_path;    // what is opened (a followed link's real target)
  bool is_symlink = false;
  std::string status;  // decided while walking; empty = read the file
  std::string problem;
};

struct FileFacts {
  std::optional<int64_t> size_bytes;
  std::string content_hash;
  std::string encoding;
  bool has_bom = false;
  std::string status;
  std::string text;
  std::string problem;
  std::vector<LineSpan> lines;
  std::vector<WideChar> wide;
};

//! A diagnostic from the walk, before file IDs exist.
struct WalkDiagnostic {
  std::string path;
  DiagnosticCode code;
  std::string message;
};

//! strerror, safe to call from the reading threads.
std::string Errno(int err) { return std::error_code(err, std::generic_category()).message(); }

std::optional<std::string> RealPath(const std::string& path, int* err) {
  char* r = ::realpath(path.c_str(), nullptr);
  if (r == nullptr) {
    *err = errno;
    return std::nullopt;
  }
  std::string out(r);
  std::free(r);
  return out;
}

bool IsAncestorOrSelf(std::string_view ancestor, std::string_view path) {
  if (ancestor == "/") return true;
  return path == ancestor || (path.starts_with(ancestor) && path[ancestor.size()] == '/');
}

std::string_view FileKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

struct PendingDir {
  std::string abs;  // the directory to list (the real path of a followed link)
  std::string rel;  // raw relative path, "" for the root
  std::shared_ptr<const IgnoreStack> ignore;  // in force for it, before its own .gitignore
};

struct PendingLink {
  std::string abs;  // the link
  std::string rel;
  std::shared_ptr<const IgnoreStack> ignore;
};

class Walker {
 public:
  Walker(const ScanOptions& options, std::string root_abs, std::string real_root,
         std::string git_prefix)
      : options_(options),
        root_abs_(std::move(root_abs)),
        real_root_(std::move(real_root)),
        git_prefix_(std::move(git_prefix)),
        exclude_dirs_(options.exclude_dirs.begin(), options.exclude_dirs.end()) {
    for (const auto& g : options.include_globs) {
      include_.Add(g);
      if (g.ends_with('/')) include_dirs_.Add(g);
    }
    for (const auto& g : options.exclude_globs) exclude_.Add(g);
  }

  void Run(std::shared_ptr<const IgnoreStack> ignore, dev_t root_dev, ino_t root_ino) {
    visited_.emplace(std::make_pair(root_dev, root_ino), "");
    stack_.push_back({root_abs_, "", std::move(ignore)});
    while (true) {
      while (!stack_.empty()) {
        PendingDir dir = std::move(stack_.back());
        stack_.pop_back();
        ListDirectory(dir);
      }
      if (links_.empty()) break;
      PendingLink link = std::move(links_.front());
      links_.pop_front();
      FollowLink(link);
    }
  }

  std::vector<Candidate> candidates;
  std::vector<WalkDiagnostic> diagnostics;

 private:
  static std::string Join(const std::string& dir, const std::string& name) {
    return dir.empty() ? name : dir + "/" + name;
  }
  static std::string Shown(std::string_view raw_rel) {
    return raw_rel.empty() ? "." : EscapeInvalidUtf8(raw_rel);
  }

  void Diagnose(std::string_view raw_rel, DiagnosticCode code, std::string message) {
    diagnostics.push_back({Shown(raw_rel), code, std::move(message)});
  }

  void AddCandidate(const std::string& rel, const std::string& abs, std::string status,
                    std::string problem, bool is_symlink, std::string read_path = "") {
    Candidate c;
    c.raw_path = rel;
    c.path = EscapeInvalidUtf8(rel);
    c.abs_path = abs;
    c.read_path = read_path.empty() ? abs : read_path;
    c.is_symlink = is_symlink;
    c.status = std::move(status);
    c.problem = std::move(problem);
    candidates.push_back(std::move(c));
  }

  bool Excluded(const std::string& rel, const std::string& name, bool is_dir,
                const IgnoreStack* ignore) const {
    if (is_dir && exclude_dirs_.count(name) > 0) return true;
    if (auto v = exclude_.Match(rel, is_dir); v && *v) return true;
    return options_.use_gitignore && ignore != nullptr &&
           ignore->IsIgnored(git_prefix_ + rel, is_dir);
  }

  bool Included(std::string_view rel) const {
    if (auto v = include_.Match(rel, false)) return *v;
    for (size_t slash = rel.rfind('/'); slash != std::string_view::npos && slash > 0;
         slash = rel.rfind('/', slash - 1)) {
      if (auto v = include_dirs_.Match(rel.substr(0, slash), true)) return *v;
    }
    return false;
  }

  bool UnderRoot(std::string_view real) const { return IsAncestorOrSelf(real_root_, real); }

  static bool IsVirtualEnv(const std::string& dir) {
    struct stat st {};
    return ::stat((dir + "/pyvenv.cfg").c_str(), &st) == 0;
  }

  //! Whether `path` cannot even be looked up (its directory is listable but not searchable):
  //! then each entry's own diagnostic says why it is missing, and a .gitignore gets none.
  static bool NotSearchable(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) != 0 && (errno == EACCES || errno == ENOENT);
  }

  void ListDirectory(const PendingDir& dir) {
    // The directory first: one that cannot be listed gets one diagnostic, not a second one for
    // the .gitignore it may or may not hold.
    DIR* d = ::opendir(dir.abs.c_str());
    if (d == nullptr) {
      Diagnose(dir.rel, DiagnosticCode::kSourceDirUnreadable,
               fmt::format("cannot list the directory: {}; the files below it are not analysed",
                           Errno(errno)));
      return;
    }
    std::shared_ptr<const IgnoreStack> ignore = dir.ignore;
    if (options_.use_gitignore) {
      errno = 0;
      const std::string gitignore = dir.abs + "/.gitignore";
      if (auto text = ReadSmallRegularFile(gitignore, kGitignoreLimit, /*nofollow=*/true)) {
        std::string base = git_prefix_ + dir.rel;
        if (!dir.rel.empty()) base += '/';
        ignore = IgnoreStack::Push(ignore, PatternList::Parse(*text, std::move(base)));
      } else if (errno != ENOENT && errno != ENOTDIR && !NotSearchable(gitignore)) {
        Diagnose(Join(dir.rel, ".gitignore"), DiagnosticCode::kSourceGitignoreUnreadable,
                 fmt::format("cannot read this .gitignore ({}); its patterns are not applied",
                             errno == ELOOP ? "a symbolic link, which git does not follow either"
                                            : Errno(errno)));
      }
    }
    std::vector<std::string> names;
    while (true) {
      errno = 0;
      const dirent* e = ::readdir(d);
      if (e == nullptr) {
        if (errno != 0) {
          Diagnose(dir.rel, DiagnosticCode::kSourceDirUnreadable,
                   fmt::format("listing the directory failed part way: {}; some files below it "
                               "may be missing",
                               Errno(errno)));
        }
        break;
      }
      std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      names.emplace_back(name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    std::vector<PendingDir> children;
    for (const auto& name : names) HandleEntry(dir, ignore, name, &children);
    // Depth first, in name order.
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack_.push_back(std::move(*it));
  }

  void HandleEntry(const PendingDir& dir, const std::shared_ptr<const IgnoreStack>& ignore,
                   const std::string& name, std::vector<PendingDir>* children) {
    const std::string rel = Join(dir.rel, name);
    const std::string abs = dir.abs + "/" + name;
    struct stat lst {};
    if (::lstat(abs.c_str(), &lst) != 0) {
      const int err = errno;
      if (!Excluded(rel, name, false, ignore.get()) && Included(rel)) {
        AddCandidate(rel, abs, "unreadable", fmt::format("cannot stat the file: {}", Errno(err)),
                     false);
      }
      return;
    }
    if (S_ISLNK(lst.st_mode)) {
      HandleLink(rel, abs, name, ignore);
      return;
    }
    if (S_ISDIR(lst.st_mode)) {
      if (Excluded(rel, name, true, ignore.get()) || IsVirtualEnv(abs)) return;
      auto [it, inserted] = visited_.emplace(std::make_pair(lst.st_dev, lst.st_ino), rel);
      if (!inserted) {
        Diagnose(rel, DiagnosticCode::kSourceDirDuplicate,
                 fmt::format("the same directory as '{}' (a bind mount?); not scanned twice",
                             Shown(it->second)));
        return;
      }
      children->push_back({abs, rel, ignore});
      return;
    }
    if (Excluded(rel, name, false, ignore.get()) || !Included(rel)) return;
    if (S_ISREG(lst.st_mode)) {
      AddCandidate(rel, abs, "", "", false);
    } else {
      AddCandidate(rel, abs, "special_file", fmt::format("{}, not read", FileKind(lst.st_mode)),
                   false);
    }
  }

  void HandleLink(const std::string& rel, const std::string& abs, const std::string& name,
                  const std::shared_ptr<const IgnoreStack>& ignore) {
    struct stat st {};
    const bool resolves = ::stat(abs.c_str(), &st) == 0;
    const int err = resolves ? 0 : errno;
    const bool is_dir = resolves && S_ISDIR(st.st_mode);
    if (Excluded(rel, name, is_dir, ignore.get())) return;
    if (is_dir) {
      if (!options_.follow_symlinks) {
        Diagnose(rel, DiagnosticCode::kSourceSymlinkSkipped,
                 fmt::format("a symbolic link to a directory, not followed; {}", kNotFollowed));
      } else {
        links_.push_back({abs, rel, ignore});
      }
      return;
    }
    if (!Included(rel)) return;
    if (!options_.follow_symlinks) {
      AddCandidate(rel, abs, "symlink_skipped",
                   fmt::format("a symbolic link, not followed; {}", kNotFollowed), true);
      return;
    }
    if (!resolves) {
      AddCandidate(rel, abs, err == ELOOP ? "symlink_loop" : "broken_symlink",
                   fmt::format("the symbolic link does not resolve: {}", Errno(err)), true);
      return;
    }
    int rerr = 0;
    auto real = RealPath(abs, &rerr);
    if (!real) {
      AddCandidate(rel, abs, rerr == ELOOP ? "symlink_loop" : "broken_symlink",
                   fmt::format("the symbolic link does not resolve: {}", Errno(rerr)), true);
    } else if (!UnderRoot(*real)) {
      AddCandidate(rel, abs, "outside_repo",
                   fmt::format("the symbolic link resolves outside the repository root (to "
                               "'{}'); not read",
                               EscapeInvalidUtf8(*real)),
                   true);
    } else if (!S_ISREG(st.st_mode)) {
      AddCandidate(rel, abs, "special_file",
                   fmt::format("the link's target is {}, not read", FileKind(st.st_mode)), true);
    } else {
      AddCandidate(rel, abs, "", "", true, *real);
    }
  }

  void FollowLink(const PendingLink& link) {
    int err = 0;
    auto real = RealPath(link.abs, &err);
    if (!real) {
      Diagnose(
          link.rel,
          err == ELOOP ? DiagnosticCode::kSourceSymlinkLoop : DiagnosticCode::kSourceBrokenSymlink,
          fmt::format("the symbolic link does not resolve: {}", Errno(err)));
      return;
    }
    if (!UnderRoot(*real)) {
      Diagnose(link.rel, DiagnosticCode::kSourceOutsideRepo,
               fmt::format("the link to a directory resolves outside the repository root (to "
                           "'{}'); not followed",
                           EscapeInvalidUtf8(*real)));
      return;
    }
    struct stat st {};
    if (::stat(real->c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || IsVirtualEnv(*real)) return;
    auto [it, inserted] = visited_.emplace(std::make_pair(st.st_dev, st.st_ino), link.rel);
    if (!inserted) {
      const std::string parent = link.abs.substr(0, link.abs.rfind('/'));
      int perr = 0;
      auto parent_real = RealPath(parent, &perr);
      if (parent_real && IsAncestorOrSelf(*real, *parent_real)) {
        Diagnose(link.rel, DiagnosticCode::kSourceSymlinkLoop,
                 fmt::format("the symbolic link leads back to its own ancestor '{}'; not followed",
                             Shown(it->second)));
      } else {
        Diagnose(link.rel, DiagnosticCode::kSourceSymlinkDuplicate,
                 fmt::format("the symbolic link leads to a directory already scanned as '{}'; "
                             "not scanned twice",
                             Shown(it->second)));
      }
      return;
    }
    stack_.push_back({*real, link.rel, link.ignore});
  }

  const ScanOptions& options_;
  const std::string root_abs_;
  const std::string real_root_;
  const std::string git_prefix_;  // the root relative to the git work tree, "" or ending in '/'
  const std::set<std::string> exclude_dirs_;
  PatternList include_;
  PatternList include_dirs_;  // the include globs ending in '/', matched against parent dirs
  PatternList exclude_;
  std::vector<PendingDir> stack_;
  std::deque<PendingLink> links_;
  std::map<std::pair<dev_t, ino_t>, std::string> visited_;  // real directory -> where scanned
};

FileFacts ReadOne(const Candidate& c, const ScanOptions& options) {
  FileFacts f;
  if (!c.status.empty()) {
    f.status = c.status;
    f.problem = c.problem;
    return f;
  }
  const int fd =
      ::open(c.read_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
  if (fd < 0) {
    f.status = "unreadable";
    f.problem = fmt::format("cannot open the file: {}", Errno(errno));
    return f;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    f.status = "special_file";
    f.problem = fmt::format("{}, not read", FileKind(st.st_mode));
    return f;
  }
  f.size_bytes = static_cast<int64_t>(st.st_size);
  auto too_large = [&](int64_t size) {
    f.status = "too_large";
    f.problem = fmt::format("the file has {} bytes, above the {}-byte limit (--max-file-bytes)",
                            size, options.max_file_bytes);
  };
  if (st.st_size > options.max_file_bytes) {
    ::close(fd);
    too_large(st.st_size);
    return f;
  }
  // Read at most one byte more than allowed: the file may grow while we read it.
  const size_t limit = static_cast<size_t>(options.max_file_bytes) + 1;
  std::string raw(std::min(static_cast<size_t>(st.st_size) + 1, limit), '\0');
  size_t done = 0;
  int read_error = 0;
  while (done < limit) {
    if (done == raw.size()) raw.resize(std::min(raw.size() * 2 + 4096, limit));
    const ssize_t n = ::read(fd, raw.data() + done, raw.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) read_error = errno;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  raw.resize(done);
  if (read_error != 0) {
    f.status = "unreadable";
    f.problem = fmt::format("cannot read the file: {}", Errno(read_error));
    return f;
  }
  f.size_bytes = static_cast<int64_t>(raw.size());
  if (f.size_bytes > options.max_file_bytes) {
    too_large(*f.size_bytes);
    return f;
  }
  const XXH128_hash_t h = XXH3_128bits(raw.data(), raw.size());
  f.content_hash = fmt::format("{:016x}{:016x}", h.high64, h.low64);
  if (LooksBinary(raw)) {
    f.status = "binary";
    f.problem =
        "looks like a binary file (a binary format's magic number, or many NUL and control "
        "bytes); not analysed";
    return f;
  }
  DecodedSource d = DecodeSource(raw);
  f.has_bom = d.has_bom;
  f.encoding = EscapeInvalidUtf8(d.encoding);
  f.problem = std::move(d.problem);
  switch (d.outcome) {
    case DecodeOutcome::kOk:
      f.status = "ok";
      f.text = std::move(d.text);
      f.lines = SplitLines(f.text);
      f.wide = FindWideChars(f.text, f.lines);
      break;
    case DecodeOutcome::kUnknownEncoding:
      f.status = "unknown_encoding";
      break;
    case DecodeOutcome::kUnsupportedEncoding:
      f.status = "unsupported_encoding";
      break;
    case DecodeOutcome::kEncodingConflict:
      f.status = "encoding_conflict";
      break;
    case DecodeOutcome::kUndecodable:
      f.status = "undecodable";
      break;
  }
  return f;
}

//! Files that get the same module name (`a.py` beside `a/__init__.py`, `a/b.py` beside `a.b.py`):
//! their rows share it, so resolution merges their definitions. Each gets a warning naming the
//! others and the one CPython imports: a path whose every component is an identifier (no `.` but
//! the suffix), a package before a plain module. Stubs (.pyi) beside their module are expected.
void DiagnoseModuleCollisions(
    const std::vector<SourceFile>& files,
    std::vector<std::pair<DiagnosticCode, schema::DiagnosticSite>>* diags) {
  std::map<std::pair<std::string_view, bool>, std::vector<const SourceFile*>> by_name;
  for (const SourceFile& f : files) {
    if (f.module_name.empty()) continue;
    by_name[{f.module_name, std::string_view(f.path).ends_with(".pyi")}].push_back(&f);
  }
  auto importable = [](std::string_view path) {
    const size_t suffix = path.rfind('.');
    return path.substr(0, suffix).find('.') == std::string_view::npos;
  };
  for (const auto& [key, group] : by_name) {
    if (group.size() < 2) continue;
    const SourceFile* imported = nullptr;
    for (const SourceFile* f : group) {
      if (!importable(f->path)) continue;
      const bool package = std::string_view(f->path).ends_with("__init__.py");
      if (imported == nullptr || package) imported = f;
    }
    for (const SourceFile* f : group) {
      std::string others;
      for (const SourceFile* o : group) {
        if (o != f) others += (others.empty() ? "" : ", ") + o->path;
      }
      std::string which = imported == nullptr ? "CPython imports none of them under that name"
                          : imported == f
                              ? "CPython imports this one"
                              : "CPython imports " + imported->path + ", never this file";
      diags->push_back({DiagnosticCode::kSourceModuleCollision,
                        {.file_id = f->file_id,
                         .path = f->path,
                         .message = fmt::format("module name `{}` is also that of {}: their "
                                                "definitions are merged under one module; {}",
                                                f->module_name, others, which)}});
    }
  }
}

//! The .gitignore lists above the root inside its git work tree, and .git/info/exclude.
std::shared_ptr<const IgnoreStack> OuterIgnoreStack(const std::optional<GitRepository>& repo,
                                                    const std::string& git_prefix) {
  PatternList info_exclude;
  if (repo) {
    if (auto text = ReadSmallRegularFile(repo->common_dir / "info" / "exclude", kGitignoreLimit)) {
      info_exclude = PatternList::Parse(*text, "");
    }
  }
  auto stack = IgnoreStack::Root(std::move(info_exclude));
  if (!repo || git_prefix.empty()) return stack;
  // The work tree's top and every directory down to the root's parent.
  std::string base;
  fs::path dir = repo->work_tree;
  size_t start = 0;
  while (true) {
    if (auto text = ReadSmallRegularFile(dir / ".gitignore", kGitignoreLimit, true)) {
      stack = IgnoreStack::Push(stack, PatternList::Parse(*text, base));
    }
    const size_t slash = git_prefix.find('/', start);
    if (slash == std::string::npos || slash + 1 >= git_prefix.size()) break;
    const std::string component = git_prefix.substr(start, slash - start);
    dir /= component;
    base = git_prefix.substr(0, slash + 1);
    start = slash + 1;
  }
  return stack;
}

}  // namespace

base::Result<ScanResult> ScanRepository(const ScanOptions& options) {
  std::error_code ec;
  const fs::path root = fs::absolute(options.root, ec).lexically_normal();
  auto root_status = fs::status(root, ec);
  if (ec || !fs::exists(root_status)) {
    return base::Status::InvalidArgument(
        "repository path '{}' does not exist; pass the root directory of a Python project",
        options.root.string());
  }
  if (!fs::is_directory(root_status)) {
    return base::Status::InvalidArgument(
        "repository path '{}' is not a directory; pass the root directory of a Python project",
        options.root.string());
  }
  std::string root_abs = root.string();
  while (root_abs.size() > 1 && root_abs.back() == '/') root_abs.pop_back();
  int err = 0;
  auto real_root = RealPath(root_abs, &err);
  struct stat root_st {};
  DIR* probe = real_root ? ::opendir(root_abs.c_str()) : nullptr;
  if (probe == nullptr || ::stat(root_abs.c_str(), &root_st) != 0) {
    if (probe != nullptr) ::closedir(probe);
    return base::Status::IoError("cannot list '{}': {}; check its permissions", root_abs,
                                 Errno(err != 0 ? err : errno));
  }
  ::closedir(probe);

  // The enclosing git repository: HEAD for the manifest, and where .gitignore rules start.
  std::optional<GitRepository> repo = FindGitRepository(*real_root);
  std::string git_prefix;
  if (repo) {
    const std::string rel = fs::path(*real_root).lexically_relative(repo->work_tree).string();
    if (!rel.empty() && rel != "." && !rel.starts_with("..")) git_prefix = rel + "/";
  }

  Walker walker(options, root_abs, *real_root, git_prefix);
  walker.Run(options.use_gitignore ? OuterIgnoreStack(repo, git_prefix) : nullptr, root_st.st_dev,
             root_st.st_ino);
  std::vector<Candidate> candidates = std::move(walker.candidates);
  std::vector<WalkDiagnostic> walk_diags = std::move(walker.diagnostics);

  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.path < b.path; });
  // Two raw names can escape to the same path (a file literally named "\xff" and one holding
  // byte 0xFF): keep the first, so that file_id stays a key.
  {
    std::vector<Candidate> unique;
    unique.reserve(candidates.size());
    for (auto& c : candidates) {
      if (!unique.empty() && unique.back().path == c.path) {
        walk_diags.push_back({c.path, DiagnosticCode::kSourcePathCollision,
                              "another file has the same path once non-UTF-8 bytes are escaped; "
                              "only the first is analysed"});
        continue;
      }
      unique.push_back(std::move(c));
    }
    candidates = std::move(unique);
  }

  std::vector<FileFacts> facts(candidates.size());
  base::ParallelFor(candidates.size(), options.threads,
                    [&](size_t i, size_t) { facts[i] = ReadOne(candidates[i], options); });

  ScanResult result;
  if (repo) result.git_head = ReadGitHead(*repo);
  result.import_roots = DetectImportRoots(options.root, options.source_roots);
  result.repo_files = schema::GetTable("repo_files").NewTable();
  result.line_index = schema::GetTable("file_line_index").NewTable();
  result.wide_chars = schema::GetTable("file_wide_chars").NewTable();
  result.diagnostics = schema::NewDiagnosticsTable();

  std::vector<std::pair<DiagnosticCode, schema::DiagnosticSite>> diags;
  for (auto& w : walk_diags) {
    diags.push_back({w.code, {.path = std::move(w.path), .message = std::move(w.message)}});
  }

  auto& t = result.repo_files;
  auto& c_file_id = t.column("file_id");
  auto& c_path = t.column("path");
  auto& c_module = t.column("module_name");
  auto& c_size = t.column("size_bytes");
  auto& c_text_bytes = t.column("text_bytes");
  auto& c_hash = t.column("content_hash");
  auto& c_encoding = t.column("encoding");
  auto& c_bom = t.column("has_bom");
  auto& c_symlink = t.column("is_symlink");
  auto& c_status = t.column("status");
  auto optional_string = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string_view>(s);
  };
  for (size_t i = 0; i < candidates.size(); ++i) {
    Candidate& c = candidates[i];
    FileFacts& f = facts[i];
    SourceFile file;
    file.file_id = base::StableId("file", c.path);
    file.path = c.path;
    file.abs_path = c.abs_path;
    file.module_name = ModuleNameUnder(c.path, result.import_roots);
    file.status = f.status;
    file.text = std::move(f.text);

    c_file_id.AppendUInt64(file.file_id);
    c_path.AppendString(file.path);
    c_module.AppendString(file.module_name);
    f.size_bytes ? c_size.AppendInt64(*f.size_bytes) : c_size.AppendNull();
    if (f.status == "ok") {
      c_text_bytes.AppendInt64(static_cast<int64_t>(file.text.size()));
    } else {
      c_text_bytes.AppendNull();
    }
    c_hash.AppendOptionalString(optional_string(f.content_hash));
    c_encoding.AppendOptionalString(optional_string(f.encoding));
    c_bom.AppendBool(f.has_bom);
    c_symlink.AppendBool(c.is_symlink);
    c_status.AppendString(f.status);
    if (f.status == "ok") {
      AppendLineRows(file.file_id, file.path, f.lines, f.wide, &result.line_index,
                     &result.wide_chars);
    } else {
      const StatusInfo& info = InfoOf(f.status);
      diags.push_back(
          {info.code, {.file_id = file.file_id, .path = file.path, .message = f.problem}});
    }
    if (c.path != c.raw_path) {
      diags.push_back({DiagnosticCode::kSourcePathNotUtf8,
                       {.file_id = file.file_id,
                        .path = file.path,
                        .message = "the file's path is not valid UTF-8; its other bytes are "
                                   "written \\xNN in `path`"}});
    }
    result.files.push_back(std::move(file));
  }
  DiagnoseModuleCollisions(result.files, &diags);
  t.CheckConsistent();
  result.line_index.CheckConsistent();
  result.wide_chars.CheckConsistent();

  std::stable_sort(diags.begin(), diags.end(),
                   [](const auto& a, const auto& b) { return a.second.path < b.second.path; });
  for (const auto& [code, site] : diags) schema::AppendDiagnostic(result.diagnostics, code, site);
  return result;
}

}  // namespace codeanatomy::source
