// codeanatomy/base/status.h
//
// Status and Result<T>: the channel for our own recoverable failures (I/O, engine errors, bad
// flags). Problems in the analysed code are diagnostics (data), never a Status; bugs are CHECKs.
// See docs/ARCHITECTURE.md, "Conventions": three error channels, never mixed.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <fmt/core.h>

#include "codeanatomy/base/check.h"

namespace codeanatomy::base {

enum class StatusCode : unsigned char {
  kOk = 0,
  kInvalidArgument,     // bad flag or input path given by the user
  kNotFound,            // a named thing (table, rule, file) does not exist
  kIoError,             // the file system said no
  kEngineError,         // DuckDB rejected something
  kFailedPrecondition,  // the environment is not ready (missing dependency, unwritable dir)
  kUnimplemented,       // no lowering / no support for a construct
  kInternal,            // an invariant we can still report without aborting
  kPolicyViolation,     // the strict execution policy refused something (a fallback)
};

std::string_view StatusCodeName(StatusCode code);

//! A cheap-to-copy success-or-error value. The message says what failed and, where possible,
//! what to do about it; the CLI prints it as one line.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message);

  static Status Ok() { return Status(); }

  template <typename... Args>
  static Status InvalidArgument(fmt::format_string<Args...> f, Args&&... args) {
    return Status(StatusCode::kInvalidArgument, fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status NotFound(fmt::format_string<Args...> f, Args&&... args) {
    return Status(StatusCode::kNotFound, fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status IoError(fmt::format_string<Args...> f, Args&&... args) {
    return Status(StatusCode::kIoError, fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status EngineError(fmt::format_string<Args...> f, Args&&... args) {
    return Status(StatusCode::kEngineError, fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status FailedPrecondition(fmt::format_string<Args...> f, Args&&... args) {
    return Status(StatusCode::kFailedPrecondition, fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Unimplemented(fmt::format_string<Args...> f, Args&&... args) {
    return Status(StatusCode::kUnimplemented, fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status PolicyViolation(fmt::format_string<Args...> f, Args&&... args) {
    return Status(StatusCode::kPolicyViolation, fmt::format(f, std::forward<Args>(args)...));
  }
  template <typename... Args>
  static Status Internal(fmt::format_string<Args...> f, Args&&... args) {
    return Status(StatusCode::kInternal, fmt::format(f, std::forward<Args>(args)...));
  }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const;
  //! "<CodeName>: <message>", or "OK".
  std::string ToString() const;
  //! A copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

  bool operator==(const Status& other) const {
    return code() == other.code() && message() == other.message();
  }

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::shared_ptr<const State> state_;
};

//! A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : value_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    CA_CHECK_MSG(!std::get<Status>(value_).ok(), "Result constructed from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(value_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(value_); }

  const T& value() const& {
    CheckOk();
    return std::get<T>(value_);
  }
  T& value() & {
    CheckOk();
    return std::get<T>(value_);
  }
  T&& value() && {
    CheckOk();
    return std::get<T>(std::move(value_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  void CheckOk() const {
    CA_CHECK_MSG(ok(), "Result::value() on an error: {}", std::get<Status>(value_).ToString());
  }
  std::variant<Status, T> value_;
};

namespace internal {
inline Status ToStatus(Status s) { return s; }
template <typename T>
Status ToStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace internal

}  // namespace codeanatomy::base

#define CA_CONCAT_INNER(a, b) a##b
#define CA_CONCAT(a, b) CA_CONCAT_INNER(a, b)

//! Returns the Status of `expr` (a Status or a Result) from the current function if it is an error.
#define CA_RETURN_IF_ERROR(expr)                                                            \
  do {                                                                                      \
    ::codeanatomy::base::Status ca_status_ = ::codeanatomy::base::internal::ToStatus(expr); \
    if (!ca_status_.ok()) return ca_status_;                                                \
  } while (0)

#define CA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                             \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

//! `CA_ASSIGN_OR_RETURN(auto x, MakeX());` — expands into several statements; `rexpr` is moved
//! from.
#define CA_ASSIGN_OR_RETURN(lhs, rexpr) \
  CA_ASSIGN_OR_RETURN_IMPL(CA_CONCAT(ca_result_, __LINE__), lhs, rexpr)
