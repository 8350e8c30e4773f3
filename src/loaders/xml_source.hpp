// One XML file as the loaders see it: the text (converted to UTF-8), the
// parsed document and the line index that turns pugixml's offsets into
// line:column. Parse is the one gate every XML loader's input goes through, so
// the limits on what a hostile file may make us do are enforced here.
#ifndef IVRSCOPE_SRC_LOADERS_XML_SOURCE_HPP_
#define IVRSCOPE_SRC_LOADERS_XML_SOURCE_HPP_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/flow.hpp"
#include "ivrscope/status.hpp"
#include "line_index.hpp"

namespace ivrscope {

/// How every loader parses XML (tools/parse_floor parses with these too).
/// parse_doctype keeps a DTD as a node so that one declaring entities can be
/// refused; pugixml never expands the entities a DTD declares, so neither
/// "billion laughs" nor external entities can bite.
inline constexpr unsigned kXmlParseOptions =
    pugi::parse_default | pugi::parse_comments | pugi::parse_doctype |
    pugi::parse_declaration;

class XmlSource;

/// Shown every element of a document as the gate's walk passes it (see
/// XmlSource::Parse): a loader that must look at every element anyway does
/// it in that walk rather than in one of its own, each walk of a large DOM
/// costing a good part of its parse.
class ElementVisitor {
 public:
  virtual ~ElementVisitor() = default;
  /// Called in document order, for each element once it has passed the
  /// gate's checks (its children not yet). Returns false to be called no
  /// more. The document may still be refused after it.
  virtual bool Element(const XmlSource& source,
                       const pugi::xml_node& element) = 0;
};

class XmlSource {
 public:
  /// Elements nested deeper than this are refused: no flow needs more, and
  /// it bounds any walk a loader makes down the tree.
  static constexpr std::size_t kMaxDepth = 256;
  /// Attribute values longer than this are refused: ids, targets and
  /// conditions are short, and each is copied into every finding naming it.
  static constexpr std::size_t kMaxAttributeBytes = 64 * 1024;
  /// Element and attribute names longer than this are refused (error
  /// messages quote them).
  static constexpr std::size_t kMaxNameBytes = 1024;

  /// Parses the bytes of a file, taking them: pugixml parses them in place,
  /// so the text is held once, not once by us and once more by pugixml
  /// (UTF-16 and declared ISO-8859-1 are converted to a UTF-8 copy first,
  /// and the bytes freed). Returns a Diagnostic at the position of the first
  /// problem: text that is not XML text (text_encoding.hpp), a text over
  /// 4 GiB (locations are 32-bit), malformed XML, a DOCTYPE that declares
  /// entities (ivrscope expands none, so the analysis would be wrong; an
  /// external one could name a local file), nesting deeper than kMaxDepth,
  /// an attribute longer than kMaxAttributeBytes, a name longer than
  /// kMaxNameBytes, or an attribute given twice. A visitor, if given, is
  /// shown the elements as the checks pass them.
  static Result<XmlSource> Parse(std::string path,
                                 std::unique_ptr<std::string> bytes,
                                 std::uint32_t file_index,
                                 ElementVisitor* visitor = nullptr);
  /// The same for bytes the caller keeps: they are copied.
  static Result<XmlSource> Parse(std::string path, std::string_view bytes,
                                 std::uint32_t file_index) {
    return Parse(std::move(path), std::make_unique<std::string>(bytes),
                 file_index);
  }

  const pugi::xml_document& document() const { return *document_; }
  /// The comments that begin with "ivrscope-disable", in document order.
  const std::vector<pugi::xml_node>& directives() const { return directives_; }
  /// Renumbers the file Locations point to: a document parsed before its
  /// place among the program's files was known.
  void set_file_index(std::uint32_t index) { file_index_ = index; }
  const std::string& path() const { return path_; }
  /// The size of the text parsed (what memory a source holds grows with).
  std::size_t text_bytes() const { return text_->size(); }

  /// Where an element or attribute starts. An element points at its '<'.
  Location At(const pugi::xml_node& node) const;
  Location At(const pugi::xml_node& owner,
              const pugi::xml_attribute& attr) const;
  /// Where a byte offset into the text is.
  Location AtOffset(std::ptrdiff_t offset) const;

  /// A Diagnostic for this file at the given place.
  Diagnostic Error(const Location& at, std::string message) const;
  Diagnostic Error(const pugi::xml_node& node, std::string message) const {
    return Error(At(node), std::move(message));
  }

 private:
  XmlSource(std::string path, std::unique_ptr<std::string> text,
            std::uint32_t file_index);

  std::optional<Diagnostic> CheckProlog() const;
  std::optional<Diagnostic> CheckDoctype() const;
  std::optional<Diagnostic> CheckTree(ElementVisitor* visitor);
  // Where p points in the parsed text (its end included), if it does.
  std::optional<std::size_t> OffsetInText(const char* p) const;
  // Both pointers are into the parsed text, `to` at most `limit` bytes after
  // `from`: a string starting at `from` and ending before `to` is no longer.
  // Inline, and the range test written out rather than two OffsetInText
  // calls (1% of a large VoiceXML run's instructions): the gate asks it
  // about every attribute.
  bool Within(const char* from, const char* to, std::size_t limit) const {
    const auto begin = reinterpret_cast<std::uintptr_t>(text_->data());
    const auto end = begin + text_->size();
    const auto a = reinterpret_cast<std::uintptr_t>(from);
    const auto b = reinterpret_cast<std::uintptr_t>(to);
    return begin <= a && a <= b && b <= end && b - a <= limit;
  }

  std::string path_;
  // The UTF-8 text, parsed in place: after Parse it holds pugixml's strings
  // (names and values cut out of it by NULs), so only offsets into it mean
  // anything, no longer its bytes.
  std::unique_ptr<std::string> text_;
  std::uint32_t file_index_;
  LineIndex lines_;
  std::unique_ptr<pugi::xml_document> document_;
  std::vector<pugi::xml_node> directives_;
};

/// Appends every inline suppression of the document to `out`, its strings
/// stored in `arena`: a comment `<!-- ivrscope-disable RULE[, RULE...]:
/// reason -->` silences each RULE on the element right after it (other
/// comments may stand between). Generic: every XML loader calls it. A
/// directive without a rule or a reason, or with no element after it, is an
/// error in *problems (a suppression that silently does nothing would hide
/// its typo), and suppresses nothing; the document is analysed all the
/// same, as with an unknown rule, so that its findings are not lost.
void CollectSuppressions(const XmlSource& source, StringArena* arena,
                         std::vector<Suppression>* out,
                         std::vector<Diagnostic>* problems);

/// Whether pugixml's name (NUL-terminated) is `want`: compared as it is,
/// without measuring it first (the loaders compare names by the million).
inline bool NameIs(const char* name, std::string_view want) {
  for (char c : want) {
    if (*name != c) return false;  // a NUL differs from every c too
    ++name;
  }
  return *name == '\0';
}

/// std::isspace of the "C" locale, inline: it is asked of every byte of
/// every prompt, and the library's is a call through the locale.
inline bool IsSpace(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');  // \t \n \v \f \r
}

/// The element's own text (its PCDATA and CDATA children), whitespace folded.
std::string CollapsedText(const pugi::xml_node& node);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_XML_SOURCE_HPP_
