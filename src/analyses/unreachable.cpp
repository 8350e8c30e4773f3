// unreachable: a node no route from the flow's start reaches.
//
// Nobody can ever hear it; usually a target somewhere names the wrong node.
// Nodes a loader made for implicit ends are not reported.
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class UnreachableRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const std::string flow(ctx.program.flows[ctx.flow].name);
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (ctx.facts.Synthetic(v) || ctx.walk.Reached(v)) continue;
      const Node& node = ctx.node(v);
      sink.Add(ctx.program, v,
               Concat({"no route from the start of flow '", flow, "' reaches ",
                       ToString(node.kind), " '", node.id, "'"}));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeUnreachableRule() {
  return std::make_unique<UnreachableRule>();
}

}  // namespace ivrscope
