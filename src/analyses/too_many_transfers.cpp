// too-many-transfers: "pass the parcel".
//
// A route on which the caller is transferred more than --max-transfers times
// (default 2), counting every transfer node passed, failed attempts
// included, across linked flows. The count is the longest route in transfers
// on the condensation of the graph (see transfer_hops). Only the transfer
// that first passes the limit on a route is reported. Where that is in a
// transfer loop, the count takes the loop's transfers once and the finding
// is on the loop's first transfer reached (transfer-loop says the rest):
// left to transfer-loop alone, a limit passed inside a loop was no finding,
// and a higher limit then gave one further on.
#include <unordered_set>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class TooManyTransfersRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const int limit = ctx.options.max_transfers;
    std::unordered_set<std::uint32_t> loops_reported;
    for (Vertex v : ctx.walk.Order()) {
      if (ctx.facts.Kind(v) != NodeKind::kTransfer) continue;
      const int hops = ctx.hops.HopsAt(v);
      if (hops <= limit || ctx.hops.HopsBefore(v) > limit) continue;
      const std::uint32_t c = ctx.facts.Component(v);
      if (ctx.facts.IsCyclic(c) && !loops_reported.insert(c).second) continue;
      const Node& node = ctx.node(v);
      // The route shows the way through a transfer loop's region, not
      // every transfer of the loop that the count takes once.
      Finding& f = sink.Add(
          ctx.program, v,
          Concat({"callers can be transferred ", std::to_string(hops),
                  hops == 1 ? " time" : " times", " on the way to '", node.id,
                  "' (", node.destination, "), more than the limit of ",
                  std::to_string(limit),
                  ctx.facts.IsCyclic(c)
                      ? ", counting once each transfer of the transfer loop "
                        "it is on (see transfer-loop)"
                  : ctx.hops.ThroughLoop(v)
                      ? ", counting once each transfer of a transfer loop "
                        "on the way (see transfer-loop)"
                      : ""}));
      f.hops = hops;
      f.route = ctx.hops.RouteTo(v);
      f.entries = ctx.hops.EntriesTo(v);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeTooManyTransfersRule() {
  return std::make_unique<TooManyTransfersRule>();
}

}  // namespace ivrscope
