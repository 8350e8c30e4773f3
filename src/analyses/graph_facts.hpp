// Facts about the whole program graph that several rules share, computed once
// and in linear time, and the per-flow walk (d(v) and the cheapest routes from
// a flow's start). Nothing here knows about rules or reports.
//
// Everything here reads the graph's compressed sparse row arrays directly and
// keeps its own results in flat arrays of small integers indexed by vertex or
// by edge index: on a graph of millions of nodes the analyses are bound by
// memory traffic, and a 64-byte Edge or 72-byte Node read per step cost more
// than the step itself.
#ifndef IVRSCOPE_SRC_ANALYSES_GRAPH_FACTS_HPP_
#define IVRSCOPE_SRC_ANALYSES_GRAPH_FACTS_HPP_

#include <array>
#include <cassert>
#include <climits>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "ivrscope/finding.hpp"
#include "ivrscope/flow.hpp"

namespace ivrscope {

inline constexpr int kUnreached = INT_MAX;
/// "No edge" in the arrays that hold an edge index per vertex.
inline constexpr std::uint32_t kNoEdge = ~std::uint32_t{0};
/// The cost of an edge no caller can take (FlowWalk and h(v) pass it by).
inline constexpr std::uint8_t kImpassable = 255;

/// The caller reaches a person here.
bool IsHuman(const Node& node);

/// The graph's own out-edge arrays: the out-edges of v are the edge indices
/// RowStart(g)[v] up to RowStart(g)[v + 1], and Targets(g)[e] is where edge e
/// goes. Edge indices are the ones boost::edge_index gives.
inline const std::vector<std::uint32_t>& RowStart(const Graph& g) {
  return g.m_forward.m_rowstart;
}
inline const std::vector<Vertex>& Targets(const Graph& g) {
  return g.m_forward.m_column;
}
inline EdgeRef EdgeAt(Vertex source, std::uint32_t edge) {
  return EdgeRef(source, edge);
}

/// Every edge grouped by target (the model keeps out-edges only): the edges
/// into v are edge[i] from source[i], for i from begin[v] up to begin[v + 1],
/// in edge-index order. Linear time.
struct InEdges {
  std::vector<std::uint32_t> begin;
  std::vector<Vertex> source;
  std::vector<std::uint32_t> edge;
};
InEdges CollectInEdges(const Graph& graph);

/// What an edge is, two bytes per edge instead of the 64 of an Edge.
struct EdgeInfo {
  EdgeKind kind = EdgeKind::kAuto;
  std::uint8_t flags = 0;  // EdgeFlag bits

  bool Has(EdgeFlag flag) const { return (flags & flag) != 0; }
};

/// Routes as a tree from one root: each vertex's parent and the edge from
/// it, how many nodes lie before it, and its ancestor kRouteEnds steps from
/// the root, so that the two ends of a long route are found without walking
/// all of it (see RouteStep::skipped). The arrays span the graph; a vertex's
/// entries mean something once Attach has been called for it.
class RouteTree {
 public:
  explicit RouteTree(std::size_t n = 0)
      : from_(n, 0), via_(n, kNoEdge), steps_(n, 0), anchor_(n, 0) {}
  std::size_t size() const { return via_.size(); }

  /// x's parent, which may change until x is attached; ClearParent: none.
  void SetParent(Vertex x, Vertex parent, std::uint32_t edge) {
    from_[x] = parent;
    via_[x] = edge;
  }
  void ClearParent(Vertex x) { via_[x] = kNoEdge; }
  bool HasParent(Vertex x) const { return via_[x] != kNoEdge; }
  Vertex Parent(Vertex x) const { return from_[x]; }
  /// The edge from x's parent (x must have one).
  EdgeRef Via(Vertex x) const { return EdgeAt(from_[x], via_[x]); }
  /// x's route is final: its parent, if any, was attached before it.
  void Attach(Vertex x) {
    steps_[x] = 0;
    anchor_[x] = x;
    if (!HasParent(x)) return;
    const Vertex p = from_[x];
    steps_[x] = steps_[p] + 1;
    if (steps_[x] > kRouteEnds) anchor_[x] = anchor_[p];
  }

  /// The route from the root to v (v attached); the last step has no edge.
  /// A long one keeps its ends only, built from them in time bounded by
  /// kRouteEnds. `spare`: room kept for steps the caller appends.
  std::vector<RouteStep> RouteTo(Vertex v, std::size_t spare = 0) const;
  /// The same route, every step of it (linear in its length).
  std::vector<RouteStep> WholeRouteTo(Vertex v) const;

 private:
  std::vector<Vertex> from_;
  std::vector<std::uint32_t> via_;    // edge index, or kNoEdge
  std::vector<std::uint32_t> steps_;  // nodes before it
  std::vector<Vertex> anchor_;
};

/// Ways that end (to a person, to a hang-up), each vertex one step from the
/// next: how many nodes follow a vertex to the end, and which node stands
/// kRouteEnds - 1 steps before the end (the vertex itself when nearer), so
/// that the two ends of a long way are found without walking all of it.
class ChainEnds {
 public:
  explicit ChainEnds(std::size_t n = 0) : after_(n, 0), last_leg_(n, 0) {}

  /// x ends its way.
  void AtEnd(Vertex x) {
    after_[x] = 0;
    last_leg_[x] = x;
  }
  /// x's way goes on to `next`, whose own was set before.
  void Join(Vertex x, Vertex next) {
    after_[x] = after_[next] + 1;
    last_leg_[x] = after_[x] >= kRouteEnds ? last_leg_[next] : x;
  }
  /// Nodes after x to the end of its way.
  std::size_t After(Vertex x) const { return after_[x]; }

  /// Appends the way from x to its end to *route, next_edge(y) being the
  /// edge that leaves y along it. When the way has more than keep_first +
  /// kRouteEnds nodes, only its first keep_first and last kRouteEnds are
  /// appended, the first of those last counting the ones between.
  template <class NextEdge>
  void Append(Vertex x, std::size_t keep_first, const Graph& graph,
              const NextEdge& next_edge, std::vector<RouteStep>* route) const {
    const std::vector<Vertex>& column = Targets(graph);
    auto follow = [&](std::size_t steps) {
      for (std::size_t i = 0; i < steps; ++i) {
        const std::uint32_t e = next_edge(x);
        route->push_back({x, EdgeAt(x, e)});
        x = column[e];
      }
    };
    const std::size_t nodes = after_[x] + 1;
    if (nodes <= keep_first + kRouteEnds) {
      follow(nodes - 1);
    } else {
      const Vertex last_leg = last_leg_[x];
      follow(keep_first);
      x = last_leg;
      const std::size_t gap = route->size();
      follow(kRouteEnds - 1);
      (*route)[gap].skipped = nodes - keep_first - kRouteEnds;
    }
    route->push_back({x, std::nullopt});
  }

 private:
  std::vector<std::uint32_t> after_;
  std::vector<Vertex> last_leg_;
};

class GraphFacts {
 public:
  explicit GraphFacts(const Program& program);

  const Program& program() const { return program_; }
  const Graph& graph() const { return program_.graph; }
  std::size_t size() const { return to_human_.size(); }

  /// Kind and flags of every edge, by edge index.
  std::span<const EdgeInfo> Edges() const { return edges_; }
  /// EdgeCosts of every edge, by edge index (what FlowWalk needs): an
  /// exhaustion no caller can reach is kImpassable.
  std::span<const std::uint8_t> EdgeCost() const { return cost_; }
  /// No caller can take edge e (an exhaustion never reached).
  bool Impassable(std::uint32_t e) const { return cost_[e] == kImpassable; }
  /// 1 for each edge a caller can take, by edge index; empty when every
  /// edge is (the `allowed` of FindComponents and PathFinder).
  std::span<const std::uint8_t> Passable() const { return passable_; }
  /// 1 for each edge (by index) `keep` accepts (called with its EdgeInfo),
  /// else 0: the subgraphs the loop rules look at.
  template <class Keep>
  std::vector<std::uint8_t> EdgeMask(Keep keep) const {
    std::vector<std::uint8_t> mask(edges_.size());
    for (std::size_t e = 0; e < edges_.size(); ++e) mask[e] = keep(edges_[e]);
    return mask;
  }
  /// The flow that defines v, of every vertex.
  std::uint32_t FlowOf(Vertex v) const { return flow_[v]; }
  std::span<const std::uint32_t> Flows() const { return flow_; }
  /// What v is (its Node's kind), and whether a loader made it (an implicit
  /// end, or a copy of a node: Node::synthetic, Node::copy).
  NodeKind Kind(Vertex v) const { return kind_[v]; }
  bool Synthetic(Vertex v) const { return (bits_[v] & kSynthetic) != 0; }
  /// Some out-edge of v goes to a node of this kind (rules that look for
  /// edges into missing or external nodes skip the other vertices).
  bool LeadsTo(Vertex v, NodeKind kind) const {
    return (leads_to_[v] >> static_cast<unsigned>(kind) & 1u) != 0;
  }

  /// The call can end here: a human, a hang-up, a stop, something outside
  /// the analysed flows, or a transfer whose failure ends the call.
  bool IsTerminal(Vertex v) const { return (bits_[v] & kTerminal) != 0; }
  /// A transfer that reaches a person (IsHuman of the node).
  bool Human(Vertex v) const { return (bits_[v] & kHumanBit) != 0; }
  /// A menu two of whose answers may share a key or phrase (MenuRepeats
  /// found some): only these need duplicate-key's look.
  bool MayRepeatAnswer(Vertex v) const {
    return (bits_[v] & kRepeatsAnswer) != 0;
  }
  /// h(v): fewest entries from v to a human (kUnreached: none).
  int ToHuman(Vertex v) const { return to_human_[v]; }
  /// The first edge of a cheapest route from v to a human.
  std::optional<EdgeRef> NextToHuman(Vertex v) const {
    if (next_to_human_[v] == kNoEdge) return std::nullopt;
    return EdgeAt(v, next_to_human_[v]);
  }
  /// Some route from v ends the call (reaches a terminal).
  bool CanEnd(Vertex v) const { return (bits_[v] & kCanEnd) != 0; }
  /// Some route from v goes on at an external target (one known only at
  /// run time, or a document not fetched): what lies beyond is not analysed.
  bool MayContinue(Vertex v) const { return (bits_[v] & kMayContinue) != 0; }

  /// Strongly connected components of the whole graph, numbered in reverse
  /// topological order (an edge between components goes to a lower number).
  std::uint32_t Component(Vertex v) const { return component_[v]; }
  /// Component() of every vertex, for the searches that stay in one.
  std::span<const std::uint32_t> ComponentMap() const { return component_; }
  std::uint32_t ComponentCount() const { return component_count_; }
  /// The component has a cycle (more than one node, or a self-loop).
  bool IsCyclic(std::uint32_t component) const {
    return cyclic_[component] != 0;
  }
  /// The flow that reports a region spanning several linked flows: the owner
  /// of the component's lowest vertex.
  std::uint32_t ComponentOwner(std::uint32_t component) const {
    return owner_[component];
  }
  /// The vertices of a component, ascending.
  std::span<const Vertex> Members(std::uint32_t component) const {
    return {members_.data() + member_begin_[component],
            members_.data() + member_begin_[component + 1]};
  }
  /// Transfer nodes in a component.
  int TransfersIn(std::uint32_t component) const {
    return transfers_[component];
  }

  /// Nodes defined by each flow, in graph order.
  std::span<const Vertex> NodesOf(std::uint32_t flow) const {
    return {nodes_of_flow_.data() + flow_begin_[flow],
            nodes_of_flow_.data() + flow_begin_[flow + 1]};
  }

  /// Continues a route that ends at v (last step without an edge) along
  /// NextToHuman to a human (h(v) must be finite), keeping the ends of that
  /// part only when it is long (see RouteStep::skipped): in time bounded by
  /// kRouteEnds, however far the human is.
  void ContinueToHuman(std::vector<RouteStep>* route) const;
  /// The steps ContinueToHuman adds to a route that ends at v (at most
  /// 2 * kRouteEnds).
  std::size_t StepsToHuman(Vertex v) const;

 private:
  enum Bit : std::uint8_t {
    kTerminal = 1,
    kCanEnd = 2,
    kHumanBit = 4,
    kSynthetic = 8,
    kMayContinue = 16,
    kRepeatsAnswer = 32
  };

  const Program& program_;
  std::vector<EdgeInfo> edges_;
  std::vector<std::uint8_t> cost_;
  std::vector<std::uint8_t> passable_;  // empty: no edge is impassable
  std::vector<std::uint32_t> flow_;
  std::vector<NodeKind> kind_;
  std::vector<std::uint16_t> leads_to_;  // bit k: an edge to a kind-k node
  std::vector<std::uint8_t> bits_;       // Bit flags per vertex
  std::vector<int> to_human_;
  std::vector<std::uint32_t> next_to_human_;  // edge index, or kNoEdge
  ChainEnds ways_to_human_;                   // along next_to_human_
  std::vector<std::uint32_t> component_;
  std::vector<std::uint8_t> cyclic_;
  std::vector<std::uint32_t> owner_;
  std::vector<std::uint32_t> member_begin_;
  std::vector<Vertex> members_;
  std::vector<int> transfers_;
  std::uint32_t component_count_ = 0;
  std::vector<std::uint32_t> flow_begin_;
  std::vector<Vertex> nodes_of_flow_;
};

/// An external node standing for a target known only at run time (the
/// loaders' "ATTRIBUTE: EXPRESSION" destinations: expr, expritem, srcexpr,
/// destexpr, submit), as opposed to a known one outside the analysis.
bool IsDynamicTarget(const Node& node);

/// The queue of a shortest-route search whose steps cost 0 to kMaxStepCost
/// entries (Dial's buckets: one per distance, in a ring, as no step reaches
/// further than kMaxStepCost past the vertex being expanded). Vertices come
/// out in order of distance; among equal ones, those reached by a free step
/// from the vertex being expanded first (last in, first out), then the rest
/// first in, first out. For steps of 0 and 1 this is exactly a std::deque
/// used with push_front and push_back, the 0-1 breadth-first search it
/// generalises, so equally cheap routes are chosen as they were. Flat
/// arrays: nothing is allocated once warm. Linear in pushes plus distance.
class BucketQueue {
 public:
  static constexpr unsigned kMaxStepCost = 254;  // 255 is kImpassable

  bool empty() const { return pending_ == 0; }
  /// v at the distance of the vertex being expanded (or 0, before any)
  /// plus cost.
  void Push(Vertex v, unsigned cost) {
    assert(cost <= kMaxStepCost);
    ++pending_;
    if (cost == 0) {
      front_.push_back(v);
    } else {
      ring_[(current_ + cost) % kRing].push_back(v);
    }
  }
  /// A source at distance 0, behind the others (a search from many).
  void PushSource(Vertex v) {
    ++pending_;
    ring_[current_].push_back(v);
  }
  Vertex Pop() {
    assert(pending_ > 0);
    --pending_;
    if (!front_.empty()) {
      const Vertex v = front_.back();
      front_.pop_back();
      return v;
    }
    while (head_ == ring_[current_].size()) {  // drained: on to the next
      ring_[current_].clear();
      head_ = 0;
      current_ = (current_ + 1) % kRing;
    }
    return ring_[current_][head_++];
  }

 private:
  static constexpr unsigned kRing = kMaxStepCost + 1;
  std::vector<Vertex> front_;  // free steps from the vertex being expanded
  std::array<std::vector<Vertex>, kRing> ring_;
  unsigned current_ = 0;  // the bucket of the vertex being expanded
  std::size_t head_ = 0;  // read position in ring_[current_]
  std::size_t pending_ = 0;
};

/// The cheapest routes from one flow's start: d(v) by a breadth-first
/// search over distances (BucketQueue; see EdgeCosts for what steps cost).
class FlowWalk {
 public:
  /// cost[e]: the entries edge e costs (EdgeCosts; kImpassable: never
  /// taken).
  FlowWalk(const Graph& graph, std::span<const std::uint8_t> cost);

  /// Walks from start, forgetting the previous walk (cost: what it reaches).
  void Run(Vertex start);

  Vertex start() const { return start_; }
  bool Reached(Vertex v) const { return dist_[v] != kUnreached; }
  /// d(v): fewest entries from the start (kUnreached: no route).
  int Distance(Vertex v) const { return dist_[v]; }
  /// The edge into v on its cheapest route (none for the start).
  std::optional<EdgeRef> Parent(Vertex v) const {
    if (!tree_.HasParent(v)) return std::nullopt;
    return tree_.Via(v);
  }
  /// The vertex before v on its cheapest route (v must have a Parent).
  Vertex ParentVertex(Vertex v) const { return tree_.Parent(v); }
  bool HasParent(Vertex v) const { return tree_.HasParent(v); }
  /// Reached vertices in the order the search settled them (d ascending).
  const std::vector<Vertex>& Order() const { return order_; }

  /// The cheapest route from the start to v (v must be reached); the last
  /// step has no edge. `spare`: room kept for steps the caller appends. A
  /// long route keeps its ends only (RouteStep::skipped), in time bounded by
  /// kRouteEnds however deep v lies.
  std::vector<RouteStep> RouteTo(Vertex v, std::size_t spare = 0) const {
    AttachAll();
    return tree_.RouteTo(v, spare);
  }
  /// The cheapest route from the start to v, every step of it (linear in
  /// its length): what RouteTo's cut routes are tested against.
  std::vector<RouteStep> FullRouteTo(Vertex v) const {
    AttachAll();
    return tree_.WholeRouteTo(v);
  }

 private:
  const Graph& graph_;
  std::span<const std::uint8_t> cost_;
  Vertex start_ = 0;
  std::vector<int> dist_;
  // The cheapest routes. Their step counts and anchors are only needed for
  // the routes findings show, so they are made on the first RouteTo after
  // Run, in the order the walk settled the vertices (parents first), not in
  // every walk's inner loop.
  void AttachAll() const;
  mutable RouteTree tree_;
  mutable bool attached_ = false;
  std::vector<std::uint8_t> settled_;
  std::vector<Vertex> order_;
  BucketQueue queue_;
};

/// The entries each exhausted edge costs, by edge index, into *cost (which
/// holds EntryCost of every edge): tries run out only for a caller who comes
/// back to try again. An exhaustion after `attempts` > 1 failures is
/// kImpassable when no retry edge of the item (of its own event, or either
/// event for kEveryFailure) stays in the item's strongly connected
/// component under `component`: every such failure leads away for good, or
/// re-enters the dialog, which resets the counters. Otherwise each
/// misunderstood attempt is an entry: a nomatch exhaustion after N
/// attempts costs N, and a kEveryFailure one costs N-1 when only
/// misunderstanding comes back (the last failure may be silence). Costs are
/// capped at BucketQueue::kMaxStepCost. Linear.
void CostExhaustion(const Graph& graph,
                    std::span<const std::uint32_t> component,
                    std::vector<std::uint8_t>* cost);

/// EntryCost of every edge, by edge index, with CostExhaustion applied (what
/// FlowWalk needs).
std::vector<std::uint8_t> EdgeCosts(const Graph& graph);

/// Shortest paths (in edges) inside one strongly connected component, for
/// the routes findings show. Its arrays span the graph but each search
/// resets only what it touched, so a search costs what the component holds
/// of the graph, and nothing is allocated per search once warm. One per
/// thread.
class PathFinder {
 public:
  /// A shortest path from `from` to `to` using edges e with allowed[e] != 0
  /// (every edge when allowed is empty) whose ends both lie in the
  /// component of `to` under `component`; steps end with `to` (no edge).
  /// Empty if none.
  std::vector<RouteStep> Within(const Graph& graph, Vertex from, Vertex to,
                                std::span<const std::uint8_t> allowed,
                                std::span<const std::uint32_t> component);

  /// A cycle through `edge` (whose ends must share a component of the graph
  /// restricted to `allowed`, under `component`): the edge, then a shortest
  /// way back inside the component. Steps run from the edge's source round
  /// to it again; the final step repeats the first node with no edge. A
  /// long cycle keeps its ends only (ShortenRoute), as findings show it.
  std::vector<RouteStep> CycleThrough(const Graph& graph, const EdgeRef& edge,
                                      std::span<const std::uint8_t> allowed,
                                      std::span<const std::uint32_t> component);

  /// The path Within finds, appended to *reversed backwards: a step for
  /// every vertex before `to`, from the one just before it back to `from`.
  /// Nothing when from == to. Returns whether there is a path.
  bool AppendBackwards(const Graph& graph, Vertex from, Vertex to,
                       std::span<const std::uint8_t> allowed,
                       std::span<const std::uint32_t> component,
                       std::vector<RouteStep>* reversed);

 private:
  // Breadth-first search from `from` until `to` is entered; leaves in_ and
  // from_ set for the vertices queued (see Forget).
  bool Search(const Graph& graph, Vertex from, Vertex to,
              std::span<const std::uint8_t> allowed,
              std::span<const std::uint32_t> component);
  void Forget();

  std::vector<std::uint32_t> in_;  // edge the search entered by; kNoEdge
  std::vector<Vertex> from_;       // that edge's source
  std::vector<Vertex> queue_;
};

/// Among v's out-edges that stay in v's component, one that leaves v (a
/// self-loop only if there is nothing else): witness cycles then show the
/// way round.
std::optional<EdgeRef> PreferLeaving(const Graph& graph, Vertex v,
                                     std::span<const std::uint32_t> component);

/// Joins a route that ends at v with one that starts at v.
void AppendRoute(std::vector<RouteStep>* route, std::vector<RouteStep> tail);

/// Keeps the first and the last kRouteEnds steps of a route built in full
/// (a cycle, a way through components), counting the rest in the first
/// step after the gap: what every finding's evidence is cut to.
void ShortenRoute(std::vector<RouteStep>* route);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_ANALYSES_GRAPH_FACTS_HPP_
