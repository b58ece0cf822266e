#include "codeanatomy/base/check.h"

#include <cstdio>
#include <cstdlib>

namespace codeanatomy::base::internal {

void CheckFailed(const char* file, int line, const char* expr, const std::string& detail) {
  std::fprintf(stderr, "codeanatomy: internal error (a bug): CHECK failed at %s:%d: %s%s%s\n", file,
               line, expr, detail.empty() ? "" : " — ", detail.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace codeanatomy::base::internal
