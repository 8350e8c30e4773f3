#include "loaders/xml_source.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "loaders/text_encoding.hpp"

namespace ivrscope {
namespace {

constexpr std::string_view kDisable = "ivrscope-disable";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

XmlSource::XmlSource(std::string path, std::unique_ptr<std::string> text,
                     std::uint32_t file_index)
    : path_(std::move(path)),
      text_(std::move(text)),
      file_index_(file_index),
      lines_(*text_),
      document_(std::make_unique<pugi::xml_document>()) {}

Result<XmlSource> XmlSource::Parse(std::string path,
                                   std::unique_ptr<std::string> bytes,
                                   std::uint32_t file_index,
                                   ElementVisitor* visitor) {
  assert(bytes != nullptr);
  const TextEncoding encoding = DetectEncoding(*bytes);
  if (encoding != TextEncoding::kUtf8) {
    auto converted = std::make_unique<std::string>();
    if (auto problem = ConvertToUtf8(*bytes, encoding, converted.get())) {
      LineColumn lc = LineIndex(*converted).At(problem->offset);
      return Diagnostic{std::move(path), lc.line, lc.column,
                        std::move(problem->message)};
    }
    bytes = std::move(converted);
  }
  if (bytes->size() >= std::numeric_limits<std::uint32_t>::max()) {
    return Diagnostic{std::move(path), 1, 1,
                      "the file is larger than 4 GiB: ivrscope's locations "
                      "cannot number it"};
  }
  XmlSource source(std::move(path), std::move(bytes), file_index);
  std::string& text = *source.text_;
  if (auto problem = CheckXmlText(text)) {
    return source.Error(
        source.AtOffset(static_cast<std::ptrdiff_t>(problem->offset)),
        std::move(problem->message));
  }
  // What pugixml lets through, read before it parses in place (which
  // rewrites the text): a bad reference is reported if it comes before any
  // parse error, text around the root only if the rest parses (a truncated
  // file is the parser's to explain).
  std::optional<TextProblem> reference = CheckReferences(text);
  std::optional<TextProblem> outside = CheckOutsideRoot(text);
  auto refuse = [&](TextProblem problem) {
    return source.Error(
        source.AtOffset(static_cast<std::ptrdiff_t>(problem.offset)),
        "malformed XML: " + std::move(problem.message));
  };
  // The text is UTF-8 now: pugixml must not convert it again (its offsets
  // would no longer index our text). parse_doctype keeps the DTD as a node so
  // CheckDoctype can read it; pugixml never expands the entities it declares.
  pugi::xml_parse_result parsed = source.document_->load_buffer_inplace(
      text.data(), text.size(), kXmlParseOptions, pugi::encoding_utf8);
  if (!parsed) {
    if (reference &&
        static_cast<std::ptrdiff_t>(reference->offset) < parsed.offset) {
      return refuse(std::move(*reference));
    }
    return source.Error(source.AtOffset(parsed.offset),
                        std::string("malformed XML: ") + parsed.description());
  }
  // A declared entity is refused for what it is before its uses are.
  if (auto e = source.CheckDoctype()) return *e;
  if (reference) return refuse(std::move(*reference));
  if (outside) return refuse(std::move(*outside));
  if (auto e = source.CheckProlog()) return *e;
  if (auto e = source.CheckTree(visitor)) return *e;
  return source;
}

// The internal subset's declarations that change what the document says:
// an entity (pugixml never expands one) and an attribute default (XML
// §5.1 has every processor apply those of the internal subset; pugixml
// does not). Quoted literals, comments and processing instructions are
// passed over as wholes, so that a "<!ENTITY" inside one declares nothing.
std::optional<Diagnostic> XmlSource::CheckDoctype() const {
  for (pugi::xml_node node = document_->first_child(); node;
       node = node.next_sibling()) {
    if (node.type() != pugi::node_doctype) continue;
    const std::string_view dtd = node.value();
    const std::ptrdiff_t base = node.offset_debug();
    const auto where = [&](std::size_t at) {
      return base < 0 ? At(node)
                      : AtOffset(base + static_cast<std::ptrdiff_t>(at));
    };
    const auto past = [&](std::size_t from, std::string_view end) {
      const std::size_t at = dtd.find(end, from);
      return at == std::string_view::npos ? dtd.size() : at + end.size();
    };
    // A name after a keyword, for the message (a parameter entity has "% "
    // first).
    const auto name_after = [&](std::size_t from) {
      std::string_view rest = dtd.substr(from);
      rest.remove_prefix(
          std::min(rest.find_first_not_of(" \t\r\n%"), rest.size()));
      std::string_view name = rest.substr(0, rest.find_first_of(" \t\r\n>"));
      return std::string(name.substr(0, 64));
    };
    for (std::size_t i = 0; i < dtd.size();) {
      const char c = dtd[i];
      if (c == '"' || c == '\'') {
        i = past(i + 1, std::string_view(&c, 1));
      } else if (dtd.substr(i).starts_with("<!--")) {
        i = past(i + 4, "-->");
      } else if (dtd.substr(i).starts_with("<?")) {
        i = past(i + 2, "?>");
      } else if (dtd.substr(i).starts_with("<![")) {
        // XML §2.8 allows conditional sections in external subsets only;
        // pugixml passes over one whole, quotes and declarations in it too.
        return Error(where(i),
                     "malformed XML: a conditional section (<![IGNORE[ or "
                     "<![INCLUDE[) is not allowed in the internal subset");
      } else if (dtd.substr(i).starts_with("<!ENTITY")) {
        // The declaration up to its end outside quotes.
        std::size_t end = i + 8;
        while (end < dtd.size() && dtd[end] != '>') {
          end = dtd[end] == '"' || dtd[end] == '\''
                    ? past(end + 1, std::string_view(&dtd[end], 1))
                    : end + 1;
        }
        const std::string_view declaration = dtd.substr(i, end - i);
        const bool external =
            declaration.find("SYSTEM") != std::string_view::npos ||
            declaration.find("PUBLIC") != std::string_view::npos;
        const std::string name = name_after(i + 8);
        return Error(where(i),
                     external
                         ? "the DOCTYPE declares external entity '" + name +
                               "': refused, ivrscope never reads the files or "
                               "addresses a document names"
                         : "the DOCTYPE declares entity '" + name +
                               "': refused, ivrscope does not expand entities "
                               "and the flow would be analysed without them");
      } else if (dtd.substr(i).starts_with("<!ATTLIST")) {
        // An attribute's type has no quotes in it: a literal is a default.
        std::size_t end = i + 9;
        while (end < dtd.size() && dtd[end] != '>') {
          if (dtd[end] == '"' || dtd[end] == '\'') {
            return Error(where(i),
                         "the DOCTYPE gives attributes of <" +
                             name_after(i + 9) +
                             "> default values: refused, ivrscope does not "
                             "apply them and the flow would be analysed "
                             "without them");
          }
          ++end;
        }
        i = end;
      } else {
        ++i;
      }
    }
  }
  return std::nullopt;
}

// pugixml takes a document of several elements as it comes; XML allows one
// (§2.1). A second flow in the file would otherwise be dropped without a
// word. (Text around the root, which pugixml drops, is CheckOutsideRoot's.)
//
// The XML declaration is allowed only as the file's first bytes (§2.8; a
// processing instruction may not be named "xml", §2.6): pugixml keeps one
// after a comment or white space, which decides nothing here but tells an
// interpreter that the file is not XML. (Inside the root pugixml refuses it.)
std::optional<Diagnostic> XmlSource::CheckProlog() const {
  const std::ptrdiff_t bom = text_->starts_with("\xEF\xBB\xBF") ? 3 : 0;
  pugi::xml_node root;
  for (pugi::xml_node node = document_->first_child(); node;
       node = node.next_sibling()) {
    if (node.type() == pugi::node_declaration &&
        node.offset_debug() != bom + 2) {
      return Error(AtOffset(node.offset_debug() - 2),
                   "malformed XML: the XML declaration '<?xml ...?>' is not "
                   "at the start of the file (nothing, not even white space "
                   "or a comment, may come before it)");
    }
    if (node.type() == pugi::node_cdata) {
      // pugixml keeps one; XML allows CDATA only inside an element (§2.7).
      return Error(AtOffset(node.offset_debug() - 9),
                   "malformed XML: a CDATA section outside the root element");
    }
    if (node.type() != pugi::node_element) continue;
    if (root) {
      return Error(node, "malformed XML: a second root element <" +
                             std::string(node.name()) + "> after <" +
                             root.name() + ">: a document has exactly one");
    }
    root = node;
  }
  return std::nullopt;
}

std::optional<std::size_t> XmlSource::OffsetInText(const char* p) const {
  const auto begin = reinterpret_cast<std::uintptr_t>(text_->data());
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  if (at < begin || at > begin + text_->size()) return std::nullopt;
  return static_cast<std::size_t>(at - begin);
}

std::optional<Diagnostic> XmlSource::CheckTree(ElementVisitor* visitor) {
  // Pre-order walk with an explicit position (first child, next sibling,
  // parent): no recursion, whatever the nesting. It also notes the comments
  // that may be suppressions, so that CollectSuppressions need not walk the
  // whole tree again.
  std::vector<const char*> names;
  std::size_t depth = 1;
  pugi::xml_node node = document_->first_child();
  while (node) {
    if (node.type() == pugi::node_comment &&
        Trim(node.value()).starts_with(kDisable)) {
      directives_.push_back(node);
    }
    if (node.type() == pugi::node_element) {
      if (depth > kMaxDepth) {
        return Error(node, "elements are nested more than " +
                               std::to_string(kMaxDepth) + " deep");
      }
      if (std::strlen(node.name()) > kMaxNameBytes) {
        return Error(node, "an element name is longer than " +
                               std::to_string(kMaxNameBytes) + " bytes");
      }
      names.clear();
      for (pugi::xml_attribute attr = node.first_attribute(); attr;) {
        const pugi::xml_attribute next = attr.next_attribute();
        const char* name = attr.name();
        const char* value = attr.value();
        // In the text parsed in place a name ends before its value starts
        // and a value before the next attribute's name: where that gap is
        // within the limit, there is nothing to measure.
        if (!Within(name, value, kMaxNameBytes) &&
            std::strlen(name) > kMaxNameBytes) {
          return Error(At(node, attr), "an attribute name is longer than " +
                                           std::to_string(kMaxNameBytes) +
                                           " bytes");
        }
        if (!(next && Within(value, next.name(), kMaxAttributeBytes))) {
          const std::size_t size = std::strlen(value);
          if (size > kMaxAttributeBytes) {
            return Error(At(node, attr),
                         "attribute '" + std::string(name) + "' is " +
                             std::to_string(size) +
                             " bytes long, more than the limit of " +
                             std::to_string(kMaxAttributeBytes));
          }
        }
        names.push_back(name);
        attr = next;
      }
      // The (alphabetically first) name given twice. An element has a
      // handful of attributes: comparing each pair beats sorting them; a
      // long list is sorted (a hostile one must not cost its square).
      const char* twice = nullptr;
      if (names.size() <= 8) {
        for (std::size_t i = 1; i < names.size(); ++i) {
          for (std::size_t j = 0; j < i; ++j) {
            if (std::strcmp(names[i], names[j]) == 0 &&
                (twice == nullptr || std::strcmp(names[i], twice) < 0)) {
              twice = names[i];
            }
          }
        }
      } else {
        auto less = [](const char* a, const char* b) {
          return std::strcmp(a, b) < 0;
        };
        std::sort(names.begin(), names.end(), less);
        auto at = std::adjacent_find(names.begin(), names.end(),
                                     [](const char* a, const char* b) {
                                       return std::strcmp(a, b) == 0;
                                     });
        if (at != names.end()) twice = *at;
      }
      if (twice != nullptr) {
        const std::string name(twice);
        return Error(
            At(node, node.attribute(name.c_str())),
            "attribute '" + name + "' is given twice on <" + node.name() + ">");
      }
      if (visitor != nullptr && !visitor->Element(*this, node)) {
        visitor = nullptr;
      }
    }
    if (pugi::xml_node child = node.first_child()) {
      node = child;
      ++depth;
      continue;
    }
    while (!node.next_sibling()) {
      node = node.parent();
      --depth;
      if (!node || node.type() == pugi::node_document) return std::nullopt;
    }
    node = node.next_sibling();
  }
  return std::nullopt;
}

Location XmlSource::At(const pugi::xml_node& node) const {
  std::ptrdiff_t offset = node.offset_debug();
  // offset_debug points at the name; the element starts at the '<' before it.
  if (offset > 0) --offset;
  return AtOffset(offset);
}

Location XmlSource::AtOffset(std::ptrdiff_t offset) const {
  LineColumn lc = lines_.At(offset < 0 ? 0 : static_cast<std::size_t>(offset));
  return {file_index_, lc.line, lc.column};
}

Location XmlSource::At(const pugi::xml_node& owner,
                       const pugi::xml_attribute& attr) const {
  // pugixml keeps no attribute offsets, but it parsed our text in place: the
  // attribute's name is a pointer into it.
  if (const std::optional<std::size_t> at = OffsetInText(attr.name())) {
    return AtOffset(static_cast<std::ptrdiff_t>(*at));
  }
  return At(owner);  // a name pugixml allocated: not from a parse
}

Diagnostic XmlSource::Error(const Location& at, std::string message) const {
  return Diagnostic{path_, at.line, at.column, std::move(message)};
}

void CollectSuppressions(const XmlSource& source, StringArena* arena,
                         std::vector<Suppression>* out,
                         std::vector<Diagnostic>* problems) {
  struct {
    pugi::xml_node parent;
    std::ptrdiff_t begin = 0;  // the first comment's offset
    std::ptrdiff_t end = 0;    // the element's (or past every offset)
    pugi::xml_node element;
  } run;
  for (const pugi::xml_node& node : source.directives()) {
    std::string_view text = Trim(node.value());
    text.remove_prefix(kDisable.size());
    // offset_debug points at the comment's text, 4 bytes after "<!--".
    const Location comment = source.AtOffset(node.offset_debug() - 4);
    if (!text.empty() && !IsSpace(text[0])) {
      continue;  // "ivrscope-disabled..." is some other comment
    }
    const std::size_t colon = text.find(':');
    const std::string_view reason =
        colon == std::string_view::npos ? "" : Trim(text.substr(colon + 1));
    const std::string_view rules = Trim(text.substr(0, colon));
    if (rules.empty() || reason.empty()) {
      problems->push_back(
          source.Error(comment,
                       "ivrscope-disable needs rules and a reason: "
                       "<!-- ivrscope-disable rule-id: why -->"));
      continue;
    }
    // A run of comments before one element is walked once: each of a
    // hostile 200,000 directives in a row walked the rest of the run.
    if (node.parent() != run.parent || node.offset_debug() <= run.begin ||
        node.offset_debug() >= run.end) {
      run.parent = node.parent();
      run.begin = node.offset_debug();
      run.element = node.next_sibling();
      while (run.element && run.element.type() == pugi::node_comment) {
        run.element = run.element.next_sibling();
      }
      run.end = run.element ? run.element.offset_debug()
                            : std::numeric_limits<std::ptrdiff_t>::max();
    }
    const pugi::xml_node element = run.element;
    if (!element || element.type() != pugi::node_element) {
      problems->push_back(source.Error(
          comment, "ivrscope-disable must stand right before an element"));
      continue;
    }
    const Location at = source.At(element);
    Location last = at;
    for (pugi::xml_attribute a = element.first_attribute(); a;
         a = a.next_attribute()) {
      last = source.At(element, a);
    }
    // A comment is taken whole or not at all.
    const std::size_t before = out->size();
    bool sound = true;
    for (std::size_t begin = 0; begin <= rules.size() && sound;) {
      std::size_t end = rules.find(',', begin);
      if (end == std::string_view::npos) end = rules.size();
      const std::string_view rule = Trim(rules.substr(begin, end - begin));
      if (rule.empty()) {
        problems->push_back(
            source.Error(comment, "ivrscope-disable names an empty rule"));
        sound = false;
      } else {
        out->push_back(
            {arena->Store(rule), arena->Store(reason), at, comment, last});
      }
      begin = end + 1;
    }
    if (!sound) out->resize(before);
  }
}

std::string CollapsedText(const pugi::xml_node& node) {
  std::string out;
  bool space = false;
  for (pugi::xml_node child = node.first_child(); child;
       child = child.next_sibling()) {
    if (child.type() != pugi::node_pcdata && child.type() != pugi::node_cdata) {
      continue;
    }
    // Whole words at a time, a space before each but the first.
    for (const char* p = child.value(); *p != '\0';) {
      if (IsSpace(*p)) {
        space = !out.empty();
        ++p;
        continue;
      }
      const char* word = p;
      while (*p != '\0' && !IsSpace(*p)) ++p;
      if (space) out += ' ';
      space = false;
      out.append(word, static_cast<std::size_t>(p - word));
    }
    space = !out.empty();
  }
  return out;
}

}  // namespace ivrscope
