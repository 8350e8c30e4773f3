// Getting at VoiceXML documents safely: file readers (disk, and memory for
// tests), URI resolution that never fetches over the network and never
// leaves the directory tree being analysed, and the small text helpers the
// builder needs for grammars and literal expressions.
#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "loaders/voicexml_loader.hpp"
#include "loaders/voicexml_parts.hpp"
#include "loaders/xml_source.hpp"

namespace ivrscope {

namespace fs = std::filesystem;

namespace {

Diagnostic TooLarge(const std::string& path, std::uintmax_t size,
                    std::size_t max_bytes, bool at_least) {
  return Diagnostic{path, 0, 0,
                    "file is " + std::string(at_least ? "over " : "") +
                        std::to_string(size) +
                        " bytes, more than the limit of " +
                        std::to_string(max_bytes) + " (--max-file-size)"};
}

// A pipe, a terminal, /dev/stdin, a shell's <(...): no size to ask for, so
// read to its end in blocks, and stop one byte past the limit (a device that
// never ends, /dev/zero, is refused at the limit, not read forever).
Result<std::string> ReadStream(const std::string& path, std::istream& in,
                               std::size_t max_bytes) {
  std::string text;
  std::array<char, 1 << 16> block;
  while (in && text.size() <= max_bytes) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    text.append(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > max_bytes) {
    return TooLarge(path, max_bytes, max_bytes, true);
  }
  if (in.bad()) return Diagnostic{path, 0, 0, "cannot read file"};
  return text;
}

}  // namespace

Result<std::string> DiskReader::Read(const std::string& path) {
  if (path == kStandardInput) return ReadStream(path, std::cin, max_bytes_);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec) return Diagnostic{path, 0, 0, "cannot read file: " + ec.message()};
  if (fs::is_directory(status)) {
    return Diagnostic{path, 0, 0, "cannot read file: it is a directory"};
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // Why, as the directory walk says it: "Permission denied" is the fix.
    const int why = errno;
    return Diagnostic{
        path, 0, 0,
        why != 0 ? "cannot open file: " + std::string(std::strerror(why))
                 : "cannot open file"};
  }
  if (!fs::is_regular_file(status)) return ReadStream(path, in, max_bytes_);
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return Diagnostic{path, 0, 0, "cannot read file: " + ec.message()};
  if (size > max_bytes_) return TooLarge(path, size, max_bytes_, false);
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

void MemoryReader::Add(const std::string& path, std::string text) {
  files_[vxml::NormalPath(path)] = std::move(text);
}

Result<std::string> MemoryReader::Read(const std::string& path) {
  auto it = files_.find(vxml::NormalPath(path));
  if (it == files_.end()) {
    return Diagnostic{path, 0, 0,
                      "cannot read file: No such file or directory"};
  }
  return it->second;
}

namespace vxml {

std::string DtmfKey(std::string_view value) {
  std::string key;
  for (char c : value) {
    if (!std::isspace(static_cast<unsigned char>(c))) key += c;
  }
  return key;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() &&
         std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

namespace {

// "http:" but not "C:" or a path: a scheme is letters (and +-.) before ':'.
std::optional<std::string_view> SchemeOf(std::string_view uri) {
  const std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon < 2) return std::nullopt;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = uri[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' &&
        c != '.') {
      return std::nullopt;
    }
  }
  return uri.substr(0, colon);
}

bool IsInside(const fs::path& path, const std::string& root_dir) {
  const fs::path abs = fs::absolute(path).lexically_normal();
  const fs::path root =
      fs::absolute(root_dir.empty() ? "." : root_dir).lexically_normal();
  const fs::path rel = abs.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

std::vector<Answer> InlineGrammarAnswers(const pugi::xml_node& grammar) {
  std::vector<Answer> answers;
  if (grammar.attribute("src")) return answers;
  const bool dtmf =
      std::string_view(grammar.attribute("mode").value()) == "dtmf";
  ForEachElement(grammar, [&](const pugi::xml_node& one_of) {
    if (std::string_view(one_of.name()) != "one-of") return;
    for (pugi::xml_node item : one_of.children("item")) {
      std::string text = CollapsedText(item);
      if (text.empty()) continue;
      Answer answer;
      answer.element = item;
      if (dtmf) {
        answer.key = DtmfKey(text);
      } else {
        answer.phrase = std::move(text);
      }
      answers.push_back(std::move(answer));
    }
  });
  return answers;
}

std::optional<std::string> StringLiteral(std::string_view expr) {
  expr = Trim(expr);
  if (expr.size() < 2) return std::nullopt;
  const char quote = expr.front();
  if ((quote != '\'' && quote != '"') || expr.back() != quote) {
    return std::nullopt;
  }
  std::string_view inner = expr.substr(1, expr.size() - 2);
  // 'a' + b + 'c' also starts and ends with a quote: any quote inside means
  // the expression computes its value.
  if (inner.find(quote) != std::string_view::npos ||
      inner.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(inner);
}

namespace {

// Splits `text` at each top-level `op` ("||" or "&&"), quotes respected; an
// unbalanced quote or a parenthesis anywhere gives nothing (a grouping this
// reading does not follow).
std::optional<std::vector<std::string_view>> SplitAt(std::string_view text,
                                                     std::string_view op) {
  std::vector<std::string_view> parts;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\') return std::nullopt;
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == ')') {
      return std::nullopt;
    } else if (text.substr(i, op.size()) == op) {
      parts.push_back(text.substr(start, i - start));
      start = i + op.size();
      i = start - 1;
    }
  }
  if (quote != 0) return std::nullopt;
  parts.push_back(text.substr(start));
  return parts;
}

// "-007" as "-7", "-0" as "0"; nothing when the text is not an integer.
// Compared as text: no integer of the input is too large to compare.
std::optional<std::string> CanonicalInteger(std::string_view text) {
  const bool minus = !text.empty() && text.front() == '-';
  if (minus) text.remove_prefix(1);
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return std::nullopt;
  }
  text.remove_prefix(std::min(text.find_first_not_of('0'), text.size() - 1));
  return (minus && text != "0" ? "-" : "") + std::string(text);
}

// One comparison of `name` with a literal.
std::optional<bool> FoldComparison(std::string_view atom, std::string_view name,
                                   std::string_view value) {
  atom = Trim(atom);
  // The operator: the first '=' or '!' outside quotes.
  char quote = 0;
  std::size_t at = std::string_view::npos;
  for (std::size_t i = 0; i < atom.size(); ++i) {
    const char c = atom[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '=' || c == '!') {
      at = i;
      break;
    }
  }
  if (at == std::string_view::npos) return std::nullopt;
  const bool negated = atom[at] == '!';
  std::size_t length = 0;
  if (atom.substr(at, 3) == "===" || atom.substr(at, 3) == "!==") {
    length = 3;
  } else if (atom.substr(at, 2) == "==" || atom.substr(at, 2) == "!=") {
    length = 2;
  } else {
    return std::nullopt;  // an assignment, or a lone '!'
  }
  const bool strict = length == 3;
  std::string_view left = Trim(atom.substr(0, at));
  std::string_view right = Trim(atom.substr(at + length));
  if (left != name) std::swap(left, right);
  if (left != name) return std::nullopt;
  bool equal = false;
  if (auto literal = StringLiteral(right)) {
    equal = *literal == value;
  } else if (auto number = CanonicalInteger(right); number && !strict) {
    // 1 == '1' in ECMAScript, and "01" == 1: a value written as an integer
    // is compared as one; any other ("1.0", " 1") is left to the run time.
    const std::optional<std::string> held = CanonicalInteger(value);
    if (!held) return std::nullopt;
    equal = *held == *number;
  } else {
    return std::nullopt;
  }
  return equal != negated;
}

}  // namespace

std::optional<bool> FoldValueTest(std::string_view cond, std::string_view name,
                                  std::string_view value) {
  const auto any = SplitAt(cond, "||");
  const auto all = SplitAt(cond, "&&");
  if (!any || !all) return std::nullopt;
  if (any->size() > 1 && all->size() > 1) return std::nullopt;
  const bool disjunction = any->size() > 1;
  bool result = !disjunction;
  for (std::string_view atom : disjunction ? *any : *all) {
    const std::optional<bool> one = FoldComparison(atom, name, value);
    if (!one) return std::nullopt;
    result = disjunction ? (result || *one) : (result && *one);
  }
  return result;
}

std::optional<std::string_view> SameDocumentFragment(std::string_view uri) {
  // "#dialog", the commonest target by far: no scheme (a scheme starts with
  // a letter) and no path, so none of ResolveUri's file system work.
  uri = Trim(uri);
  if (uri.empty() || uri.front() != '#') return std::nullopt;
  return uri.substr(1);
}

std::string NormalPath(const std::string& path) {
  return fs::absolute(path).lexically_normal().generic_string();
}

UriPath ResolveUri(std::string_view uri, const std::string& doc_path,
                   std::string_view xml_base, const std::string& root_dir) {
  UriPath out;
  if (auto fragment = SameDocumentFragment(uri)) {
    out.kind = UriPath::Kind::kSameDocument;
    out.fragment = std::string(*fragment);
    return out;
  }
  uri = Trim(uri);
  if (auto scheme = SchemeOf(uri)) {
    out.kind = UriPath::Kind::kExternal;
    out.why = std::string(*scheme) + ": documents are never fetched";
    out.path = std::string(uri);
    return out;
  }
  std::string_view path = uri;
  if (std::size_t hash = path.find('#'); hash != std::string_view::npos) {
    out.fragment = std::string(path.substr(hash + 1));
    path = path.substr(0, hash);
  }
  if (std::size_t query = path.find('?'); query != std::string_view::npos) {
    // "?page=goodbye" (RFC 3986 5.2.2: this document's path, another query)
    // asks the server that made this document for another page: only a
    // script answers a query, so what comes back is not this file.
    if (query == 0) {
      out.kind = UriPath::Kind::kExternal;
      out.why = "'" + std::string(uri) +
                "' asks this document's server for another page: documents "
                "are never fetched";
      return out;
    }
    path = path.substr(0, query);
  }
  if (path.empty()) {
    out.kind = UriPath::Kind::kSameDocument;
    return out;
  }
  fs::path base = fs::path(doc_path).parent_path();
  xml_base = Trim(xml_base);
  if (!xml_base.empty()) {
    if (SchemeOf(xml_base)) {
      out.kind = UriPath::Kind::kExternal;
      out.path = std::string(uri);
      out.why = "relative to xml:base '" + std::string(xml_base) +
                "': documents are never fetched";
      return out;
    }
    // A base names a document (or a directory when it ends with '/').
    fs::path given{std::string(xml_base)};
    fs::path dir = xml_base.back() == '/' ? given : given.parent_path();
    base = dir.is_absolute() ? dir : base / dir;
  }
  fs::path target(std::string{path});
  fs::path full =
      (target.is_absolute() ? target : base / target).lexically_normal();
  out.path = full.generic_string();
  std::string ext = full.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const bool document = ext == ".vxml" || ext == ".xml";
  // "/app/menu.jsp" is a path on the web server, not on this disk.
  if (!document && target.is_absolute()) {
    out.kind = UriPath::Kind::kExternal;
    out.why = "'" + std::string(uri) + "' is a page of the web server";
    return out;
  }
  if (!IsInside(full, root_dir)) {
    out.kind = UriPath::Kind::kOutside;
    out.why = "'" + std::string(uri) + "' leads to '" + out.path +
              "', outside the analysed directory '" +
              (root_dir.empty() ? std::string(".") : root_dir) +
              "': it is not read";
    return out;
  }
  if (!document) {
    out.kind = UriPath::Kind::kExternal;
    out.why = "'" + out.path +
              "' is a server page or other resource, not a VoiceXML document";
    return out;
  }
  out.kind = UriPath::Kind::kFile;
  return out;
}

}  // namespace vxml
}  // namespace ivrscope
