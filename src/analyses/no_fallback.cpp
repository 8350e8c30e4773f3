// no-fallback: a transfer to a phone number with nowhere to go on failure.
//
// A busy or unanswered line drops the caller. Queue, agent and flow
// transfers are taken to hold the caller, so only tel: and sip: destinations
// that reach a person need an on-fail (a transfer-failed edge). A handler
// of a call that cannot be placed (a bad destination) is no fallback: a
// busy line still drops the caller of a blind transfer that has one.
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class NoFallbackRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      const Node& node = g[v];
      if (!IsHuman(node) || !(node.destination.starts_with("tel:") ||
                              node.destination.starts_with("sip:"))) {
        continue;
      }
      bool fallback = false;
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        fallback |=
            g[*it].kind == EdgeKind::kTransferFailed && !g[*it].Has(kUnplaced);
      }
      if (fallback) continue;
      sink.Add(ctx.program, v,
               "transfer " + Quote(node) + " to " +
                   std::string(node.destination) +
                   " has no fallback: a busy or unanswered line drops the "
                   "caller");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeNoFallbackRule() {
  return std::make_unique<NoFallbackRule>();
}

}  // namespace ivrscope
