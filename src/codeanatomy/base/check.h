// codeanatomy/base/check.h
//
// CHECK macros: invariant violations (bugs). They abort with the values involved. No user input may
// ever reach one; user-caused problems are Status errors or diagnostic rows (docs/ARCHITECTURE.md).
#pragma once

#include <string>

#include <fmt/core.h>

namespace codeanatomy::base::internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* expr,
                              const std::string& detail);

template <typename A, typename B>
std::string FormatOperands(const A& a, const B& b) {
  return fmt::format("{} vs {}", a, b);
}
}  // namespace codeanatomy::base::internal

#define CA_CHECK(cond)                                                           \
  do {                                                                           \
    if (!(cond)) [[unlikely]]                                                    \
      ::codeanatomy::base::internal::CheckFailed(__FILE__, __LINE__, #cond, ""); \
  } while (0)

#define CA_CHECK_MSG(cond, ...)                                               \
  do {                                                                        \
    if (!(cond)) [[unlikely]]                                                 \
      ::codeanatomy::base::internal::CheckFailed(__FILE__, __LINE__, #cond,   \
                                                 ::fmt::format(__VA_ARGS__)); \
  } while (0)

#define CA_CHECK_OP(op, a, b)                                           \
  do {                                                                  \
    const auto& ca_a_ = (a);                                            \
    const auto& ca_b_ = (b);                                            \
    if (!(ca_a_ op ca_b_)) [[unlikely]]                                 \
      ::codeanatomy::base::internal::CheckFailed(                       \
          __FILE__, __LINE__, #a " " #op " " #b,                        \
          ::codeanatomy::base::internal::FormatOperands(ca_a_, ca_b_)); \
  } while (0)

#define CA_CHECK_EQ(a, b) CA_CHECK_OP(==, a, b)
#define CA_CHECK_NE(a, b) CA_CHECK_OP(!=, a, b)
#define CA_CHECK_LT(a, b) CA_CHECK_OP(<, a, b)
#define CA_CHECK_LE(a, b) CA_CHECK_OP(<=, a, b)
#define CA_CHECK_GT(a, b) CA_CHECK_OP(>, a, b)
#define CA_CHECK_GE(a, b) CA_CHECK_OP(>=, a, b)

//! Marks a switch arm or branch that cannot be reached when the code is correct.
#define CA_UNREACHABLE(...)                                                     \
  ::codeanatomy::base::internal::CheckFailed(__FILE__, __LINE__, "unreachable", \
                                             ::fmt::format(__VA_ARGS__))
