// unreachable: a node no route from the flow's start reaches.
//
// Nobody can ever hear it; usually a target somewhere names the wrong node.
// Nodes a loader made for implicit ends are not reported, nor a node whose
// copy is reached.
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

class UnreachableRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    std::vector<Vertex> unreached;
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (!ctx.facts.Synthetic(v) && !ctx.walk.Reached(v))
        unreached.push_back(v);
    }
    if (unreached.empty()) return;
    // A loader may copy a node for the routes on which what follows it
    // differs (VoiceXML: an item selected by <goto nextitem>): a synthetic
    // node of the same id and place. Where a copy is reached, so is the
    // element. Looked for only when something is unreached (seldom).
    auto place = [&](Vertex v) {
      const Location& at = ctx.node(v).location;
      return std::uint64_t{at.file} << 40 ^ std::uint64_t{at.line} << 16 ^
             at.column;
    };
    std::unordered_map<std::uint64_t, Vertex> candidates;
    for (Vertex v : unreached) candidates.emplace(place(v), v);
    std::unordered_set<Vertex> copied;
    for (Vertex v : ctx.walk.Order()) {
      if (!ctx.facts.Synthetic(v)) continue;
      auto it = candidates.find(place(v));
      if (it == candidates.end()) continue;
      const Node& copy = ctx.node(v);
      const Node& original = ctx.node(it->second);
      if (copy.id == original.id && copy.kind == original.kind &&
          copy.location == original.location) {
        copied.insert(it->second);
      }
    }
    const std::string flow(ctx.program.flows[ctx.flow].name);
    // Past a target not followed (computed at run time, or a document not
    // fetched) the call may come back to it.
    const bool beyond = ctx.facts.MayContinue(ctx.walk.start());
    for (Vertex v : unreached) {
      if (copied.contains(v)) continue;
      const Node& node = ctx.node(v);
      sink.Add(ctx.program, v,
               Concat({"no route ", beyond ? "ivrscope can follow " : "",
                       "from the start of flow '", flow, "' reaches ",
                       ToString(node.kind), " '", node.id, "'",
                       beyond ? " (a route goes on at a target ivrscope "
                                "does not follow: see dynamic-target)"
                              : ""}));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeUnreachableRule() {
  return std::make_unique<UnreachableRule>();
}

}  // namespace ivrscope
