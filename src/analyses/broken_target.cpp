// broken-target: a next, on-fail, on-exhausted or flow: transfer that names
// nothing analysed.
//
// A caller sent there falls out of the flow (a platform error, usually a
// dropped call). Loaders turn such a reference into an edge to a kMissing
// placeholder; this rule reports each of those edges where it is written.
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class BrokenTargetRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    const std::string flow(ctx.program.flows[ctx.flow].name);
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (g[v].kind == NodeKind::kMissing) continue;
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        const Node& missing = g[boost::target(*it, g)];
        if (missing.kind != NodeKind::kMissing) continue;
        std::string message;
        if (!missing.text.empty()) {
          message = std::string(missing.text);
        } else if (g[*it].Has(kFlowLink)) {
          message = "transfer " + Quote(g[v]) + " names flow " +
                    Quote(missing) + ", which is not among the analysed flows";
        } else {
          message = std::string(missing.destination) + " of " + Quote(g[v]) +
                    " names " + Quote(missing) + ", which is no node of flow '" +
                    flow + "'";
        }
        sink.Add(v, g[*it].location, std::move(message));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeBrokenTargetRule() {
  return std::make_unique<BrokenTargetRule>();
}

}  // namespace ivrscope
