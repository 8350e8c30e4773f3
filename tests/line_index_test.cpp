#include "line_index.hpp"

#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace ivrscope {
namespace {

struct Expected {
  std::size_t offset;
  std::uint32_t line;
  std::uint32_t column;
};

// Each offset's line and column, asked in the order given.
void CheckAt(const LineIndex& index, std::initializer_list<Expected> cases) {
  for (const Expected& c : cases) {
    CAPTURE(c.offset);
    const LineColumn at = index.At(c.offset);
    CHECK(at.line == c.line);
    CHECK(at.column == c.column);
  }
}

TEST_CASE("line index maps offsets to 1-based line and column") {
  CheckAt(LineIndex("ab\ncd\n\nxyz"),
          {
              {0, 1, 1},
              {1, 1, 2},
              {2, 1, 3},  // the newline is its line's
              {3, 2, 1},
              {5, 2, 3},
              {6, 3, 1},
              {7, 4, 1},
              {9, 4, 3},
              {10, 4, 4},  // one past the end
              {99, 4, 4},  // clamped
          });
}

TEST_CASE("line index ends lines at LF, CRLF and a lone CR, as XML does") {
  // Classic Mac OS files end lines with CR alone: every location in them was
  // on line 1.
  struct {
    const char* text;
    std::size_t offset;
    std::uint32_t line;
    std::uint32_t column;
  } const cases[] = {
      {"ab\rcd\rxyz", 3, 2, 1},   {"ab\rcd\rxyz", 7, 3, 2},
      {"ab\r\ncd", 4, 2, 1},      {"ab\r\ncd", 3, 1, 4},  // CRLF: one break
      {"a\r\rb", 2, 2, 1},        {"a\r\rb", 3, 3, 1},    // an empty line
      {"a\n\rb\r\n\nc", 3, 3, 1}, {"a\n\rb\r\n\nc", 7, 5, 1},
      {"abc\r", 4, 2, 1},  // a CR at the very end
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CAPTURE(c.offset);
    const LineIndex index(c.text);
    const LineColumn at = index.At(c.offset);
    CHECK(at.line == c.line);
    CHECK(at.column == c.column);
  }
}

TEST_CASE("line index answers out of order the same as in order (the cursor)") {
  // 100 lines of varying length; offsets asked forwards, backwards, in
  // jumps past the cursor's short scan, and repeated.
  std::string text;
  std::vector<std::size_t> starts;
  for (int line = 0; line < 100; ++line) {
    starts.push_back(text.size());
    text += std::string(static_cast<std::size_t>(line % 7), 'x') + "\n";
  }
  const LineIndex index(text);
  auto expect = [&](std::size_t offset) {
    std::size_t line = 0;
    while (line + 1 < starts.size() && starts[line + 1] <= offset) ++line;
    return LineColumn{static_cast<std::uint32_t>(line + 1),
                      static_cast<std::uint32_t>(offset - starts[line] + 1)};
  };
  std::vector<std::size_t> asked;
  for (std::size_t o = 0; o < text.size(); o += 3) asked.push_back(o);
  for (std::size_t o = text.size(); o-- > 0;) asked.push_back(o);
  for (std::size_t o : {std::size_t{0}, text.size() - 1, std::size_t{5},
                        text.size() / 2, text.size() / 2, std::size_t{1}}) {
    asked.push_back(o);
  }
  // Jumps of every length both ways, as the VoiceXML loader makes them.
  std::uint32_t state = 12345;
  for (int i = 0; i < 500; ++i) {
    state = state * 1103515245u + 12345u;
    asked.push_back((state >> 8) % (text.size() + 1));
  }
  for (std::size_t offset : asked) {
    CAPTURE(offset);
    const LineColumn got = index.At(offset);
    const LineColumn want = expect(offset);
    CHECK(got.line == want.line);
    CHECK(got.column == want.column);
  }
}

TEST_CASE("line index counts columns in characters, not UTF-8 bytes") {
  // "é" is 2 bytes, "€" 3, "😀" 4: SARIF's unicodeCodePoints columns.
  CheckAt(LineIndex("a\xC3\xA9"
                    "b\n\xE2\x82\xAC\xF0\x9F\x98\x80<x/>"),
          {
              {0, 1, 1},
              {1, 1, 2},
              {3, 1, 3},
              {4, 1, 4},  // a é b \n
              {5, 2, 1},
              {8, 2, 2},
              {12, 2, 3},
              {16, 2, 7},  // € 😀 < x / >
          });
}

TEST_CASE("line index character columns agree with a count, across blocks") {
  // Long lines of mixed widths, so that lines start and end inside the
  // 64-byte words and 512-byte blocks of continuation counts.
  const char* const kChars[] = {"x", "\xC3\xA9", "\xE2\x82\xAC",
                                "\xF0\x9F\x98\x80"};
  std::string text;
  std::vector<std::size_t> char_starts;  // offsets that start a character
  std::uint32_t state = 7;
  for (int i = 0; i < 6000; ++i) {
    state = state * 1103515245u + 12345u;
    char_starts.push_back(text.size());
    text += (state >> 16) % 97 == 0 ? "\n" : kChars[(state >> 8) % 4];
  }
  char_starts.push_back(text.size());
  const LineIndex index(text);
  auto expect = [&](std::size_t offset) {
    LineColumn lc{1, 1};
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++lc.line;
        lc.column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++lc.column;
      }
    }
    return lc;
  };
  for (std::size_t k = 0; k < char_starts.size(); k += 37) {
    const std::size_t offset = char_starts[char_starts.size() - 1 - k];
    CAPTURE(offset);
    const LineColumn got = index.At(offset);
    const LineColumn want = expect(offset);
    CHECK(got.line == want.line);
    CHECK(got.column == want.column);
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
