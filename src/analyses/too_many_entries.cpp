// too-many-entries: a caller should reach a person in --max-entries entries
// (default 3) or fewer.
//
// For every reachable node v from which a human can be reached, the cheapest
// route through v costs d(v) + h(v) entries (d from the flow's start, h to
// the nearest human; an option or a misunderstood answer costs one, silence
// costs nothing). When that passes the limit, the caller who goes through v
// cannot reach a person in time. Only the first such node on a cheapest route
// is reported (its predecessor on the route is within the limit), so one deep
// menu gives one finding, not one per option under it.
#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class TooManyEntriesRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const int limit = ctx.options.max_entries;
    auto total = [&](Vertex v) {
      const int h = ctx.facts.ToHuman(v);
      return h == kUnreached ? kUnreached : ctx.walk.Distance(v) + h;
    };
    for (Vertex v : ctx.walk.Order()) {
      const int entries = total(v);
      if (entries == kUnreached || entries <= limit) continue;
      if (const auto& parent = ctx.walk.Parent(v)) {
        const int before = total(boost::source(*parent, ctx.graph()));
        if (before != kUnreached && before > limit) continue;
      }
      std::vector<RouteStep> route =
          ctx.walk.RouteTo(v, ctx.facts.StepsToHuman(v));
      ctx.facts.ContinueToHuman(&route);
      const Node& human = ctx.node(route.back().node);
      Finding& f = sink.Add(
          ctx.program, v,
          Concat({"callers who reach '", ctx.node(v).id, "' need ",
                  std::to_string(entries), entries == 1 ? " entry" : " entries",
                  " to reach a human ('", human.id,
                  "'), more than the limit of ", std::to_string(limit)}));
      f.entries = entries;
      f.route = std::move(route);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeTooManyEntriesRule() {
  return std::make_unique<TooManyEntriesRule>();
}

}  // namespace ivrscope
