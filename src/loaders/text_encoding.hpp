// The bytes of an input file as the text every XML loader parses: UTF-8,
// checked before pugixml sees it.
//
// pugixml converts UTF-16 and declared ISO-8859-1 itself, but then its offsets
// point into its converted copy, not into the bytes we index for line:column,
// and it lets invalid UTF-8, NUL bytes and other characters XML forbids
// through (a NUL even ends its parse early, silently). So the loaders convert
// first, here, refuse what is not XML text with its position, and hand pugixml
// UTF-8 only.
#ifndef IVRSCOPE_SRC_LOADERS_TEXT_ENCODING_HPP_
#define IVRSCOPE_SRC_LOADERS_TEXT_ENCODING_HPP_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ivrscope {

enum class TextEncoding { kUtf8, kUtf16Le, kUtf16Be, kUtf32, kLatin1 };

/// The encoding of an XML file, as XML 1.0 appendix F finds it: a byte order
/// mark, the first bytes of "<?xml" in UTF-16/32, or else the encoding the
/// XML declaration names (ISO-8859-1/latin1; any other name is read as UTF-8,
/// and its bytes must then be UTF-8).
TextEncoding DetectEncoding(std::string_view bytes);

/// Why some text is not acceptable, and where: `offset` is a byte offset into
/// the UTF-8 text (for a conversion error, the end of what was converted).
struct TextProblem {
  std::size_t offset = 0;
  std::string message;
};

/// Converts UTF-16 (either byte order, byte order mark dropped) or ISO-8859-1
/// to UTF-8 into *utf8. UTF-32 and malformed UTF-16 are refused.
std::optional<TextProblem> ConvertToUtf8(std::string_view bytes,
                                         TextEncoding encoding,
                                         std::string* utf8);

/// The first place where text is not XML 1.0 text in UTF-8: an invalid or
/// overlong sequence, a surrogate, or a character XML forbids (NUL and the
/// other C0 controls but tab, LF and CR; U+FFFE, U+FFFF). One pass, no
/// allocation.
std::optional<TextProblem> CheckXmlText(std::string_view text);

/// The first '&' in markup or character data that does not begin a
/// reference XML 1.0 allows without a DTD: one of the five predefined
/// entities (&lt; &gt; &amp; &apos; &quot;), or a character reference to a
/// character XML allows. pugixml leaves any other '&' as it is and turns
/// &#0; into the end of the string, so a bare "AT&T" or an undeclared
/// entity would be analysed as if it were text. Inside comments, CDATA
/// sections, processing instructions and the DOCTYPE, '&' is plain text.
/// Linear: the markup is only looked at when a suspect '&' is found.
std::optional<TextProblem> CheckReferences(std::string_view text);

/// Text before or after the document's root element, where XML allows only
/// white space, comments, processing instructions and the DOCTYPE (§2.1,
/// §2.8). pugixml drops such text without a word. Reads the text before the
/// root and after it, nothing else (a malformed rest is the parser's to
/// report).
std::optional<TextProblem> CheckOutsideRoot(std::string_view text);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_TEXT_ENCODING_HPP_
