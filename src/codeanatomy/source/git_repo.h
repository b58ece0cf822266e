// codeanatomy/source/git_repo.h
//
// The git repository around an analysed directory, read without running git: where its work tree
// and git directory are (a `.git` directory, or a `.git` file saying `gitdir: …` as in linked
// worktrees and submodules, with `commondir` for the shared refs) and which commit HEAD names
// (loose refs, then packed-refs). Every file is read with a size limit and only when it is a
// regular file: the repository may be hostile.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace codeanatomy::source {

struct GitRepository {
  //! The top of the work tree (the directory holding `.git`).
  std::filesystem::path work_tree;
  //! The git directory (per-worktree: HEAD, per-worktree refs).
  std::filesystem::path git_dir;
  //! The common directory (refs, packed-refs, info/exclude); git_dir unless a linked worktree.
  std::filesystem::path common_dir;
};

//! The repository whose work tree contains `dir` (itself or the nearest ancestor with a `.git`),
//! or nullopt. `dir` must be absolute.
std::optional<GitRepository> FindGitRepository(const std::filesystem::path& dir);

//! The commit HEAD points to, as lower-case hex (40 digits, or 64 in SHA-256 repositories), or
//! nullopt when it cannot be resolved (unborn branch, reftable storage, damaged repository).
std::optional<std::string> ReadGitHead(const GitRepository& repo);

//! The contents of `path` when it is a regular file no larger than `max_bytes` (symlinks are not
//! followed when `nofollow`); nullopt otherwise, with errno set.
std::optional<std::string> ReadSmallRegularFile(const std::filesystem::path& path, size_t max_bytes,
                                                bool nofollow = false);

}  // namespace codeanatomy::source
