// The IVR map (see ivr_map.hpp): one search by distance from each flow's
// start, the same FlowWalk the routing rules use, so the map and the findings
// always agree on what "fewest entries" means.
#include "ivrscope/ivr_map.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <string_view>
#include <tuple>

#include "analyses/graph_facts.hpp"

namespace ivrscope {

std::string_view ToString(EndpointKind kind) {
  switch (kind) {
    case EndpointKind::kHuman:
      return "human";
    case EndpointKind::kHangup:
      return "hangup";
    case EndpointKind::kExit:
      return "exit";
  }
  return "?";
}

namespace {

// Whether the call ends at v and how; none when v is a step on the way.
// A transfer into another analysed flow is a step (its flow link is followed);
// one that leaves the analysed flows is an exit.
std::optional<EndpointKind> EndpointOf(const Graph& g, Vertex v) {
  const Node& node = g[v];
  switch (node.kind) {
    case NodeKind::kHangup:
      return EndpointKind::kHangup;
    case NodeKind::kStop:
    case NodeKind::kExternal:
    case NodeKind::kMissing:
      return EndpointKind::kExit;
    case NodeKind::kTransfer: {
      if (node.human) return EndpointKind::kHuman;
      // Linked into another flow, or handed on automatically to where its
      // destination is decided (a destexpr, a missing dest): the endpoint
      // is there, listed once.
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        if (g[*it].Has(kFlowLink) || g[*it].kind == EdgeKind::kAuto) {
          return std::nullopt;
        }
      }
      return EndpointKind::kExit;
    }
    default:
      // Nothing follows: the platform ends the call.
      if (boost::out_degree(v, g) == 0) return EndpointKind::kExit;
      return std::nullopt;
  }
}

}  // namespace

std::vector<FlowMap> BuildIvrMap(const Program& program) {
  const Graph& g = program.graph;
  std::vector<FlowMap> maps(program.flows.size());
  const std::vector<std::uint8_t> cost = EdgeCosts(g);
  FlowWalk walk(g, cost);
  // A reached vertex's place in the flow's steps, once its route is in the
  // tree: kNoParent until then, and again after the flow.
  std::vector<std::uint32_t> place(boost::num_vertices(g), MapStep::kNoParent);
  std::vector<Vertex> climb;
  // Where an endpoint stands: a loader's copy of a node (see Node::synthetic)
  // is the same endpoint for a caller, listed once, where it is cheapest.
  using Place = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t,
                           std::string_view, EndpointKind>;
  std::set<Place> listed;
  for (std::size_t i = 0; i < program.flows.size(); ++i) {
    walk.Run(program.flows[i].start);
    FlowMap& map = maps[i];
    listed.clear();
    for (Vertex v : walk.Order()) {
      std::optional<EndpointKind> kind = EndpointOf(g, v);
      if (!kind) continue;
      const Location& at = g[v].location;
      if (!listed.emplace(at.file, at.line, at.column, g[v].id, *kind).second) {
        continue;
      }
      // Up the cheapest route to the first node already in the tree (each
      // node is climbed once per flow), then down again adding the rest.
      climb.clear();
      Vertex x = v;
      while (place[x] == MapStep::kNoParent) {
        climb.push_back(x);
        if (!walk.HasParent(x)) break;
        x = walk.ParentVertex(x);
      }
      for (auto it = climb.rbegin(); it != climb.rend(); ++it) {
        MapStep& step = map.steps.emplace_back();
        step.node = *it;
        if (walk.HasParent(*it)) {
          step.parent = place[walk.ParentVertex(*it)];
          step.in = *walk.Parent(*it);
        }
        place[*it] = static_cast<std::uint32_t>(map.steps.size() - 1);
      }
      Endpoint& e = map.endpoints.emplace_back();
      e.node = v;
      e.kind = *kind;
      e.entries = walk.Distance(v);
      e.step = place[v];
    }
    for (const MapStep& step : map.steps) place[step.node] = MapStep::kNoParent;
    // The walk settles in entry order already; the location breaks ties so
    // that the map reads like the file.
    std::stable_sort(map.endpoints.begin(), map.endpoints.end(),
                     [&](const Endpoint& a, const Endpoint& b) {
                       const Location& la = g[a.node].location;
                       const Location& lb = g[b.node].location;
                       return std::tie(a.entries, la.file, la.line, la.column) <
                              std::tie(b.entries, lb.file, lb.line, lb.column);
                     });
  }
  return maps;
}

std::vector<RouteStep> MapRoute(const FlowMap& map, const Endpoint& e) {
  std::vector<RouteStep> route;
  std::uint32_t at = e.step;
  route.push_back({map.steps[at].node, std::nullopt});
  while (map.steps[at].parent != MapStep::kNoParent) {
    const MapStep& step = map.steps[at];
    at = step.parent;
    route.push_back({map.steps[at].node, step.in});
  }
  std::reverse(route.begin(), route.end());
  return route;
}

std::vector<RouteStep> ShownRoute(std::vector<RouteStep> route) {
  ShortenRoute(&route);
  return route;
}

std::vector<Vertex> TransfersPassed(const Graph& graph,
                                    const std::vector<RouteStep>& route) {
  std::vector<Vertex> transfers;
  for (std::size_t s = 0; s + 1 < route.size(); ++s) {
    if (graph[route[s].node].kind == NodeKind::kTransfer) {
      transfers.push_back(route[s].node);
    }
  }
  return transfers;
}

std::string CallerAction(const Program& program, const EdgeRef& edge) {
  const Edge& e = program.graph[edge];
  switch (e.kind) {
    case EdgeKind::kEntry: {
      std::string phrase =
          e.phrase.empty() ? "" : '"' + std::string(e.phrase) + '"';
      if (!e.key.empty()) {
        return phrase.empty() ? std::string(e.key)
                              : std::string(e.key) + '/' + phrase;
      }
      return phrase.empty() ? "(input)" : phrase;
    }
    case EdgeKind::kNomatch:
    case EdgeKind::kNoinput: {
      bool silent = e.kind == EdgeKind::kNoinput;
      if (e.Has(kEveryFailure) && e.attempts > 1) {
        // Tries counting every failure run out by the failure that asks
        // again: silence when it reprompts, else misunderstanding when that
        // does (a handler's way back through other nodes is taken to be
        // silence's, the cheapest).
        auto reprompts = [&](EdgeKind kind) {
          for (auto [it, end] = boost::out_edges(edge.src, program.graph);
               it != end; ++it) {
            const Edge& r = program.graph[*it];
            if (r.kind == kind && !r.Has(kExhausted) &&
                boost::target(*it, program.graph) == edge.src) {
              return true;
            }
          }
          return false;
        };
        silent =
            reprompts(EdgeKind::kNoinput) || !reprompts(EdgeKind::kNomatch);
      }
      std::string out = silent ? "(silence" : "(invalid";
      if (e.attempts > 1) out += " x" + std::to_string(e.attempts);
      return out + ')';
    }
    case EdgeKind::kAuto:
    case EdgeKind::kCondition:
    case EdgeKind::kTransferFailed:
      break;
  }
  return "";
}

std::string KeySequence(const Program& program,
                        const std::vector<RouteStep>& route) {
  std::string out;
  for (const RouteStep& step : route) {
    if (!step.via) continue;
    const std::string action = CallerAction(program, *step.via);
    if (action.empty()) continue;
    if (!out.empty()) out += ' ';
    out += action;
  }
  return out.empty() ? "(none)" : out;
}

std::string NodeName(const Program& program, Vertex v, std::uint32_t flow) {
  const Node& node = program.graph[v];
  std::string name;
  if (node.flow != flow && node.flow < program.flows.size()) {
    name = std::string(program.flows[node.flow].name) + ':';
  }
  return name + std::string(node.id);
}

std::string RouteText(const Program& program,
                      const std::vector<RouteStep>& route, std::uint32_t flow) {
  std::string out;
  for (const RouteStep& step : route) {
    if (step.skipped) out += SkippedText(step.skipped) + " -> ";
    out += NodeName(program, step.node, flow);
    if (!step.via) continue;
    const std::string input = RouteInput(program, *step.via);
    out += input.empty() ? " -> " : " -" + input + "-> ";
  }
  return out;
}

}  // namespace ivrscope
