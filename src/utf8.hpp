// UTF-8 decoding shared by the loaders (which refuse invalid text) and the
// JSON writer (which must never emit it).
#ifndef IVRSCOPE_SRC_UTF8_HPP_
#define IVRSCOPE_SRC_UTF8_HPP_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ivrscope {

/// Length of the valid UTF-8 sequence at s[i] (1 for ASCII), or 0 when it is
/// not one: a stray or truncated byte, an overlong form, a surrogate, or past
/// U+10FFFF. Stores the code point in *code when given.
std::size_t Utf8Length(std::string_view s, std::size_t i,
                       std::uint32_t* code = nullptr);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_UTF8_HPP_
