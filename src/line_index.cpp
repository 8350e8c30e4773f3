#include "line_index.hpp"

#include <algorithm>
#include <cstring>

namespace ivrscope {

LineIndex::LineIndex(std::string_view text) : size_(text.size()) {
  line_starts_.push_back(0);
  const char* begin = text.data();
  const char* end = begin + text.size();
  // memchr is vectorised: this pass costs little next to parsing the XML.
  for (const char* p = begin; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    line_starts_.push_back(static_cast<std::size_t>(p - begin));
  }
}

LineColumn LineIndex::At(std::size_t offset) const {
  offset = std::min(offset, size_);
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::size_t>(it - line_starts_.begin());  // >= 1
  return {static_cast<std::uint32_t>(line),
          static_cast<std::uint32_t>(offset - line_starts_[line - 1] + 1)};
}

}  // namespace ivrscope
