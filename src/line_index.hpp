// Maps byte offsets to 1-based line and column. pugixml reports offsets only,
// so each loaded file builds one LineIndex (one pass over the bytes) and every
// location is derived from it by binary search.
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
  explicit LineIndex(std::string_view text);

  /// Line and column (both 1-based, column in bytes) of the byte at offset.
  /// An offset past the end maps to the position just after the last byte.
  LineColumn At(std::size_t offset) const;

 private:
  std::vector<std::size_t> line_starts_;  // offset of the first byte of a line
  std::size_t size_;
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LINE_INDEX_HPP_
