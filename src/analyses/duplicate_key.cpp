// duplicate-key: two options of one menu answer to the same key or phrase.
//
// Only the first can ever be chosen; the other is dead and callers pressing
// the key may not get what the prompt promised. Phrases compare without
// regard to case. Reported at the later option.
#include <cctype>
#include <string>
#include <unordered_map>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

std::string Folded(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class DuplicateKeyRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (g[v].kind != NodeKind::kMenu) continue;
      std::unordered_map<std::string, EdgeRef> keys;
      std::unordered_map<std::string, EdgeRef> phrases;
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        const Edge& e = g[*it];
        if (e.kind != EdgeKind::kEntry) continue;
        auto check = [&](std::unordered_map<std::string, EdgeRef>& seen,
                         std::string_view what, std::string_view value) {
          if (value.empty()) return;
          auto [first, fresh] = seen.emplace(Folded(value), *it);
          if (fresh) return;
          const Edge& before = g[first->second];
          sink.Add(v, e.location,
                   std::string(what) + " '" + std::string(value) + "' of " +
                       Quote(g[v]) + " is already taken by the option at line " +
                       std::to_string(before.location.line) + " (to " +
                       Quote(g[boost::target(first->second, g)]) +
                       "): callers never reach " +
                       Quote(g[boost::target(*it, g)]) + " this way");
        };
        check(keys, "key", e.key);
        check(phrases, "phrase", e.phrase);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDuplicateKeyRule() {
  return std::make_unique<DuplicateKeyRule>();
}

}  // namespace ivrscope
