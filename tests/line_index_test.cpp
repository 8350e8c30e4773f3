#include "line_index.hpp"

#include <doctest/doctest.h>

namespace ivrscope {
namespace {

TEST_CASE("line index maps offsets to 1-based line and column") {
  const LineIndex index("ab\ncd\n\nxyz");
  struct {
    std::size_t offset;
    std::uint32_t line;
    std::uint32_t column;
  } const cases[] = {
      {0, 1, 1}, {1, 1, 2}, {2, 1, 3},  // the newline belongs to its line
      {3, 2, 1}, {5, 2, 3}, {6, 3, 1}, {7, 4, 1}, {9, 4, 3},
      {10, 4, 4},  // one past the end
      {99, 4, 4},  // clamped
  };
  for (const auto& c : cases) {
    CAPTURE(c.offset);
    const LineColumn at = index.At(c.offset);
    CHECK(at.line == c.line);
    CHECK(at.column == c.column);
  }
}

TEST_CASE("line index of an empty text") {
  const LineIndex index("");
  CHECK(index.At(0).line == 1);
  CHECK(index.At(0).column == 1);
}

TEST_CASE("line index with CRLF counts the CR as part of the line") {
  const LineIndex index("a\r\nb");
  CHECK(index.At(3).line == 2);
  CHECK(index.At(3).column == 1);
}

}  // namespace
}  // namespace ivrscope
