// menu-too-wide: a menu offering more than --max-options choices (default
// 5), not counting 0, * and # (operator and navigation keys).
//
// Callers cannot keep more than a handful of options in mind; long menus
// make them replay the prompt or guess. A choice is an element (an option,
// a VoiceXML <choice> however many ways it can be said); the commands of
// grammars in scope (links, universals) are not the menu's choices.
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class MenuTooWideRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    const std::vector<std::uint32_t>& row = RowStart(g);
    const std::span<const EdgeInfo> edges = ctx.facts.Edges();
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (ctx.facts.Kind(v) != NodeKind::kMenu) continue;
      // The menu's own answers bound its choices: most menus are narrow
      // enough without reading their keys.
      int options = 0;
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        options += edges[e].kind == EdgeKind::kEntry && !edges[e].Has(kInScope);
      }
      if (options <= ctx.options.max_options) continue;
      // The loaders add a choice's answers one after the other (and the
      // graph keeps each node's edges in that order), so counting where the
      // element changes counts the elements.
      int choices = 0;
      const Edge* last = nullptr;
      for (std::uint32_t i = row[v]; i < row[v + 1]; ++i) {
        if (edges[i].kind != EdgeKind::kEntry || edges[i].Has(kInScope)) {
          continue;
        }
        const Edge& e = g[EdgeAt(v, i)];
        if (e.key == "0" || e.key == "*" || e.key == "#") continue;
        choices += last == nullptr || !(e.location == last->location);
        last = &e;
      }
      if (choices <= ctx.options.max_options) continue;
      sink.Add(ctx.program, v,
               Concat({"'", g[v].id, "' offers ", std::to_string(choices),
                       " choices, more than the limit of ",
                       std::to_string(ctx.options.max_options),
                       " (0, * and # not counted)"}));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeMenuTooWideRule() {
  return std::make_unique<MenuTooWideRule>();
}

}  // namespace ivrscope
