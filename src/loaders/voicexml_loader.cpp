// VoiceXML 2.0/2.1 applications as flows: documents, dialogs and the Form
// Interpretation Algorithm as far as control flow goes. The summary the
// model follows, with section references, is docs/voicexml-control-flow.md;
// the README's VoiceXML section lists the platform choices.
//
// The graph, per construct:
//   <form>       a play node (entering it resets counters), -auto-> the
//                first item whose guard may hold; a cond guard is a branch
//                with a condition edge to the item and one past it; past
//                the last item, a synthetic stop (the implicit <exit>)
//   <block>      play -auto-> its content's transition, or the next item
//   <field>      menu (options, inline grammar items) or input (builtin or
//                external grammar): one entry edge per answer into <filled>
//   <menu>       menu, one entry edge per <choice>
//   links        entry edges on every waiting item they are active in,
//                unless a closer grammar already takes the key (shadowing)
//   events       noinput/nomatch edges to one handler node per count level;
//                retries are flagged, not unrolled (see AddWaitingEvents)
//   <transfer>   transfer node; bridge/consultation failures come back as
//                transfer-failed edges into <filled>
//   <subdialog>  -auto-> the callee; the callee document's <return>s lead
//                back to every caller's next item
//   <if>         a branch node with a condition edge per arm
// Executable content is walked with explicit work lists, never recursion:
// the depth of <if> nesting or of throw -> catch chains is the input's.
#include "loaders/voicexml_loader.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <span>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "loaders/name_table.hpp"
#include "loaders/pointer_set.hpp"
#include "loaders/voicexml_applications.hpp"
#include "loaders/voicexml_parts.hpp"
#include "loaders/voicexml_survey.hpp"

namespace ivrscope {
namespace {

using pugi::xml_attribute;
using pugi::xml_node;
using vxml::Answer;
using vxml::Application;
using vxml::CatchRef;
using vxml::DocInfo;
using vxml::HandlerLevel;
using vxml::kLastBuilt;
using vxml::Origin;
using vxml::Prefetched;
using vxml::PrefetchedDocs;
using vxml::ResolvedUris;
using vxml::Scope;
using vxml::Segment;
using vxml::UriPath;

constexpr std::string_view kFormItems[] = {
    "block", "field", "record", "transfer", "subdialog", "object", "initial"};
constexpr std::string_view kJumps[] = {"goto",       "submit", "exit",
                                       "disconnect", "return", "throw"};

bool IsElement(const xml_node& n) { return n.type() == pugi::node_element; }
using vxml::Named;
bool NamedOneOf(const xml_node& n, std::span<const std::string_view> names) {
  const char* name = n.name();
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view want) { return NameIs(name, want); });
}
bool IsFormItem(const xml_node& n) { return NamedOneOf(n, kFormItems); }
bool IsJump(const xml_node& n) { return NamedOneOf(n, kJumps); }
bool IsArmMarker(const xml_node& n) {
  return Named(n, "elseif") || Named(n, "else");
}
using vxml::Key;

// The catch handlers and links among a scope element's children, listed
// once for the scopes many items share (a document, a form); an item's own
// children are few and scanned when needed.
struct ScopeLists {
  std::vector<xml_node> catches;
  std::vector<xml_node> links;
  const char* inputmodes = nullptr;  // a <property name="inputmodes"> value
  const char* universals = nullptr;  // a <property name="universals"> value
};

// Which of its answers' modes a waiting item hears (the inputmodes
// property, §6.3.6: "dtmf voice" by default).
struct InputModes {
  bool dtmf = true;
  bool voice = true;
};

InputModes ParseInputModes(std::string_view value) {
  InputModes m{false, false};
  vxml::AnyWord(value, [&](std::string_view mode) {
    m.dtmf |= mode == "dtmf";
    m.voice |= mode == "voice";
    return false;
  });
  if (!m.dtmf && !m.voice) return {};  // nothing known: the default
  return m;
}

// The value of a <property> of this name, or nothing.
const char* PropertyValue(const xml_node& property, std::string_view name) {
  if (std::string_view(property.attribute("name").value()) != name) {
    return nullptr;
  }
  return property.attribute("value").value();
}

// What of an answer an item hearing `modes` takes, into *key and *phrase:
// its key only where DTMF is heard, its phrase only where voice is; false
// when nothing is left of an answer that had something (one with neither,
// an external grammar's, is unknown and kept).
bool Heard(InputModes modes, const Answer& a, std::string_view* key,
           std::string_view* phrase) {
  *key = a.key;
  *phrase = a.phrase;
  if (key->empty() && phrase->empty()) return true;
  if (!modes.dtmf) *key = {};
  if (!modes.voice) *phrase = {};
  return !key->empty() || !phrase->empty();
}

// Into `lists`, replacing what it held (its vectors are reused).
void ListChildren(const xml_node& scope, ScopeLists* lists) {
  lists->catches.clear();
  lists->links.clear();
  lists->inputmodes = nullptr;
  lists->universals = nullptr;
  for (xml_node c : scope.children()) {
    if (c.type() != pugi::node_element) continue;
    if (vxml::IsCatch(c)) {
      lists->catches.push_back(c);
    } else if (Named(c, "link")) {
      lists->links.push_back(c);
    } else if (Named(c, "property")) {
      if (const char* v = PropertyValue(c, "inputmodes")) lists->inputmodes = v;
      if (const char* v = PropertyValue(c, "universals")) lists->universals = v;
    }
  }
}

ScopeLists ListChildren(const xml_node& scope) {
  ScopeLists lists;
  ListChildren(scope, &lists);
  return lists;
}

struct Document {
  std::string path;      // as shown in reports
  std::string key;       // vxml::NormalPath(path): the document's identity
  std::string root_dir;  // nothing outside it is read
  std::unique_ptr<XmlSource> xml;  // owns the document's text
  std::uint32_t file = 0;
  bool input = false;
  bool on_command_line = false;
  bool named = false;    // another document names it
  bool is_root = false;  // another document names it as application root
  int root = -1;         // its own application root
  std::string remote_root;  // its application root, where not analysed (http:)
  std::string xml_base;
  NameTable<NodeIdOf> dialogs;              // dialog id -> its node
  std::vector<std::uint32_t> dialog_nodes;  // document order
  std::vector<xml_node> scoped_menus;       // scope="document"
  // Form-level grammars active in the whole document (the form's
  // scope="document", or the grammar's own), with their form's node.
  std::vector<std::pair<xml_node, std::uint32_t>> scoped_form_grammars;
  std::vector<std::string> numbers;
  std::vector<std::pair<xml_node, std::uint32_t>> menus;  // with their nodes
  std::size_t form_begin = 0;  // its forms in Builder::forms_
  std::size_t form_end = 0;
  xml_node root_element;
  ScopeLists lists;  // of root_element
  // URIs written in (or resolved against) this document, resolved: the
  // same few file targets recur on every menu, and resolving one is file
  // system path work.
  ResolvedUris resolved;
  std::vector<xml_node> assigns;  // the survey's, until Declare
  std::vector<xml_node> fetches;  // the survey's <data>, until Build
};

struct Form {
  xml_node element;
  int doc = 0;
  std::uint32_t node = 0;
  std::vector<xml_node> items;
  std::vector<std::uint32_t> item_nodes;
  std::vector<std::uint32_t> select;  // select[i]: where "item i or later" is
  // The first i of each select[i] (several share one where items never
  // run): where content falling through to it stands in the form.
  std::unordered_map<std::uint32_t, int> select_position;
  StringMap<int> by_name;
  ScopeLists lists;  // of element
};

// The form item a variable name in a namelist or an <assign> names: the
// dialog scope's own name for it is the same variable (§5.1.2).
std::string_view ItemVariable(std::string_view name) {
  name = vxml::Trim(name);
  if (name.starts_with("dialog.")) name.remove_prefix(7);
  return name;
}

bool IsUndefined(const xml_node& assign) {
  return vxml::Trim(assign.attribute("expr").value()) == "undefined";
}

// The form's last input item (not a block), -1 if none: where the
// form-level <filled> runs.
int LastInput(const Form& form) {
  int last = -1;
  for (std::size_t i = 0; i < form.items.size(); ++i) {
    if (!Named(form.items[i], "block")) last = static_cast<int>(i);
  }
  return last;
}

// A form's field items: the items a user input fills (§2.4: a form-level
// <filled>'s namelist names them, all of them by default), not a <block>
// or an <initial>.
bool IsFieldItem(const xml_node& item) {
  return !Named(item, "block") && !Named(item, "initial");
}

// The form-level <filled>s that run once item i is filled, for each i, in
// document order (§2.4): mode="all" (the default) once every item of its
// namelist is, after the last of them, as the model fills items in order;
// mode="any" after each of them. A namelist that names no item of the form
// triggers nothing. With `naming`, those whose namelist names item i,
// whatever the mode: what filling it again runs once every item is filled.
std::vector<std::vector<xml_node>> FormFilled(const Form& form,
                                              bool naming = false) {
  // Each "any" runs after each item it names: thousands of them naming
  // thousands of items would be millions of runs to build. Past this many,
  // the rest run once, after the last item they name.
  constexpr std::size_t kMaxRuns = std::size_t{1} << 16;
  std::size_t runs = 0;
  std::vector<std::vector<xml_node>> at(form.items.size());
  for (xml_node filled : form.element.children("filled")) {
    std::vector<int> named;
    if (xml_attribute namelist = filled.attribute("namelist")) {
      vxml::AnyWord(namelist.value(), [&](std::string_view word) {
        auto it = form.by_name.find(ItemVariable(word));
        if (it != form.by_name.end() && IsFieldItem(form.items[it->second])) {
          named.push_back(it->second);
        }
        return false;
      });
    } else {
      for (std::size_t i = 0; i < form.items.size(); ++i) {
        if (IsFieldItem(form.items[i])) named.push_back(static_cast<int>(i));
      }
    }
    if (named.empty()) continue;
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());
    if ((naming ||
         std::string_view(filled.attribute("mode").value()) == "any") &&
        runs + named.size() <= kMaxRuns) {
      runs += named.size();
      for (int i : named) at[i].push_back(filled);
    } else {
      at[named.back()].push_back(filled);
    }
  }
  return at;
}

// Where executable content runs: the active document (relative URIs in an
// inherited catch resolve against it, §5.2.4), the item whose scope catches
// events, and `after`, where control goes when the content falls through.
struct Ctx {
  int doc = 0;
  int form = -1;  // -1: a menu
  std::uint32_t item = 0;
  std::uint32_t dialog = 0;
  std::uint32_t after = 0;
  xml_node item_element;
  xml_node dialog_element;
};

// The context of item i of form f (form) standing at `node`.
Ctx ItemCtx(const Form& form, int f, int i, std::uint32_t node,
            std::uint32_t after) {
  Ctx ctx;
  ctx.doc = form.doc;
  ctx.form = f;
  ctx.item = node;
  ctx.dialog = form.node;
  ctx.after = after;
  ctx.item_element = form.items[i];
  ctx.dialog_element = form.element;
  return ctx;
}

struct Target {
  std::uint32_t v = 0;
  Location at;
};

struct Work {
  std::uint32_t from = 0;
  Edge edge;
  xml_node first;
  xml_node parent;
  xml_node container;
  Ctx ctx;
};

struct Caller {
  std::uint32_t subdialog = 0;
  std::uint32_t callee = 0;  // the dialog called
  std::uint32_t next = 0;    // where the caller goes on after a <return>
  Ctx ctx;
};

enum class Comeback { kLeaves, kBack, kReset };

// What an item's `expr` does to its selection: nothing (none, or the
// literal undefined), never (a constant: the item is filled on entry), or
// it depends (an expression, not evaluated).
enum class Guard { kAlways, kNever, kMaybe };

Guard ExprGuard(const xml_node& item) {
  const xml_attribute expr = item.attribute("expr");
  if (!expr) return Guard::kAlways;
  const std::string_view text = vxml::Trim(expr.value());
  if (text.empty() || text == "undefined") return Guard::kAlways;
  if (vxml::StringLiteral(text) || text == "true" || text == "false" ||
      text == "null") {
    return Guard::kNever;
  }
  const bool number =
      std::all_of(text.begin(), text.end(),
                  [](char c) {
                    return std::isdigit(static_cast<unsigned char>(c)) ||
                           c == '.' || c == '-' || c == '+';
                  }) &&
      std::any_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
  return number ? Guard::kNever : Guard::kMaybe;
}

// What an item's `cond` does to its selection: the literals true and false
// decide it (the idiom that switches an item on or off; a guard left to the
// run time made a loop through a cleared item look as if it could be left
// there), anything else depends.
Guard CondText(std::string_view cond) {
  const std::string_view text = vxml::Trim(cond);
  if (text == "true") return Guard::kAlways;
  if (text == "false") return Guard::kNever;
  return Guard::kMaybe;
}

Guard CondGuard(const xml_node& item) {
  const xml_attribute cond = item.attribute("cond");
  return cond ? CondText(cond.value()) : Guard::kAlways;
}

class Builder {
 public:
  Builder(const LoadOptions& options, FileReader& reader,
          PrefetchedDocs* prefetched)
      : options_(options), reader_(reader), prefetched_(prefetched) {}

  struct InputRef {
    int index = 0;  // among all the inputs
    VoicexmlInput* input = nullptr;
    Survey* survey = nullptr;  // of input->parsed, when parsed
  };
  /// Builds the application of these inputs.
  Application Run(const std::vector<InputRef>& inputs);

 private:
  // ---- documents ----
  // `survey`: SurveyDocument of `parsed`, when already made.
  std::variant<int, Diagnostic> AddDocument(std::string path,
                                            std::string root_dir,
                                            std::unique_ptr<XmlSource> parsed,
                                            Survey* survey = nullptr);
  std::variant<int, Diagnostic> AddDocument(std::string path,
                                            std::string root_dir,
                                            std::string text);
  std::optional<Diagnostic> Declare(int d);
  // A document on disk by path: its index, or why it cannot be had.
  std::variant<int, std::string> Fetch(const std::string& path,
                                       const std::string& root_dir);
  void Build(int d);

  // ---- nodes ----
  // Every element handled belongs to a loaded document; an empty Location
  // rather than a crash if that ever stops being true.
  Location Loc(const xml_node& n) const {
    const int d = DocOf(n);
    return d < 0 ? Location{} : docs_[d]->xml->At(n);
  }
  Location Loc(const xml_node& n, const xml_attribute& a) const {
    const int d = DocOf(n);
    return d < 0 ? Location{} : docs_[d]->xml->At(n, a);
  }
  // The document holding n, or -1. Lookups come in long runs from one
  // document, so the last answer is kept.
  int DocOf(const xml_node& n) const {
    if (!n) return -1;
    const void* tree = n.root().internal_object();
    if (tree == last_tree_) return last_doc_;
    auto it = doc_of_tree_.find(tree);
    if (it == doc_of_tree_.end()) return -1;
    last_tree_ = tree;
    last_doc_ = it->second;
    return it->second;
  }
  std::uint32_t NewNode(NodeKind kind, std::string_view id, Location at,
                        bool synthetic, std::string_view text = {}) {
    Node node;
    node.kind = kind;
    node.id = Store(id);
    node.location = at;
    node.synthetic = synthetic;
    node.text = Store(text);
    node_doc_.push_back(current_doc_);
    return out_.AddNode(node);
  }
  void AddEdge(std::uint32_t from, std::uint32_t to, EdgeKind kind, Location at,
               std::string_view label = {}) {
    Edge e;
    e.kind = kind;
    e.location = at;
    e.label = Intern(label);
    out_.AddEdge(from, to, e);
  }
  Text Store(std::string_view s) { return out_.arena.Store(s); }
  Text Intern(std::string_view s) { return out_.arena.Intern(s); }
  // vxml::ResolveUri against document d, remembered per document.
  const UriPath& Resolve(int d, std::string_view uri);
  // vxml::NormalPath, remembered.
  const std::string& KeyOf(const std::string& path);
  std::string IdOf(std::uint32_t node) const {
    return std::string(out_.nodes[node].id);
  }
  std::uint32_t Missing(std::string_view id, Location at, std::string text);
  std::uint32_t External(std::string_view id, Location at, std::string why);
  std::uint32_t Dynamic(std::string_view attr, std::string_view expr,
                        Location at);

  // ---- dialogs ----
  void BuildForm(int f);
  void BuildMenu(int d, const xml_node& menu, std::uint32_t node);
  // all_filled: for an <initial>, or a field a form-level grammar listens
  // at, where control goes once one answer fills every field (kNoNode:
  // nowhere). earlier: the form-level <filled>s the item triggers that
  // stand before it in the document, run before its own (those after it
  // are in `after`).
  static constexpr std::uint32_t kNoNode = UINT32_MAX;
  void BuildItem(const Form& form, int f, int i, std::uint32_t node,
                 std::uint32_t after, std::uint32_t all_filled = kNoNode,
                 const std::vector<xml_node>& earlier = {});
  std::optional<int> Frontier(const Ctx& ctx) const;
  std::uint32_t NextItem(int f, int item, int frontier);
  void BuildNextItem(int f, int item, std::uint32_t node, int frontier);
  void BuildTransfer(const xml_node& item, std::uint32_t node, const Ctx& ctx);
  std::uint32_t Uncaught(std::string_view event, const Ctx& ctx, Location at);
  Target AfterFilled(const xml_node& item, Ctx ctx, std::uint32_t after);
  Target AfterEach(const std::vector<xml_node>& filled, Location at, Ctx ctx,
                   std::uint32_t after);
  std::optional<std::vector<Target>> FoldedAnswers(
      const xml_node& field, const std::vector<Answer>& answers, Ctx ctx,
      std::uint32_t after);
  std::vector<Answer> FieldAnswers(const xml_node& field) const;
  // own_keys, own_phrases: what the item's own grammar takes (stored in
  // the arena); links and scoped menus may not take them again.
  // A field of a builtin type that takes digit keys, on a platform whose
  // builtins take DTMF (--platform-builtin-dtmf).
  bool HearsDigits(const xml_node& field) const;
  void AddLinks(const Ctx& ctx, InputModes modes, bool hears_digits,
                const std::vector<std::string_view>& own_keys,
                const std::vector<std::string_view>& own_phrases);
  void AddWaitingEvents(const Ctx& ctx,
                        std::initializer_list<std::string_view> events);
  // The scopes an event in ctx looks for handlers in, innermost first.
  void Scopes(const Ctx& ctx, std::vector<Scope>* scopes) const;
  // The catch (or <link>) children of a scope element, collected once: the
  // <vxml> scope of every dialog has all the document's dialogs as children.
  // The lists of a shared scope (ctx's document, its root, its form), or
  // null for one whose children are scanned instead.
  const ScopeLists* ListsOf(const xml_node& scope, const Ctx& ctx) const;
  const char* Innermost(const Ctx& ctx, std::string_view name,
                        const char* ScopeLists::*member) const;
  InputModes Modes(const Ctx& ctx) const;

  // ---- transitions ----
  // `owner` and `attr` say where the URI is written: its Location is only
  // needed for a node standing for a target outside the dialogs, so it is
  // only computed then.
  std::uint32_t GotoUri(int doc, std::string_view uri, const xml_node& owner,
                        const xml_attribute& attr);
  std::uint32_t ChoiceTarget(const xml_node& choice, int doc, const Ctx& ctx);
  Target Resolve(xml_node first, xml_node parent, const xml_node& container,
                 const Ctx& ctx);
  Target Jump(const xml_node& jump, const Ctx& ctx);
  std::uint32_t ExprItem(const xml_node& jump, const xml_attribute& expr,
                         const Ctx& ctx);
  std::uint32_t AfterClear(const xml_node& clear, const Ctx& ctx);
  std::uint32_t Reopened(int f, int first, int second, int frontier,
                         std::uint32_t after);
  std::uint32_t AfterAssign(const xml_node& assign, const Ctx& ctx);
  void MarkItemAssigns(Document& doc);
  void MarkCaughtFetches(Document& doc);
  void MarkContainers(const xml_node& n, const xml_node& root);
  std::vector<std::string> CaughtFailures(const Ctx& ctx,
                                          std::string_view failure);
  std::uint32_t Fetch(const xml_node& data, const xml_node& parent,
                      const xml_node& container, const Ctx& ctx);
  std::optional<int> ItemIndex(const Ctx& ctx) const;
  bool ClearsItem(const xml_node& clear, const Ctx& ctx) const;
  std::uint32_t Branch(const xml_node& element, const xml_node& container,
                       const Ctx& ctx);
  std::uint32_t Dispatch(std::string_view event, const Ctx& ctx, Location at);
  std::uint32_t Handler(const CatchRef& c, std::string_view event,
                        const Ctx& ctx);
  Comeback ComesBack(const CatchRef& c, const Ctx& ctx);
  std::uint32_t EndNode(const xml_node& element, const Ctx& ctx, NodeKind kind,
                        std::string_view what, std::string text);
  void Drain();
  void WireReturns();

  void Mark(Segment::Phase phase, int doc, std::string event = {}) {
    segments_.push_back({phase, doc, std::move(event), out_.nodes.size(),
                         out_.edges.size(), out_.transfers.size(),
                         out_.suppressions.size(), errors_.size()});
  }

  const LoadOptions& options_;
  FileReader& reader_;
  PrefetchedDocs* prefetched_;
  std::vector<Origin> origins_;
  std::vector<Segment> segments_;
  int adding_input_ = -1;
  int building_ = -1;
  bool wiring_ = false;
  Fragment out_;
  std::vector<Diagnostic> errors_;
  std::vector<std::unique_ptr<Document>> docs_;
  std::unordered_map<std::string, int> by_key_;
  StringMap<std::string> key_of_path_;
  std::unordered_map<std::string, std::string> failed_;  // key -> why
  std::unordered_map<const void*, int> doc_of_tree_;
  mutable const void* last_tree_ = nullptr;
  mutable int last_doc_ = -1;
  PointerSet has_jump_;
  PointerSet item_assigns_;  // <assign>s that fill an item of their form
  PointerSet caught_fetches_;  // <data> whose error.badfetch a catch takes
  // A deque: fetching a document adds forms while references to others
  // (and to their lists) are in use.
  std::deque<Form> forms_;
  std::vector<int> node_doc_;
  int current_doc_ = 0;
  std::deque<Work> work_;
  // Items selected by <goto nextitem> where the FIA goes on differently
  // (see NextItem): built in Drain, after the pending work, as no building
  // may recurse into another.
  struct NextItemWork {
    int form = 0;
    int item = 0;
    std::uint32_t node = 0;
    int frontier = 0;
  };
  std::deque<NextItemWork> next_items_;
  std::map<std::tuple<int, int, int>, std::uint32_t> next_item_nodes_;
  struct CopyOf {
    int item = 0;      // the form item it copies
    int frontier = 0;  // where its content falls through to
  };
  std::unordered_map<std::uint32_t, CopyOf> next_item_copies_;
  std::unordered_map<int, int> next_items_of_form_;
  // Kept from call to call so that building an item allocates nothing for
  // them once they have grown (see Dispatch and AddWaitingEvents).
  std::vector<Scope> dispatch_scopes_;
  vxml::Handlers dispatch_handlers_;
  std::vector<Scope> waiting_scopes_;
  vxml::Handlers waiting_handlers_;
  struct WaitingLevel {
    int count = 1;
    std::size_t begin = 0;  // its targets in waiting_targets_
    std::size_t end = 0;
  };
  std::vector<WaitingLevel> waiting_levels_;
  std::vector<std::pair<std::uint32_t, Location>> waiting_targets_;
  // A menu's choices' answers (BuildMenu), and a document-scoped menu's
  // (AddLinks): kept from choice to choice, and apart, so that neither
  // depends on when the other runs.
  std::vector<Answer> menu_answers_;
  std::vector<Answer> scoped_menu_answers_;
  // The menu being built (and drained) and its children's lists, made once
  // for its links, its events and its handlers' dispatches.
  struct {
    xml_node element;
    ScopeLists lists;
  } menu_;
  // (element, item, after) -> node: hashed, since there is one per
  // handler and branch of every item.
  struct MemoKey {
    const void* element = nullptr;
    std::uint32_t item = 0;
    std::uint32_t after = 0;
    bool operator==(const MemoKey&) const = default;
  };
  struct MemoHash {
    std::size_t operator()(const MemoKey& k) const {
      std::size_t h = std::hash<const void*>()(k.element);
      h ^= (std::size_t{k.item} * 0x9E3779B97F4A7C15ull) + (h << 6) + (h >> 2);
      h ^= (std::size_t{k.after} * 0xC2B2AE3D27D4EB4Full) + (h << 6) + (h >> 2);
      return h;
    }
  };
  std::unordered_map<MemoKey, std::uint32_t, MemoHash> memo_;
  // The first kMemoScan entries of each item live in a short list indexed
  // by the item's node, searched linearly: an item has a handful of
  // handlers and branches, and one big hash table of them all was a tenth
  // of the load time on large documents (cache misses). Beyond that, memo_.
  struct MemoEntry {
    const void* element = nullptr;
    std::uint32_t after = 0;
    std::uint32_t node = 0;
  };
  static constexpr std::size_t kMemoScan = 16;
  std::vector<std::vector<MemoEntry>> memo_by_item_;
  // The node memoised for (element, ctx.item, ctx.after), or nullptr.
  std::uint32_t* FindMemo(const void* element, const Ctx& ctx);
  void AddMemo(const void* element, const Ctx& ctx, std::uint32_t node);
  std::map<std::pair<const void*, std::uint32_t>, std::uint32_t> ends_;
  std::map<std::string, std::uint32_t> uncaught_;
  std::unordered_map<std::uint32_t, std::uint32_t> max_tries_;
  std::map<int, std::vector<Caller>> callers_;  // callee document -> callers
  // Per document, its <return>s' nodes (one per dialog, and per dialog and
  // event for <return event>) in the order made; and which dialog's is which.
  std::map<int, std::vector<std::uint32_t>> returns_;
  std::map<std::pair<int, std::string>, std::vector<std::uint32_t>>
      event_returns_;
  std::map<std::pair<std::uint32_t, std::string>, std::uint32_t>
      dialog_returns_;
  // <return eventexpr> nodes whose event is computed: the expression, for
  // the dynamic target their callers go to.
  std::unordered_map<std::uint32_t, std::string> return_exprs_;
  // Return node -> the callers it goes back to (WhoReturnsWhere), as
  // (callee document, index in callers_): wiring may add callers.
  std::unordered_map<std::uint32_t, std::vector<std::pair<int, std::size_t>>>
      return_to_;
  // Call edges turned to a copy of their callee (edge, new target): made
  // before the copy, so the merge sets them (Application::retargets).
  std::vector<std::pair<std::size_t, std::uint32_t>> retargets_;
  void WhoReturnsWhere();
};

// ---------------------------------------------------------------------------
// Documents

std::variant<int, Diagnostic> Builder::AddDocument(std::string path,
                                                   std::string root_dir,
                                                   std::string text) {
  // The source takes the text: it parses it in place. Its file index is
  // set once the document has its place.
  Result<XmlSource> parsed =
      XmlSource::Parse(path, std::make_unique<std::string>(std::move(text)), 0);
  if (!parsed.ok()) return parsed.error();
  return AddDocument(std::move(path), std::move(root_dir),
                     std::make_unique<XmlSource>(std::move(parsed.value())));
}

std::variant<int, Diagnostic> Builder::AddDocument(
    std::string path, std::string root_dir, std::unique_ptr<XmlSource> parsed,
    Survey* survey) {
  auto doc = std::make_unique<Document>();
  doc->dialogs = NameTable<NodeIdOf>(NodeIdOf{&out_});
  doc->path = std::move(path);
  doc->key = vxml::NormalPath(doc->path);
  doc->root_dir = std::move(root_dir);
  doc->file = static_cast<std::uint32_t>(out_.files.size());
  parsed->set_file_index(doc->file);
  doc->xml = std::move(parsed);
  xml_node root = doc->xml->document().document_element();
  if (!root)
    return Diagnostic{doc->path, 1, 1, "no root element: the file is empty"};
  if (!Named(root, "vxml")) {
    return doc->xml->Error(root,
                           "not a VoiceXML document: the root element is <" +
                               std::string(root.name()) + ">");
  }
  Survey fresh_survey;
  if (survey == nullptr) {
    fresh_survey = SurveyDocument(*doc->xml);
    survey = &fresh_survey;
  }
  if (survey->problem) return *survey->problem;
  // Sized once: growing rehashes every id, a cache miss each.
  doc->dialogs.Reserve(survey->dialogs);
  doc->resolved = std::move(survey->resolved);
  doc->assigns = std::move(survey->assigns);
  doc->fetches = std::move(survey->fetches);
  if (has_jump_.empty()) {
    has_jump_ = std::move(survey->has_jump);
  } else {
    has_jump_.merge(survey->has_jump);
  }
  // Inline suppressions work the same in every format.
  CollectSuppressions(*doc->xml, &out_.arena, &out_.suppressions, &errors_);
  const int d = static_cast<int>(docs_.size());
  doc_of_tree_[doc->xml->document().internal_object()] = d;
  by_key_[doc->key] = d;
  out_.files.push_back(doc->path);
  docs_.push_back(std::move(doc));
  origins_.push_back({adding_input_, building_, wiring_});
  if (auto e = Declare(d)) {
    // Keep the slot (nodes may already point at it) but make it unusable.
    docs_[d]->dialogs.clear();
    docs_[d]->dialog_nodes.clear();
    return *e;
  }
  return d;
}

std::optional<Diagnostic> Builder::Declare(int d) {
  Document& doc = *docs_[d];
  current_doc_ = d;
  const XmlSource& src = *doc.xml;
  xml_node root = src.document().document_element();
  doc.root_element = root;
  doc.lists = ListChildren(root);
  doc.xml_base = root.attribute("xml:base").value();
  for (xml_node meta : root.children("meta")) {
    if (std::string_view(meta.attribute("name").value()) == "ivrscope:number") {
      doc.numbers.push_back(meta.attribute("content").value());
    }
  }
  int forms = 0;
  int menus = 0;
  doc.form_begin = forms_.size();
  for (xml_node dialog : root.children()) {
    if (!IsElement(dialog)) continue;
    const bool is_form = Named(dialog, "form");
    if (!is_form && !Named(dialog, "menu")) continue;
    std::string id = dialog.attribute("id").value();
    if (id.empty()) {
      id = is_form ? "form" + std::to_string(++forms)
                   : "menu" + std::to_string(++menus);
    } else {
      is_form ? ++forms : ++menus;
    }
    const Location at = src.At(dialog);
    auto node = NewNode(is_form ? NodeKind::kPlay : NodeKind::kMenu, id, at,
                        false, CollapsedText(dialog.child("prompt")));
    auto [first, fresh] = doc.dialogs.Insert(out_.nodes[node].id, node);
    if (!fresh) {
      return src.Error(src.At(dialog, dialog.attribute("id")),
                       "duplicate dialog id '" + id +
                           "' (first defined at line " +
                           std::to_string(out_.nodes[first].location.line) +
                           "; VoiceXML raises error.badfetch)");
    }
    doc.dialog_nodes.push_back(node);
    if (!is_form) {
      doc.menus.push_back({dialog, node});
      if (std::string_view(dialog.attribute("scope").value()) == "document") {
        doc.scoped_menus.push_back(dialog);
      }
      continue;
    }
    Form form;
    form.element = dialog;
    form.doc = d;
    form.node = node;
    form.lists = ListChildren(dialog);
    const bool form_scoped =
        std::string_view(dialog.attribute("scope").value()) == "document";
    for (xml_node grammar : dialog.children()) {
      if (!Named(grammar, "grammar")) continue;
      const std::string_view scope = grammar.attribute("scope").value();
      if (scope == "document" || (form_scoped && scope != "dialog")) {
        doc.scoped_form_grammars.emplace_back(grammar, node);
      }
    }
    int position = 0;
    for (xml_node item : dialog.children()) {
      if (!IsElement(item) || !IsFormItem(item)) continue;
      ++position;
      std::string name = item.attribute("name").value();
      if (name.empty())
        name = id + "." + item.name() + std::to_string(position);
      auto [at_name, unique] =
          form.by_name.emplace(name, static_cast<int>(form.items.size()));
      if (!unique) {
        return src.Error(src.At(item, item.attribute("name")),
                         "duplicate form item name '" + name + "' in form '" +
                             id + "' (VoiceXML raises error.badfetch)");
      }
      NodeKind kind = NodeKind::kPlay;
      std::string_view element = item.name();
      if (element == "field") {
        kind = FieldAnswers(item).empty() ? NodeKind::kInput : NodeKind::kMenu;
      } else if (element == "record" || element == "initial") {
        kind = NodeKind::kInput;
      } else if (element == "transfer") {
        kind = NodeKind::kTransfer;
      }
      std::string text = CollapsedText(item.child("prompt"));
      if (text.empty() && element == "block") text = CollapsedText(item);
      form.items.push_back(item);
      form.item_nodes.push_back(NewNode(kind, name, src.At(item), false, text));
    }
    // Where "the first item from i on whose guard may hold" is, built from
    // the end so each guard needs one node.
    const std::size_t n = form.items.size();
    form.select.resize(n + 1);
    form.select[n] = NewNode(NodeKind::kStop, id + "/implicit-exit", at, true,
                             "the form runs out of items with no transition: "
                             "an implicit <exit>");
    for (std::size_t i = n; i-- > 0;) {
      // An item is selected while its variable is undefined and its cond
      // holds (§2.1.3, §2.1.6.2.1); `expr` gives the variable its first
      // value. A constant one fills the item on entry, so it never runs (the
      // idiom that switches a block off), nor does one whose cond is the
      // literal false; any other expr or cond is a guard.
      const Guard expr = ExprGuard(form.items[i]);
      const Guard cond = CondGuard(form.items[i]);
      if (expr == Guard::kNever || cond == Guard::kNever) {
        form.select[i] = form.select[i + 1];
        continue;
      }
      // A guard on attr: a branch to `selected` when it allows the item,
      // else on to the next item's selection.
      std::uint32_t selected = form.item_nodes[i];
      auto guard = [&](const xml_attribute& attr, std::string_view suffix,
                       std::string allows, std::string passes) {
        const Location gat = src.At(form.items[i], attr);
        auto g =
            NewNode(NodeKind::kBranch,
                    IdOf(form.item_nodes[i]) + std::string(suffix), gat, true);
        AddEdge(g, selected, EdgeKind::kCondition, gat, allows);
        AddEdge(g, form.select[i + 1], EdgeKind::kCondition, gat, passes);
        selected = g;
      };
      if (cond == Guard::kMaybe) {
        const xml_attribute c = form.items[i].attribute("cond");
        const std::string text = c.value();
        guard(c, "/cond", text, "not (" + text + ")");
      }
      if (expr == Guard::kMaybe) {
        const xml_attribute e = form.items[i].attribute("expr");
        const std::string text = e.value();
        guard(e, "/expr", "(" + text + ") is undefined",
              "(" + text + ") is defined");
      }
      form.select[i] = selected;
    }
    for (std::size_t i = n + 1; i-- > 0;) {
      form.select_position[form.select[i]] = static_cast<int>(i);
    }
    AddEdge(node, form.select[0], EdgeKind::kAuto, at);
    forms_.push_back(std::move(form));
    doc.form_end = forms_.size();
  }
  doc.form_end = forms_.size();
  MarkItemAssigns(doc);
  return std::nullopt;
}

// Into *path, `n` and its ancestors up to the dialog (a child of the
// document's root) it stands in; false when it stands in no dialog or
// deeper than kMaxClimb elements below one (a deep one must not cost its
// depth: what it would change is then not seen).
bool PathToDialog(const xml_node& n, const xml_node& root,
                  std::vector<xml_node>* path) {
  constexpr std::size_t kMaxClimb = 64;
  path->assign(1, n);
  while (path->back().parent() && path->back().parent() != root &&
         path->size() <= kMaxClimb) {
    path->push_back(path->back().parent());
  }
  return path->size() >= 2 && path->back().parent() == root;
}

// Its forms, by their elements.
std::unordered_map<const void*, int> FormsByElement(
    const std::deque<Form>& forms, const Document& doc) {
  std::unordered_map<const void*, int> by_element;
  for (std::size_t f = doc.form_begin; f < doc.form_end; ++f) {
    by_element.emplace(Key(forms[f].element), static_cast<int>(f));
  }
  return by_element;
}

// The containers holding `n` below the document's root, marked as holding
// a transition, so that an <if> among them branches (as the survey marks a
// jump's: a marked one's ancestors are marked already).
void Builder::MarkContainers(const xml_node& n, const xml_node& root) {
  for (xml_node up = n.parent(); up && up != root; up = up.parent()) {
    if (!has_jump_.insert(Key(up))) break;
  }
}

// The <assign>s that may fill the first unfilled item of their form
// (AfterAssign), and the containers holding them, marked as for a
// transition so that an <if> holding one branches; not one that names an
// item already filled where it runs (an earlier item, its own in its
// <filled> or as a block, any in the form-level <filled> but a block after
// the last input), whose <if> would branch to the same place. An
// assign's form and item are the dialog and the dialog's child it stands
// in (PathToDialog).
void Builder::MarkItemAssigns(Document& doc) {
  const std::unordered_map<const void*, int> form_of_dialog =
      FormsByElement(forms_, doc);
  std::unordered_map<const void*, int> index_of_item;
  for (std::size_t f = doc.form_begin; f < doc.form_end; ++f) {
    const Form& form = forms_[f];
    for (std::size_t i = 0; i < form.items.size(); ++i) {
      index_of_item.emplace(Key(form.items[i]), static_cast<int>(i));
    }
  }
  const xml_node root = doc.root_element;
  std::vector<xml_node> path;  // from the assign up to its dialog
  for (const xml_node& assign : doc.assigns) {
    if (!PathToDialog(assign, root, &path)) continue;
    auto dialog = form_of_dialog.find(Key(path.back()));
    if (dialog == form_of_dialog.end()) continue;
    const Form& form = forms_[dialog->second];
    auto named =
        form.by_name.find(ItemVariable(assign.attribute("name").value()));
    if (named == form.by_name.end()) continue;
    const bool reopens = IsUndefined(assign);
    const xml_node& item = path[path.size() - 2];
    // The form-level <filled> runs once every input item is.
    if (!reopens && Named(item, "filled") && named->second <= LastInput(form)) {
      continue;
    }
    if (auto at = index_of_item.find(Key(item));
        !reopens && at != index_of_item.end()) {
      const bool in_handler =
          path.size() >= 3 && vxml::IsCatch(path[path.size() - 3]);
      if (named->second < at->second ||
          (named->second == at->second && !in_handler)) {
        continue;
      }
    }
    item_assigns_.insert(Key(assign));
    MarkContainers(assign, root);
  }
  doc.assigns = {};
}

const UriPath& Builder::Resolve(int d, std::string_view uri) {
  Document& doc = *docs_[d];
  auto it = doc.resolved.find(uri);
  if (it == doc.resolved.end()) {
    it = doc.resolved
             .emplace(
                 std::string(uri),
                 vxml::ResolveUri(uri, doc.path, doc.xml_base, doc.root_dir))
             .first;
  }
  return it->second;
}

const std::string& Builder::KeyOf(const std::string& path) {
  auto it = key_of_path_.find(path);
  if (it == key_of_path_.end()) {
    it = key_of_path_.emplace(path, vxml::NormalPath(path)).first;
  }
  return it->second;
}

std::variant<int, std::string> Builder::Fetch(const std::string& path,
                                              const std::string& root_dir) {
  const std::string key = KeyOf(path);
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  if (auto it = failed_.find(key); it != failed_.end()) return it->second;
  if (prefetched_) {
    auto it = prefetched_->find(key);
    if (it != prefetched_->end() && it->second.xml && it->second.path == path) {
      Prefetched& p = it->second;
      const int saved = current_doc_;
      auto added = AddDocument(path, root_dir, std::move(p.xml), &p.survey);
      current_doc_ = saved;
      if (std::holds_alternative<int>(added)) return std::get<int>(added);
      Diagnostic& error = std::get<Diagnostic>(added);
      std::string why = "'" + path + "' cannot be loaded: " + error.message;
      errors_.push_back(std::move(error));
      failed_.emplace(key, why);
      return why;
    }
  }
  Result<std::string> text = reader_.Read(path);
  std::string why;
  if (!text.ok()) {
    why = "'" + path + "' cannot be read: " + text.error().message;
  } else {
    const int saved = current_doc_;
    auto added = AddDocument(path, root_dir, std::move(text.value()));
    current_doc_ = saved;
    if (std::holds_alternative<int>(added)) return std::get<int>(added);
    Diagnostic& error = std::get<Diagnostic>(added);
    why = "'" + path + "' cannot be loaded: " + error.message;
    errors_.push_back(std::move(error));
  }
  failed_.emplace(key, why);
  return why;
}

// ---------------------------------------------------------------------------
// Nodes for targets outside the analysed dialogs

std::uint32_t Builder::Missing(std::string_view id, Location at,
                               std::string text) {
  Node node;
  node.kind = NodeKind::kMissing;
  node.synthetic = true;
  node.id = Store(id);
  node.location = at;
  node.text = Store(text);
  node.destination = "next";
  node_doc_.push_back(current_doc_);
  return out_.AddNode(node);
}

std::uint32_t Builder::External(std::string_view id, Location at,
                                std::string why) {
  auto v = NewNode(NodeKind::kExternal, id, at, true, why);
  out_.nodes[v].destination = Store(why);
  return v;
}

// The destination "attr: expr" is what the dynamic-target rule reads.
std::uint32_t Builder::Dynamic(std::string_view attr, std::string_view expr,
                               Location at) {
  auto v = NewNode(NodeKind::kExternal,
                   std::string(attr) + "=" + std::string(expr), at, true);
  out_.nodes[v].destination =
      Store(std::string(attr) + ": " + std::string(expr));
  return v;
}

std::uint32_t Builder::GotoUri(int d, std::string_view uri,
                               const xml_node& owner,
                               const xml_attribute& attr) {
  const Document& doc = *docs_[d];
  int target = d;
  std::string_view fragment;
  if (auto local = vxml::SameDocumentFragment(uri)) {
    fragment = *local;  // "#dialog": no resolving, nothing remembered
  } else {
    const UriPath& path = Resolve(d, uri);
    fragment = path.fragment;
    switch (path.kind) {
      case UriPath::Kind::kExternal:
        return External(uri, Loc(owner, attr), path.why);
      case UriPath::Kind::kOutside:
        return Missing(uri, Loc(owner, attr),
                       std::string(uri) + " cannot be followed: " + path.why);
      case UriPath::Kind::kFile: {
        auto fetched = Fetch(path.path, doc.root_dir);
        if (std::holds_alternative<std::string>(fetched)) {
          return Missing(uri, Loc(owner, attr), std::get<std::string>(fetched));
        }
        target = std::get<int>(fetched);
        if (target != d) docs_[target]->named = true;
        break;
      }
      case UriPath::Kind::kSameDocument:
        break;
    }
  }
  const Document& to = *docs_[target];
  if (fragment.empty()) {
    if (to.dialog_nodes.empty()) {
      return Missing(uri, Loc(owner, attr),
                     "'" + to.path + "' has no <form> or <menu> to run");
    }
    return to.dialog_nodes.front();
  }
  const std::optional<std::uint32_t> dialog = to.dialogs.Find(fragment);
  if (!dialog) {
    return Missing(uri, Loc(owner, attr),
                   "'" + std::string(uri) + "' names no form or menu '" +
                       std::string(fragment) + "' in '" + to.path + "'");
  }
  return *dialog;
}

// ---------------------------------------------------------------------------
// Executable content

// Where control goes from `first` on: the first transition, or a branch node
// for an <if> that holds one, or ctx.after when the content falls through.
// It climbs out of finished <if> arms through parent pointers, so it needs
// no stack, and creates nodes (whose own edges go on the work list) instead
// of recursing.
Target Builder::Resolve(xml_node n, xml_node parent, const xml_node& container,
                        const Ctx& given) {
  // A <clear> changes where the content falls through to, for the rest of
  // it: a copy of the context is made only then.
  std::optional<Ctx> cleared;
  while (true) {
    const Ctx& ctx = cleared ? *cleared : given;
    if (!n || (parent != container && IsArmMarker(n))) {
      if (parent == container || !parent) return {ctx.after, Loc(container)};
      n = parent.next_sibling();
      parent = parent.parent();
      continue;
    }
    if (!IsElement(n)) {
      n = n.next_sibling();
      continue;
    }
    if ((Named(n, "if") || Named(n, "foreach")) && has_jump_.contains(Key(n))) {
      return {Branch(n, container, ctx), Loc(n)};
    }
    if (IsJump(n)) return Jump(n, ctx);
    if (Named(n, "data") && caught_fetches_.contains(Key(n))) {
      return {Fetch(n, parent, container, ctx), Loc(n)};
    }
    const bool clear = Named(n, "clear");
    if (clear || (Named(n, "assign") && item_assigns_.contains(Key(n)))) {
      const std::uint32_t after =
          clear ? AfterClear(n, ctx) : AfterAssign(n, ctx);
      if (after != ctx.after) {
        if (!cleared) cleared = given;
        cleared->after = after;
      }
    }
    n = n.next_sibling();
  }
}

// The index, in its form, of the item whose content runs (nullopt in a
// menu, or for a context that is not one of the form's items).
std::optional<int> Builder::ItemIndex(const Ctx& ctx) const {
  if (ctx.form < 0) return std::nullopt;
  const Form& form = forms_[ctx.form];
  auto it = form.by_name.find(out_.nodes[ctx.item].id);
  if (it == form.by_name.end() || (form.item_nodes[it->second] != ctx.item &&
                                   !next_item_copies_.contains(ctx.item))) {
    return std::nullopt;
  }
  return it->second;
}

// The first item the FIA finds unfilled once the running content falls
// through. The model's items are filled in document order: those before
// the running item filled, those after it not. So it is the running item
// itself in one of its event handlers, where it is still unfilled; the one
// `after` selects, where a <clear> re-opened an earlier one or an <assign>
// filled this one; else the one after it.
std::optional<int> Builder::Frontier(const Ctx& ctx) const {
  const std::optional<int> running = ItemIndex(ctx);
  if (!running) return std::nullopt;
  // A copy (NextItem) runs with items before it still unfilled: the first
  // of them stays the frontier.
  auto copy = next_item_copies_.find(ctx.item);
  const int pending =
      copy != next_item_copies_.end() ? copy->second.frontier : *running + 1;
  if (ctx.after == ctx.item) return std::min(*running, pending);
  const Form& form = forms_[ctx.form];
  auto it = form.select_position.find(ctx.after);
  return it != form.select_position.end() ? it->second : pending;
}

// A <goto expritem> computed at run time names an item of the running form
// (§5.3.7), so its targets are known: a branch to each item, labelled with
// the expression, as conditions are. Up to kMaxExprItems items (a form of
// more is rare, and a branch per jump to each must stay small); past that,
// or outside a form, the target is dynamic.
std::uint32_t Builder::ExprItem(const xml_node& jump, const xml_attribute& expr,
                                const Ctx& ctx) {
  constexpr std::size_t kMaxExprItems = 64;
  const std::optional<int> frontier = Frontier(ctx);
  if (!frontier || forms_[ctx.form].items.size() > kMaxExprItems) {
    return Dynamic("expritem", expr.value(), Loc(jump, expr));
  }
  if (const std::uint32_t* known = FindMemo(Key(jump), ctx)) return *known;
  const Location at = Loc(jump, expr);
  const std::uint32_t v = NewNode(
      NodeKind::kBranch,
      IdOf(ctx.item) + "/expritem@" + std::to_string(at.line), at, true);
  AddMemo(Key(jump), ctx, v);
  const Form& form = forms_[ctx.form];
  for (std::size_t i = 0; i < form.items.size(); ++i) {
    // An anonymous item's name is the interpreter's own: no expression
    // computes it.
    if (!form.items[i].attribute("name")) continue;
    const std::uint32_t target =
        NextItem(ctx.form, static_cast<int>(i), *frontier);
    AddEdge(v, target, EdgeKind::kCondition, at,
            std::string(expr.value()) + " == '" +
                std::string(out_.nodes[form.item_nodes[i]].id) + "'");
  }
  return v;
}

// The node of `item` selected by <goto nextitem> (§5.3.7) when `frontier`
// is the first unfilled item. Once the item is filled the FIA selects the
// first unfilled item (§2.1.6.2.1): the frontier, not the item after the
// target, unless the target is the frontier itself. Elsewhere the item is
// a copy of its own, whose content falls through to the frontier; one per
// item and frontier, and at most kMaxNextItems per form (past them, the
// item itself: a hostile form must not make each of its items copy a large
// one).
std::uint32_t Builder::NextItem(int f, int item, int frontier) {
  const Form& form = forms_[f];
  if (item == frontier) return form.item_nodes[item];
  const std::tuple<int, int, int> key{f, item, frontier};
  if (auto known = next_item_nodes_.find(key);
      known != next_item_nodes_.end()) {
    return known->second;
  }
  constexpr int kMaxNextItems = 16;
  int& made = next_items_of_form_[f];
  if (made == kMaxNextItems) return form.item_nodes[item];
  ++made;
  const Node& original = out_.nodes[form.item_nodes[item]];
  // Synthetic: the design's item is the original (counted, and reported
  // when nothing reaches it); this is where a jump to it goes.
  const std::uint32_t copy = NewNode(original.kind, original.id,
                                     original.location, true, original.text);
  next_item_nodes_.emplace(key, copy);
  next_item_copies_.emplace(copy, CopyOf{item, frontier});
  next_items_.push_back({f, item, copy, frontier});
  return copy;
}

void Builder::BuildNextItem(int f, int item, std::uint32_t node, int frontier) {
  const Form& form = forms_[f];
  std::uint32_t after = form.select[frontier];
  // Jumping back to a filled item when every input item is: once it is
  // filled again, the form-level <filled>s that name it run again.
  if (item < frontier && frontier > LastInput(form) &&
      form.element.child("filled")) {
    const std::vector<xml_node> filled =
        FormFilled(form, /*naming=*/true)[item];
    after = AfterEach(filled, Loc(form.element),
                      ItemCtx(form, f, item, node, after), after)
                .v;
  }
  BuildItem(form, f, item, node, after);
}

// Whether a <clear> undefines the running item's own variable (no namelist
// clears every item of the form, §5.3.3).
bool Builder::ClearsItem(const xml_node& clear, const Ctx& ctx) const {
  if (!ItemIndex(ctx)) return false;
  const xml_attribute names = clear.attribute("namelist");
  if (!names) return true;
  const std::string_view id = out_.nodes[ctx.item].id;
  return vxml::AnyWord(names.value(), [&](std::string_view name) {
    return ItemVariable(name) == id;
  });
}

// Where content falls through to after a <clear> (§5.3.3): the FIA selects
// the first item whose variable is undefined (§2.1.6.2.1), so clearing an
// item before the first unfilled one (Frontier) sends the caller back to
// it. Counters are reset too (ComesBack).
std::uint32_t Builder::AfterClear(const xml_node& clear, const Ctx& ctx) {
  const std::optional<int> frontier = Frontier(ctx);
  if (!frontier) return ctx.after;
  const Form& form = forms_[ctx.form];
  // The first two unfilled items: the frontier, or where an earlier
  // <clear> in this content re-opened one (a copy and where it goes on).
  int first = *frontier;
  int second = *frontier;
  if (auto copy = next_item_copies_.find(ctx.after);
      copy != next_item_copies_.end()) {
    first = copy->second.item;
    second = copy->second.frontier;
  }
  auto reopen = [&](int i) {
    if (i < first) {
      second = first;
      first = i;
    } else if (i > first && i < second) {
      second = i;
    }
  };
  if (const xml_attribute names = clear.attribute("namelist")) {
    vxml::AnyWord(names.value(), [&](std::string_view name) {
      auto it = form.by_name.find(ItemVariable(name));
      if (it != form.by_name.end()) reopen(it->second);
      return false;
    });
  } else {
    for (int i = 0; i < *frontier; ++i) reopen(i);
  }
  return Reopened(ctx.form, first, second, std::max(*frontier, second),
                  ctx.after);
}

// Where the FIA goes once `first` is re-opened before the frontier (and
// `second` is the next re-opened item, or the frontier): to it, and once
// it is done to `second`, passing over the filled items between them (a
// copy of `first` that falls through there, NextItem) where there are any
// and `first` has no guard (a guarded one is left to its selection).
std::uint32_t Builder::Reopened(int f, int first, int second, int frontier,
                                std::uint32_t after) {
  const Form& form = forms_[f];
  if (first >= frontier) return after;
  if (second == first + 1 || form.select[first] != form.item_nodes[first]) {
    return form.select[first];
  }
  return NextItem(f, first, second);
}

// The <data> fetches (VoiceXML 2.1 §5) whose failure a catch in scope
// takes: a fetch that fails throws error.badfetch (a lookup's 404 is a
// designed way on: a caller not yet registered, say), so it is a branch,
// and the containers holding it are marked as for a transition. Where
// nothing catches it the default handler exits, which, as for transfers,
// is not drawn: every fetch would carry that end. The scopes are the
// fetch's item and dialog (PathToDialog), its document and the application
// root.
void Builder::MarkCaughtFetches(Document& doc) {
  if (doc.fetches.empty()) return;
  const std::unordered_map<const void*, int> form_of_dialog =
      FormsByElement(forms_, doc);
  const xml_node root = doc.root_element;
  std::vector<xml_node> path;
  for (const xml_node& data : doc.fetches) {
    if (!PathToDialog(data, root, &path)) continue;
    Ctx ctx;
    ctx.doc = current_doc_;
    ctx.dialog_element = path.back();
    ctx.item_element = IsFormItem(path[path.size() - 2]) ? path[path.size() - 2]
                                                         : ctx.dialog_element;
    if (auto f = form_of_dialog.find(Key(ctx.dialog_element));
        f != form_of_dialog.end()) {
      ctx.form = f->second;
    }
    if (CaughtFailures(ctx, "error.badfetch").empty()) continue;
    caught_fetches_.insert(Key(data));
    MarkContainers(data, root);
  }
  doc.fetches = {};
}

// A <data> whose failure is caught: a branch on to the rest of the
// content, or to the error.badfetch handler.
std::uint32_t Builder::Fetch(const xml_node& data, const xml_node& parent,
                             const xml_node& container, const Ctx& ctx) {
  if (const std::uint32_t* known = FindMemo(Key(data), ctx)) return *known;
  const Location at = Loc(data);
  const std::uint32_t v =
      NewNode(NodeKind::kBranch,
              IdOf(ctx.item) + "/data@" + std::to_string(at.line), at, true);
  AddMemo(Key(data), ctx, v);
  Work w;
  w.from = v;
  w.edge.kind = EdgeKind::kCondition;
  w.edge.location = at;
  w.edge.label = Intern("fetched");
  w.first = data.next_sibling();
  w.parent = parent;
  w.container = container;
  w.ctx = ctx;
  work_.push_back(w);
  for (const std::string& event : CaughtFailures(ctx, "error.badfetch")) {
    AddEdge(v, Dispatch(event, ctx, at), EdgeKind::kCondition, at, event);
  }
  return v;
}

// The failures that a catch in ctx's scopes takes, of a fetch (`failure`
// error.badfetch) or a transfer (error.connection): the event is that, or a
// more specific one (error.badfetch.http.404, error.connection.noroute), so
// each specific name a catch lists is a candidate as well, and those that
// the handler selection (§5.2.4) finds a catch for are the ones.
std::vector<std::string> Builder::CaughtFailures(const Ctx& ctx,
                                                 std::string_view failure) {
  std::vector<Scope> scopes;
  Scopes(ctx, &scopes);
  std::vector<std::string> events{std::string(failure)};
  auto consider = [&](const xml_node& c) {
    if (!IsElement(c) || !Named(c, "catch")) return;
    vxml::AnyWord(c.attribute("event").value(), [&](std::string_view name) {
      if (!name.empty() && name.back() == '.') name.remove_suffix(1);
      if (name.size() > failure.size() && name.starts_with(failure) &&
          name[failure.size()] == '.' &&
          std::find(events.begin(), events.end(), name) == events.end()) {
        events.emplace_back(name);
      }
      return false;
    });
  };
  for (const Scope& scope : scopes) {
    if (scope.catches != nullptr) {
      for (const xml_node& c : *scope.catches) consider(c);
    } else {
      for (xml_node c : scope.element.children()) consider(c);
    }
  }
  vxml::Handlers found;
  std::erase_if(events, [&](const std::string& event) {
    vxml::SelectHandlers(event, scopes, &found);
    return found.catches.empty();
  });
  return events;
}

// Where content falls through to after an <assign> to an item (§5.3.2):
// the item is filled, so the FIA passes it by (§2.1.6.2.1). Only an
// assign to the first unfilled item changes what runs next in the model,
// whose items are filled in order (an earlier one is filled already; a
// later one would be passed by when reached, which it cannot hold). The
// literal undefined fills nothing.
std::uint32_t Builder::AfterAssign(const xml_node& assign, const Ctx& ctx) {
  const std::optional<int> frontier = Frontier(ctx);
  if (!frontier) return ctx.after;
  const Form& form = forms_[ctx.form];
  auto it = form.by_name.find(ItemVariable(assign.attribute("name").value()));
  if (it == form.by_name.end()) return ctx.after;
  // The literal undefined re-opens the item, as a <clear> of it does.
  if (IsUndefined(assign)) {
    return Reopened(ctx.form, it->second, *frontier, *frontier, ctx.after);
  }
  if (it->second != *frontier) return ctx.after;
  return form.select[*frontier + 1];
}

std::uint32_t* Builder::FindMemo(const void* element, const Ctx& ctx) {
  if (ctx.item >= memo_by_item_.size()) return nullptr;
  std::vector<MemoEntry>& list = memo_by_item_[ctx.item];
  for (MemoEntry& e : list) {
    if (e.element == element && e.after == ctx.after) return &e.node;
  }
  if (list.size() < kMemoScan) return nullptr;
  auto it = memo_.find(MemoKey{element, ctx.item, ctx.after});
  return it == memo_.end() ? nullptr : &it->second;
}

void Builder::AddMemo(const void* element, const Ctx& ctx, std::uint32_t node) {
  if (ctx.item >= memo_by_item_.size()) memo_by_item_.resize(ctx.item + 1);
  std::vector<MemoEntry>& list = memo_by_item_[ctx.item];
  if (list.size() < kMemoScan) {
    list.push_back({element, ctx.after, node});
  } else {
    memo_.emplace(MemoKey{element, ctx.item, ctx.after}, node);
  }
}

std::uint32_t Builder::Branch(const xml_node& element,
                              const xml_node& container, const Ctx& ctx) {
  if (const std::uint32_t* known = FindMemo(Key(element), ctx)) return *known;
  const Location at = Loc(element);
  auto v = NewNode(
      NodeKind::kBranch,
      IdOf(ctx.item) + "/" + element.name() + "@" + std::to_string(at.line), at,
      true);
  AddMemo(Key(element), ctx, v);
  auto push = [&](const xml_node& first, const xml_node& parent,
                  const xml_node& where, const std::string& label) {
    Work w;
    w.from = v;
    w.edge.kind = EdgeKind::kCondition;
    w.edge.location = Loc(where);
    w.edge.label = Intern(label);
    w.first = first;
    w.parent = parent;
    w.container = container;
    w.ctx = ctx;
    work_.push_back(w);
  };
  if (Named(element, "foreach")) {
    push(element.first_child(), element, element, "for each item");
    push(element.next_sibling(), element.parent(), element, "no items");
    return v;
  }
  // The literals true and false decide an arm, as they do an item's cond:
  // no route takes an arm after a true one, nor a false one.
  bool decided = false;
  auto arm = [&](const xml_node& first, const xml_node& where,
                 std::string_view cond) {
    if (decided) return;
    const Guard guard = CondText(cond);
    if (guard == Guard::kNever) return;
    push(first, element, where, std::string(cond));
    decided = guard == Guard::kAlways;
  };
  arm(element.first_child(), element, element.attribute("cond").value());
  bool has_else = false;
  for (xml_node c : element.children()) {
    if (Named(c, "elseif")) {
      arm(c.next_sibling(), c, c.attribute("cond").value());
    } else if (Named(c, "else")) {
      if (!decided) push(c.next_sibling(), element, c, "else");
      has_else = true;
      decided = true;
    }
  }
  if (!has_else && !decided) {
    push(element.next_sibling(), element.parent(), element, "else");
  }
  return v;
}

Target Builder::Jump(const xml_node& n, const Ctx& ctx) {
  const Location at = Loc(n);
  std::string_view name = n.name();
  if (name == "goto") {
    if (xml_attribute a = n.attribute("next")) {
      return {GotoUri(ctx.doc, a.value(), n, a), at};
    }
    if (xml_attribute a = n.attribute("expr")) {
      if (auto literal = vxml::StringLiteral(a.value())) {
        return {GotoUri(ctx.doc, *literal, n, a), at};
      }
      return {Dynamic("expr", a.value(), Loc(n, a)), at};
    }
    std::string item;
    if (xml_attribute a = n.attribute("nextitem")) {
      item = a.value();
    } else {
      xml_attribute e = n.attribute("expritem");
      auto literal = vxml::StringLiteral(e.value());
      if (!literal) return {ExprItem(n, e, ctx), at};
      item = *literal;
    }
    if (ctx.form < 0) {
      return {
          Missing(item, at, "nextitem '" + item + "' is used outside a form"),
          at};
    }
    const Form& form = forms_[ctx.form];
    auto it = form.by_name.find(item);
    if (it == form.by_name.end()) {
      return {Missing(item, at,
                      "nextitem names no item '" + item + "' of form '" +
                          IdOf(form.node) + "'"),
              at};
    }
    const std::optional<int> frontier = Frontier(ctx);
    if (!frontier) return {form.item_nodes[it->second], at};
    return {NextItem(ctx.form, it->second, *frontier), at};
  }
  if (name == "submit") {
    // The server's response is the next document: statically unknown (§5.3.8).
    xml_attribute a = n.attribute("next");
    if (!a) a = n.attribute("expr");
    return {Dynamic("submit", a.value(), a ? Loc(n, a) : at), at};
  }
  if (name == "exit") {
    return {
        EndNode(n, ctx,
                options_.exit_hangs_up ? NodeKind::kHangup : NodeKind::kStop,
                "exit", "<exit>: the application ends the session"),
        at};
  }
  if (name == "disconnect") {
    return {EndNode(n, ctx, NodeKind::kHangup, "disconnect",
                    "<disconnect>: the caller is hung up on"),
            at};
  }
  std::string event = n.attribute("event").value();
  if (event.empty()) {
    if (auto literal = vxml::StringLiteral(n.attribute("eventexpr").value())) {
      event = *literal;
    }
  }
  if (name == "return") {
    // One node per dialog (and event): which callers each goes back to is
    // what the subdialogs calling into it reach (WhoReturnsWhere).
    const bool plain = !n.attribute("event") && !n.attribute("eventexpr");
    const std::string expr = n.attribute("eventexpr").value();
    const std::string key = plain           ? std::string()
                            : event.empty() ? "?" + expr
                                            : "/" + event;
    auto [it, fresh] = dialog_returns_.emplace(std::pair(ctx.dialog, key), 0);
    if (fresh) {
      if (plain) {
        it->second = NewNode(NodeKind::kPlay, IdOf(ctx.dialog) + "/return", at,
                             true, "<return> to the calling subdialog");
        returns_[ctx.doc].push_back(it->second);
      } else {
        it->second = NewNode(
            NodeKind::kPlay,
            IdOf(ctx.dialog) +
                "/return:" + (event.empty() ? std::string("eventexpr") : event),
            at, true, "<return> throwing an event at the caller");
        event_returns_[std::pair(ctx.doc, event)].push_back(it->second);
        if (event.empty()) return_exprs_.emplace(it->second, expr);
      }
    }
    return {it->second, at};
  }
  // <throw>: an event computed at run time goes to a handler no one can
  // name before the call, as a computed target does.
  if (event.empty()) {
    const xml_attribute expr = n.attribute("eventexpr");
    return {Dynamic("eventexpr", expr.value(), Loc(n, expr)), at};
  }
  return {Dispatch(event, ctx, at), at};
}

std::uint32_t Builder::EndNode(const xml_node& element, const Ctx& ctx,
                               NodeKind kind, std::string_view what,
                               std::string text) {
  auto [it, fresh] = ends_.emplace(std::make_pair(Key(element), ctx.item), 0);
  if (fresh) {
    it->second = NewNode(kind, IdOf(ctx.item) + "/" + std::string(what),
                         Loc(element), true, text);
  }
  return it->second;
}

void Builder::Scopes(const Ctx& ctx, std::vector<Scope>* scopes) const {
  scopes->clear();
  auto add = [&](const xml_node& element, int doc) {
    const ScopeLists* lists = ListsOf(element, ctx);
    scopes->push_back({element, doc, lists ? &lists->catches : nullptr});
  };
  if (ctx.item_element) add(ctx.item_element, DocOf(ctx.item_element));
  if (ctx.dialog_element && ctx.dialog_element != ctx.item_element) {
    add(ctx.dialog_element, DocOf(ctx.dialog_element));
  }
  const int d = DocOf(ctx.dialog_element);
  add(docs_[d]->root_element, d);
  if (const int r = docs_[d]->root; r >= 0) add(docs_[r]->root_element, r);
}

const ScopeLists* Builder::ListsOf(const xml_node& scope,
                                   const Ctx& ctx) const {
  if (menu_.element && scope == menu_.element) return &menu_.lists;
  if (ctx.form >= 0 && forms_[ctx.form].element == scope) {
    return &forms_[ctx.form].lists;
  }
  const int d = DocOf(scope);
  if (d >= 0 && docs_[d]->root_element == scope) return &docs_[d]->lists;
  return nullptr;
}

// The inputmodes of the innermost scope that sets them: the waiting item,
// its dialog, its document, the application root.
InputModes Builder::Modes(const Ctx& ctx) const {
  const char* modes = Innermost(ctx, "inputmodes", &ScopeLists::inputmodes);
  return modes ? ParseInputModes(modes) : InputModes{};
}

// A property's value in the innermost scope that sets it (the waiting item,
// its dialog, its document, the application root), or nothing. `member` is
// where ScopeLists keeps it for the scopes it lists.
const char* Builder::Innermost(const Ctx& ctx, std::string_view name,
                               const char* ScopeLists::*member) const {
  auto of = [&](const xml_node& scope) -> const char* {
    if (const ScopeLists* lists = ListsOf(scope, ctx)) return lists->*member;
    const char* found = nullptr;
    for (xml_node p : scope.children("property")) {
      if (const char* v = PropertyValue(p, name)) found = v;
    }
    return found;
  };
  const char* value = nullptr;
  if (ctx.item_element != ctx.dialog_element) value = of(ctx.item_element);
  if (!value) value = of(ctx.dialog_element);
  const int d = DocOf(ctx.dialog_element);
  if (!value && d >= 0) value = docs_[d]->lists.*member;
  if (!value && d >= 0 && docs_[d]->root >= 0) {
    value = docs_[docs_[d]->root]->lists.*member;
  }
  return value;
}

// Why an event nobody catches ends the call. Where the application root is
// not analysed (an http: one), its catches, every leaf's defaults (§5.2.4),
// are unknown: the end is then only what the documents analysed say.
std::string UncaughtText(std::string_view event, const Document& doc) {
  if (doc.remote_root.empty()) {
    return "no <catch> handles '" + std::string(event) +
           "': the interpreter's default handler exits";
  }
  return "no <catch> in the documents analysed handles '" + std::string(event) +
         "': the interpreter's default handler exits, unless the "
         "application root '" +
         doc.remote_root + "', which is not analysed, catches it";
}

std::uint32_t Builder::Uncaught(std::string_view event, const Ctx& ctx,
                                Location at) {
  const std::string key = std::string(event) + "\n" + std::to_string(ctx.item);
  auto [it, fresh] = uncaught_.emplace(key, 0);
  if (!fresh) return it->second;
  const Document& doc = *docs_[ctx.doc];
  const std::string id = IdOf(ctx.item) + "/uncaught:" + std::string(event);
  // The exit event's default handler exits the interpreter (§5.2.5), as
  // <exit> does: what that is, is --vxml-exit's to say.
  const NodeKind kind = event != "exit"          ? NodeKind::kStop
                        : options_.exit_hangs_up ? NodeKind::kHangup
                                                 : NodeKind::kStop;
  if (doc.remote_root.empty()) {
    return it->second = NewNode(kind, id, at, true, UncaughtText(event, doc));
  }
  // The root that is not analysed may catch it, and go anywhere: both ways,
  // so that dead-end still says the default handler exits, and the routes
  // ivrscope cannot follow are not read as ending (no-route-to-human).
  const std::uint32_t v = NewNode(NodeKind::kBranch, id, at, true);
  AddEdge(
      v,
      NewNode(kind, id + "/default-exit", at, true, UncaughtText(event, doc)),
      EdgeKind::kCondition, at, "the root does not catch it");
  AddEdge(v,
          External(id + "/root", at,
                   "the application root '" + doc.remote_root +
                       "', which is not analysed, may catch '" +
                       std::string(event) + "'"),
          EdgeKind::kCondition, at, "the root catches it");
  return it->second = v;
}

std::uint32_t Builder::Dispatch(std::string_view event, const Ctx& ctx,
                                Location at) {
  std::vector<std::pair<std::uint32_t, std::string>> options;
  auto offer = [&](std::uint32_t v, std::string label) {
    for (const auto& o : options) {
      if (o.first == v) return;
    }
    options.emplace_back(v, std::move(label));
  };
  // Dispatch is not reentrant (Handler only queues work), so one set of
  // vectors serves every call.
  Scopes(ctx, &dispatch_scopes_);
  vxml::SelectHandlers(event, dispatch_scopes_, &dispatch_handlers_);
  for (const HandlerLevel& level : dispatch_handlers_.levels) {
    const std::string label =
        std::string(event) + " count >= " + std::to_string(level.count);
    for (const CatchRef& c : level.catches) {
      offer(Handler(c, event, ctx),
            c.conditional ? std::string(c.element.attribute("cond").value())
                          : label);
    }
    if (level.use_default) {
      offer(
          vxml::DefaultReprompts(event) ? ctx.after : Uncaught(event, ctx, at),
          label + " (default handler)");
    }
  }
  if (options.size() == 1) return options.front().first;
  auto v = NewNode(NodeKind::kBranch,
                   IdOf(ctx.item) + "/throw:" + std::string(event), at, true);
  for (const auto& [to, label] : options) {
    AddEdge(v, to, EdgeKind::kCondition, at, label);
  }
  return v;
}

std::uint32_t Builder::Handler(const CatchRef& c, std::string_view event,
                               const Ctx& ctx) {
  if (const std::uint32_t* known = FindMemo(Key(c.element), ctx)) return *known;
  std::string id = IdOf(ctx.item) + "/" + std::string(event);
  if (c.count > 1) id += "#" + std::to_string(c.count);
  std::string text = CollapsedText(c.element.child("prompt"));
  if (text.empty()) text = CollapsedText(c.element);
  const Location at = Loc(c.element);
  auto v = NewNode(NodeKind::kPlay, id, at, true, text);
  AddMemo(Key(c.element), ctx, v);
  Work w;
  w.from = v;
  w.edge.kind = EdgeKind::kAuto;
  w.edge.location = at;
  w.first = c.element.first_child();
  w.parent = c.element;
  w.container = c.element;
  w.ctx = ctx;
  work_.push_back(w);
  return v;
}

// Whether a handler brings the caller back to the same question: by falling
// through (no counter reset: escalation goes on) or by a <goto> into its own
// dialog, which re-enters it and resets every counter (§5.2.2), so a higher
// count is never reached.
Comeback Builder::ComesBack(const CatchRef& c, const Ctx& ctx) {
  if (!has_jump_.contains(Key(c.element))) return Comeback::kBack;
  // A handler with no transition falls through (and may <clear>).
  bool jumps = false;
  bool clears_item = false;
  Comeback result = Comeback::kLeaves;
  const Document& doc = *docs_[ctx.doc];
  vxml::ForEachElement(c.element, [&](const xml_node& n) {
    if (Named(n, "clear")) {
      // Only one that always runs: a <clear> in an <if> may not.
      clears_item |= n.parent() == c.element && ClearsItem(n, ctx);
      return;
    }
    jumps |= IsJump(n);
    if (!Named(n, "goto")) return;
    if (std::string_view(n.attribute("nextitem").value()) ==
        out_.nodes[ctx.item].id) {
      result = std::max(result, Comeback::kBack);
      return;
    }
    std::optional<std::string> uri;
    if (n.attribute("next")) uri = n.attribute("next").value();
    if (!uri) uri = vxml::StringLiteral(n.attribute("expr").value());
    if (!uri) return;
    std::string_view fragment;
    if (auto local = vxml::SameDocumentFragment(*uri)) {
      fragment = *local;
    } else {
      const UriPath& p = Resolve(ctx.doc, *uri);
      const bool same_doc =
          p.kind == UriPath::Kind::kSameDocument ||
          (p.kind == UriPath::Kind::kFile && KeyOf(p.path) == doc.key);
      if (!same_doc) return;
      fragment = p.fragment;
    }
    const bool same_dialog = fragment.empty()
                                 ? !doc.dialog_nodes.empty() &&
                                       doc.dialog_nodes.front() == ctx.dialog
                                 : fragment == out_.nodes[ctx.dialog].id;
    if (same_dialog) result = Comeback::kReset;
  });
  // Clearing the item resets its counters (§5.2.2), as re-entering does.
  if (clears_item) return Comeback::kReset;
  return jumps ? result : Comeback::kBack;
}

void Builder::Drain() {
  while (true) {
    if (work_.empty()) {
      if (next_items_.empty()) return;
      const NextItemWork n = next_items_.front();
      next_items_.pop_front();
      BuildNextItem(n.form, n.item, n.node, n.frontier);
      continue;
    }
    Work w = work_.front();
    work_.pop_front();
    Target t = Resolve(w.first, w.parent, w.container, w.ctx);
    Edge e = w.edge;
    if (e.kind == EdgeKind::kAuto) e.location = t.at;
    out_.AddEdge(w.from, t.v, e);
  }
}

// ---------------------------------------------------------------------------
// Dialogs

// The DTMF key of the builtin boolean's y or n parameter in a type such as
// "boolean?y=7;n=9", or `fallback`: only a single DTMF key is taken, so a
// sequence or a malformed value leaves the builtin's default key.
std::string BooleanKey(std::string_view type, char name,
                       std::string_view fallback) {
  const std::size_t query = type.find('?');
  if (query == std::string_view::npos) return std::string(fallback);
  std::string_view rest = type.substr(query + 1);
  while (!rest.empty()) {
    const std::size_t end = rest.find(';');
    const std::string_view param = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view()
                                         : rest.substr(end + 1);
    if (param.size() < 2 || param[0] != name || param[1] != '=') continue;
    const std::string key = vxml::DtmfKey(param.substr(2));
    if (key.size() == 1 && std::string_view("0123456789*#ABCD").find(key[0]) !=
                               std::string_view::npos) {
      return key;
    }
  }
  return std::string(fallback);
}

std::vector<Answer> Builder::FieldAnswers(const xml_node& field) const {
  std::vector<Answer> answers;
  for (xml_node option : field.children("option")) {
    Answer a;
    a.key = vxml::DtmfKey(option.attribute("dtmf").value());
    // Without content an option has no speech grammar (§2.3.1.3): its value
    // is only what the field is set to, not something a caller says.
    a.phrase = CollapsedText(option);
    a.element = option;
    answers.push_back(std::move(a));
  }
  for (xml_node grammar : field.children("grammar")) {
    for (Answer& a : vxml::InlineGrammarAnswers(grammar)) {
      answers.push_back(std::move(a));
    }
  }
  const std::string_view type = field.attribute("type").value();
  if (answers.empty() && type.starts_with("boolean")) {
    // The builtin boolean grammar: DTMF 1 is yes, 2 is no, unless its y and
    // n parameters say otherwise (Appendix P: "boolean?y=7;n=9").
    answers.push_back({BooleanKey(type, 'y', "1"), "yes", field});
    answers.push_back({BooleanKey(type, 'n', "2"), "no", field});
  }
  return answers;
}

bool NumbersChoices(const xml_node& menu) {
  return std::string_view(menu.attribute("dtmf").value()) == "true";
}

// A menu choice's key, choices in document order: dtmf="true" on the menu
// numbers the first nine choices without their own key (§2.2.1); `numbered`
// counts those so far.
std::string ChoiceKey(const xml_node& choice, bool numbers, int* numbered) {
  if (xml_attribute dtmf = choice.attribute("dtmf")) {
    return vxml::DtmfKey(dtmf.value());
  }
  if (numbers && *numbered < 9) return std::to_string(++*numbered);
  return {};
}

// What a caller keys or says to take a <choice> (§2.2.2): its dtmf (or the
// menu's number for it) and its text, unless it has a <grammar>: that then
// defines what is recognised, and the text is only the prompt. An external
// grammar's answers are unknown: one answer with neither key nor phrase.
// Into *answers (replaced), a vector the caller keeps from choice to choice:
// a menu's choices are a good part of every VoiceXML document.
void ChoiceAnswers(const xml_node& choice, bool numbered, int* numbered_so_far,
                   std::vector<Answer>* answers) {
  answers->clear();
  std::string key = ChoiceKey(choice, numbered, numbered_so_far);
  if (!choice.child("grammar")) {
    answers->push_back({std::move(key), CollapsedText(choice), choice});
    return;
  }
  if (!key.empty()) answers->push_back({std::move(key), "", choice});
  for (xml_node grammar : choice.children("grammar")) {
    for (Answer& a : vxml::InlineGrammarAnswers(grammar)) {
      a.element = choice;  // the menu's option, as duplicate-key names it
      answers->push_back(std::move(a));
    }
  }
  if (answers->empty()) answers->push_back({"", "", choice});
}

std::uint32_t Builder::ChoiceTarget(const xml_node& choice, int doc,
                                    const Ctx& ctx) {
  if (xml_attribute a = choice.attribute("next")) {
    return GotoUri(doc, a.value(), choice, a);
  }
  if (xml_attribute a = choice.attribute("expr")) {
    if (auto literal = vxml::StringLiteral(a.value())) {
      return GotoUri(doc, *literal, choice, a);
    }
    return Dynamic("expr", a.value(), Loc(choice, a));
  }
  std::string event = choice.attribute("event").value();
  if (event.empty()) {
    const xml_attribute expr = choice.attribute("eventexpr");
    auto literal = vxml::StringLiteral(expr.value());
    if (!literal) return Dynamic("eventexpr", expr.value(), Loc(choice, expr));
    event = *literal;
  }
  return Dispatch(event, ctx, Loc(choice));
}

// Links and document-scoped menus active while ctx.item waits, closest scope
// first (§3.1.4): a key already taken by a closer grammar shadows the rest.
bool Builder::HearsDigits(const xml_node& field) const {
  const auto digit_string = [](std::string_view type) {
    type = type.substr(0, type.find('?'));  // digits?minlength=4
    return type == "digits" || type == "number" || type == "date" ||
           type == "time" || type == "currency" || type == "phone";
  };
  // A DTMF builtin the author asked for by name is there whatever the
  // platform's type="..." grammars do (§2.3.1.2, Appendix P).
  constexpr std::string_view kDtmfBuiltin = "builtin:dtmf/";
  for (const xml_node& g : field.children()) {
    if (!Named(g, "grammar")) continue;
    const std::string_view src = vxml::Trim(g.attribute("src").value());
    if (src.starts_with(kDtmfBuiltin) &&
        digit_string(src.substr(kDtmfBuiltin.size()))) {
      return true;
    }
  }
  return options_.builtin_dtmf && digit_string(field.attribute("type").value());
}

void Builder::AddLinks(const Ctx& ctx, InputModes modes, bool hears_digits,
                       const std::vector<std::string_view>& own_keys,
                       const std::vector<std::string_view>& own_phrases) {
  // A modal item turns off every grammar but its own (Appendix C), and its
  // own include its links' (§3.1.4: "grammars for that field item,
  // including grammars contained in links in that field item"): a modal
  // account field's "0 for an agent" link was dropped with the rest.
  const bool modal =
      std::string_view(ctx.item_element.attribute("modal").value()) == "true";
  std::unordered_set<std::string_view> keys;
  std::unordered_set<std::string_view> phrases;
  bool taken_built = false;
  auto offer = [&](const Answer& a, std::uint32_t target,
                   std::string_view label) {
    std::string_view heard_key;
    std::string_view heard_phrase;
    if (!Heard(modes, a, &heard_key, &heard_phrase)) return;
    // Built on the first offer: most items have no links in scope.
    if (!taken_built) {
      keys.insert(own_keys.begin(), own_keys.end());
      phrases.insert(own_phrases.begin(), own_phrases.end());
      taken_built = true;
    }
    // The key and the phrase are shadowed each on its own: a choice whose
    // key a closer grammar takes is still heard by its phrase, and the
    // other way round. A digit string goes to the item's own builtin
    // grammar.
    const bool had_any = !heard_key.empty() || !heard_phrase.empty();
    if (hears_digits && !heard_key.empty() &&
        std::all_of(heard_key.begin(), heard_key.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      heard_key = {};
    }
    Text key = Intern(heard_key);
    if (!key.empty() && !keys.insert(key).second) key = {};
    Text phrase = Intern(heard_phrase);
    if (!phrase.empty() && !phrases.insert(phrase).second) phrase = {};
    if (had_any && key.empty() && phrase.empty()) return;
    Edge e;
    e.kind = EdgeKind::kEntry;
    e.flags = kInScope;
    e.location = Loc(a.element);
    e.key = key;
    e.phrase = phrase;
    e.label = Intern(label);
    out_.AddEdge(ctx.item, target, e);
  };
  auto link = [&](const xml_node& link, int d) {
    std::vector<Answer> answers;
    if (link.attribute("dtmf")) {
      answers.push_back(
          {vxml::DtmfKey(link.attribute("dtmf").value()), "", link});
    }
    for (xml_node grammar : link.children("grammar")) {
      for (Answer& a : vxml::InlineGrammarAnswers(grammar)) {
        answers.push_back(std::move(a));
      }
    }
    if (answers.empty()) answers.push_back({"", "", link});  // external grammar
    const std::uint32_t target = ChoiceTarget(link, d, ctx);
    for (const Answer& a : answers) offer(a, target, "link");
  };
  auto links_of = [&](const xml_node& scope) {
    const int d = DocOf(scope);
    if (const ScopeLists* lists = ListsOf(scope, ctx)) {
      for (const xml_node& l : lists->links) link(l, d);
    } else {
      for (xml_node l : scope.children("link")) link(l, d);
    }
  };
  std::vector<Answer>& answers = scoped_menu_answers_;
  auto scoped_menus_of = [&](int d) {
    for (const xml_node& menu : docs_[d]->scoped_menus) {
      if (menu == ctx.dialog_element) continue;
      const bool numbered = NumbersChoices(menu);
      int numbered_so_far = 0;
      for (xml_node choice : menu.children("choice")) {
        ChoiceAnswers(choice, numbered, &numbered_so_far, &answers);
        const std::uint32_t target = ChoiceTarget(choice, d, ctx);
        for (const Answer& a : answers) {
          offer(a, target, "document-scoped menu");
        }
      }
    }
  };
  // A match on another form's document-scoped grammar enters that form
  // (§3.1.3); an external grammar's answers are unknown, as a link's.
  auto scoped_forms_of = [&](int d) {
    for (const auto& [grammar, form] : docs_[d]->scoped_form_grammars) {
      if (grammar.parent() == ctx.dialog_element) continue;
      std::vector<Answer> heard = vxml::InlineGrammarAnswers(grammar);
      if (heard.empty()) heard.push_back({"", "", grammar});
      for (const Answer& a : heard) offer(a, form, "document-scoped form");
    }
  };
  const int d = DocOf(ctx.dialog_element);
  if (ctx.item_element != ctx.dialog_element) links_of(ctx.item_element);
  if (modal) return;
  links_of(ctx.dialog_element);
  links_of(docs_[d]->root_element);
  scoped_menus_of(d);
  scoped_forms_of(d);
  if (const int r = docs_[d]->root; r >= 0) {
    links_of(docs_[r]->root_element);
    scoped_menus_of(r);
    scoped_forms_of(r);
  }
  // The platform's universal commands (§6.3.6 universals: none by
  // default), heard after every grammar of the document: saying "help"
  // throws help, which a <help> handler may answer with a person.
  if (const char* universals =
          Innermost(ctx, "universals", &ScopeLists::universals)) {
    const std::string_view value = universals;
    for (std::string_view command : {"help", "cancel", "exit"}) {
      bool on = false;
      vxml::AnyWord(value, [&](std::string_view word) {
        on |= word == "all" || word == command;
        return false;
      });
      if (!on) continue;
      offer({"", std::string(command), ctx.item_element},
            Dispatch(command, ctx, Loc(ctx.item_element)), "universal");
    }
  }
}

// One edge per count level of each event, flagged rather than unrolled:
// below the top level, escalation ends the retry (kRetryBounded); the top
// level is where the caller ends up once attempts run out (kExhausted). A
// handler that re-enters its own dialog resets the counters, so nothing is
// bounded, and the levels above one that always does so get no edges.
// --platform-max-tries adds the platform's own end of the call.
void Builder::AddWaitingEvents(const Ctx& ctx,
                               std::initializer_list<std::string_view> events) {
  const int max_tries = options_.platform_max_tries;
  const Location item_at = Loc(ctx.item_element);
  // The same scopes for every event (nothing here fetches a document).
  std::vector<Scope>& scopes = waiting_scopes_;
  Scopes(ctx, &scopes);
  ScopeLists own;
  if (scopes.front().catches == nullptr) {
    own = ListChildren(scopes.front().element);
    scopes.front().catches = &own.catches;
  }
  std::vector<WaitingLevel>& kept = waiting_levels_;
  std::vector<std::pair<std::uint32_t, Location>>& targets = waiting_targets_;
  for (std::string_view event : events) {
    kept.clear();
    targets.clear();
    bool reset = false;
    vxml::SelectHandlers(event, scopes, &waiting_handlers_);
    const std::vector<HandlerLevel>& levels = waiting_handlers_.levels;
    for (const HandlerLevel& level : levels) {
      if (max_tries > 0 && level.count >= max_tries) break;
      WaitingLevel k;
      k.count = level.count;
      k.begin = targets.size();
      // Whether whatever runs at this level re-enters the dialog: only when
      // one of its catches always runs (a conditional-only level may fall
      // to a lower level's handler, or the default, which do not).
      bool always_resets = !vxml::AllConditional(level);
      for (const CatchRef& c : level.catches) {
        // The handler's node stands where its element does.
        const std::uint32_t h = Handler(c, event, ctx);
        targets.emplace_back(h, out_.nodes[h].location);
        const bool resets = ComesBack(c, ctx) == Comeback::kReset;
        reset |= resets;
        always_resets &= resets;
      }
      // The default handler reprompts: on where a falling-through one goes.
      if (level.use_default) targets.emplace_back(ctx.after, item_at);
      k.end = targets.size();
      kept.push_back(k);
      // Re-entering the dialog resets the counters (§5.2.2), so the counter
      // never climbs past this level: the higher counts are never reached.
      if (always_resets) break;
    }
    const bool platform_cut = max_tries > 0 && !reset;
    const EdgeKind kind =
        event == "noinput" ? EdgeKind::kNoinput : EdgeKind::kNomatch;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      Edge e;
      e.kind = kind;
      e.label = Intern(event);
      // The count it is taken at: a count-4 handler waits for the fourth.
      e.attempts = static_cast<std::uint16_t>(std::min(kept[i].count, 65535));
      if (!reset && platform_cut) {
        e.flags = kRetryBounded;
      } else if (!reset && kept.size() > 1) {
        if (i + 1 < kept.size()) {
          e.flags = kRetryBounded;
        } else {
          e.flags = kExhausted;
          e.attempts = static_cast<std::uint16_t>(kept[i].count);
        }
      }
      const std::span<const CatchRef> catches = levels[i].catches;
      for (std::size_t t = kept[i].begin; t < kept[i].end; ++t) {
        e.location = targets[t].second;
        // A catch with a cond, or the default past a level of only such
        // catches: taken as data decides.
        const std::size_t c = t - kept[i].begin;
        Edge taken = e;
        if (c < catches.size()
                ? catches[c].conditional
                : !catches.empty() && catches.back().conditional) {
          taken.flags |= kConditional;
          if (c < catches.size()) {
            taken.label =
                Intern(std::string(event) + " [" +
                       catches[c].element.attribute("cond").value() + "]");
          }
        }
        out_.AddEdge(ctx.item, targets[t].first, taken);
      }
      // Once attempts run out, a top level of only conditional catches
      // falls to the lower levels' catches (§5.2.4: false conds are dropped
      // before the count is chosen), down to the first unconditional one.
      // Only the top level: below it those handlers already have a bounded
      // edge of their own level.
      if (e.Has(kExhausted) && vxml::AllConditional(levels[i])) {
        for (std::size_t j = i; j-- > 0;) {
          const std::size_t own = levels[j].catches.size();
          for (std::size_t t = kept[j].begin; t < kept[j].begin + own; ++t) {
            e.location = targets[t].second;
            out_.AddEdge(ctx.item, targets[t].first, e);
          }
          if (!vxml::AllConditional(levels[j])) break;
        }
      }
    }
    if (platform_cut) {
      // One hang-up per item, but each event runs out on its own counter
      // (§5.2.2), so each gets its edge into it.
      auto [known, fresh] = max_tries_.emplace(ctx.item, 0);
      if (fresh) {
        known->second = NewNode(
            NodeKind::kHangup, IdOf(ctx.item) + "/max-tries", item_at, true,
            "the platform ends the call after " + std::to_string(max_tries) +
                " failed attempts (--platform-max-tries)");
      }
      const std::uint32_t end = known->second;
      Edge e;
      e.kind = kind;
      e.flags = kExhausted;
      e.attempts = static_cast<std::uint16_t>(std::min(max_tries, 65535));
      e.location = item_at;
      e.label = Intern(event);
      out_.AddEdge(ctx.item, end, e);
    }
  }
}

Target Builder::AfterFilled(const xml_node& item, Ctx ctx,
                            std::uint32_t after) {
  std::vector<xml_node> filled;
  for (xml_node f : item.children("filled")) filled.push_back(f);
  return AfterEach(filled, Loc(item), ctx, after);
}

// The <filled>s in turn, each falling through to the next, the last to
// `after`.
Target Builder::AfterEach(const std::vector<xml_node>& filled, Location at,
                          Ctx ctx, std::uint32_t after) {
  Target t{after, at};
  for (auto it = filled.rbegin(); it != filled.rend(); ++it) {
    ctx.after = t.v;
    t = Resolve(it->first_child(), *it, *it, ctx);
  }
  return t;
}

namespace {

// The value an answer sets its field to, where the document says it: an
// option's value (its text without one, §2.3.1.3), or the text of an inline
// grammar's item in a grammar without semantic tags. Nothing for the rest
// (a boolean's true and false, a tag's interpretation). `tagged`: whether
// a grammar holds a <tag>, asked once a grammar (an item's is its own).
template <typename Tagged>  // bool(const xml_node& grammar)
std::optional<std::string> AnswerValue(const Answer& a, const Tagged& tagged) {
  if (Named(a.element, "option")) {
    if (xml_attribute value = a.element.attribute("value")) {
      return std::string(value.value());
    }
    // "the CDATA content of the <option> element with leading and trailing
    // white space removed" (§2.3.1.3): the space inside stays as it is.
    std::string text;
    for (xml_node c : a.element.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        text += c.value();
      }
    }
    return std::string(vxml::Trim(text));
  }
  if (!Named(a.element, "item")) return std::nullopt;
  xml_node grammar = a.element;
  while (grammar && !Named(grammar, "grammar")) grammar = grammar.parent();
  if (!grammar || tagged(grammar)) return std::nullopt;
  return CollapsedText(a.element);
}

}  // namespace

// "Press 1 for English": a field of options whose <filled> opens with an
// <if> on the field's value. The value each answer sets is known, so each
// goes straight to the arm it selects (the digest's "fold field=='lit'
// after a known input"): built as one branch, every arm was open to every
// key, and an <else> no option reaches was a dead end callers could hit.
// Only where every answer's value is known and every condition folds for
// it; the field must be all the filling there is (no type, no external or
// tagged grammar, no form-level grammar), and nothing before the <if> may
// change the value. One target per answer, or nothing.
std::optional<std::vector<Target>> Builder::FoldedAnswers(
    const xml_node& field, const std::vector<Answer>& answers, Ctx ctx,
    std::uint32_t after) {
  const std::string_view name = field.attribute("name").value();
  if (answers.empty() || name.empty() || field.attribute("type") ||
      ctx.dialog_element.child("grammar")) {
    return std::nullopt;
  }
  for (xml_node grammar : field.children("grammar")) {
    if (grammar.attribute("src") || grammar.attribute("srcexpr")) {
      return std::nullopt;
    }
  }
  std::unordered_map<const void*, bool> tagged;
  const auto has_tag = [&](const xml_node& grammar) {
    auto [it, fresh] = tagged.emplace(Key(grammar), false);
    if (fresh) {
      it->second = static_cast<bool>(
          grammar.find_node([](const xml_node& n) { return Named(n, "tag"); }));
    }
    return it->second;
  };
  std::vector<std::string> values;
  for (const Answer& a : answers) {
    std::optional<std::string> value = AnswerValue(a, has_tag);
    if (!value) return std::nullopt;
    values.push_back(std::move(*value));
  }
  const xml_node filled = field.child("filled");
  if (!filled || filled.next_sibling("filled")) return std::nullopt;
  // Each value walks the <filled> anew: a hostile field of 100,000 options
  // before 100,000 <if>s would be 10^10 steps. Past this many (nodes
  // visited, condition bytes read), the field is built unfolded.
  constexpr std::size_t kBudget = std::size_t{1} << 22;
  std::size_t spent = 0;
  const auto test = [&](const xml_node& n, std::string_view value) {
    const std::string_view cond = n.attribute("cond").value();
    spent += cond.size() + 1;
    return spent > kBudget ? std::nullopt
                           : vxml::FoldValueTest(cond, name, value);
  };
  // The arm of `branch` that `value` selects: where its content starts, and
  // in what (an <if> with no <else> whose conditions all fail goes on after
  // it). Nothing when a condition does not fold.
  const auto arm_for = [&](const xml_node& branch, std::string_view value)
      -> std::optional<std::pair<xml_node, xml_node>> {
    std::optional<bool> holds = test(branch, value);
    if (!holds) return std::nullopt;
    if (*holds) return std::pair{branch.first_child(), branch};
    for (xml_node c : branch.children()) {
      if (++spent > kBudget) return std::nullopt;
      if (Named(c, "else")) return std::pair{c.next_sibling(), branch};
      if (!Named(c, "elseif")) continue;
      holds = test(c, value);
      if (!holds) return std::nullopt;
      if (*holds) return std::pair{c.next_sibling(), branch};
    }
    return std::pair{branch.next_sibling(), filled};
  };
  // Nothing before or between the tests may change the value: what passes
  // it by is a prompt, a log, or a variable of another name.
  const auto harmless = [&](const xml_node& n) {
    if (Named(n, "prompt") || Named(n, "audio") || Named(n, "log")) {
      return true;
    }
    return (Named(n, "assign") || Named(n, "var")) &&
           std::string_view(n.attribute("name").value()) != name &&
           !item_assigns_.contains(Key(n));
  };
  // Each value's walk through the <filled>, as Resolve walks it, taking the
  // arms it selects, up to what the value does not decide (a jump, a
  // <clear>, the end): Resolve goes on from there, once for each place.
  ctx.after = after;
  std::map<std::pair<const void*, const void*>, Target> target_at;
  std::vector<Target> out;
  bool folded = false;
  for (const std::string& value : values) {
    xml_node n = filled.first_child();
    xml_node parent = filled;
    while (true) {
      if (++spent > kBudget) return std::nullopt;
      if (!n || (parent != filled && IsArmMarker(n))) {
        if (parent == filled) break;
        n = parent.next_sibling();
        parent = parent.parent();
        continue;
      }
      if (!IsElement(n) || harmless(n)) {
        n = n.next_sibling();
        continue;
      }
      if (!Named(n, "if") || !has_jump_.contains(Key(n))) break;
      const auto arm = arm_for(n, value);
      if (!arm) return std::nullopt;
      std::tie(n, parent) = *arm;
      folded = true;
    }
    const std::pair<const void*, const void*> place{n ? Key(n) : nullptr,
                                                    Key(parent)};
    auto it = target_at.find(place);
    if (it == target_at.end()) {
      it = target_at.emplace(place, Resolve(n, parent, filled, ctx)).first;
    }
    out.push_back(it->second);
  }
  if (!folded) return std::nullopt;
  return out;
}

void Builder::BuildMenu(int d, const xml_node& menu, std::uint32_t node) {
  Ctx ctx;
  ctx.doc = d;
  ctx.item = ctx.dialog = ctx.after = node;
  ctx.item_element = ctx.dialog_element = menu;
  std::vector<std::string_view> keys;
  std::vector<std::string_view> phrases;
  const bool numbered = NumbersChoices(menu);
  const InputModes modes = Modes(ctx);
  int numbered_so_far = 0;
  for (xml_node choice : menu.children("choice")) {
    ChoiceAnswers(choice, numbered, &numbered_so_far, &menu_answers_);
    const std::uint32_t target = ChoiceTarget(choice, d, ctx);
    Edge e;
    e.kind = EdgeKind::kEntry;
    e.location = Loc(choice);
    for (const Answer& a : menu_answers_) {
      std::string_view key;
      std::string_view phrase;
      if (!Heard(modes, a, &key, &phrase)) continue;
      e.key = Intern(key);
      e.phrase = Intern(phrase);
      if (!e.key.empty()) keys.push_back(e.key);
      if (!e.phrase.empty()) phrases.push_back(e.phrase);
      out_.AddEdge(node, target, e);
    }
  }
  AddLinks(ctx, modes, false, keys, phrases);
  AddWaitingEvents(ctx, {"noinput", "nomatch"});
}

void Builder::BuildForm(int f) {
  const Form& form = forms_[f];  // stays put: forms_ is a deque
  std::vector<std::vector<xml_node>> filled_at =
      form.element.child("filled") ? FormFilled(form)
                                   : std::vector<std::vector<xml_node>>();
  std::vector<std::uint32_t> afters(form.items.size());
  // The triggered <filled>s run in document order (Appendix C), the item's
  // own where the item stands: a form-level one before the field ran after
  // the field's own, which left the form first ("0 for an agent" in a
  // form-level <filled> above the field was never heard).
  std::vector<std::vector<xml_node>> earlier(form.items.size());
  if (!filled_at.empty()) {
    std::unordered_map<const void*, std::size_t> position;
    std::size_t k = 0;
    for (xml_node c : form.element.children()) {
      position.emplace(c.internal_object(), k++);
    }
    for (std::size_t i = 0; i < filled_at.size(); ++i) {
      const std::size_t at = position.at(form.items[i].internal_object());
      std::vector<xml_node>& all = filled_at[i];
      const auto later = std::stable_partition(
          all.begin(), all.end(), [&](const xml_node& filled) {
            return position.at(filled.internal_object()) < at;
          });
      earlier[i].assign(all.begin(), later);
      all.erase(all.begin(), later);
    }
  }
  std::size_t last_field = form.items.size();
  for (std::size_t i = 0; i < form.items.size(); ++i) {
    std::uint32_t after = form.select[i + 1];
    if (i < filled_at.size() && !filled_at[i].empty()) {
      // The form-level <filled>s item i triggers run once it is filled,
      // before the next item is selected.
      const Ctx ctx =
          ItemCtx(form, f, static_cast<int>(i), form.item_nodes[i], after);
      after = AfterEach(filled_at[i], Loc(form.element), ctx, after).v;
    }
    afters[i] = after;
    if (IsFieldItem(form.items[i])) last_field = i;
  }
  // A form-level grammar is active at every field that is not modal (App.
  // C), so one answer there may fill the rest as well.
  const bool form_grammar = static_cast<bool>(form.element.child("grammar"));
  for (std::size_t i = 0; i < form.items.size(); ++i) {
    // Mixed initiative (§2.3.3, App. C): one answer to <initial>, or to a
    // field while the form's grammar listens, may fill every slot of the
    // form's grammar, and then what follows the last field runs (its
    // form-level <filled> included): an entry to there as well as to the
    // next field. A trip form of four fields was four entries for a
    // caller who could say it all at once.
    const xml_node item = form.items[i];
    const bool mixed =
        Named(item, "initial") ||
        (form_grammar && Named(item, "field") &&
         std::string_view(item.attribute("modal").value()) != "true");
    const std::uint32_t all_filled =
        mixed && last_field < form.items.size() && last_field > i
            ? afters[last_field]
            : kNoNode;
    BuildItem(form, f, static_cast<int>(i), form.item_nodes[i], afters[i],
              all_filled, earlier[i]);
  }
}

void Builder::BuildItem(const Form& form, int f, int i, std::uint32_t node,
                        std::uint32_t after, std::uint32_t all_filled,
                        const std::vector<xml_node>& earlier) {
  const xml_node item = form.items[i];
  const Ctx ctx = ItemCtx(form, f, i, node, after);
  const Location at = Loc(item);
  std::string_view name = item.name();
  if (name == "block") {
    Target t = Resolve(item.first_child(), item, item, ctx);
    AddEdge(node, t.v, EdgeKind::kAuto, t.at);
    return;
  }
  if (name == "field" || name == "record" || name == "initial") {
    std::vector<Answer> answers;
    std::optional<std::vector<Target>> folded;
    if (name == "field") {
      answers = FieldAnswers(item);
      // Folding follows the value into the field's own tests; a form-level
      // <filled> before them may send the caller elsewhere first.
      if (earlier.empty()) folded = FoldedAnswers(item, answers, ctx, after);
    }
    Target t = name == "initial" ? Target{after, at}
               : folded          ? Target{}
                                 : AfterFilled(item, ctx, after);
    if (!earlier.empty()) t = AfterEach(earlier, Loc(form.element), ctx, t.v);
    std::vector<std::string_view> keys;
    std::vector<std::string_view> phrases;
    if (answers.empty()) {
      std::string label = name == "record" ? "recording" : "input";
      if (item.attribute("type")) label = item.attribute("type").value();
      AddEdge(node, t.v, EdgeKind::kEntry, at, label);
    }
    if (all_filled != kNoNode && (folded || all_filled != t.v)) {
      // The form's grammar's, not one of the field's choices.
      AddEdge(node, all_filled, EdgeKind::kEntry, at, "every field");
      out_.edges.back().edge.flags |= kInScope;
    }
    const InputModes modes = Modes(ctx);
    for (std::size_t k = 0; k < answers.size(); ++k) {
      const Answer& a = answers[k];
      std::string_view key;
      std::string_view phrase;
      if (!Heard(modes, a, &key, &phrase)) continue;
      Edge e;
      e.kind = EdgeKind::kEntry;
      e.location = Loc(a.element);
      e.key = Intern(key);
      e.phrase = Intern(phrase);
      if (!e.key.empty()) keys.push_back(e.key);
      if (!e.phrase.empty()) phrases.push_back(e.phrase);
      out_.AddEdge(node, folded ? (*folded)[k].v : t.v, e);
    }
    Ctx waiting = ctx;
    // A handler that falls through asks again: the FIA selects the first
    // unfilled item, the item itself, or for a copy (NextItem) the one the
    // jump passed over or left.
    waiting.after = node;
    if (auto copy = next_item_copies_.find(node);
        copy != next_item_copies_.end()) {
      waiting.after = form.select[copy->second.frontier];
    }
    // A <record> is modal unless it says otherwise (§2.3.6), a field the
    // other way round (AddLinks reads modal="true").
    if (name != "record" ||
        std::string_view(item.attribute("modal").value()) == "false") {
      AddLinks(waiting, modes,
               name == "field" && answers.empty() && HearsDigits(item), keys,
               phrases);
    }
    if (name == "record") {
      AddWaitingEvents(waiting, {"noinput"});
    } else {
      AddWaitingEvents(waiting, {"noinput", "nomatch"});
    }
    return;
  }
  if (name == "transfer") {
    BuildTransfer(item, node, ctx);
    return;
  }
  Target next = AfterFilled(item, ctx, after);
  if (name == "object") {
    AddEdge(node, next.v, EdgeKind::kAuto, at);
    return;
  }
  // <subdialog>: a call; the callee's <return>s come back to `next`.
  std::uint32_t callee = 0;
  xml_attribute src = item.attribute("src");
  std::optional<std::string> literal;
  if (src) {
    literal = src.value();
  } else {
    src = item.attribute("srcexpr");
    literal = vxml::StringLiteral(src.value());
  }
  if (literal) {
    callee = GotoUri(ctx.doc, *literal, item, src);
  } else {
    callee = Dynamic("srcexpr", src.value(), Loc(item, src));
  }
  AddEdge(node, callee, EdgeKind::kAuto, at);
  const NodeKind callee_kind = out_.nodes[callee].kind;
  if (callee_kind == NodeKind::kExternal) {
    // Whatever runs there is taken to return, as a subdialog does.
    AddEdge(node, next.v, EdgeKind::kAuto, at);
  } else if (callee_kind != NodeKind::kMissing) {
    Ctx caller = ctx;
    caller.after = node;
    callers_[node_doc_[callee]].push_back({node, callee, next.v, caller});
  }
}

void Builder::BuildTransfer(const xml_node& item, std::uint32_t node,
                            const Ctx& ctx) {
  const Location at = Loc(item);
  std::optional<std::string> dest;
  xml_attribute attr = item.attribute("dest");
  if (attr) {
    dest = attr.value();
  } else if ((attr = item.attribute("destexpr"))) {
    dest = vxml::StringLiteral(attr.value());
  }
  if (dest) {
    out_.nodes[node].destination = Store(*dest);
    // Whether it reaches a person is the linker's to say (--ivr-number,
    // destination patterns), for both formats alike.
    out_.transfers.push_back({node, std::nullopt, {}});
  } else if (attr) {
    out_.nodes[node].destination =
        Store("destexpr: " + std::string(attr.value()));
    AddEdge(node, Dynamic("destexpr", attr.value(), Loc(item, attr)),
            EdgeKind::kAuto, Loc(item, attr));
  } else {
    AddEdge(node,
            Missing("dest", at,
                    "<transfer> names no destination (dest or "
                    "destexpr)"),
            EdgeKind::kAuto, at);
  }
  // A transfer that cannot be made throws error.connection.* (the
  // destination is bad, not authorised, unreachable; §2.3.7.3), blind ones
  // before the caller leaves. Where the design catches it, that handler is
  // a way on; a handler that falls through returns to the FIA, which asks
  // for the still unfilled transfer again. Where nothing catches it, the
  // default handler's exit is not drawn: every transfer would carry one.
  // A catch of one of the names (error.connection.baddestination) takes
  // that failure only: each is an edge of its own, to its handler.
  {
    Ctx again = ctx;
    again.after = node;
    std::vector<std::uint32_t> handlers;
    for (const std::string& event : CaughtFailures(ctx, "error.connection")) {
      const std::uint32_t handler = Dispatch(event, again, at);
      if (std::find(handlers.begin(), handlers.end(), handler) !=
          handlers.end()) {
        continue;  // a catch of error.connection takes this one too
      }
      handlers.push_back(handler);
      AddEdge(node, handler, EdgeKind::kTransferFailed, at, event);
      out_.edges.back().edge.flags |= kUnplaced;
    }
  }
  std::string_view type = item.attribute("type").value();
  const bool monitored =
      std::string_view(item.attribute("bridge").value()) == "true" ||
      type == "bridge" || type == "consultation";
  if (!monitored) return;  // blind: the caller has left the application
  Target next = AfterFilled(item, ctx, ctx.after);
  AddEdge(node, next.v, EdgeKind::kTransferFailed, at,
          "busy, noanswer, network_busy");
}

void Builder::Build(int d) {
  current_doc_ = d;
  Document& doc = *docs_[d];
  xml_node root = doc.xml->document().document_element();
  if (xml_attribute app = root.attribute("application")) {
    UriPath p =
        vxml::ResolveUri(app.value(), doc.path, doc.xml_base, doc.root_dir);
    std::string why;
    if (p.kind == UriPath::Kind::kFile) {
      auto fetched = Fetch(p.path, doc.root_dir);
      current_doc_ = d;
      if (std::holds_alternative<int>(fetched)) {
        const int r = std::get<int>(fetched);
        // Roots do not nest: a root naming a root of its own (two documents
        // naming each other, say) would make each the other's root and
        // neither an entry, and the leaf's flow would silently vanish.
        if (r != d && docs_[r]->xml->document().document_element().attribute(
                          "application")) {
          why =
              "it names an application root of its own, and roots do not "
              "nest";
        } else if (r != d) {
          doc.root = r;
          docs_[r]->is_root = true;
          docs_[r]->named = true;
        }
      } else {
        why = std::get<std::string>(fetched);
      }
    } else if (p.kind == UriPath::Kind::kOutside) {
      why = p.why;
    } else if (p.kind == UriPath::Kind::kExternal) {
      doc.remote_root = app.value();
    }
    // An http: root is the web application's business: its links and
    // catches are unknown, which is no reason to refuse the leaf.
    if (!why.empty()) {
      errors_.push_back(doc.xml->Error(
          doc.xml->At(root, app),
          "application root '" + std::string(app.value()) +
              "' is not analysed (" + why +
              "): its links and catch handlers are missing from this "
              "document's flow"));
    }
  }
  MarkCaughtFetches(doc);
  // Each dialog's pending work is drained before the next dialog is built:
  // held for the whole document, it was a tenth of the loader's peak.
  for (std::size_t f = doc.form_begin; f < doc.form_end; ++f) {
    BuildForm(static_cast<int>(f));
    Drain();
  }
  for (const auto& [menu, node] : std::vector(doc.menus)) {
    ListChildren(menu, &menu_.lists);
    menu_.element = menu;
    BuildMenu(d, menu, node);
    Drain();
    menu_.element = xml_node();
  }
}

// A <return> goes back to the subdialog that called: to a caller whose
// callee reaches it. What a callee reaches is walked in the graph built so
// far, where a nested call stands for its own return (the edge from the
// call to what follows it is only made here). The walks are bounded in
// all by a multiple of the graph: past that, a document's returns go back
// to every caller of the document, as if one callee reached them all.
//
// The graph holds no call stack, so a callee shared by two callers would
// return each caller's route into the other's (a helper called twice in a
// row made a loop). The first caller runs the callee's nodes; each other
// gets a copy of them (Node::copy) whose returns go back to it alone, while
// the copies stay within as many nodes again as the graph had. A call
// nested in a copy calls the one callee it named.
void Builder::WhoReturnsWhere() {
  const std::size_t n = out_.nodes.size();
  const std::size_t edge_count = out_.edges.size();
  std::vector<std::uint32_t> begin(n + 1, 0);
  for (std::size_t e = 0; e < edge_count; ++e) ++begin[out_.edges[e].from + 1];
  for (std::size_t v = 0; v < n; ++v) begin[v + 1] += begin[v];
  std::vector<std::uint32_t> edge_of(edge_count);  // edges by source
  {
    std::vector<std::uint32_t> at(begin.begin(), begin.end() - 1);
    for (std::size_t e = 0; e < edge_count; ++e) {
      edge_of[at[out_.edges[e].from]++] = static_cast<std::uint32_t>(e);
    }
  }
  const auto target = [&](std::uint32_t i) {
    return out_.edges[edge_of[i]].to;
  };
  std::unordered_map<std::uint32_t, Caller> calls;  // by call node
  for (const auto& [doc, callers] : callers_) {
    for (const Caller& c : callers) {
      calls.emplace(c.subdialog, c);
    }
  }
  // Return node -> its event (empty: computed at run time), none for a
  // plain <return>.
  std::unordered_map<std::uint32_t, std::optional<std::string>> return_event;
  for (const auto& [doc, nodes] : returns_) {
    for (std::uint32_t r : nodes) return_event.emplace(r, std::nullopt);
  }
  for (const auto& [key, nodes] : event_returns_) {
    for (std::uint32_t r : nodes) return_event.emplace(r, key.second);
  }

  struct Walked {
    std::vector<std::uint32_t> returns;
    std::vector<std::uint32_t> region;  // kept where copies may be made
    std::size_t size = 0;  // what a copy costs: the region's nodes and edges
  };
  std::unordered_map<std::uint32_t, Walked> walked;
  std::size_t budget = 8 * (n + edge_count) + (1u << 16);
  std::vector<std::uint32_t> seen(n, 0);  // the walk that saw it, 1-based
  std::uint32_t walk = 0;
  for (const auto& [doc, callers] : callers_) {
    for (const Caller& c : callers) {
      auto [it, fresh] = walked.try_emplace(c.callee);
      if (!fresh) continue;
      Walked& w = it->second;
      ++walk;
      std::vector<std::uint32_t> stack = {c.callee};
      seen[c.callee] = walk;
      bool whole = true;
      while (!stack.empty()) {
        if (budget == 0) {
          whole = false;
          break;
        }
        --budget;
        const std::uint32_t v = stack.back();
        stack.pop_back();
        w.region.push_back(v);
        w.size += 1 + begin[v + 1] - begin[v];
        if (return_event.contains(v)) {
          w.returns.push_back(v);
          continue;
        }
        const auto push = [&](std::uint32_t u) {
          if (seen[u] != walk) {
            seen[u] = walk;
            stack.push_back(u);
          }
        };
        auto call = calls.find(v);
        for (std::uint32_t i = begin[v]; i < begin[v + 1]; ++i) {
          if (call == calls.end() || target(i) != call->second.callee) {
            push(target(i));
          }
        }
        if (call != calls.end()) push(call->second.next);
      }
      if (!whole) {
        w.returns.clear();
        if (auto r = returns_.find(doc); r != returns_.end()) {
          w.returns = r->second;
        }
        for (const auto& [key, nodes] : event_returns_) {
          if (key.first == doc) {
            w.returns.insert(w.returns.end(), nodes.begin(), nodes.end());
          }
        }
      }
      if (!whole || w.returns.empty()) {
        w.region.clear();
        w.region.shrink_to_fit();
      }
    }
  }

  // A dialog that a <goto> (any edge but a call) enters too runs there
  // without a caller, and its <return> is error.semantic on that route. A
  // caller running its nodes would take that route back into the caller (a
  // menu's "2" went through an account helper to billing's agent): every
  // caller of such a dialog runs a copy.
  std::unordered_map<std::uint32_t, std::ptrdiff_t> entered;  // other edges
  for (const auto& [callee, w] : walked) {
    if (!w.region.empty()) entered.emplace(callee, 0);
  }
  for (const Fragment::EdgeDraft& e : out_.edges) {
    if (auto it = entered.find(e.to); it != entered.end()) ++it->second;
  }
  for (const auto& [doc, callers] : callers_) {
    for (const Caller& c : callers) {
      if (auto it = entered.find(c.callee); it != entered.end()) --it->second;
    }
  }
  for (auto& [callee, count] : entered) {
    for (const std::uint32_t v : walked.at(callee).region) {
      auto call = calls.find(v);
      for (std::uint32_t i = begin[v]; i < begin[v + 1]; ++i) {
        if (target(i) == callee &&
            (call == calls.end() || call->second.callee != callee)) {
          --count;
        }
      }
    }
  }
  const auto entered_elsewhere = [&](std::uint32_t callee) {
    auto it = entered.find(callee);
    return it != entered.end() && it->second > 0;
  };

  // Each call, the callers' and those in copies, in order: a call in a
  // copy calls a copy of its own (it is another caller), unless its callee
  // is already being copied around it (recursion) or the copies are spent.
  struct Call {
    Caller caller;
    std::size_t edge;                   // the call's edge to its callee
    std::vector<std::uint32_t> around;  // the callees it is copied within
    int doc = -1;                       // a listed caller: callers_[doc][k]
    std::size_t k = 0;
  };
  const auto call_edge = [&](std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t i = begin[from]; i < begin[from + 1]; ++i) {
      if (target(i) == to) return static_cast<std::size_t>(edge_of[i]);
    }
    assert(false && "a call without its edge to the callee");
    return std::size_t{0};
  };
  std::vector<Call> work;
  for (const auto& [doc, callers] : callers_) {
    for (std::size_t k = 0; k < callers.size(); ++k) {
      const Caller& c = callers[k];
      work.push_back({c, call_edge(c.subdialog, c.callee), {}, doc, k});
    }
  }
  // Nodes and edges alike: a helper of 6,000 options copied for 6,000
  // callers was 6,000 nodes a copy but 36 million edges (3 GB).
  std::size_t copy_budget = n + edge_count + (1u << 16);
  std::unordered_set<std::uint32_t> run;  // callees a caller runs as they are
  std::vector<std::uint32_t> copy_of(n, 0);
  // Which work item copied a node last: copy_of[v] is that copy's.
  std::vector<std::size_t> copied_by(n, SIZE_MAX);
  std::unordered_map<std::uint32_t, std::size_t> transfer_of;
  for (std::size_t t = 0; t < out_.transfers.size(); ++t) {
    transfer_of.emplace(out_.transfers[t].node, t);
  }
  struct EventReturn {
    std::uint32_t node;
    std::string event;
    Ctx ctx;
    std::string expr;  // of an event computed at run time
  };
  std::vector<EventReturn> event_returns;  // made once the copies are
  for (std::size_t j = 0; j < work.size(); ++j) {
    const Call call = work[j];  // work grows below
    const Caller& c = call.caller;
    const Walked& w = walked.at(c.callee);
    const bool listed = call.doc >= 0;
    if ((listed && !entered_elsewhere(c.callee) &&
         run.insert(c.callee).second) ||
        w.region.empty() || w.size > copy_budget ||
        std::find(call.around.begin(), call.around.end(), c.callee) !=
            call.around.end()) {
      if (listed) {
        for (std::uint32_t r : w.returns) {
          return_to_[r].emplace_back(call.doc, call.k);
        }
      } else {
        // A copy of a call sharing its callee: the callee's returns come
        // back to it too (an event is caught where the call it copies
        // catches it, already). Sharing its own callee (recursion), the
        // return ends its cycle once the levels are unwound.
        const bool recursive = std::find(call.around.begin(), call.around.end(),
                                         c.callee) != call.around.end();
        for (std::uint32_t r : w.returns) {
          if (!return_event.at(r)) {
            AddEdge(r, c.next, EdgeKind::kAuto,
                    out_.nodes[c.subdialog].location);
            if (recursive) out_.edges.back().edge.flags |= kUnwinds;
          }
        }
      }
      continue;
    }
    copy_budget -= w.size;
    for (std::uint32_t v : w.region) {
      Node node = out_.nodes[v];
      node.copy = true;
      copy_of[v] = out_.AddNode(node);
      copied_by[v] = j;
      node_doc_.push_back(node_doc_[v]);
      if (auto t = transfer_of.find(v); t != transfer_of.end()) {
        Fragment::PendingTransfer transfer = out_.transfers[t->second];
        transfer.node = copy_of[v];
        out_.transfers.push_back(transfer);
      }
    }
    std::vector<std::uint32_t> around = call.around;
    around.push_back(c.callee);
    for (std::uint32_t v : w.region) {
      auto nested = calls.find(v);
      for (std::uint32_t i = begin[v]; i < begin[v + 1]; ++i) {
        Fragment::EdgeDraft draft = out_.edges[edge_of[i]];
        draft.from = copy_of[v];
        const bool calls_callee =
            nested != calls.end() && draft.to == nested->second.callee;
        if (!calls_callee) draft.to = copy_of[draft.to];
        out_.edges.push_back(draft);
        if (calls_callee) {
          Caller inner = nested->second;
          inner.subdialog = copy_of[v];
          inner.next = copy_of[inner.next];
          // It runs in the copy: a handler of an event its callee returns
          // falls through to the copy's next item, and its <return> is the
          // copy's (it was the original's, a route into another caller).
          inner.ctx.item = inner.subdialog;
          inner.ctx.after = inner.next;
          const std::uint32_t dialog = inner.ctx.dialog;
          if (dialog < n && copied_by[dialog] == j) {
            std::vector<std::pair<std::string, std::uint32_t>> returns;
            for (auto it = dialog_returns_.lower_bound({dialog, std::string()});
                 it != dialog_returns_.end() && it->first.first == dialog;
                 ++it) {
              if (it->second < n && copied_by[it->second] == j) {
                returns.emplace_back(it->first.second, copy_of[it->second]);
              }
            }
            inner.ctx.dialog = copy_of[dialog];
            for (auto& [key, r] : returns) {
              dialog_returns_.emplace(std::pair(inner.ctx.dialog, key), r);
            }
          }
          work.push_back({inner, out_.edges.size() - 1, around});
        }
      }
    }
    // The call calls its copy, and the copy's returns come back to it.
    retargets_.emplace_back(call.edge, copy_of[c.callee]);
    for (std::uint32_t r : w.returns) {
      const std::optional<std::string>& event = return_event.at(r);
      if (!event) {
        AddEdge(copy_of[r], c.next, EdgeKind::kAuto,
                out_.nodes[c.subdialog].location);
      } else {
        event_returns.push_back({copy_of[r], *event, c.ctx,
                                 event->empty() ? return_exprs_.at(r) : ""});
      }
    }
  }
  for (const EventReturn& e : event_returns) {
    const Location at = out_.nodes[e.node].location;
    AddEdge(e.node,
            e.event.empty() ? Dynamic("eventexpr", e.expr, at)
                            : Dispatch(e.event, e.ctx, at),
            EdgeKind::kAuto, at);
  }
}

void Builder::WireReturns() {
  if (!callers_.empty() && (!returns_.empty() || !event_returns_.empty())) {
    WhoReturnsWhere();
  }
  // Copies: a Dispatch below may add callers.
  const auto callers_of = [&](std::uint32_t node) {
    std::vector<Caller> out;
    if (auto it = return_to_.find(node); it != return_to_.end()) {
      for (const auto& [doc, k] : it->second) out.push_back(callers_[doc][k]);
    }
    return out;
  };
  for (const auto& [doc, nodes] : returns_) {
    for (const std::uint32_t node : nodes) {
      const std::vector<Caller> callers = callers_of(node);
      const Location at = out_.nodes[node].location;
      if (callers.empty()) {
        AddEdge(node,
                NewNode(NodeKind::kStop, IdOf(node) + "/no-caller", at, true,
                        "<return> outside a subdialog: error.semantic, the "
                        "interpreter exits"),
                EdgeKind::kAuto, at);
      }
      // The edge stands where the caller's <subdialog> does, so what
      // follows there (a dynamic target in its <filled>, say) is reported
      // in the caller, once per caller.
      for (const Caller& c : callers) {
        AddEdge(node, c.next, EdgeKind::kAuto,
                out_.nodes[c.subdialog].location);
      }
    }
    Mark(Segment::kReturns, doc);
  }
  for (const auto& [key, nodes] : event_returns_) {
    for (const std::uint32_t node : nodes) {
      const std::vector<Caller> callers = callers_of(node);
      const Location at = out_.nodes[node].location;
      if (callers.empty()) {
        AddEdge(node,
                NewNode(NodeKind::kStop, IdOf(node) + "/no-caller", at, true,
                        "<return> outside a subdialog: error.semantic, the "
                        "interpreter exits"),
                EdgeKind::kAuto, at);
        continue;
      }
      if (key.second.empty()) {
        AddEdge(node, Dynamic("eventexpr", return_exprs_.at(node), at),
                EdgeKind::kAuto, at);
        continue;
      }
      for (const Caller& c : callers) {
        AddEdge(node, Dispatch(key.second, c.ctx, at), EdgeKind::kAuto, at);
      }
    }
    Mark(Segment::kEventReturns, key.first, key.second);
  }
  Drain();
  Mark(Segment::kDrainReturns, 0);
}

Application Builder::Run(const std::vector<InputRef>& inputs) {
  for (const InputRef& ref : inputs) {
    const int index = ref.index;
    VoicexmlInput& input = *ref.input;
    adding_input_ = index;
    if (auto it = by_key_.find(vxml::NormalPath(input.path));
        it != by_key_.end()) {
      docs_[it->second]->on_command_line |= input.named_on_command_line;
    } else {
      std::variant<int, Diagnostic> added;
      if (input.reread) {
        // Parsed before and let go (LoadOptions::keep_parsed_bytes): the
        // survey made then pointed into that parse, so AddDocument surveys
        // this one afresh.
        Result<std::string> text = reader_.Read(input.path);
        added = text.ok() ? AddDocument(input.path, input.root_dir,
                                        std::move(text.value()))
                          : text.error();
      } else if (input.parsed && input.parsed->xml) {
        added = AddDocument(input.path, input.root_dir,
                            std::move(input.parsed->xml), ref.survey);
      } else {
        added = AddDocument(input.path, input.root_dir, std::move(input.text));
      }
      if (std::holds_alternative<Diagnostic>(added)) {
        errors_.push_back(std::move(std::get<Diagnostic>(added)));
        failed_.emplace(vxml::NormalPath(input.path),
                        "'" + input.path + "' cannot be loaded: see its error");
      } else {
        Document& doc = *docs_[std::get<int>(added)];
        doc.input = true;
        doc.on_command_line = input.named_on_command_line;
      }
    }
    input.parsed.reset();
    Mark(Segment::kDeclareInput, index);
  }
  adding_input_ = -1;
  for (std::size_t d = 0; d < docs_.size(); ++d) {
    building_ = static_cast<int>(d);
    Build(static_cast<int>(d));
    Mark(Segment::kBuildDocument, static_cast<int>(d));
  }
  building_ = -1;
  wiring_ = true;
  current_doc_ = kLastBuilt;
  WireReturns();
  Application result;
  for (const std::unique_ptr<Document>& doc : docs_) {
    DocInfo info;
    info.path = doc->path;
    info.root_dir = doc->root_dir;
    info.numbers = doc->numbers;
    info.input = doc->input;
    info.on_command_line = doc->on_command_line;
    info.named = doc->named;
    info.is_root = doc->is_root;
    info.root = doc->root;
    if (!doc->dialog_nodes.empty()) info.start = doc->dialog_nodes.front();
    result.docs.push_back(std::move(info));
  }
  result.fragment = std::move(out_);
  result.errors = std::move(errors_);
  result.origins = std::move(origins_);
  result.segments = std::move(segments_);
  result.node_doc = std::move(node_doc_);
  result.retargets = std::move(retargets_);
  return result;
}

}  // namespace

VoicexmlLoad LoadVoicexml(std::vector<VoicexmlInput> inputs,
                          const LoadOptions& options, FileReader& reader) {
  PrefetchedDocs prefetched;
  std::vector<Survey> surveys;
  std::vector<vxml::Group> groups =
      vxml::SplitApplications(inputs, options, reader, &surveys, &prefetched);
  std::vector<Application> apps(groups.size());
  vxml::ParallelFor(groups.size(), options.jobs, [&](std::size_t g) {
    std::vector<Builder::InputRef> mine;
    for (int i : groups[g].inputs) mine.push_back({i, &inputs[i], &surveys[i]});
    // The builder and its documents (DOM and text) go once it is done.
    apps[g] = Builder(options, reader, &prefetched).Run(mine);
    for (const std::string& key : groups[g].prefetched) {
      Prefetched& unused = prefetched.at(key);
      unused.xml.reset();
    }
  });
  return vxml::Merge(std::move(apps));
}

VoicexmlLoad LoadVoicexmlTexts(
    const std::vector<std::pair<std::string, std::string>>& files,
    const LoadOptions& options) {
  MemoryReader reader;
  for (const auto& [path, text] : files) reader.Add(path, text);
  std::vector<VoicexmlInput> inputs;
  if (!files.empty()) {
    VoicexmlInput input;
    input.path = files.front().first;
    input.root_dir = std::filesystem::path(input.path).parent_path().string();
    input.named_on_command_line = true;
    input.text = files.front().second;
    inputs.push_back(std::move(input));
  }
  return LoadVoicexml(std::move(inputs), options, reader);
}

}  // namespace ivrscope
