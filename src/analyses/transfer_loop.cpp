// transfer-loop: a caller can be transferred round and round without end.
//
// A cycle that passes a transfer node, e.g. two flows that transfer to each
// other, or a transfer whose failure leads back to the menu that offered it.
// Each strongly connected region is reported once, at its first transfer,
// with a cycle through that transfer as the route.
#include <unordered_set>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class TransferLoopRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    std::unordered_set<std::uint32_t> reported;
    auto all = [](const Edge&) { return true; };
    auto component = [&](Vertex x) { return ctx.facts.Component(x); };
    for (Vertex v : ctx.walk.Order()) {
      const std::uint32_t c = ctx.facts.Component(v);
      if (g[v].kind != NodeKind::kTransfer || !ctx.facts.IsCyclic(c) ||
          !ctx.Owns(v) || reported.count(c) != 0) {
        continue;
      }
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        if (component(boost::target(*it, g)) != c) continue;
        reported.insert(c);
        Finding& f = sink.Add(ctx.program, v,
                              Quote(g[v]) +
                                  " is on a cycle: a caller can be "
                                  "transferred here again and again "
                                  "without end");
        f.route = CycleThrough(g, *it, all, component);
        break;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeTransferLoopRule() {
  return std::make_unique<TransferLoopRule>();
}

}  // namespace ivrscope
