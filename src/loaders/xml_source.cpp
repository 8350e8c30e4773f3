#include "loaders/xml_source.hpp"

#include <cctype>
#include <memory>

namespace ivrscope {

XmlSource::XmlSource(std::string path, std::string_view text,
                     std::uint32_t file_index)
    : path_(std::move(path)),
      text_(text),
      file_index_(file_index),
      lines_(text),
      document_(std::make_unique<pugi::xml_document>()) {}

Result<XmlSource> XmlSource::Parse(std::string path, std::string_view text,
                                   std::uint32_t file_index) {
  XmlSource source(std::move(path), text, file_index);
  pugi::xml_parse_result parsed = source.document_->load_buffer(
      text.data(), text.size(), kXmlParseOptions, pugi::encoding_auto);
  if (!parsed) {
    Location at{file_index, 0, 0};
    LineColumn lc = source.lines_.At(static_cast<std::size_t>(
        parsed.offset < 0 ? 0 : parsed.offset));
    at.line = lc.line;
    at.column = lc.column;
    return source.Error(at, std::string("malformed XML: ") +
                                parsed.description());
  }
  return source;
}

Location XmlSource::At(const pugi::xml_node& node) const {
  std::ptrdiff_t offset = node.offset_debug();
  // offset_debug points at the name; the element starts at the '<' before it.
  if (offset > 0) --offset;
  LineColumn lc = lines_.At(offset < 0 ? 0 : static_cast<std::size_t>(offset));
  return {file_index_, lc.line, lc.column};
}

Location XmlSource::At(const pugi::xml_node& owner,
                       const pugi::xml_attribute& attr) const {
  // pugixml keeps no attribute offsets: find the name inside the start tag.
  std::ptrdiff_t start = owner.offset_debug();
  if (start >= 0 && static_cast<std::size_t>(start) < text_.size()) {
    std::size_t tag_end = text_.find('>', static_cast<std::size_t>(start));
    std::string_view tag = text_.substr(static_cast<std::size_t>(start),
                                        tag_end == std::string_view::npos
                                            ? std::string_view::npos
                                            : tag_end - start);
    std::string_view name = attr.name();
    for (std::size_t at = tag.find(name); at != std::string_view::npos;
         at = tag.find(name, at + 1)) {
      // A whole attribute name: preceded by whitespace, followed by = or space.
      const bool before = at > 0 && std::isspace(static_cast<unsigned char>(tag[at - 1]));
      const std::size_t after = at + name.size();
      const bool follows = after < tag.size() &&
                           (tag[after] == '=' ||
                            std::isspace(static_cast<unsigned char>(tag[after])));
      if (before && follows) {
        LineColumn lc = lines_.At(static_cast<std::size_t>(start) + at);
        return {file_index_, lc.line, lc.column};
      }
    }
  }
  return At(owner);
}

Diagnostic XmlSource::Error(const Location& at, std::string message) const {
  return Diagnostic{path_, at.line, at.column, std::move(message)};
}

std::string CollapsedText(const pugi::xml_node& node) {
  std::string out;
  bool space = false;
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_pcdata && child.type() != pugi::node_cdata) {
      continue;
    }
    for (const char* p = child.value(); *p != '\0'; ++p) {
      if (std::isspace(static_cast<unsigned char>(*p))) {
        space = !out.empty();
      } else {
        if (space) out += ' ';
        space = false;
        out += *p;
      }
    }
    space = !out.empty();
  }
  return out;
}

}  // namespace ivrscope
