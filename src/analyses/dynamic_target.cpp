// dynamic-target: a route that continues at a target known only at run time.
//
// VoiceXML can name where the caller goes next with an expression (goto or
// choice expr, goto expritem, subdialog srcexpr, transfer destexpr), throw
// an event whose name is one (throw, choice, link or return eventexpr: its
// handler is unknown), or hand the call to a web server (submit, whose
// response is the next document).
// ivrscope cannot follow such a route, so every analysis stops there: the
// loader sends the edge to an external node whose destination is
// "ATTRIBUTE: EXPRESSION", and this rule says so, with the expression, so a
// reviewer knows which routes the other findings cannot see. An http: or
// server-page target is external too but is not dynamic: it is not reported.
// A plain string literal (expr="'#main'") is resolved by the loader and
// never gets here. One note per expression, at it: a <goto expr> in the
// <filled> of a field with three options is one target, not three.
#include <unordered_set>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class DynamicTargetRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    const std::vector<std::uint32_t>& row = RowStart(g);
    const std::vector<Vertex>& column = Targets(g);
    std::unordered_set<Vertex> reported;
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (!ctx.facts.LeadsTo(v, NodeKind::kExternal)) continue;
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        // The kind first: it is one byte a vertex, the Node is 72.
        if (ctx.facts.Kind(column[e]) != NodeKind::kExternal) continue;
        const Node& target = g[column[e]];
        if (!IsDynamicTarget(target) || !reported.insert(column[e]).second) {
          continue;
        }
        const std::string_view dest = target.destination;
        const std::size_t colon = dest.find(": ");
        const std::string attr(dest.substr(0, colon));
        const std::string expr(dest.substr(colon + 2));
        std::string message =
            attr == "submit"
                ? "the route from " + Quote(g[v]) +
                      " continues at the page a web server returns for "
                      "<submit> to '" +
                      expr + "': it is not known statically and not analysed"
            : attr == "eventexpr"
                ? "the route from " + Quote(g[v]) +
                      " continues at the handler of an event computed at run "
                      "time (eventexpr=\"" +
                      expr + "\"): it is not known statically and not analysed"
                : "the route from " + Quote(g[v]) +
                      " continues at a target computed at run time (" + attr +
                      "=\"" + expr +
                      "\"): it is not known statically and not analysed";
        sink.Add(v, target.location, std::move(message));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDynamicTargetRule() {
  return std::make_unique<DynamicTargetRule>();
}

}  // namespace ivrscope
