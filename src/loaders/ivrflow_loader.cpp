// Loader for the ivrflow dialect. It validates strictly (unknown elements and
// attributes are errors: a typo must not silently change a route) and turns
// each element into nodes and edges of the flow model:
//   play      -auto->            next
//   menu      -entry(key)->      option's next, one per option
//   input     -entry->           next
//   menu/input retries: a noinput/nomatch child sends the event to its next,
//             otherwise the node reprompts itself; with tries="N" those
//             retries are bounded and an exhausted edge leads to on-exhausted
//             (or to a synthetic hang-up: the platform ends the call)
//   branch    -condition->       each when's next; otherwise, or a synthetic
//             stop when no condition holds
//   transfer  -transfer-failed-> on-fail; flow:/tel:/sip: are linked later
// The document is walked twice by the same code: the first pass validates
// and makes every node (so that targets can point forward), the second makes
// the edges, their targets now known. Holding each edge until every id is
// known cost more memory than the model itself.
#include "loaders/ivrflow_loader.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <initializer_list>

#include "loaders/name_table.hpp"

namespace ivrscope {
namespace {

using pugi::xml_attribute;
using pugi::xml_node;

bool IsElement(const xml_node& node) {
  return node.type() == pugi::node_element;
}

// A DTMF key: one of 0-9 * #, or a string of digits.
bool IsValidKey(std::string_view key) {
  if (key == "*" || key == "#") return true;
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

// The attributes an element may have, and those it must: names[i] is
// allowed, and required where bit i of `required` is set. Made at compile
// time (Spec), so a check costs one look at each attribute the element has.
struct AttributeSpec {
  std::array<std::string_view, 4> names{};
  std::size_t count = 0;
  std::uint32_t required = 0;
};

// `required` must name allowed attributes, in the order of `allowed` (the
// first missing one is reported).
consteval AttributeSpec Spec(std::initializer_list<std::string_view> allowed,
                             std::initializer_list<std::string_view> required) {
  AttributeSpec spec;
  for (std::string_view name : allowed) spec.names[spec.count++] = name;
  std::size_t last = 0;
  for (std::string_view name : required) {
    std::size_t i = 0;
    while (spec.names[i] != name) ++i;  // not allowed: no constant, no build
    if (i >= spec.count || i < last)
      throw "required names an attribute out of order";
    last = i;
    spec.required |= 1u << i;
  }
  return spec;
}

// What each element of the dialect may and must carry.
constexpr AttributeSpec kIvrflowAttributes = Spec({"name", "start"}, {"name"});
constexpr AttributeSpec kNoAttributes = Spec({}, {});  // <number>, <prompt>
constexpr AttributeSpec kPlayAttributes = Spec({"id", "next"}, {"id", "next"});
constexpr AttributeSpec kMenuAttributes =
    Spec({"id", "tries", "on-exhausted"}, {"id"});
constexpr AttributeSpec kInputAttributes =
    Spec({"id", "next", "tries", "on-exhausted"}, {"id", "next"});
// <branch> and <hangup>
constexpr AttributeSpec kIdAttributes = Spec({"id"}, {"id"});
constexpr AttributeSpec kTransferAttributes =
    Spec({"id", "to", "on-fail", "human"}, {"id", "to"});
constexpr AttributeSpec kOptionAttributes =
    Spec({"key", "phrase", "next"}, {"next"});
// <noinput>, <nomatch> and <otherwise>
constexpr AttributeSpec kNextAttributes = Spec({"next"}, {"next"});
constexpr AttributeSpec kWhenAttributes =
    Spec({"cond", "next"}, {"cond", "next"});

class Builder {
 public:
  explicit Builder(const XmlSource& source)
      : src_(source),
        otherwise_(Store("otherwise")),
        transfer_failed_(Store("transfer failed")) {}

  Result<Fragment> Build();

 private:
  // kDeclare validates and makes the nodes; kConnect makes the edges, in
  // document order (routes and witness cycles read in the order the
  // designer wrote them), and the placeholders of targets naming nothing.
  enum class Pass { kDeclare, kConnect };

  std::optional<Diagnostic> LoadNodes(const xml_node& root, Flow* flow);

  // An element's attributes by their place in the list of those allowed.
  using Attributes = std::array<xml_attribute, 4>;

  // Checks that the element has only `allowed` attributes and all of
  // `required`, and hands them over in `found` if given (one look at each:
  // xml_node::attribute(name) would compare names again). Returns the first
  // problem.
  std::optional<Diagnostic> CheckAttributes(const xml_node& element,
                                            const AttributeSpec& spec,
                                            Attributes* found = nullptr) const;
  // Text only: an element inside is an unknown child (checked once, in the
  // first pass).
  std::optional<Diagnostic> OnlyText(const xml_node& element) const;
  std::optional<Diagnostic> UnknownChild(const xml_node& parent,
                                         const xml_node& child) const;

  std::optional<Diagnostic> DeclareNode(const xml_node& element, NodeKind kind,
                                        std::uint32_t* index);
  std::optional<Diagnostic> LoadNode(const xml_node& element);
  std::optional<Diagnostic> LoadWaiting(const xml_node& element,
                                        std::uint32_t index);
  std::optional<Diagnostic> LoadBranch(const xml_node& element,
                                       std::uint32_t index);
  std::optional<Diagnostic> LoadTransfer(const xml_node& element,
                                         std::uint32_t index);
  std::optional<Diagnostic> CheckTransfer(const xml_node& element,
                                          std::uint32_t index);

  bool connecting() const { return pass_ == Pass::kConnect; }
  Edge MakeEdge(EdgeKind kind, const xml_node& element,
                const xml_attribute& attr) const {
    Edge edge;
    edge.kind = kind;
    if (connecting()) {
      edge.location = attr ? src_.At(element, attr) : src_.At(element);
    }
    return edge;
  }
  // An edge to the node the attribute names (`attribute` is its name, for a
  // placeholder's message).
  void Target(std::uint32_t from, const xml_attribute& attr,
              std::string_view attribute, const Edge& edge) {
    if (!connecting()) {
      ++edge_count_;
      return;
    }
    const std::string_view name = attr.value();
    std::optional<std::uint32_t> to = ids_.Find(name);
    if (!to) {
      Node missing;
      missing.id = Store(name);
      missing.kind = NodeKind::kMissing;
      missing.synthetic = true;
      missing.location = edge.location;
      missing.destination = attribute;
      to = out_.AddNode(missing);
    }
    out_.AddEdge(from, *to, edge);
  }
  // An edge whose target is already known (a self-loop, a synthetic end).
  void Direct(std::uint32_t from, std::uint32_t to, const Edge& edge) {
    if (!connecting()) {
      ++edge_count_;
      return;
    }
    out_.AddEdge(from, to, edge);
  }
  // A node made by the loader (made in the first pass; the second pass is
  // handed the same one, nodes being made in the same order).
  std::uint32_t Synthetic(NodeKind kind, std::uint32_t owner,
                          std::string_view suffix, std::string_view text) {
    if (connecting()) return replay_++;
    ++replay_;
    Node node;
    node.kind = kind;
    node.synthetic = true;
    node.location = out_.nodes[owner].location;
    node.id = Store(std::string(out_.nodes[owner].id) + std::string(suffix));
    node.text = text;
    return out_.AddNode(node);
  }
  Text Store(std::string_view text) { return out_.arena.Store(text); }
  Text Intern(std::string_view text) { return out_.arena.Intern(text); }

  const XmlSource& src_;
  Fragment out_;
  // Node ids to nodes (each node names its id).
  NameTable<NodeIdOf> ids_{NodeIdOf{&out_}};
  // Labels many edges share, stored once.
  Text otherwise_;
  Text transfer_failed_;
  Pass pass_ = Pass::kDeclare;
  std::uint32_t replay_ = 0;    // nodes made so far in this pass
  std::size_t edge_count_ = 0;  // edges the second pass will make
};

std::optional<Diagnostic> Builder::CheckAttributes(const xml_node& element,
                                                   const AttributeSpec& spec,
                                                   Attributes* found) const {
  if (connecting() && found == nullptr) return std::nullopt;  // checked
  // One look at each attribute, a bit for each allowed name it is.
  std::uint32_t present = 0;
  for (xml_attribute attr = element.first_attribute(); attr;
       attr = attr.next_attribute()) {
    const char* name = attr.name();
    std::size_t i = 0;
    while (i < spec.count && !NameIs(name, spec.names[i])) ++i;
    if (i < spec.count && found != nullptr) (*found)[i] = attr;
    if (connecting()) continue;
    if (i == spec.count) {
      return src_.Error(src_.At(element, attr),
                        "unknown attribute '" + std::string(name) + "' on <" +
                            element.name() + ">");
    }
    present |= 1u << i;
  }
  if (connecting()) return std::nullopt;
  if (const std::uint32_t missing = spec.required & ~present) {
    const std::string_view name = spec.names[std::countr_zero(missing)];
    return src_.Error(element, "<" + std::string(element.name()) +
                                   "> needs attribute '" + std::string(name) +
                                   "'");
  }
  return std::nullopt;
}

std::optional<Diagnostic> Builder::UnknownChild(const xml_node& parent,
                                                const xml_node& child) const {
  return src_.Error(child, "unknown element <" + std::string(child.name()) +
                               "> in <" + parent.name() + ">");
}

std::optional<Diagnostic> Builder::OnlyText(const xml_node& element) const {
  if (connecting()) return std::nullopt;
  for (xml_node child = element.first_child(); child;
       child = child.next_sibling()) {
    if (IsElement(child)) return UnknownChild(element, child);
  }
  return std::nullopt;
}

Result<Fragment> Builder::Build() {
  xml_node root = src_.document().document_element();
  if (std::string_view(root.name()) != "ivrflow") {
    return src_.Error(root, "expected <ivrflow> as the root element, found <" +
                                std::string(root.name()) + ">");
  }
  if (auto e = CheckAttributes(root, kIvrflowAttributes)) return *e;

  Flow flow;
  if (*root.attribute("name").value() == '\0') {
    return src_.Error(src_.At(root, root.attribute("name")),
                      "name is empty: flows are reported, and linked by "
                      "flow:NAME, by their names");
  }
  flow.name = Store(root.attribute("name").value());
  flow.named_at = src_.At(root, root.attribute("name"));
  flow.format = Format::kIvrflow;
  out_.files.push_back(src_.path());

  std::size_t children = 0;
  for (xml_node child = root.first_child(); child;
       child = child.next_sibling()) {
    ++children;
  }
  ids_.Reserve(children);
  out_.nodes.reserve(children);
  if (auto e = LoadNodes(root, &flow)) return *e;
  if (out_.nodes.empty()) {
    return src_.Error(root, "<ivrflow> defines no nodes");
  }

  if (xml_attribute start = root.attribute("start")) {
    std::optional<std::uint32_t> index = ids_.Find(start.value());
    if (!index) {
      return src_.Error(
          src_.At(root, start),
          "start names no node: '" + std::string(start.value()) + "'");
    }
    flow.start = *index;
  } else {
    flow.start = 0;  // the first node element
  }

  pass_ = Pass::kConnect;
  replay_ = 0;
  out_.edges.reserve(edge_count_);
  if (auto e = LoadNodes(root, &flow)) return *e;
  assert(out_.edges.size() == edge_count_);
  out_.flows.push_back(flow);
  CollectSuppressions(src_, &out_.arena, &out_.suppressions, &out_.problems);
  return std::move(out_);
}

std::optional<Diagnostic> Builder::LoadNodes(const xml_node& root, Flow* flow) {
  for (xml_node child = root.first_child(); child;
       child = child.next_sibling()) {
    if (!IsElement(child)) continue;
    if (std::string_view(child.name()) == "number") {
      if (connecting()) continue;
      if (auto e = CheckAttributes(child, kNoAttributes)) return e;
      if (auto e = OnlyText(child)) return e;
      std::string number = CollapsedText(child);
      if (number.empty()) return src_.Error(child, "<number> is empty");
      flow->numbers.push_back(Store(number));
      continue;
    }
    if (auto e = LoadNode(child)) return e;
  }
  return std::nullopt;
}

std::optional<Diagnostic> Builder::DeclareNode(const xml_node& element,
                                               NodeKind kind,
                                               std::uint32_t* index) {
  if (connecting()) {
    *index = replay_++;
    return std::nullopt;
  }
  ++replay_;
  xml_attribute id = element.attribute("id");
  // Reports, routes and targets name nodes by id: an empty one names none.
  if (*id.value() == '\0')
    return src_.Error(src_.At(element, id), "id is empty");
  std::string_view stored = Store(id.value());
  Node node;
  node.id = stored;
  node.kind = kind;
  node.location = src_.At(element);
  auto [first_index, fresh] =
      ids_.Insert(stored, static_cast<std::uint32_t>(out_.nodes.size()));
  if (!fresh) {
    const Location& first = out_.nodes[first_index].location;
    return src_.Error(src_.At(element, id),
                      "duplicate id '" + std::string(stored) +
                          "' (first defined at line " +
                          std::to_string(first.line) + ")");
  }
  *index = out_.AddNode(node);
  return std::nullopt;
}

std::optional<Diagnostic> Builder::LoadNode(const xml_node& element) {
  std::string_view name = element.name();
  std::uint32_t index = 0;
  if (name == "play") {
    if (auto e = CheckAttributes(element, kPlayAttributes)) {
      return e;
    }
    if (auto e = DeclareNode(element, NodeKind::kPlay, &index)) return e;
    if (auto e = OnlyText(element)) return e;
    if (!connecting()) out_.nodes[index].text = Store(CollapsedText(element));
    xml_attribute next = element.attribute("next");
    Target(index, next, "next", MakeEdge(EdgeKind::kAuto, element, next));
    return std::nullopt;
  }
  if (name == "menu") {
    if (auto e = CheckAttributes(element, kMenuAttributes)) {
      return e;
    }
    if (auto e = DeclareNode(element, NodeKind::kMenu, &index)) return e;
    return LoadWaiting(element, index);
  }
  if (name == "input") {
    if (auto e = CheckAttributes(element, kInputAttributes)) {
      return e;
    }
    if (auto e = DeclareNode(element, NodeKind::kInput, &index)) return e;
    return LoadWaiting(element, index);
  }
  if (name == "branch") {
    if (auto e = CheckAttributes(element, kIdAttributes)) return e;
    if (auto e = DeclareNode(element, NodeKind::kBranch, &index)) return e;
    return LoadBranch(element, index);
  }
  if (name == "transfer") {
    if (auto e = CheckAttributes(element, kTransferAttributes)) {
      return e;
    }
    if (auto e = DeclareNode(element, NodeKind::kTransfer, &index)) return e;
    return LoadTransfer(element, index);
  }
  if (name == "hangup") {
    if (auto e = CheckAttributes(element, kIdAttributes)) return e;
    if (auto e = DeclareNode(element, NodeKind::kHangup, &index)) return e;
    if (auto e = OnlyText(element)) return e;
    if (!connecting()) out_.nodes[index].text = Store(CollapsedText(element));
    return std::nullopt;
  }
  return UnknownChild(element.parent(), element);
}

// menu and input: both wait for the caller and share the retry model.
std::optional<Diagnostic> Builder::LoadWaiting(const xml_node& element,
                                               std::uint32_t index) {
  const bool is_menu = out_.nodes[index].kind == NodeKind::kMenu;
  int tries = 0;  // 0: no limit
  if (xml_attribute attr = element.attribute("tries")) {
    std::string_view text = attr.value();
    auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), tries);
    if (ec != std::errc() || end != text.data() + text.size() || tries <= 0 ||
        tries > 1000) {
      return src_.Error(src_.At(element, attr),
                        "tries must be a positive whole number (at most "
                        "1000), not '" +
                            std::string(text) + "'");
    }
  }

  std::array<xml_node, 2> handlers;  // noinput, nomatch
  std::string prompt;
  for (xml_node child = element.first_child(); child;
       child = child.next_sibling()) {
    if (!IsElement(child)) continue;
    std::string_view name = child.name();
    if (name == "prompt") {
      if (connecting()) continue;
      if (auto e = CheckAttributes(child, kNoAttributes)) return e;
      if (auto e = OnlyText(child)) return e;
      if (!prompt.empty()) prompt += ' ';
      prompt += CollapsedText(child);
    } else if (name == "option" && is_menu) {
      Attributes found;
      if (auto e = CheckAttributes(child, kOptionAttributes, &found)) {
        return e;
      }
      if (auto e = OnlyText(child)) return e;
      const xml_attribute key = found[0];
      const xml_attribute phrase = found[1];
      const xml_attribute next = found[2];
      if (!key && !phrase) {
        return src_.Error(child, "<option> needs attribute 'key' or 'phrase'");
      }
      if (key && !IsValidKey(key.value())) {
        return src_.Error(src_.At(child, key),
                          "key must be one of 0-9, * or #, or a string of "
                          "digits, not '" +
                              std::string(key.value()) + "'");
      }
      if (phrase && std::string_view(phrase.value()).empty()) {
        return src_.Error(src_.At(child, phrase), "phrase is empty");
      }
      Edge edge = MakeEdge(EdgeKind::kEntry, child, next);
      if (connecting()) {
        edge.key = Intern(key.value());
        edge.phrase = Intern(phrase.value());
      }
      Target(index, next, "next", edge);
    } else if (name == "noinput" || name == "nomatch") {
      if (auto e = CheckAttributes(child, kNextAttributes)) return e;
      if (auto e = OnlyText(child)) return e;
      xml_node& slot = handlers[name == "noinput" ? 0 : 1];
      if (slot) {
        return src_.Error(child, "<" + std::string(name) +
                                     "> is given twice in <" + element.name() +
                                     ">");
      }
      slot = child;
    } else {
      return UnknownChild(element, child);
    }
  }
  if (!connecting()) out_.nodes[index].text = Store(prompt);

  if (!is_menu) {
    xml_attribute next = element.attribute("next");
    Target(index, next, "next", MakeEdge(EdgeKind::kEntry, element, next));
  }

  const std::uint8_t bounded = tries > 0 ? kRetryBounded : 0;
  for (int i = 0; i < 2; ++i) {
    const EdgeKind kind = i == 0 ? EdgeKind::kNoinput : EdgeKind::kNomatch;
    if (handlers[i]) {
      xml_attribute next = handlers[i].attribute("next");
      Edge edge = MakeEdge(kind, handlers[i], next);
      edge.flags = bounded;
      Target(index, next, "next", edge);
    } else {
      // No handler: the event reprompts the same node.
      Edge edge = MakeEdge(kind, element, {});
      edge.flags = bounded;
      Direct(index, index, edge);
    }
  }

  if (tries > 0) {
    // Staying silent is the cheapest way to run out of tries (0 entries),
    // when silence brings the caller back to try again; the analyses decide
    // that (see kEveryFailure), the loader cannot: a handler's way back may
    // lie through other nodes, or other flows.
    xml_attribute on_exhausted = element.attribute("on-exhausted");
    Edge edge = MakeEdge(EdgeKind::kNoinput, element, on_exhausted);
    edge.flags = kExhausted | kEveryFailure;
    edge.attempts = static_cast<std::uint16_t>(tries);
    if (on_exhausted) {
      Target(index, on_exhausted, "on-exhausted", edge);
    } else {
      std::uint32_t end =
          Synthetic(NodeKind::kHangup, index, "/tries-exhausted",
                    "the call ends when tries run out");
      Direct(index, end, edge);
    }
  } else if (xml_attribute on_exhausted = element.attribute("on-exhausted")) {
    return src_.Error(src_.At(element, on_exhausted),
                      "on-exhausted needs tries: without a tries limit the "
                      "caller is reprompted for ever");
  }
  return std::nullopt;
}

std::optional<Diagnostic> Builder::LoadBranch(const xml_node& element,
                                              std::uint32_t index) {
  bool has_otherwise = false;
  for (xml_node child = element.first_child(); child;
       child = child.next_sibling()) {
    if (!IsElement(child)) continue;
    std::string_view name = child.name();
    if (name == "when") {
      if (has_otherwise) {
        return src_.Error(child, "<when> after <otherwise> is never tried");
      }
      if (auto e = CheckAttributes(child, kWhenAttributes)) {
        return e;
      }
      if (auto e = OnlyText(child)) return e;
      xml_attribute next = child.attribute("next");
      Edge edge = MakeEdge(EdgeKind::kCondition, child, next);
      if (connecting()) edge.label = Intern(child.attribute("cond").value());
      Target(index, next, "next", edge);
    } else if (name == "otherwise") {
      if (has_otherwise) {
        return src_.Error(child, "<otherwise> is given twice in <branch>");
      }
      if (auto e = CheckAttributes(child, kNextAttributes)) return e;
      if (auto e = OnlyText(child)) return e;
      has_otherwise = true;
      xml_attribute next = child.attribute("next");
      Edge edge = MakeEdge(EdgeKind::kCondition, child, next);
      edge.label = otherwise_;
      Target(index, next, "next", edge);
    } else {
      return UnknownChild(element, child);
    }
  }
  if (!has_otherwise) {
    // No condition holding: the flow stops here (the dead-end rule).
    std::uint32_t stop = Synthetic(NodeKind::kStop, index, "/no-condition",
                                   "no condition holds and there is no "
                                   "<otherwise>");
    Edge edge = MakeEdge(EdgeKind::kCondition, element, {});
    edge.label = otherwise_;
    Direct(index, stop, edge);
  }
  return std::nullopt;
}

// The first pass's share of a transfer: its destination, checked.
std::optional<Diagnostic> Builder::CheckTransfer(const xml_node& element,
                                                 std::uint32_t index) {
  if (auto e = OnlyText(element)) return e;
  Node& node = out_.nodes[index];
  node.text = Store(CollapsedText(element));
  xml_attribute to = element.attribute("to");
  std::string_view dest = to.value();
  static constexpr std::array<std::string_view, 5> kSchemes = {
      "agent:", "queue:", "flow:", "tel:", "sip:"};
  auto scheme =
      std::find_if(kSchemes.begin(), kSchemes.end(),
                   [&](std::string_view s) { return dest.starts_with(s); });
  if (scheme == kSchemes.end() || dest.size() == scheme->size()) {
    return src_.Error(src_.At(element, to),
                      "to must be agent:NAME, queue:NAME, flow:NAME, "
                      "tel:NUMBER or sip:URI, not '" +
                          std::string(dest) + "'");
  }
  node.destination = Store(dest);

  std::optional<bool> human;
  if (xml_attribute attr = element.attribute("human")) {
    std::string_view v = attr.value();
    if (v != "true" && v != "false") {
      return src_.Error(
          src_.At(element, attr),
          "human must be 'true' or 'false', not '" + std::string(v) + "'");
    }
    human = v == "true";
  }
  // Link() decides human for every transfer: configured destination
  // patterns may make even a queue another IVR.
  out_.transfers.push_back({index, human, src_.At(element, to)});
  return std::nullopt;
}

std::optional<Diagnostic> Builder::LoadTransfer(const xml_node& element,
                                                std::uint32_t index) {
  if (!connecting()) {
    if (auto e = CheckTransfer(element, index)) return e;
  }
  if (xml_attribute on_fail = element.attribute("on-fail")) {
    Edge edge = MakeEdge(EdgeKind::kTransferFailed, element, on_fail);
    edge.label = transfer_failed_;
    Target(index, on_fail, "on-fail", edge);
  }
  return std::nullopt;
}

}  // namespace

Result<Fragment> LoadIvrflow(const XmlSource& source) {
  return Builder(source).Build();
}

Result<Fragment> LoadIvrflowText(const std::string& path,
                                 std::string_view text) {
  Result<XmlSource> source = XmlSource::Parse(path, text, 0);
  if (!source.ok()) return source.error();
  return LoadIvrflow(source.value());
}

}  // namespace ivrscope
