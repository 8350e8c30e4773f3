// Maps byte offsets to 1-based line and column. pugixml reports offsets only,
// so each loaded file builds one LineIndex (one pass over the bytes) and every
// location is derived from it. Loaders ask mostly in document order, so a
// lookup gallops from the line of the previous answer: a million locations
// cost a million short searches near the cache-warm cursor, not a million
// binary searches through a table larger than the cache.
//
// Columns count characters (Unicode code points), not bytes: what SARIF's
// "unicodeCodePoints" and editors mean, and the same for a file whether it
// was UTF-8 or UTF-16 on disk. A text with no byte above 0x7F (most) has
// one character per byte; any other keeps a bit per byte marking UTF-8
// continuation bytes, with running counts, so a column costs a few popcounts
// however long the line (a 200 MB one-line file is hostile input).
#ifndef IVRSCOPE_SRC_LINE_INDEX_HPP_
#define IVRSCOPE_SRC_LINE_INDEX_HPP_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ivrscope {

struct LineColumn {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

class LineIndex {
 public:
  /// The text must be shorter than 4 GiB (XmlSource refuses longer ones).
  explicit LineIndex(std::string_view text);

  /// Line and column (both 1-based, column in characters) of the byte at
  /// offset, which must start a character (or be the end).
  /// An offset past the end maps to the position just after the last byte.
  /// Not for concurrent use: it moves the cursor (one thread reads a file).
  LineColumn At(std::size_t offset) const;

 private:
  // Continuation bytes before an offset; only for a text that has some.
  std::size_t ContinuationsBefore(std::size_t offset) const;

  std::vector<std::uint32_t> line_starts_;  // first byte of each line
  std::size_t size_;
  // Empty for ASCII text. Bit i of word w: byte 64w+i is 10xxxxxx.
  std::vector<std::uint64_t> continuation_;
  // Continuation bytes before each block of kWordsPerBlock words.
  std::vector<std::uint32_t> block_counts_;
  mutable std::size_t cursor_ = 0;  // index of the line last answered
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LINE_INDEX_HPP_
