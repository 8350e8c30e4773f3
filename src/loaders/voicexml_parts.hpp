// The pieces of the VoiceXML loader that do not build the graph themselves:
// choosing the catch handlers an event reaches (voicexml_events.cpp), reading
// the keys and phrases a grammar or option answers to, and resolving a URI to
// a file on disk without leaving the input's root (voicexml_documents.cpp).
// Internal to the loader; the graph builder is voicexml_loader.cpp.
#ifndef IVRSCOPE_SRC_LOADERS_VOICEXML_PARTS_HPP_
#define IVRSCOPE_SRC_LOADERS_VOICEXML_PARTS_HPP_

#include <cctype>
#include <optional>
#include <pugixml.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "loaders/xml_source.hpp"

namespace ivrscope::vxml {

/// Whether element n is named `name` (see NameIs).
inline bool Named(const pugi::xml_node& n, std::string_view name) {
  return NameIs(n.name(), name);
}
/// An element's identity, for the sets and maps the loader keeps of them.
inline const void* Key(const pugi::xml_node& n) { return n.internal_object(); }

// ---- events (VoiceXML 2.0 §5.2) -------------------------------------------

/// An element that can hold catch handlers, and the document it is in.
struct Scope {
  pugi::xml_node element;  // a form item, form, menu or <vxml>
  int doc = 0;
  /// element's catch children in document order, when the caller keeps
  /// them: a <vxml> scope has every dialog of its document as a child, and
  /// scanning those for each event of each dialog is quadratic.
  const std::vector<pugi::xml_node>* catches = nullptr;
};

struct CatchRef {
  pugi::xml_node element;  // <catch>, <noinput>, <nomatch>, <help>, <error>
  int doc = 0;             // the document defining it
  int count = 1;
  bool conditional = false;  // has a cond: it may be passed over
};

/// The handlers that run while an event's counter is at least `count` (and
/// below the next level's count). When every catch of a level is
/// conditional, the lower levels' catches may run instead (§5.2.4: false
/// conds are dropped before the count is chosen); use_default says the
/// interpreter's default handler may, because no level from this one down
/// has an unconditional catch.
struct HandlerLevel {
  int count = 1;
  std::span<const CatchRef> catches;  // into the Handlers that hold it
  bool use_default = false;
};

/// Whether a level has no catch that always runs: its catches (if any) all
/// have a cond, so a lower level's handler or the default may run instead.
/// SelectHandlers stops a level at its first unconditional catch.
inline bool AllConditional(const HandlerLevel& level) {
  return level.catches.empty() || level.catches.back().conditional;
}

/// What SelectHandlers finds, in vectors a caller keeps from one event to
/// the next: it runs for each event of every waiting item, and allocating
/// per level was a good part of building a menu.
struct Handlers {
  std::vector<HandlerLevel> levels;
  std::vector<CatchRef> catches;   // the levels' catches, level after level
  std::vector<CatchRef> matching;  // scratch
};

/// Every level of handlers `event` reaches from `scopes` (innermost first),
/// per §5.2.4: matching catches (exact name, dot-separated prefix, or no
/// event attribute), the highest count not above the counter, the first in
/// scope and document order. Ascending by count; the first level is count 1.
/// Replaces what `out` held.
void SelectHandlers(std::string_view event, std::span<const Scope> scopes,
                    Handlers* out);

/// The default handler of §5.2.5 reprompts (noinput, nomatch, help,
/// maxspeechtimeout, cancel); every other event exits.
bool DefaultReprompts(std::string_view event);

/// <catch>, <noinput>, <nomatch>, <help> or <error>.
bool IsCatch(const pugi::xml_node& node);

/// Calls fn on every element below `root` (not root itself) in document
/// order, without recursion: documents may nest deeper than the stack. A
/// template, not a std::function: it runs for every element of every
/// document, and the call through std::function cost as much as the work.
template <typename Fn>
void ForEachElement(const pugi::xml_node& root, const Fn& fn) {
  pugi::xml_node n = root.first_child();
  while (n) {
    if (n.type() == pugi::node_element) fn(n);
    if (pugi::xml_node child = n.first_child()) {
      n = child;
      continue;
    }
    while (n != root) {
      if (pugi::xml_node next = n.next_sibling()) {
        n = next;
        break;
      }
      n = n.parent();
    }
    if (n == root) break;
  }
}

// ---- grammars --------------------------------------------------------------

/// One thing a caller can say or key: a DTMF sequence and/or a phrase.
struct Answer {
  std::string key;     // "1", "123#": whitespace removed (§2.2.2)
  std::string phrase;  // spoken text, whitespace folded
  pugi::xml_node element;
};

/// The answers an inline SRGS grammar offers: each <item> directly in a
/// <one-of>, as a key (mode="dtmf") or a phrase. Empty for an external or
/// builtin grammar (src=...), whose answers cannot be listed.
std::vector<Answer> InlineGrammarAnswers(const pugi::xml_node& grammar);

/// A DTMF attribute value with its optional whitespace removed.
std::string DtmfKey(std::string_view value);

/// Calls fn on each whitespace-separated word of text (an event list, a
/// namelist) until it returns true; whether one did. No vector: it runs for
/// every catch of every scope of every waiting item.
template <typename Fn>
bool AnyWord(std::string_view text, const Fn& fn) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    std::size_t start = i;
    while (i < text.size() &&
           !std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    if (i > start && fn(text.substr(start, i - start))) return true;
  }
  return false;
}

/// The text without the white space around it.
std::string_view Trim(std::string_view text);

/// The inner text of a plain string-literal expression ('#main' or "x"),
/// or nothing when the expression computes its value.
std::optional<std::string> StringLiteral(std::string_view expr);

/// The value of condition `cond` while variable `name` holds the string
/// `value` (a field's own <filled>, after an option set it), when the
/// condition only compares that variable with literals: NAME == 'lit',
/// 'lit' != NAME, NAME === "lit", NAME == 2, joined by || or by && (not
/// both). Anything else (another variable, a call, parentheses around a
/// mix) is nothing: not known statically.
std::optional<bool> FoldValueTest(std::string_view cond, std::string_view name,
                                  std::string_view value);

// ---- URIs and files --------------------------------------------------------

/// What a URI reference names, statically.
struct UriPath {
  enum class Kind {
    kSameDocument,  // "#id" or empty path: the current document
    kFile,          // a document on disk: path
    kExternal,      // http:, another scheme, or a server page: not analysed
    kOutside,       // a relative path that climbs out of the input's root
  };
  Kind kind = Kind::kSameDocument;
  std::string path;      // kFile: display path (relative paths stay relative)
  std::string fragment;  // the dialog id after '#', may be empty
  std::string why;       // kExternal/kOutside: a sentence for the report
};

/// Resolves `uri` against the document at `doc_path` (and its xml:base),
/// never leaving `root_dir`. Only .vxml and .xml paths are documents; other
/// extensions (.jsp, .php, ...) are server pages, external like http:.
UriPath ResolveUri(std::string_view uri, const std::string& doc_path,
                   std::string_view xml_base, const std::string& root_dir);

/// For "#dialog" (spaces around allowed): the dialog, which ResolveUri would
/// give as the fragment of a kSameDocument, without its work.
std::optional<std::string_view> SameDocumentFragment(std::string_view uri);

/// The lexically normal form of a path, used as a document's identity.
std::string NormalPath(const std::string& path);

}  // namespace ivrscope::vxml

#endif  // IVRSCOPE_SRC_LOADERS_VOICEXML_PARTS_HPP_
