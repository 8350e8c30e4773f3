// no-route-to-human: callers must always be able to zero out.
//
// A reachable menu or input from which no human can be reached at all, while
// the call can still end (hang-up, stop), leaves the caller with nothing but
// hanging up. When the flow's start has no route to a human, the whole line
// offers no person: one error at the start (if the flow asks the caller
// anything); a warning, and said so, where a route goes on at a target
// ivrscope does not follow (one known only at run time, see dynamic-target,
// or an http: document or server page), beyond which a person may answer.
// Otherwise only the first such menu or input on each cheapest
// route is reported; everything after it is equally cut off. A menu of
// another (linked) flow is that flow's to report: its own analysis reaches
// it from its own start, so reporting it here too would say it twice.
#include <unordered_set>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

constexpr std::string_view kBeyond =
    ": the rest goes on at a target ivrscope does not follow (computed at run "
    "time, see dynamic-target, or a document it does not fetch), where a "
    "person may answer";

bool Waits(NodeKind kind) {
  return kind == NodeKind::kMenu || kind == NodeKind::kInput;
}

class NoRouteToHumanRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Vertex start = ctx.walk.start();
    if (ctx.facts.ToHuman(start) == kUnreached) {
      bool asks = false;
      for (Vertex v : ctx.walk.Order()) asks |= Waits(ctx.facts.Kind(v));
      if (asks && ctx.facts.CanEnd(start)) {
        const std::string flow(ctx.program.flows[ctx.flow].name);
        // Beyond a target not followed a person may answer: the
        // claim is then only about the routes ivrscope can follow.
        if (ctx.facts.MayContinue(start)) {
          sink.Add(ctx.program, start,
                   "no route ivrscope can follow from the start of flow '" +
                       flow + "' reaches a human" + std::string(kBeyond));
        } else {
          Finding& f = sink.Add(
              ctx.program, start,
              "no route from the start of flow '" + flow +
                  "' reaches a human: callers can only hang up or be cut off");
          f.severity = Severity::kError;
        }
      }
      return;
    }
    // Vertices with no route to a human that already lie past a reported
    // menu or input on their cheapest route.
    std::unordered_set<Vertex> covered;
    for (Vertex v : ctx.walk.Order()) {
      if (ctx.facts.ToHuman(v) != kUnreached) continue;
      bool past = false;
      if (const auto& parent = ctx.walk.Parent(v)) {
        const Vertex p = boost::source(*parent, ctx.graph());
        past = ctx.facts.ToHuman(p) == kUnreached &&
               (Waits(ctx.facts.Kind(p)) || covered.count(p) != 0);
      }
      if (past) {
        covered.insert(v);
        continue;
      }
      if (!Waits(ctx.facts.Kind(v)) || !ctx.facts.CanEnd(v)) continue;
      covered.insert(v);
      if (!ctx.Owns(v)) continue;
      Finding& f = sink.Add(
          ctx.program, v,
          ctx.facts.MayContinue(v)
              ? "no route ivrscope can follow from " + Quote(ctx.node(v)) +
                    " reaches a human" + std::string(kBeyond)
              : "no route from " + Quote(ctx.node(v)) +
                    " reaches a human: callers here can only hang up or be "
                    "cut off");
      f.route = ctx.walk.RouteTo(v);
      f.entries = ctx.walk.Distance(v);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeNoRouteToHumanRule() {
  return std::make_unique<NoRouteToHumanRule>();
}

}  // namespace ivrscope
