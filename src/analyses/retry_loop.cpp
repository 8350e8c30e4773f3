// retry-loop: a caller who cannot answer is reprompted for ever.
//
// A cycle made only of unbounded noinput/nomatch edges and the automatic
// steps between them: silence or an unrecognised answer leads back to the
// same question with no tries limit, or on-exhausted leads straight back
// into it. Retries that a tries limit ends (flag kRetryBounded) are fine.
// Each such cycle (component of that subgraph) is reported once; a note
// when every retry round it goes through a catch with a cond (kConditional),
// which the data may end (an author's own counter, often).
#include <unordered_map>

#include "analyses/components.hpp"
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

bool IsRetry(const EdgeInfo& e) {
  return (e.kind == EdgeKind::kNoinput || e.kind == EdgeKind::kNomatch) &&
         !e.Has(kRetryBounded);
}
bool OnRetryCycle(const EdgeInfo& e) {
  return IsRetry(e) || e.kind == EdgeKind::kAuto;
}

class RetryLoopRule : public Rule {
 public:
  void Prepare(const GraphFacts& facts) override {
    on_cycle_ =
        facts.EdgeMask([](const EdgeInfo& e) { return OnRetryCycle(e); });
    // An exhaustion no caller reaches (every failure leads away) is no way
    // round.
    for (std::size_t e = 0; e < on_cycle_.size(); ++e) {
      if (facts.Impassable(static_cast<std::uint32_t>(e))) on_cycle_[e] = 0;
    }
    components_ = FindComponents(facts.graph(), on_cycle_, facts.Flows());
    // The cycles that have a retry edge: only their vertices need looking
    // at in Check.
    const std::vector<std::uint32_t>& row = RowStart(facts.graph());
    const std::vector<Vertex>& column = Targets(facts.graph());
    const std::span<const EdgeInfo> edges = facts.Edges();
    has_retry_.assign(components_.count, 0);
    for (Vertex v = 0; v + 1 < row.size(); ++v) {
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        const std::uint32_t c = components_.of[v];
        if (IsRetry(edges[e]) && on_cycle_[e] &&
            components_.of[column[e]] == c) {
          has_retry_[c] |= edges[e].Has(kConditional) ? kByData : kAlways;
        }
      }
    }
  }

  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    const std::vector<std::uint32_t>& row = RowStart(g);
    const std::vector<Vertex>& column = Targets(g);
    const std::span<const EdgeInfo> edges = ctx.facts.Edges();
    auto component = [&](Vertex x) { return components_.of[x]; };
    // Per cycle, the retry edge to show: one that leaves its node (the way
    // round is the interesting part), else a self-loop.
    std::vector<std::uint32_t> order;
    std::unordered_map<std::uint32_t, EdgeRef> chosen;
    for (Vertex v : ctx.walk.Order()) {
      const std::uint32_t c = component(v);
      if (!has_retry_[c] || components_.OwnerFlow(c) != ctx.flow) continue;
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        const Vertex t = column[e];
        if (!IsRetry(edges[e]) || !on_cycle_[e] || component(t) != c) {
          continue;
        }
        // Shown: a retry that is always taken, where the cycle has one.
        if ((has_retry_[c] & kAlways) && edges[e].Has(kConditional)) continue;
        auto [at, fresh] = chosen.try_emplace(c, EdgeAt(v, e));
        if (fresh) {
          order.push_back(c);
        } else if (at->second.src == column[at->second.idx] && t != v) {
          at->second = EdgeAt(v, e);
        }
      }
    }
    for (std::uint32_t c : order) {
      const EdgeRef& edge = chosen.at(c);
      const Vertex v = boost::source(edge, g);
      const Vertex t = boost::target(edge, g);
      // Which failures at v go round: a nomatch that loops while silence is
      // bounded is "not understood", not "silent or not understood".
      bool silence = false;
      bool invalid = false;
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        if (!IsRetry(edges[e]) || !on_cycle_[e] || component(column[e]) != c ||
            ((has_retry_[c] & kAlways) && edges[e].Has(kConditional))) {
          continue;
        }
        silence |= edges[e].kind == EdgeKind::kNoinput;
        invalid |= edges[e].kind == EdgeKind::kNomatch;
      }
      const std::string who = silence && !invalid   ? "stays silent"
                              : invalid && !silence ? "is not understood"
                                                    : "stays silent or is not "
                                                      "understood";
      std::string message;
      if (g[edge].Has(kExhausted)) {
        message = "when callers run out of tries at " + Quote(g[v]) +
                  ", on-exhausted leads straight back: a caller who cannot "
                  "answer is reprompted for ever";
      } else if (t == v) {
        message = Quote(g[v]) + " has no tries limit: a caller who " + who +
                  " is reprompted for ever";
      } else {
        message = "a caller who " + who + " at " + Quote(g[v]) +
                  " is sent round " + Quote(g[t]) +
                  " and back for ever: no tries limit ends it";
      }
      // Every retry round the cycle goes through a catch with a cond: the
      // author's own limit, perhaps (a counter in the cond); data may end it.
      const bool by_data = !(has_retry_[c] & kAlways);
      if (by_data) {
        message += ", unless the data in the catch's condition changes";
      }
      Finding& f = sink.Add(ctx.program, v, std::move(message));
      if (by_data) f.severity = Severity::kNote;
      f.route = ctx.paths.CycleThrough(g, edge, on_cycle_, components_.of);
    }
  }

 private:
  std::vector<std::uint8_t> on_cycle_;
  Components components_;
  // Per component: kAlways and/or kByData, the retries round it.
  enum : std::uint8_t { kAlways = 1, kByData = 2 };
  std::vector<std::uint8_t> has_retry_;
};

}  // namespace

std::unique_ptr<Rule> MakeRetryLoopRule() {
  return std::make_unique<RetryLoopRule>();
}

}  // namespace ivrscope
