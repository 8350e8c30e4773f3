#include "analyses/transfer_hops.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <functional>

namespace ivrscope {

void SortDescending(std::vector<std::uint32_t>* values,
                    std::vector<std::uint32_t>* scratch) {
  // Below this a comparison sort is cheaper than the radix sort's buckets;
  // log2 of it bounds the comparison sort's cost per value.
  constexpr std::size_t kSmall = 1024;
  std::vector<std::uint32_t>& a = *values;
  if (a.size() < kSmall) {
    std::sort(a.begin(), a.end(), std::greater<>());
    return;
  }
  // Least significant digit first, 11 bits a pass, each pass stable and
  // descending; passes above the largest value's top bit are skipped.
  constexpr int kBits = 11;
  constexpr std::uint32_t kMask = (1u << kBits) - 1;
  const std::uint32_t largest = *std::max_element(a.begin(), a.end());
  scratch->resize(a.size());
  for (int shift = 0; shift < 32 && (largest >> shift) != 0; shift += kBits) {
    std::array<std::size_t, kMask + 2> begin{};
    for (std::uint32_t x : a) ++begin[kMask - ((x >> shift) & kMask) + 1];
    for (std::size_t d = 0; d <= kMask; ++d) begin[d + 1] += begin[d];
    for (std::uint32_t x : a) {
      (*scratch)[begin[kMask - ((x >> shift) & kMask)]++] = x;
    }
    a.swap(*scratch);
  }
}

TransferHops::TransferHops(const GraphFacts& facts)
    : facts_(facts),
      in_(facts.ComponentCount(), -1),
      pred_from_(facts.ComponentCount(), 0),
      pred_(facts.ComponentCount(), kNoEdge),
      via_loop_(facts.ComponentCount(), 0),
      marked_(facts.ComponentCount(), 0) {}

void TransferHops::Run(const FlowWalk& walk) {
  for (std::uint32_t c : touched_) {
    in_[c] = -1;
    pred_[c] = kNoEdge;
    via_loop_[c] = 0;
    marked_[c] = 0;
  }
  touched_.clear();
  walk_ = &walk;
  laid_out_ = false;
  unbounded_ = false;
  max_ = 0;
  const std::vector<std::uint32_t>& row = RowStart(facts_.graph());
  const std::vector<Vertex>& column = Targets(facts_.graph());

  // A walk that reaches one vertex of a component reaches all of them, so
  // the reached vertices are the members of the reached components, and a
  // component's transfers are all reached.
  for (Vertex v : walk.Order()) {
    const std::uint32_t c = facts_.Component(v);
    if (!marked_[c]) {
      marked_[c] = 1;
      touched_.push_back(c);
      if (facts_.IsCyclic(c) && facts_.TransfersIn(c) > 0) unbounded_ = true;
    }
  }
  // Components in topological order (higher numbers first: every edge
  // between components goes downwards), each one's vertices ascending.
  SortDescending(&touched_, &scratch_);
  in_[facts_.Component(walk.start())] = 0;
  for (std::uint32_t c : touched_) {
    assert(in_[c] >= 0);  // every reached component has a reached predecessor
    const int value = in_[c] + facts_.TransfersIn(c);
    const std::uint8_t loop =
        via_loop_[c] | (facts_.IsCyclic(c) && facts_.TransfersIn(c) > 0);
    max_ = std::max(max_, value);
    for (Vertex v : facts_.Members(c)) {
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        // An exhaustion no caller reaches is no way on (nor a hop more).
        if (facts_.Impassable(e)) continue;
        const std::uint32_t next = facts_.Component(column[e]);
        if (next != c && value > in_[next]) {
          in_[next] = value;
          pred_from_[next] = v;
          pred_[next] = e;
          via_loop_[next] = loop;
        }
      }
    }
  }
}

int TransferHops::HopsAt(Vertex v) const {
  const std::uint32_t c = facts_.Component(v);
  return in_[c] < 0 ? 0 : in_[c] + facts_.TransfersIn(c);
}

int TransferHops::HopsBefore(Vertex v) const {
  return std::max(in_[facts_.Component(v)], 0);
}

bool TransferHops::ThroughLoop(Vertex v) const {
  return via_loop_[facts_.Component(v)] != 0;
}

void TransferHops::LayOutRoutes() const {
  const Graph& g = facts_.graph();
  const std::size_t n = boost::num_vertices(g);
  if (tree_.size() < n) {
    tree_ = RouteTree(n);
    tree_entries_.assign(n, 0);
    tree_seen_.assign(n, 0);
  }
  if (++tree_run_ == 0) {  // the stamps wrapped: none may look current
    std::fill(tree_seen_.begin(), tree_seen_.end(), 0);
    tree_run_ = 1;
  }
  const std::vector<std::uint32_t>& row = RowStart(g);
  const std::vector<Vertex>& column = Targets(g);
  const std::span<const std::uint8_t> cost = facts_.EdgeCost();
  // x reached from `from` by edge e (kNoEdge: x is the start).
  auto enter = [&](Vertex x, Vertex from, std::uint32_t e) {
    tree_seen_[x] = tree_run_;
    tree_entries_[x] = 0;
    if (e == kNoEdge) {
      tree_.ClearParent(x);
    } else {
      tree_.SetParent(x, from, e);
      tree_entries_[x] = tree_entries_[from] + cost[e];
    }
    tree_.Attach(x);
  };
  // Components in topological order: each one's way in comes from one
  // already laid out.
  for (std::uint32_t c : touched_) {
    Vertex entry = walk_->start();
    if (pred_[c] == kNoEdge) {
      enter(entry, entry, kNoEdge);
    } else {
      entry = column[pred_[c]];
      enter(entry, pred_from_[c], pred_[c]);
    }
    tree_queue_.assign(1, entry);
    for (std::size_t head = 0; head < tree_queue_.size(); ++head) {
      const Vertex u = tree_queue_[head];
      for (std::uint32_t e = row[u]; e < row[u + 1]; ++e) {
        const Vertex x = column[e];
        if (facts_.Component(x) != c || tree_seen_[x] == tree_run_ ||
            facts_.Impassable(e)) {
          continue;
        }
        enter(x, u, e);
        tree_queue_.push_back(x);
      }
    }
  }
  laid_out_ = true;
}

std::vector<RouteStep> TransferHops::RouteTo(Vertex v) const {
  if (!laid_out_) LayOutRoutes();
  assert(tree_seen_[v] == tree_run_);
  return tree_.RouteTo(v);
}

int TransferHops::EntriesTo(Vertex v) const {
  if (!laid_out_) LayOutRoutes();
  return tree_entries_[v];
}

std::vector<RouteStep> TransferHops::WholeRouteTo(Vertex v,
                                                  PathFinder* paths) const {
  const Graph& g = facts_.graph();
  const std::span<const std::uint32_t> component = facts_.ComponentMap();
  // Built backwards in one array: from v back through each component's way
  // in (the edge that set its in_) to the start.
  std::vector<RouteStep> route{{v, std::nullopt}};
  for (std::size_t guard = 0; guard <= facts_.ComponentCount(); ++guard) {
    const std::uint32_t c = facts_.Component(v);
    if (pred_[c] == kNoEdge) {
      [[maybe_unused]] const bool found = paths->AppendBackwards(
          g, walk_->start(), v, facts_.Passable(), component, &route);
      assert(found);  // both lie in one strongly connected component
      break;
    }
    const EdgeRef e = EdgeAt(pred_from_[c], pred_[c]);
    [[maybe_unused]] const bool found = paths->AppendBackwards(
        g, boost::target(e, g), v, facts_.Passable(), component, &route);
    assert(found);
    route.push_back({e.src, e});
    v = e.src;
  }
  std::reverse(route.begin(), route.end());
  return route;
}

}  // namespace ivrscope
