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
    MenuRepeats menu;  // reused: no allocation per menu
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      // GraphFacts screened every menu already (CostRepeatedAnswers).
      if (!ctx.facts.MayRepeatAnswer(v) || !menu.Find(ctx.graph(), v)) {
        continue;
      }
      Report(ctx, sink, v, "key", &Edge::key, menu.answers(), menu.keys());
      Report(ctx, sink, v, "phrase", &Edge::phrase, menu.answers(),
             menu.phrases());
    }
  }

 private:
  static void Report(const FlowContext& ctx, FindingSink& sink, Vertex menu,
                     std::string_view what, Text Edge::*field,
                     const std::vector<EdgeRef>& options,
                     std::vector<Repeat> repeats) {
    const Graph& g = ctx.graph();
    // Reported in the order the options were written.
    std::sort(repeats.begin(), repeats.end(),
              [&](const Repeat& x, const Repeat& y) {
                const Location& a = g[options[x.second]].location;
                const Location& b = g[options[y.second]].location;
                return std::tie(a.line, a.column) < std::tie(b.line, b.column);
              });
    for (const auto& [first_index, repeat_index] : repeats) {
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
