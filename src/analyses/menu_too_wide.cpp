// menu-too-wide: a menu offering more than --max-options choices (default
// 5), not counting 0, * and # (operator and navigation keys).
//
// Callers cannot keep more than a handful of options in mind; long menus
// make them replay the prompt or guess.
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class MenuTooWideRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (g[v].kind != NodeKind::kMenu) continue;
      int choices = 0;
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        const Edge& e = g[*it];
        if (e.kind != EdgeKind::kEntry) continue;
        if (e.key == "0" || e.key == "*" || e.key == "#") continue;
        ++choices;
      }
      if (choices <= ctx.options.max_options) continue;
      sink.Add(ctx.program, v,
               Quote(g[v]) + " offers " + std::to_string(choices) +
                   " choices, more than the limit of " +
                   std::to_string(ctx.options.max_options) +
                   " (0, * and # not counted)");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeMenuTooWideRule() {
  return std::make_unique<MenuTooWideRule>();
}

}  // namespace ivrscope
