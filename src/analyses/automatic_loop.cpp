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

// A recursive subdialog's shared return (kUnwinds) is taken once per call
// level: a cycle through it ends, the caller or no.
bool Plain(const EdgeInfo& e) {
  return (e.kind == EdgeKind::kAuto || e.kind == EdgeKind::kTransferFailed) &&
         !e.Has(kUnwinds);
}
bool Automatic(const EdgeInfo& e) {
  return Plain(e) || (e.kind == EdgeKind::kCondition && !e.Has(kUnwinds));
}

class AutomaticLoopRule : public Rule {
 public:
  void Prepare(const GraphFacts& facts) override {
    plain_edges_ = facts.EdgeMask([](const EdgeInfo& e) { return Plain(e); });
    automatic_edges_ =
        facts.EdgeMask([](const EdgeInfo& e) { return Automatic(e); });
    plain_ = FindComponents(facts.graph(), plain_edges_, facts.Flows());
    automatic_ = FindComponents(facts.graph(), automatic_edges_, facts.Flows());
  }

  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    const std::vector<std::uint32_t>& row = RowStart(g);
    const std::vector<Vertex>& column = Targets(g);
    struct Witness {
      std::optional<EdgeRef> plain;
      std::optional<EdgeRef> conditional;
      Vertex first;
    };
    std::vector<std::uint32_t> order;  // regions, as first reached
    std::unordered_map<std::uint32_t, Witness> regions;
    for (Vertex v : ctx.walk.Order()) {
      const std::uint32_t c = automatic_.of[v];
      if (!automatic_.cyclic[c] || automatic_.OwnerFlow(c) != ctx.flow) {
        continue;
      }
      auto [at, fresh] = regions.try_emplace(c, Witness{{}, {}, v});
      if (fresh) order.push_back(c);
      Witness& w = at->second;
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        const Vertex t = column[e];
        if (!w.plain && plain_edges_[e] && plain_.of[t] == plain_.of[v]) {
          w.plain = EdgeAt(v, e);
        }
        if (!w.conditional && automatic_edges_[e] && automatic_.of[t] == c) {
          w.conditional = EdgeAt(v, e);
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
      f.route = ctx.paths.CycleThrough(
          g, edge, plain ? plain_edges_ : automatic_edges_, on.of);
    }
  }

 private:
  std::vector<std::uint8_t> plain_edges_;
  std::vector<std::uint8_t> automatic_edges_;
  Components plain_;
  Components automatic_;
};

}  // namespace

std::unique_ptr<Rule> MakeAutomaticLoopRule() {
  return std::make_unique<AutomaticLoopRule>();
}

}  // namespace ivrscope
