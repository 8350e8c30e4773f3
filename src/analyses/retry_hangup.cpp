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

class RetryHangupRule : public Rule {
 public:
  // For every node, the hang-up that a chain of prompts (each with a single
  // automatic step on) leads to, if any. Computed once, iteratively, so each
  // node is walked once however many menus escalate into the same goodbye.
  void Prepare(const GraphFacts& facts) override {
    const Graph& g = facts.graph();
    const std::vector<std::uint32_t>& row = RowStart(g);
    const std::vector<Vertex>& column = Targets(g);
    const std::span<const EdgeInfo> edges = facts.Edges();
    const std::size_t n = boost::num_vertices(g);
    constexpr Vertex kUnknown = ~Vertex{0};
    constexpr Vertex kNone = kUnknown - 1;
    constexpr Vertex kVisiting = kUnknown - 2;
    ends_.assign(n, kUnknown);
    ways_to_end_ = ChainEnds(n);
    std::vector<Vertex> path;
    for (Vertex start = 0; start < n; ++start) {
      Vertex v = start;
      Vertex result = kNone;
      while (true) {
        if (ends_[v] != kUnknown) {
          result = ends_[v] == kVisiting ? kNone : ends_[v];  // a prompt loop
          break;
        }
        const NodeKind kind = facts.Kind(v);
        if (kind == NodeKind::kHangup) {
          result = v;
          ends_[v] = v;
          ways_to_end_.AtEnd(v);
          break;
        }
        const std::uint32_t e = row[v];
        if (kind != NodeKind::kPlay || row[v + 1] - e != 1 ||
            edges[e].kind != EdgeKind::kAuto) {
          ends_[v] = kNone;
          break;
        }
        ends_[v] = kVisiting;
        path.push_back(v);
        v = column[e];
      }
      // Backwards from where the walk stopped (v: the hang-up, or a prompt
      // already done), each prompt one step further from the hang-up.
      for (auto it = path.rbegin(); it != path.rend(); ++it) {
        const Vertex p = *it;
        ends_[p] = result;
        if (result != kNone) ways_to_end_.Join(p, column[row[p]]);
      }
      path.clear();
    }
    none_ = kNone;
  }

  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    const std::vector<std::uint32_t>& row = RowStart(g);
    const std::vector<Vertex>& column = Targets(g);
    const std::span<const EdgeInfo> edges = ctx.facts.Edges();
    // The hang-ups reported for v: a set, as a top level of conditional
    // catches has an exhausted edge to every lower level's handler.
    std::unordered_set<Vertex> reported;
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      const NodeKind kind = ctx.facts.Kind(v);
      if (kind != NodeKind::kMenu && kind != NodeKind::kInput) continue;
      // Each event runs out on its own counter, so noinput and nomatch can
      // both lead to one hang-up: that is one finding, by the first edge.
      reported.clear();
      for (std::uint32_t i = row[v]; i < row[v + 1]; ++i) {
        // An exhaustion no caller reaches cuts nobody off.
        if (!edges[i].Has(kExhausted) || ctx.facts.Impassable(i)) continue;
        const Vertex hangup = ends_[column[i]];
        if (hangup == none_) continue;
        if (!reported.insert(hangup).second) continue;
        const Node& node = g[v];
        const EdgeRef edge = EdgeAt(v, i);
        const Edge& e = g[edge];
        // The menu, then the prompts to the hang-up: the route's two ends
        // only when long, as ShortenRoute would cut it (many menus can
        // share one long goodbye).
        std::vector<RouteStep> route{{v, edge}};
        ways_to_end_.Append(
            column[i], kRouteEnds - 1, g, [&](Vertex p) { return row[p]; },
            &route);
        const std::string tries =
            " (" + std::to_string(e.attempts) +
            (e.attempts == 1 ? " attempt)" : " attempts)");
        std::string message =
            g[hangup].synthetic
                ? "callers who run out of tries at " + Quote(node) + tries +
                      " are hung up on: nothing sends them to a person"
                : "callers who run out of tries at " + Quote(node) + tries +
                      " are sent only to hang-up " + Quote(g[hangup]) +
                      ": nothing sends them to a person";
        Finding& f = sink.Add(ctx.program, v, std::move(message));
        f.route = std::move(route);
      }
    }
  }

 private:
  std::vector<Vertex> ends_;
  ChainEnds ways_to_end_;  // along the prompts to each hang-up
  Vertex none_ = 0;
};

}  // namespace

std::unique_ptr<Rule> MakeRetryHangupRule() {
  return std::make_unique<RetryHangupRule>();
}

}  // namespace ivrscope
