// Transfers on a route: the longest route from a flow's start in number of
// transfer nodes passed (failed attempts included), on the condensation of
// the graph so that it takes linear time. Shared by the too-many-transfers
// rule and the max_transfer_hops metric.
#ifndef IVRSCOPE_SRC_ANALYSES_TRANSFER_HOPS_HPP_
#define IVRSCOPE_SRC_ANALYSES_TRANSFER_HOPS_HPP_

#include <cstdint>
#include <vector>

#include "analyses/graph_facts.hpp"

namespace ivrscope {

class TransferHops {
 public:
  explicit TransferHops(const GraphFacts& facts);

  /// Computes the hops of the flow the walk started from (cost: what the
  /// walk reached).
  void Run(const FlowWalk& walk);

  /// A reachable cycle passes a transfer: hops are unbounded.
  bool Unbounded() const { return unbounded_; }
  /// Most transfers on any route (ignoring the cycles that make it
  /// unbounded, each of whose transfers counts once).
  int Max() const { return max_; }
  /// Most transfers passed on a route that ends at v, v itself included.
  int HopsAt(Vertex v) const;
  /// Most transfers passed before entering v.
  int HopsBefore(Vertex v) const;
  /// HopsBefore(v) counts the transfers of a cycle (once each): the route
  /// RouteTo gives passes through that cycle's component but not always
  /// through each of its transfers, so a finding must say so.
  bool ThroughLoop(Vertex v) const;
  /// A route from the start to v passing HopsAt(v) transfers, its ends
  /// only when long (RouteStep::skipped). The first call after Run lays out
  /// the routes to every reached vertex (linear in what the walk reached);
  /// each call then costs at most 2 * kRouteEnds steps, however many
  /// findings share one long way.
  std::vector<RouteStep> RouteTo(Vertex v) const;
  /// Entries the route RouteTo(v) stands for costs, all of it counted.
  int EntriesTo(Vertex v) const;
  /// The same route built whole, component by component (linear in its
  /// length): what RouteTo is tested against.
  std::vector<RouteStep> WholeRouteTo(Vertex v, PathFinder* paths) const;

 private:
  const GraphFacts& facts_;
  const FlowWalk* walk_ = nullptr;
  std::vector<int> in_;                 // per component; -1: unreached
  std::vector<Vertex> pred_from_;       // source of the edge that set in_
  std::vector<std::uint32_t> pred_;     // that edge, or kNoEdge
  std::vector<std::uint8_t> via_loop_;  // in_ counts a cycle's transfers
  std::vector<std::uint8_t> marked_;    // component is in touched_
  std::vector<std::uint32_t> touched_;  // reached components
  std::vector<std::uint32_t> scratch_;
  bool unbounded_ = false;
  int max_ = 0;

  // The routes RouteTo gives, as a tree over the reached vertices: into each
  // component by the edge that set its in_, then a breadth-first search
  // from there inside it (the path PathFinder finds). A cache, laid out on
  // the first RouteTo after Run (most flows need no route).
  void LayOutRoutes() const;
  mutable bool laid_out_ = false;
  mutable RouteTree tree_;
  mutable std::vector<int> tree_entries_;         // of each route, in full
  mutable std::vector<std::uint32_t> tree_seen_;  // == tree_run_: laid out
  mutable std::uint32_t tree_run_ = 0;
  mutable std::vector<Vertex> tree_queue_;
};

/// Sorts values into descending order in linear time (a radix sort, with
/// `scratch` as its second buffer; small inputs go to std::sort).
void SortDescending(std::vector<std::uint32_t>* values,
                    std::vector<std::uint32_t>* scratch);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_ANALYSES_TRANSFER_HOPS_HPP_
