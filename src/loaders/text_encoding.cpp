// Encoding detection, conversion to UTF-8 and the XML text check (see
// text_encoding.hpp): what pugixml must never be handed.
#include "loaders/text_encoding.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "reporters/utf8.hpp"

namespace ivrscope {
namespace {

bool StartsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

std::string Hex(unsigned value, int digits) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) {
    out[static_cast<std::size_t>(i)] = kHex[value & 0xF];
  }
  return out;
}

// The value of encoding="..." in an XML declaration at the start, if any.
std::string_view DeclaredEncoding(std::string_view bytes) {
  if (!StartsWith(bytes, "<?xml")) return {};
  const std::string_view decl = bytes.substr(0, bytes.find("?>"));
  std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return {};
  at = decl.find_first_of("\"'", at);
  if (at == std::string_view::npos) return {};
  const std::size_t end = decl.find(decl[at], at + 1);
  if (end == std::string_view::npos) return {};
  return decl.substr(at + 1, end - at - 1);
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) {
             return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
           };
           return lower(x) == lower(y);
         });
}

void AppendUtf8(std::uint32_t code, std::string* out) {
  if (code < 0x80) {
    *out += static_cast<char>(code);
  } else if (code < 0x800) {
    *out += static_cast<char>(0xC0 | (code >> 6));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    *out += static_cast<char>(0xE0 | (code >> 12));
    *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (code >> 18));
    *out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

std::optional<TextProblem> Utf16ToUtf8(std::string_view bytes, bool big_endian,
                                       std::string* out) {
  if (StartsWith(bytes, big_endian ? "\xFE\xFF" : "\xFF\xFE")) {
    bytes.remove_prefix(2);
  }
  out->reserve(bytes.size() / 2);
  const auto unit = [&](std::size_t i) -> std::uint32_t {
    const auto hi = static_cast<unsigned char>(bytes[big_endian ? i : i + 1]);
    const auto lo = static_cast<unsigned char>(bytes[big_endian ? i + 1 : i]);
    return (std::uint32_t{hi} << 8) | lo;
  };
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    std::uint32_t code = unit(i);
    if (code >= 0xD800 && code <= 0xDBFF && i + 3 < bytes.size() &&
        unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      code = 0x10000 + ((code - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (code >= 0xD800 && code <= 0xDFFF) {
      return TextProblem{
          out->size(), "invalid UTF-16: unpaired surrogate 0x" + Hex(code, 4)};
    }
    AppendUtf8(code, out);
  }
  if (i != bytes.size()) {
    return TextProblem{out->size(),
                       "invalid UTF-16: the file ends in the middle of a "
                       "character (an odd number of bytes)"};
  }
  return std::nullopt;
}

}  // namespace

TextEncoding DetectEncoding(std::string_view bytes) {
  if (StartsWith(bytes, "\xEF\xBB\xBF")) return TextEncoding::kUtf8;
  if (StartsWith(bytes, std::string_view("\x00\x00\xFE\xFF", 4)) ||
      StartsWith(bytes, std::string_view("\xFF\xFE\x00\x00", 4)) ||
      StartsWith(bytes, std::string_view("\x00\x00\x00<", 4)) ||
      StartsWith(bytes, std::string_view("<\x00\x00\x00", 4))) {
    return TextEncoding::kUtf32;
  }
  if (StartsWith(bytes, "\xFE\xFF") ||
      StartsWith(bytes, std::string_view("\x00<", 2))) {
    return TextEncoding::kUtf16Be;
  }
  if (StartsWith(bytes, "\xFF\xFE") ||
      StartsWith(bytes, std::string_view("<\x00", 2))) {
    return TextEncoding::kUtf16Le;
  }
  const std::string_view declared = DeclaredEncoding(bytes.substr(0, 256));
  for (std::string_view latin1 :
       {"ISO-8859-1", "ISO8859-1", "ISO_8859-1", "latin1", "latin-1", "l1"}) {
    if (EqualsIgnoringCase(declared, latin1)) return TextEncoding::kLatin1;
  }
  return TextEncoding::kUtf8;
}

std::optional<TextProblem> ConvertToUtf8(std::string_view bytes,
                                         TextEncoding encoding,
                                         std::string* utf8) {
  utf8->clear();
  switch (encoding) {
    case TextEncoding::kUtf8:
      utf8->assign(bytes);
      return std::nullopt;
    case TextEncoding::kUtf16Le:
    case TextEncoding::kUtf16Be:
      return Utf16ToUtf8(bytes, encoding == TextEncoding::kUtf16Be, utf8);
    case TextEncoding::kUtf32:
      return TextProblem{0,
                         "UTF-32 is not supported: convert the file to "
                         "UTF-8 (or UTF-16)"};
    case TextEncoding::kLatin1:
      utf8->reserve(bytes.size() + bytes.size() / 8);
      for (char c : bytes) AppendUtf8(static_cast<unsigned char>(c), utf8);
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<TextProblem> CheckXmlText(std::string_view text) {
  const char* const begin = text.data();
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
#if defined(__SSE2__)
    // Sixteen bytes at a time: as signed bytes, everything but printable
    // ASCII (the C0 controls, and every byte of a multi-byte UTF-8
    // sequence) is below 0x20. Skip to the first such byte; the code below
    // judges it (a newline, most often) and the search goes on after it.
    if (i + 16 <= size) {
      const __m128i bytes =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin + i));
      const int other =
          _mm_movemask_epi8(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)));
      if (other == 0) {
        i += 16;
        continue;
      }
      i +=
          static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(other)));
    }
#endif
    // Eight printable ASCII bytes at a time: most of any file.
    if (i + 8 <= size) {
      std::uint64_t word = 0;
      std::memcpy(&word, begin + i, 8);
      constexpr std::uint64_t kHigh = 0x8080808080808080ull;
      constexpr std::uint64_t kSpaces = 0x2020202020202020ull;
      if ((word & kHigh) == 0 && ((word - kSpaces) & ~word & kHigh) == 0) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(begin[i]);
    if (c >= 0x20 && c < 0x80) {
      ++i;
      continue;
    }
    if (c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (c == 0) return TextProblem{i, "a NUL byte is not allowed in XML"};
    if (c < 0x20) {
      return TextProblem{
          i, "control character U+00" + Hex(c, 2) + " is not allowed in XML"};
    }
    std::uint32_t code = 0;
    const std::size_t n = Utf8Length(text, i, &code);
    if (n == 0) {
      return TextProblem{
          i, "invalid UTF-8 (byte 0x" + Hex(c, 2) +
                 "): save the file as UTF-8, or declare its encoding, e.g. "
                 "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"};
    }
    if (code == 0xFFFE || code == 0xFFFF) {
      return TextProblem{
          i, "character U+" + Hex(code, 4) + " is not allowed in XML"};
    }
    i += n;
  }
  return std::nullopt;
}

namespace {

bool IsXmlChar(std::uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// What is wrong with the reference starting at text[at] ('&'), if anything.
std::optional<std::string> BadReference(std::string_view text, std::size_t at) {
  // A reference is short; a longer run is not one (and stays short in the
  // message).
  constexpr std::size_t kLongest = 32;
  const std::string_view rest = text.substr(at + 1, kLongest);
  const std::size_t semicolon = rest.find(';');
  const std::string_view body = rest.substr(0, semicolon);
  auto is_name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           c == '-' || c == '.' || c == ':' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  if (semicolon == std::string_view::npos || body.empty() ||
      !std::all_of(body.begin() + (body[0] == '#' ? 1 : 0), body.end(),
                   is_name_char)) {
    return "'&' does not start a reference (write a literal & as &amp;)";
  }
  // Valid references are common (&amp; in prompts): nothing is allocated
  // for them.
  auto shown = [&] { return "&" + std::string(body) + ";"; };
  if (body[0] != '#') {
    if (body == "lt" || body == "gt" || body == "amp" || body == "apos" ||
        body == "quot") {
      return std::nullopt;
    }
    return "undefined entity " + shown() +
           ": without a DTD XML knows only &lt; &gt; &amp; &apos; &quot;";
  }
  const bool hex = body.size() > 1 && body[1] == 'x';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  std::uint64_t code = 0;
  bool valid = !digits.empty() && digits.size() <= 8;
  for (char c : digits) {
    const auto u = static_cast<unsigned char>(c);
    int digit = -1;
    if (std::isdigit(u)) {
      digit = c - '0';
    } else if (hex && std::isxdigit(u)) {
      digit = std::tolower(u) - 'a' + 10;
    }
    if (digit < 0) {
      valid = false;
      break;
    }
    code = code * (hex ? 16 : 10) + static_cast<std::uint64_t>(digit);
  }
  if (!valid) return "malformed character reference " + shown();
  if (code > 0x10FFFF || !IsXmlChar(static_cast<std::uint32_t>(code))) {
    return "character reference " + shown() +
           " is to a character XML does not allow";
  }
  return std::nullopt;
}

// Where the markup that starts at text[at] ('<') ends, when it is one whose
// content is plain text ('&' and all): a comment, a CDATA section, a
// processing instruction or a DOCTYPE (its internal subset included); npos
// for any other markup.
std::size_t EndOfLiteralMarkup(std::string_view text, std::size_t at) {
  const std::string_view rest = text.substr(at);
  auto past = [&](std::string_view close, std::size_t from) {
    const std::size_t end = text.find(close, at + from);
    return end == std::string_view::npos ? text.size() : end + close.size();
  };
  if (rest.starts_with("<!--")) return past("-->", 4);
  if (rest.starts_with("<![CDATA[")) return past("]]>", 9);
  if (rest.starts_with("<?")) return past("?>", 2);
  if (rest.starts_with("<!DOCTYPE")) {
    // To the '>' after the internal subset, passing over quoted literals
    // and, in the subset, comments, processing instructions and sections as
    // wholes (XML §2.8): a ']' or '[' in one of them is no bracket. Counted
    // brackets made "<!-- [ -->" run the DOCTYPE to the end of the file,
    // so that nothing after it was checked.
    bool subset = false;
    for (std::size_t i = at + 9; i < text.size();) {
      const char c = text[i];
      const std::string_view here = text.substr(i);
      if (c == '"' || c == '\'') {
        const std::size_t close = text.find(c, i + 1);
        if (close == std::string_view::npos) return text.size();
        i = close + 1;
      } else if (subset && here.starts_with("<!--")) {
        i = past("-->", i + 4 - at);
      } else if (subset && here.starts_with("<?")) {
        i = past("?>", i + 2 - at);
      } else if (subset && here.starts_with("<![")) {
        i = past("]]>", i + 3 - at);  // refused by the DOCTYPE check
      } else {
        if (c == '[' && !subset) subset = true;
        if (c == ']' && subset) subset = false;
        if (c == '>' && !subset) return i + 1;
        ++i;
      }
    }
    return text.size();
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<TextProblem> CheckReferences(std::string_view text) {
  // `plain` is how far the text is known to be outside literal markup; it
  // only moves forward, so the markup is read once however many suspect
  // '&' there are.
  std::size_t plain = 0;
  for (std::size_t at = text.find('&'); at != std::string_view::npos;
       at = text.find('&', at + 1)) {
    std::optional<std::string> problem = BadReference(text, at);
    if (!problem) continue;
    // Past `plain` already: then inside the literal markup found last.
    bool literal = at < plain;
    while (!literal && plain <= at) {
      const std::size_t open = text.find('<', plain);
      if (open == std::string_view::npos || open > at) {
        plain = at + 1;
        break;
      }
      const std::size_t end = EndOfLiteralMarkup(text, open);
      if (end == std::string_view::npos) {
        plain = open + 1;
        continue;
      }
      plain = end;
      if (end > at) literal = true;  // the '&' is inside it
    }
    if (literal) continue;
    return TextProblem{at, std::move(*problem)};
  }
  return std::nullopt;
}

std::optional<TextProblem> CheckOutsideRoot(std::string_view text) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  };
  // Before the root: the XML declaration, comments, processing instructions,
  // the DOCTYPE.
  std::size_t at = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (true) {
    while (at < text.size() && space(text[at])) ++at;
    if (at == text.size()) return std::nullopt;  // no root: pugixml says so
    if (text[at] != '<') {
      return TextProblem{at, "text before the root element"};
    }
    const std::size_t end = EndOfLiteralMarkup(text, at);
    if (end == std::string_view::npos) break;  // the root's start tag
    at = end;
  }
  // After it, read backwards: comments and processing instructions, then
  // the '>' that ends the root's end tag (or its empty-element tag).
  std::size_t end = text.size();
  while (true) {
    while (end > at && space(text[end - 1])) --end;
    const std::string_view head = text.substr(0, end);
    std::size_t open = std::string_view::npos;
    if (head.ends_with("-->")) open = head.rfind("<!--");
    if (head.ends_with("?>")) open = head.rfind("<?");
    if (open == std::string_view::npos || open < at) break;
    end = open;
  }
  const std::string_view head = text.substr(0, end);
  bool tag_end = head.ends_with("/>");
  if (!tag_end && head.ends_with(">")) {
    // "</name>", white space allowed before the '>'.
    const std::size_t open = head.rfind("</");
    if (open != std::string_view::npos && open >= at) {
      std::string_view name = head.substr(open + 2, end - open - 3);
      while (!name.empty() && space(name.back())) name.remove_suffix(1);
      tag_end =
          !name.empty() && std::none_of(name.begin(), name.end(), [&](char c) {
            return space(c) || c == '<' || c == '>';
          });
    }
  }
  if (tag_end) return std::nullopt;
  // Where the stray text starts: after the last '>' before it.
  // (A stray '>' of its own at the end does not count.)
  std::size_t start = head.ends_with(">") && end >= 2 ? head.rfind('>', end - 2)
                                                      : head.rfind('>');
  start = start == std::string_view::npos ? at : start + 1;
  while (start < end && space(text[start])) ++start;
  return TextProblem{start, "text after the root element"};
}

}  // namespace ivrscope
