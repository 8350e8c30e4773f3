// transfer-loop: a caller can be transferred round and round without end.
//
// A cycle that passes a transfer node, e.g. two flows that transfer to each
// other, or a transfer whose failure leads back to the menu that offered it.
// Each strongly connected region is reported once, at its first transfer,
// with a cycle through that transfer as the route.
#include <cassert>
#include <unordered_set>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class TransferLoopRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    std::unordered_set<std::uint32_t> reported;
    for (Vertex v : ctx.walk.Order()) {
      const std::uint32_t c = ctx.facts.Component(v);
      if (ctx.facts.Kind(v) != NodeKind::kTransfer || !ctx.facts.IsCyclic(c) ||
          ctx.facts.ComponentOwner(c) != ctx.flow ||
          !reported.insert(c).second) {
        continue;
      }
      std::optional<EdgeRef> edge =
          PreferLeaving(g, v, ctx.facts.ComponentMap());
      assert(edge);  // v is on a cycle
      Finding& f = sink.Add(ctx.program, v,
                            Quote(g[v]) +
                                " is on a cycle: a caller can be transferred "
                                "here again and again without end");
      f.route = ctx.paths.CycleThrough(g, *edge, {}, ctx.facts.ComponentMap());
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeTransferLoopRule() {
  return std::make_unique<TransferLoopRule>();
}

}  // namespace ivrscope
