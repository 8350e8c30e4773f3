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
  auto line_after = [&](const char* p) {
    line_starts_.push_back(static_cast<std::uint32_t>(p + 1 - begin));
  };
  // XML ends a line at LF, CRLF or a lone CR (§2.11); most files have no CR
  // at all, and only those that do look for one in each line.
  const bool has_cr = std::memchr(begin, '\r', text.size()) != nullptr;
  // memchr is vectorised: this pass costs little next to parsing the XML.
  for (const char* p = begin; p < end;) {
    const auto* nl = static_cast<const char*>(
        std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* line_end = nl == nullptr ? end : nl;
    for (const char* q = p; has_cr && q < line_end;) {
      const auto* cr = static_cast<const char*>(
          std::memchr(q, '\r', static_cast<std::size_t>(line_end - q)));
      if (cr == nullptr || cr + 1 == nl) break;  // none, or the CR of CRLF
      line_after(cr);
      q = cr + 1;
    }
    if (nl == nullptr) break;
    line_after(nl);
    p = nl + 1;
  }
}

LineColumn LineIndex::At(std::size_t offset) const {
  offset = std::min(offset, size_);
  // Gallop from the cursor's line towards the offset (1, 2, 4... lines),
  // then search the last step: a lookup near the previous one (loaders mostly
  // ask in document order) costs a few comparisons, a far one a logarithm.
  const auto begin = line_starts_.begin();
  const std::size_t lines = line_starts_.size();
  std::size_t lo = 0;
  std::size_t hi = lines;  // the line is in [lo, hi)
  const std::size_t at = cursor_;
  if (line_starts_[at] <= offset) {
    lo = at;
    for (std::size_t step = 1; lo + step < lines; step *= 2) {
      if (offset < line_starts_[lo + step]) {
        hi = lo + step;
        break;
      }
      lo += step;
    }
  } else {
    hi = at;
    for (std::size_t step = 1; step <= hi; step *= 2) {
      if (line_starts_[hi - step] <= offset) {
        lo = hi - step;
        break;
      }
      hi -= step;
    }
  }
  // The line is the last in [lo, hi) starting at or before the offset.
  auto it = std::upper_bound(begin + static_cast<std::ptrdiff_t>(lo),
                             begin + static_cast<std::ptrdiff_t>(hi), offset);
  const auto line = static_cast<std::size_t>(it - begin) - 1;
  cursor_ = line;
  return {static_cast<std::uint32_t>(line + 1),
          static_cast<std::uint32_t>(offset - line_starts_[line] + 1)};
}

}  // namespace ivrscope
