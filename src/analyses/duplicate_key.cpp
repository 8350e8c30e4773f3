// duplicate-key: two options of one menu answer to the same key or phrase.
//
// Only the first can ever be chosen; the other is dead and callers pressing
// the key may not get what the prompt promised. Phrases compare without
// regard to case. Reported at the later option (repeated_answers says which
// repeat; GraphFacts takes an option heard by neither key nor phrase as a way
// no caller goes, so the routes and the other rules agree with this one).
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "analyses/repeated_answers.hpp"
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class DuplicateKeyRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    const std::vector<std::uint32_t>& row = RowStart(g);
    const std::span<const EdgeInfo> edges = ctx.facts.Edges();
    std::vector<EdgeRef> options;
    std::vector<std::size_t> scratch;  // reused: no allocation per menu
    std::vector<Repeat> repeats;
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (ctx.facts.Kind(v) != NodeKind::kMenu) continue;
      options.clear();
      RepeatScreen keys(false);
      RepeatScreen phrases(true);
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        if (edges[e].kind != EdgeKind::kEntry) continue;
        options.push_back(EdgeAt(v, e));
        const Edge& option = g[options.back()];
        keys.Add(option.key);
        phrases.Add(option.phrase);
      }
      if (keys.MayRepeat()) {
        FindRepeats(g, options, &Edge::key, false, &scratch, &repeats);
        Report(ctx, sink, v, "key", &Edge::key, options, &repeats);
      }
      if (phrases.MayRepeat()) {
        FindRepeats(g, options, &Edge::phrase, true, &scratch, &repeats);
        Report(ctx, sink, v, "phrase", &Edge::phrase, options, &repeats);
      }
    }
  }

 private:
  static void Report(const FlowContext& ctx, FindingSink& sink, Vertex menu,
                     std::string_view what, Text Edge::*field,
                     const std::vector<EdgeRef>& options,
                     std::vector<Repeat>* repeats) {
    const Graph& g = ctx.graph();
    // Reported in the order the options were written.
    std::sort(repeats->begin(), repeats->end(),
              [&](const Repeat& x, const Repeat& y) {
                const Location& a = g[options[x.second]].location;
                const Location& b = g[options[y.second]].location;
                return std::tie(a.line, a.column) < std::tie(b.line, b.column);
              });
    for (const auto& [first_index, repeat_index] : *repeats) {
      const EdgeRef first = options[first_index];
      const EdgeRef duplicate = options[repeat_index];
      const Vertex to = boost::target(duplicate, g);
      const bool same_target = boost::target(first, g) == to;
      sink.Add(menu, g[duplicate].location,
               std::string(what) + " '" + std::string(g[duplicate].*field) +
                   "' of " + Quote(g[menu]) +
                   " is already taken by the option at line " +
                   std::to_string(g[first].location.line) +
                   (same_target ? " (to " + Quote(g[to]) +
                                      " as well): the repeat is redundant"
                                : " (to " + Quote(g[boost::target(first, g)]) +
                                      "): callers never reach " + Quote(g[to]) +
                                      " this way"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDuplicateKeyRule() {
  return std::make_unique<DuplicateKeyRule>();
}

}  // namespace ivrscope
