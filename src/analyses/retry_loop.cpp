// retry-loop: a caller who cannot answer is reprompted for ever.
//
// A cycle made only of unbounded noinput/nomatch edges and the automatic
// steps between them: silence or an unrecognised answer leads back to the
// same question with no tries limit, or on-exhausted leads straight back
// into it. Retries that a tries limit ends (flag kRetryBounded) are fine.
// Each such cycle (component of that subgraph) is reported once.
#include <unordered_set>

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
    std::unordered_set<std::uint32_t> reported;
    auto component = [&](Vertex x) { return components_.of[x]; };
    for (Vertex v : ctx.walk.Order()) {
      if (!ctx.Owns(v)) continue;
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        const Edge& e = g[*it];
        const Vertex t = boost::target(*it, g);
        if (!IsRetry(e) || component(t) != component(v) ||
            !reported.insert(component(v)).second) {
          continue;
        }
        std::string message;
        if (e.Has(kExhausted)) {
          message = "when callers run out of tries at " + Quote(g[v]) +
                    ", on-exhausted leads straight back: a caller who "
                    "cannot answer is reprompted for ever";
        } else if (t == v) {
          message = Quote(g[v]) +
                    " has no tries limit: a caller who stays silent or is "
                    "not understood is reprompted for ever";
        } else {
          message = "a caller who stays silent or is not understood at " +
                    Quote(g[v]) + " is sent round " + Quote(g[t]) +
                    " and back for ever: no tries limit ends it";
        }
        Finding& f = sink.Add(ctx.program, v, std::move(message));
        f.route = CycleThrough(g, *it, OnRetryCycle, component);
      }
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
