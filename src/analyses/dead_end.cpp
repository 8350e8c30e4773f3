// dead-end: the flow stops without hanging up or transferring.
//
// A reachable stop: a branch with no otherwise when no condition holds, a
// VoiceXML form that runs out of items. The platform then drops or takes
// back the call with no goodbye and no person. A stop the loader made for an
// implicit end is reported on the node that leads to it.
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class DeadEndRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    for (Vertex v : ctx.walk.Order()) {
      if (ctx.facts.Kind(v) != NodeKind::kStop || !ctx.Owns(v)) continue;
      const Node& stop = ctx.node(v);
      Vertex at = v;
      const auto& parent = ctx.walk.Parent(v);
      if (stop.synthetic && parent) at = boost::source(*parent, ctx.graph());
      std::string message = "the flow stops at " + Quote(ctx.node(at)) +
                            " without hanging up or transferring";
      if (!stop.text.empty()) message += ": " + std::string(stop.text);
      Finding& f = sink.Add(at, stop.location, std::move(message));
      f.route = ctx.walk.RouteTo(v);
      f.entries = ctx.walk.Distance(v);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDeadEndRule() {
  return std::make_unique<DeadEndRule>();
}

}  // namespace ivrscope
