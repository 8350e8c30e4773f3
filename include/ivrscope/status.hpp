// Status and Result: how bad input travels from a loader to the user.
//
// Bad input is not an exception: every loader returns a Result whose error is
// a Diagnostic carrying the file, line and column the user must look at.
// Findings about a well-formed flow are not errors; see finding.hpp.
#ifndef IVRSCOPE_STATUS_HPP_
#define IVRSCOPE_STATUS_HPP_

#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ivrscope {

/// A problem with an input that stops it from being analysed.
/// line and column are 1-based; 0 means "not known" (e.g. unreadable file).
struct Diagnostic {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;

  /// "path:line:col: error: message", the form compilers and editors read.
  std::string ToString() const;
};

/// In file, line and column order (stable: one place's keep theirs), as a
/// reader goes through them; loaders find them grouped by kind.
void SortByPlace(std::vector<Diagnostic>* diagnostics);

/// Either a value or the Diagnostic explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Diagnostic error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  T& value() {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const {
    assert(ok());
    return std::get<0>(state_);
  }
  const Diagnostic& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Diagnostic> state_;
};

}  // namespace ivrscope

#endif  // IVRSCOPE_STATUS_HPP_
