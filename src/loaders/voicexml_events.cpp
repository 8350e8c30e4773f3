// Which catch handler an event reaches (VoiceXML 2.0 §5.2.4) and what the
// interpreter does when none does (§5.2.5). Counts are not unrolled into
// states: the graph builder turns the levels computed here into one edge per
// level, with flags saying whether escalation ends the retries.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "loaders/voicexml_parts.hpp"

namespace ivrscope::vxml {
namespace {

// A catch for "error" takes "error.badfetch.http.404": names match as
// dot-separated prefixes. A name may end with '.' (VoiceXML 2.1 allows it),
// and "." alone, the prefix of every name, catches every event.
bool NameMatches(std::string_view name, std::string_view event) {
  if (name == ".") return true;
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return event == name ||
         (event.size() > name.size() && event.starts_with(name) &&
          event[name.size()] == '.');
}

bool Matches(const pugi::xml_node& c, std::string_view event) {
  std::string_view element = c.name();
  if (element != "catch") return NameMatches(element, event);
  pugi::xml_attribute names = c.attribute("event");
  if (!names) return true;  // catches all
  bool any = false;
  const bool matched = AnyWord(names.value(), [&](std::string_view name) {
    any = true;
    return NameMatches(name, event);
  });
  return matched || !any;  // no name at all catches all
}

int CountOf(const pugi::xml_node& c) {
  std::string_view text = c.attribute("count").value();
  int count = 1;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), count);
  if (text.empty() || ec != std::errc() || count < 1) return 1;
  return count;
}

}  // namespace

bool IsCatch(const pugi::xml_node& node) {
  std::string_view name = node.name();
  return name == "catch" || name == "noinput" || name == "nomatch" ||
         name == "help" || name == "error";
}

bool DefaultReprompts(std::string_view event) {
  return event == "noinput" || event == "nomatch" || event == "help" ||
         event == "maxspeechtimeout" || event == "cancel";
}

void SelectHandlers(std::string_view event, std::span<const Scope> scopes,
                    Handlers* out) {
  std::vector<CatchRef>& matching = out->matching;
  matching.clear();
  auto consider = [&](const Scope& scope, const pugi::xml_node& c) {
    if (c.type() != pugi::node_element || !IsCatch(c) || !Matches(c, event)) {
      return;
    }
    // The literals true and false decide a cond; anything else depends.
    bool conditional = false;
    if (const pugi::xml_attribute cond = c.attribute("cond")) {
      const std::string_view text = Trim(cond.value());
      if (text == "false") return;
      conditional = text != "true";
    }
    matching.push_back({c, scope.doc, CountOf(c), conditional});
  };
  for (const Scope& scope : scopes) {
    if (scope.catches != nullptr) {
      for (const pugi::xml_node& c : *scope.catches) consider(scope, c);
    } else {
      for (pugi::xml_node c : scope.element.children()) consider(scope, c);
    }
  }
  // The distinct counts, ascending, 1 among them: a level each. The catches
  // of one level are stored together; each catch has one count, so they
  // fit in matching.size() and the spans below stay put.
  std::vector<HandlerLevel>& levels = out->levels;
  levels.clear();
  levels.push_back({});
  for (const CatchRef& c : matching) levels.push_back({c.count, {}, false});
  std::sort(levels.begin(), levels.end(),
            [](const HandlerLevel& a, const HandlerLevel& b) {
              return a.count < b.count;
            });
  levels.erase(std::unique(levels.begin(), levels.end(),
                           [](const HandlerLevel& a, const HandlerLevel& b) {
                             return a.count == b.count;
                           }),
               levels.end());
  std::vector<CatchRef>& catches = out->catches;
  catches.clear();
  catches.reserve(matching.size());
  for (std::size_t i = 0; i < levels.size(); ++i) {
    HandlerLevel& level = levels[i];
    const std::size_t begin = catches.size();
    for (const CatchRef& c : matching) {
      if (c.count != level.count) continue;
      catches.push_back(c);
      if (!c.conditional) break;  // the first unconditional one always wins
    }
    level.catches = std::span<const CatchRef>(catches).subspan(
        begin, catches.size() - begin);
    // Catches whose cond is false are dropped before the count is chosen
    // (§5.2.4 steps 2 and 3): past a level of only conditional catches,
    // the next lower level's catches run, and the interpreter's default
    // only once the bottom level has no unconditional catch either. The
    // lower level's flag says all that, so nothing is copied upwards
    // (thousands of conditional counts stay linear).
    level.use_default =
        AllConditional(level) && (i == 0 || levels[i - 1].use_default);
  }
}

}  // namespace ivrscope::vxml
