#include "line_index.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <limits>

namespace ivrscope {

LineIndex::LineIndex(std::string_view text) : size_(text.size()) {
  assert(text.size() < std::numeric_limits<std::uint32_t>::max());
  line_starts_.push_back(0);
  const char* begin = text.data();
  const char* end = begin + text.size();
  // memchr is vectorised: this pass costs little next to parsing the XML.
  for (const char* p = begin; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    line_starts_.push_back(static_cast<std::uint32_t>(p - begin));
  }
}

LineColumn LineIndex::At(std::size_t offset) const {
  offset = std::min(offset, size_);
  const std::size_t lines = line_starts_.size();
  // Is it on the cursor's line or one of the next few?
  constexpr int kScan = 8;
  std::size_t line = cursor_;
  bool found = false;
  if (line_starts_[line] <= offset) {
    for (int step = 0; step < kScan; ++step, ++line) {
      if (line + 1 == lines || offset < line_starts_[line + 1]) {
        found = true;
        break;
      }
    }
  }
  if (!found) {
    auto it =
        std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    line = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  }
  cursor_ = line;
  return {static_cast<std::uint32_t>(line + 1),
          static_cast<std::uint32_t>(offset - line_starts_[line] + 1)};
}

}  // namespace ivrscope
