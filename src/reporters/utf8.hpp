// UTF-8 validation shared by the writers: text from the XML is untrusted,
// and every output format (JSON, DOT, HTML) must stay well-formed whatever
// bytes an id or a prompt holds.
#ifndef IVRSCOPE_SRC_REPORTERS_UTF8_HPP_
#define IVRSCOPE_SRC_REPORTERS_UTF8_HPP_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ivrscope {

/// Length of the valid UTF-8 sequence at s[i], or 0 if it is not one
/// (overlong forms, surrogates and code points past U+10FFFF are invalid).
/// Stores the code point in *code when given (the loaders check it).
std::size_t Utf8Length(std::string_view s, std::size_t i,
                       std::uint32_t* code = nullptr);

/// text with every invalid byte replaced by U+FFFD.
std::string ValidUtf8(std::string_view text);

/// Whether ValidUtf8 would give text back unchanged.
bool IsValidUtf8(std::string_view text);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_REPORTERS_UTF8_HPP_
