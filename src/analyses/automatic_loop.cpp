// automatic-loop: the flow spins without the caller doing anything.
//
// A cycle with no entry, noinput or nomatch edge: prompts replay or the
// platform loops on its own until it gives up. An error when some cycle of
// the region is made of automatic steps only; a warning when every cycle
// passes a condition (data may break the loop). Each region once.
#include <unordered_map>

#include "analyses/components.hpp"
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

bool Plain(const Edge& e) {
  return e.kind == EdgeKind::kAuto || e.kind == EdgeKind::kTransferFailed;
}
bool Automatic(const Edge& e) {
  return Plain(e) || e.kind == EdgeKind::kCondition;
}

class AutomaticLoopRule : public Rule {
 public:
  void Prepare(const GraphFacts& facts) override {
    plain_ = FindComponents(facts.graph(), Plain);
    automatic_ = FindComponents(facts.graph(), Automatic);
  }

  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    struct Witness {
      std::optional<EdgeRef> plain;
      std::optional<EdgeRef> conditional;
      Vertex first;
    };
    std::vector<std::uint32_t> order;  // regions, as first reached
    std::unordered_map<std::uint32_t, Witness> regions;
    for (Vertex v : ctx.walk.Order()) {
      const std::uint32_t c = automatic_.of[v];
      if (!automatic_.cyclic[c] || automatic_.OwnerFlow(g, c) != ctx.flow) {
        continue;
      }
      auto [at, fresh] = regions.try_emplace(c, Witness{{}, {}, v});
      if (fresh) order.push_back(c);
      Witness& w = at->second;
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        const Vertex t = boost::target(*it, g);
        if (!w.plain && Plain(g[*it]) && plain_.of[t] == plain_.of[v]) {
          w.plain = *it;
        }
        if (!w.conditional && Automatic(g[*it]) && automatic_.of[t] == c) {
          w.conditional = *it;
        }
      }
    }
    for (std::uint32_t c : order) {
      const Witness& w = regions.at(c);
      const bool plain = w.plain.has_value();
      const EdgeRef edge = plain ? *w.plain : *w.conditional;
      const Vertex v = boost::source(edge, g);
      Finding& f = sink.Add(
          ctx.program, v,
          plain ? Quote(g[v]) +
                      " is on a loop that runs without the caller doing "
                      "anything: it never ends on its own"
                : Quote(g[v]) +
                      " is on a loop that runs without the caller doing "
                      "anything; only a condition on data can end it");
      if (!plain) f.severity = Severity::kWarning;
      const Components& on = plain ? plain_ : automatic_;
      f.route = CycleThrough(g, edge, plain ? Plain : Automatic,
                             [&](Vertex x) { return on.of[x]; });
    }
  }

 private:
  Components plain_;
  Components automatic_;
};

}  // namespace

std::unique_ptr<Rule> MakeAutomaticLoopRule() {
  return std::make_unique<AutomaticLoopRule>();
}

}  // namespace ivrscope
