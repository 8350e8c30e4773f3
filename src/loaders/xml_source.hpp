// One XML file as the loaders see it: the bytes, the parsed document and the
// line index that turns pugixml's offsets into line:column.
#ifndef IVRSCOPE_SRC_LOADERS_XML_SOURCE_HPP_
#define IVRSCOPE_SRC_LOADERS_XML_SOURCE_HPP_

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/flow.hpp"
#include "ivrscope/status.hpp"
#include "line_index.hpp"

namespace ivrscope {

/// How every loader parses XML. No parse_doctype: pugixml skips a DTD and
/// never expands entities it declares, so neither "billion laughs" nor
/// external entities can bite. tools/parse_floor parses with these too.
inline constexpr unsigned kXmlParseOptions =
    pugi::parse_default | pugi::parse_comments;

class XmlSource {
 public:
  /// Parses text (kept by reference: it must outlive this object). On
  /// malformed XML, returns the parser's message at its position.
  static Result<XmlSource> Parse(std::string path, std::string_view text,
                                 std::uint32_t file_index);

  const pugi::xml_document& document() const { return *document_; }
  /// Renumbers the file Locations point to: a document parsed before its
  /// place among the program's files was known.
  void set_file_index(std::uint32_t index) { file_index_ = index; }
  const std::string& path() const { return path_; }

  /// Where an element or attribute starts. An element points at its '<'.
  Location At(const pugi::xml_node& node) const;
  Location At(const pugi::xml_node& owner, const pugi::xml_attribute& attr) const;
  /// Where a byte offset into the text is.
  Location AtOffset(std::ptrdiff_t offset) const;

  /// A Diagnostic for this file at the given place.
  Diagnostic Error(const Location& at, std::string message) const;
  Diagnostic Error(const pugi::xml_node& node, std::string message) const {
    return Error(At(node), std::move(message));
  }

 private:
  XmlSource(std::string path, std::string_view text, std::uint32_t file_index);

  std::string path_;
  std::string_view text_;
  std::uint32_t file_index_;
  LineIndex lines_;
  std::unique_ptr<pugi::xml_document> document_;
};

/// Appends every inline suppression of the document to `out`, its strings
/// stored in `arena`: a comment `<!-- ivrscope-disable RULE[, RULE...]:
/// reason -->` silences each RULE on the element right after it (other
/// comments may stand between). Generic: every XML loader calls it. A
/// directive without a rule or a reason, or with no element after it, is an
/// error (a suppression that silently does nothing would hide its typo).
std::optional<Diagnostic> CollectSuppressions(const XmlSource& source,
                                              StringArena* arena,
                                              std::vector<Suppression>* out);

/// The element's own text (its PCDATA and CDATA children), whitespace folded.
std::string CollapsedText(const pugi::xml_node& node);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_XML_SOURCE_HPP_
