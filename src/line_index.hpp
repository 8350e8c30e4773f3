// Maps byte offsets to 1-based line and column. pugixml reports offsets only,
// so each loaded file builds one LineIndex (one pass over the bytes) and every
// location is derived from it. Loaders ask mostly in document order, so a
// lookup gallops from the line of the previous answer: a million locations
// cost a million short searches near the cache-warm cursor, not a million
// binary searches through a table larger than the cache.
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

  /// Line and column (both 1-based, column in bytes) of the byte at offset.
  /// An offset past the end maps to the position just after the last byte.
  /// Not for concurrent use: it moves the cursor (one thread reads a file).
  LineColumn At(std::size_t offset) const;

 private:
  std::vector<std::uint32_t> line_starts_;  // first byte of each line
  std::size_t size_;
  mutable std::size_t cursor_ = 0;  // index of the line last answered
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LINE_INDEX_HPP_
