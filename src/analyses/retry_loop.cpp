// retry-loop: a caller who cannot answer is reprompted for ever.
//
// A cycle made only of unbounded noinput/nomatch edges and the automatic
// steps between them: silence or an unrecognised answer leads back to the
// same question with no tries limit, or on-exhausted leads straight back
// into it. Retries that a tries limit ends (flag kRetryBounded) are fine.
// Each such cycle (component of that subgraph) is reported once.
#include <unordered_map>

#include "analyses/components.hpp"
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

bool IsRetry(const Edge& e) {
  return (e.kind == EdgeKind::kNoinput || e.kind == EdgeKind::kNomatch) &&
         !e.Has(kRetryBounded);
}
bool OnRetryCycle(const Edge& e) {
  return IsRetry(e) || e.kind == EdgeKind::kAuto;
}

class RetryLoopRule : public Rule {
 public:
  void Prepare(const GraphFacts& facts) override {
    components_ = FindComponents(facts.graph(), OnRetryCycle);
  }

  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    auto component = [&](Vertex x) { return components_.of[x]; };
    // Per cycle, the retry edge to show: one that leaves its node (the way
    // round is the interesting part), else a self-loop.
    std::vector<std::uint32_t> order;
    std::unordered_map<std::uint32_t, EdgeRef> chosen;
    for (Vertex v : ctx.walk.Order()) {
      const std::uint32_t c = component(v);
      if (components_.OwnerFlow(g, c) != ctx.flow) continue;
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        const Vertex t = boost::target(*it, g);
        if (!IsRetry(g[*it]) || component(t) != c) continue;
        auto [at, fresh] = chosen.try_emplace(c, *it);
        if (fresh) {
          order.push_back(c);
        } else if (boost::source(at->second, g) == boost::target(at->second, g) &&
                   t != v) {
          at->second = *it;
        }
      }
    }
    for (std::uint32_t c : order) {
      const EdgeRef& edge = chosen.at(c);
      const Vertex v = boost::source(edge, g);
      const Vertex t = boost::target(edge, g);
      std::string message;
      if (g[edge].Has(kExhausted)) {
        message = "when callers run out of tries at " + Quote(g[v]) +
                  ", on-exhausted leads straight back: a caller who cannot "
                  "answer is reprompted for ever";
      } else if (t == v) {
        message = Quote(g[v]) +
                  " has no tries limit: a caller who stays silent or is not "
                  "understood is reprompted for ever";
      } else {
        message = "a caller who stays silent or is not understood at " +
                  Quote(g[v]) + " is sent round " + Quote(g[t]) +
                  " and back for ever: no tries limit ends it";
      }
      Finding& f = sink.Add(ctx.program, v, std::move(message));
      f.route = CycleThrough(g, edge, OnRetryCycle, component);
    }
  }

 private:
  Components components_;
};

}  // namespace

std::unique_ptr<Rule> MakeRetryLoopRule() {
  return std::make_unique<RetryLoopRule>();
}

}  // namespace ivrscope
