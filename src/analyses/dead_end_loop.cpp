// dead-end-loop: a region the caller cannot leave.
//
// From these nodes no route reaches a human or any terminal (hang-up, stop,
// a transfer out): whatever the caller presses, the call goes round until
// they give up and hang up themselves. Such a region is a bottom strongly
// connected component of the nodes that cannot end; each is reported once,
// at the node a caller enters it by, with a cycle through it as the route.
#include <cassert>
#include <unordered_set>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class DeadEndLoopRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    // Components with an edge leaving them are not bottom components.
    std::unordered_set<std::uint32_t> leaves;
    for (Vertex v : ctx.walk.Order()) {
      if (ctx.facts.CanEnd(v)) continue;
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        if (ctx.facts.Component(boost::target(*it, g)) !=
            ctx.facts.Component(v)) {
          leaves.insert(ctx.facts.Component(v));
        }
      }
    }
    std::unordered_set<std::uint32_t> reported;
    for (Vertex v : ctx.walk.Order()) {
      const std::uint32_t c = ctx.facts.Component(v);
      if (ctx.facts.CanEnd(v) || leaves.count(c) != 0 ||
          ctx.facts.ComponentOwner(c) != ctx.flow ||
          !reported.insert(c).second) {
        continue;
      }
      // A non-terminal node has an out-edge, and in a bottom component every
      // out-edge stays inside: any of them closes a cycle.
      std::optional<EdgeRef> edge =
          PreferLeaving(g, v, ctx.facts.ComponentMap());
      assert(edge);
      Finding& f = sink.Add(ctx.program, v,
                            "callers who reach " + Quote(ctx.node(v)) +
                                " can never reach a human or end the call: "
                                "every route leads round again");
      f.route = ctx.paths.CycleThrough(g, *edge, {}, ctx.facts.ComponentMap());
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDeadEndLoopRule() {
  return std::make_unique<DeadEndLoopRule>();
}

}  // namespace ivrscope
