// Facts about the whole program graph that several rules share, computed once
// and in linear time, and the per-flow walk (d(v) and the cheapest routes from
// a flow's start). Nothing here knows about rules or reports.
#ifndef IVRSCOPE_SRC_ANALYSES_GRAPH_FACTS_HPP_
#define IVRSCOPE_SRC_ANALYSES_GRAPH_FACTS_HPP_

#include <climits>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "ivrscope/finding.hpp"
#include "ivrscope/flow.hpp"

namespace ivrscope {

inline constexpr int kUnreached = INT_MAX;

/// The caller reaches a person here.
bool IsHuman(const Node& node);

/// Every edge grouped by target (the model keeps out-edges only): the edges
/// into v are edges[begin[v]] up to edges[begin[v + 1]]. Linear time.
struct InEdges {
  std::vector<std::size_t> begin;
  std::vector<EdgeRef> edges;
};
InEdges CollectInEdges(const Graph& graph);

class GraphFacts {
 public:
  explicit GraphFacts(const Program& program);

  const Program& program() const { return program_; }
  const Graph& graph() const { return program_.graph; }
  std::size_t size() const { return to_human_.size(); }

  /// The call can end here: a human, a hang-up, a stop, something outside
  /// the analysed flows, or a transfer whose failure ends the call.
  bool IsTerminal(Vertex v) const { return terminal_[v]; }
  /// h(v): fewest entries from v to a human (kUnreached: none).
  int ToHuman(Vertex v) const { return to_human_[v]; }
  /// The first edge of a cheapest route from v to a human.
  const std::optional<EdgeRef>& NextToHuman(Vertex v) const {
    return next_to_human_[v];
  }
  /// Some route from v ends the call (reaches a terminal).
  bool CanEnd(Vertex v) const { return can_end_[v]; }

  /// Strongly connected components of the whole graph, numbered in reverse
  /// topological order (an edge between components goes to a lower number).
  std::uint32_t Component(Vertex v) const { return component_[v]; }
  std::uint32_t ComponentCount() const { return component_count_; }
  /// The component has a cycle (more than one node, or a self-loop).
  bool IsCyclic(std::uint32_t component) const { return cyclic_[component]; }
  /// The flow that reports a region spanning several linked flows: the owner
  /// of the component's lowest vertex.
  std::uint32_t ComponentOwner(std::uint32_t component) const {
    return program_.graph[component_first_[component]].flow;
  }

  /// Nodes defined by each flow, in graph order.
  const std::vector<Vertex>& NodesOf(std::uint32_t flow) const {
    return nodes_of_flow_[flow];
  }

  /// The route from v along NextToHuman to a human (v's h(v) must be finite).
  std::vector<RouteStep> RouteToHuman(Vertex v) const;

 private:
  const Program& program_;
  std::vector<bool> terminal_;
  std::vector<int> to_human_;
  std::vector<std::optional<EdgeRef>> next_to_human_;
  std::vector<bool> can_end_;
  std::vector<std::uint32_t> component_;
  std::vector<bool> cyclic_;
  std::vector<Vertex> component_first_;
  std::uint32_t component_count_ = 0;
  std::vector<std::vector<Vertex>> nodes_of_flow_;
};

/// The cheapest routes from one flow's start: d(v) by a 0-1 breadth-first
/// search (entry and nomatch edges cost 1, the others 0).
class FlowWalk {
 public:
  explicit FlowWalk(std::size_t graph_size);

  /// Walks from start, forgetting the previous walk (cost: what it reaches).
  void Run(const Graph& graph, Vertex start);

  Vertex start() const { return start_; }
  bool Reached(Vertex v) const { return dist_[v] != kUnreached; }
  /// d(v): fewest entries from the start (kUnreached: no route).
  int Distance(Vertex v) const { return dist_[v]; }
  /// The edge into v on its cheapest route (none for the start).
  const std::optional<EdgeRef>& Parent(Vertex v) const { return parent_[v]; }
  /// Reached vertices in the order the search settled them (d ascending).
  const std::vector<Vertex>& Order() const { return order_; }

  /// The cheapest route from the start to v (v must be reached); the last
  /// step has no edge.
  std::vector<RouteStep> RouteTo(Vertex v) const;

 private:
  const Graph* graph_ = nullptr;
  Vertex start_ = 0;
  std::vector<int> dist_;
  std::vector<std::optional<EdgeRef>> parent_;
  std::vector<bool> settled_;
  std::vector<Vertex> order_;
};

/// Edges a cycle search may use.
using EdgeFilter = std::function<bool(const Edge&)>;

/// A cycle through `edge` (whose ends must share a component of the graph
/// restricted to `allowed`, under `component_of`): the edge, then a shortest
/// way back inside the component. Steps run from the edge's source round to
/// it again; the final step repeats the first node with no edge.
std::vector<RouteStep> CycleThrough(
    const Graph& graph, const EdgeRef& edge, const EdgeFilter& allowed,
    const std::function<std::uint32_t(Vertex)>& component_of);

/// Shortest path (in edges) from `from` to `to` using allowed edges whose
/// ends both satisfy `inside`; steps end with `to` (no edge). Empty if none.
std::vector<RouteStep> PathWithin(const Graph& graph, Vertex from, Vertex to,
                                  const EdgeFilter& allowed,
                                  const std::function<bool(Vertex)>& inside);

/// Among v's out-edges that `stays` accepts, one that leaves v (a self-loop
/// only if there is nothing else): witness cycles then show the way round.
std::optional<EdgeRef> PreferLeaving(const Graph& graph, Vertex v,
                                     const std::function<bool(const EdgeRef&)>& stays);

/// Entries a route costs.
int RouteEntries(const Graph& graph, const std::vector<RouteStep>& route);

/// Joins a route that ends at v with one that starts at v.
void AppendRoute(std::vector<RouteStep>* route, std::vector<RouteStep> tail);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_ANALYSES_GRAPH_FACTS_HPP_
