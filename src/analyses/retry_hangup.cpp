// retry-hangup: callers cut off for not being understood.
//
// When a caller runs out of tries the call should go to a person, not end.
// Reported for every menu or input whose exhausted edge leads to a hang-up,
// either directly (no on-exhausted: the platform ends the call) or through
// prompts only (on-exhausted plays a goodbye and hangs up).
#include <unordered_set>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

// Follows automatic steps through prompts; returns the hang-up reached, if
// that is the only way on.
std::optional<Vertex> OnlyHangup(const Graph& g, Vertex v,
                                 std::vector<RouteStep>* route) {
  std::unordered_set<Vertex> seen;
  while (seen.insert(v).second) {
    const Node& node = g[v];
    if (node.kind == NodeKind::kHangup) {
      route->push_back({v, std::nullopt});
      return v;
    }
    if (node.kind != NodeKind::kPlay || boost::out_degree(v, g) != 1) break;
    auto [it, end] = boost::out_edges(v, g);
    if (g[*it].kind != EdgeKind::kAuto) break;
    route->push_back({v, *it});
    v = boost::target(*it, g);
  }
  return std::nullopt;
}

class RetryHangupRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      const Node& node = g[v];
      if (node.kind != NodeKind::kMenu && node.kind != NodeKind::kInput) {
        continue;
      }
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        const Edge& e = g[*it];
        if (!e.Has(kExhausted)) continue;
        std::vector<RouteStep> route{{v, *it}};
        std::optional<Vertex> hangup =
            OnlyHangup(g, boost::target(*it, g), &route);
        if (!hangup) continue;
        const std::string tries =
            " (" + std::to_string(e.attempts) + " attempts)";
        std::string message =
            g[*hangup].synthetic
                ? "callers who run out of tries at " + Quote(node) + tries +
                      " are hung up on: nothing sends them to a person"
                : "callers who run out of tries at " + Quote(node) + tries +
                      " are sent only to hang-up " + Quote(g[*hangup]) +
                      ": nothing sends them to a person";
        Finding& f = sink.Add(ctx.program, v, std::move(message));
        f.route = std::move(route);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeRetryHangupRule() {
  return std::make_unique<RetryHangupRule>();
}

}  // namespace ivrscope
