// Encoding detection, conversion to UTF-8 and the XML text check (see
// text_encoding.hpp): what pugixml must never be handed.
#include "loaders/text_encoding.hpp"

#include <algorithm>
#include <array>
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

}  // namespace ivrscope
