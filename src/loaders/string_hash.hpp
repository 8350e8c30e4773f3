#ifndef IVRSCOPE_SRC_LOADERS_STRING_HASH_HPP_
#define IVRSCOPE_SRC_LOADERS_STRING_HASH_HPP_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace ivrscope {

// Lets string-keyed maps and sets be searched with a string_view, without
// building a std::string per lookup.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>()(s);
  }
};

template <typename Value>
using StringMap =
    std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_STRING_HASH_HPP_
