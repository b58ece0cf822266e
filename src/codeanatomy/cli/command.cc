#include "codeanatomy/cli/command.h"

#include <cstdio>

namespace codeanatomy::cli {

int ExitCodeFor(const base::Status& status) {
  switch (status.code()) {
    case base::StatusCode::kOk:
      return 0;
    case base::StatusCode::kPolicyViolation:
      return 1;
    case base::StatusCode::kInvalidArgument:
    case base::StatusCode::kNotFound:
    case base::StatusCode::kIoError:
    case base::StatusCode::kFailedPrecondition:
      return 2;
    case base::StatusCode::kEngineError:
    case base::StatusCode::kUnimplemented:
    case base::StatusCode::kInternal:
      return 3;
  }
  return 3;
}

int Fail(const base::Status& status) {
  std::fprintf(stderr, "codeanatomy: error: %s\n", status.message().c_str());
  return ExitCodeFor(status);
}

}  // namespace codeanatomy::cli
