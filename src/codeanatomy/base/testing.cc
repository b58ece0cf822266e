#include "codeanatomy/base/testing.h"

#include <cstdlib>
#include <fstream>
#include <random>

#include <unistd.h>

namespace codeanatomy::base::testing {

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::filesystem::path root = tmp ? tmp : "/tmp";
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = root / ("codeanatomy-test-" + std::to_string(getpid()) + "-" +
                             std::to_string(rd() % 1000000000));
    std::error_code ec;
    if (std::filesystem::create_directory(candidate, ec)) {
      path_ = candidate;
      return;
    }
  }
  CA_CHECK_MSG(false, "cannot create a temporary directory under {}", root.string());
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::Write(const std::string& relative,
                                     const std::string& contents) const {
  auto full = path_ / relative;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  CA_CHECK_MSG(out.good(), "cannot write {}", full.string());
  return full;
}

std::filesystem::path SourceDir() {
  const char* dir = std::getenv("CA_SOURCE_DIR");
#ifdef CA_SOURCE_DIR
  if (dir == nullptr) dir = CA_SOURCE_DIR;
#endif
  CA_CHECK_MSG(dir != nullptr, "CA_SOURCE_DIR is not set");
  return dir;
}

}  // namespace codeanatomy::base::testing
