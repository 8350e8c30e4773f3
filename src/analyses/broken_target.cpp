// broken-target: a next, on-fail, on-exhausted or flow: transfer that names
// nothing analysed.
//
// A caller sent there falls out of the flow (a platform error, usually a
// dropped call). Loaders turn such a reference into an edge to a kMissing
// placeholder per reference; this rule reports each at the reference.
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class BrokenTargetRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    const std::vector<std::uint32_t>& row = RowStart(g);
    const std::vector<Vertex>& column = Targets(g);
    const std::string flow(ctx.program.flows[ctx.flow].name);
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (ctx.facts.Kind(v) == NodeKind::kMissing ||
          !ctx.facts.LeadsTo(v, NodeKind::kMissing)) {
        continue;
      }
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        if (ctx.facts.Kind(column[e]) != NodeKind::kMissing) continue;
        const Node& missing = g[column[e]];
        const Edge& edge = g[EdgeAt(v, e)];
        std::string message;
        if (!missing.text.empty()) {
          message = std::string(missing.text);
        } else if (edge.Has(kFlowLink)) {
          message = "transfer " + Quote(g[v]) + " names flow " +
                    Quote(missing) + ", which is not among the analysed flows";
        } else {
          message = std::string(missing.destination) + " of " + Quote(g[v]) +
                    " names " + Quote(missing) + ", which is no node of flow '" +
                    flow + "'";
        }
        // Where the reference is written: the placeholder stands there (one
        // per reference), while the edge may be an <if> arm's or a folded
        // option's that leads to it.
        const Location at =
            missing.location.line != 0 ? missing.location : edge.location;
        sink.Add(v, at, std::move(message));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeBrokenTargetRule() {
  return std::make_unique<BrokenTargetRule>();
}

}  // namespace ivrscope
