#include "analyses/transfer_hops.hpp"

#include <algorithm>
#include <cassert>

namespace ivrscope {

TransferHops::TransferHops(const GraphFacts& facts)
    : facts_(facts),
      in_(facts.ComponentCount(), -1),
      weight_(facts.ComponentCount(), 0),
      pred_(facts.ComponentCount()),
      marked_(facts.ComponentCount(), false) {}

void TransferHops::Run(const FlowWalk& walk) {
  for (std::uint32_t c : touched_) {
    in_[c] = -1;
    weight_[c] = 0;
    pred_[c].reset();
    marked_[c] = false;
  }
  touched_.clear();
  walk_ = &walk;
  unbounded_ = false;
  max_ = 0;
  const Graph& g = facts_.graph();

  // Reached vertices grouped by component, components in topological order
  // (higher numbers first: every edge between components goes downwards).
  std::vector<std::pair<std::uint32_t, Vertex>> by_component;
  by_component.reserve(walk.Order().size());
  for (Vertex v : walk.Order()) {
    const std::uint32_t c = facts_.Component(v);
    by_component.push_back({c, v});
    if (!marked_[c]) {
      marked_[c] = true;
      touched_.push_back(c);
    }
    if (g[v].kind == NodeKind::kTransfer) ++weight_[c];
  }
  for (std::uint32_t c : touched_) {
    if (facts_.IsCyclic(c) && weight_[c] > 0) unbounded_ = true;
  }
  std::sort(by_component.begin(), by_component.end(),
            [](const auto& a, const auto& b) {
              return a.first != b.first ? a.first > b.first : a.second < b.second;
            });
  in_[facts_.Component(walk.start())] = 0;
  for (const auto& [c, v] : by_component) {
    assert(in_[c] >= 0);  // every reached component has a reached predecessor
    const int value = in_[c] + weight_[c];
    max_ = std::max(max_, value);
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
      const std::uint32_t next = facts_.Component(boost::target(*it, g));
      if (next != c && value > in_[next]) {
        in_[next] = value;
        pred_[next] = *it;
      }
    }
  }
}

int TransferHops::HopsAt(Vertex v) const {
  const std::uint32_t c = facts_.Component(v);
  return in_[c] < 0 ? 0 : in_[c] + weight_[c];
}

int TransferHops::HopsBefore(Vertex v) const {
  return std::max(in_[facts_.Component(v)], 0);
}

std::vector<RouteStep> TransferHops::RouteTo(Vertex v) const {
  const Graph& g = facts_.graph();
  auto all = [](const Edge&) { return true; };
  std::vector<std::vector<RouteStep>> pieces;  // collected backwards
  for (std::size_t guard = 0; guard <= facts_.ComponentCount(); ++guard) {
    const std::uint32_t c = facts_.Component(v);
    auto inside = [&](Vertex x) { return facts_.Component(x) == c; };
    if (!pred_[c]) {
      pieces.push_back(PathWithin(g, walk_->start(), v, all, inside));
      break;
    }
    const EdgeRef& e = *pred_[c];
    std::vector<RouteStep> piece{{boost::source(e, g), e}};
    AppendRoute(&piece, PathWithin(g, boost::target(e, g), v, all, inside));
    pieces.push_back(std::move(piece));
    v = boost::source(e, g);
  }
  std::vector<RouteStep> route;
  for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) {
    AppendRoute(&route, std::move(*it));
  }
  return route;
}

}  // namespace ivrscope
