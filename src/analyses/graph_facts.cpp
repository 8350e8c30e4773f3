#include "analyses/graph_facts.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "analyses/components.hpp"

namespace ivrscope {

bool IsHuman(const Node& node) {
  return node.kind == NodeKind::kTransfer && node.human;
}

namespace {

bool ComputeTerminal(const Graph& g, Vertex v) {
  const Node& node = g[v];
  switch (node.kind) {
    case NodeKind::kHangup:
    case NodeKind::kStop:
    case NodeKind::kExternal:
    case NodeKind::kMissing:
      return true;
    case NodeKind::kTransfer: {
      if (node.human) return true;
      bool linked = false;
      bool fallback = false;
      for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
        linked |= g[*it].Has(kFlowLink);
        fallback |= g[*it].kind == EdgeKind::kTransferFailed;
      }
      // Leaving the analysed flows, or failing with nowhere to go, ends the
      // call as far as this analysis can see.
      return !linked || !fallback;
    }
    default:
      // Nothing follows: the platform ends the call.
      return boost::out_degree(v, g) == 0;
  }
}

}  // namespace

InEdges CollectInEdges(const Graph& g) {
  // Counting sort by target: one flat array instead of a list per vertex.
  const std::size_t n = boost::num_vertices(g);
  InEdges in;
  in.begin.assign(n + 1, 0);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    ++in.begin[boost::target(*it, g) + 1];
  }
  for (std::size_t v = 0; v < n; ++v) in.begin[v + 1] += in.begin[v];
  in.edges.resize(in.begin[n]);
  std::vector<std::size_t> fill(in.begin.begin(), in.begin.end() - 1);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    in.edges[fill[boost::target(*it, g)]++] = *it;
  }
  return in;
}

GraphFacts::GraphFacts(const Program& program) : program_(program) {
  const Graph& g = program.graph;
  const std::size_t n = boost::num_vertices(g);

  InEdges in = CollectInEdges(g);
  const std::vector<std::size_t>& in_begin = in.begin;
  const std::vector<EdgeRef>& in_edges = in.edges;

  terminal_.resize(n);
  for (Vertex v = 0; v < n; ++v) terminal_[v] = ComputeTerminal(g, v);

  // h(v): 0-1 breadth-first search backwards from every human at once.
  to_human_.assign(n, kUnreached);
  next_to_human_.assign(n, std::nullopt);
  {
    std::deque<Vertex> queue;
    std::vector<bool> done(n, false);
    for (Vertex v = 0; v < n; ++v) {
      if (IsHuman(g[v])) {
        to_human_[v] = 0;
        queue.push_back(v);
      }
    }
    while (!queue.empty()) {
      Vertex v = queue.front();
      queue.pop_front();
      if (done[v]) continue;
      done[v] = true;
      for (std::size_t i = in_begin[v]; i < in_begin[v + 1]; ++i) {
        const EdgeRef& e = in_edges[i];
        Vertex u = boost::source(e, g);
        if (IsHuman(g[u])) continue;  // a human is its own nearest human
        const int cost = EntryCost(g[e].kind);
        if (to_human_[v] + cost < to_human_[u]) {
          to_human_[u] = to_human_[v] + cost;
          next_to_human_[u] = e;
          if (cost == 0) {
            queue.push_front(u);
          } else {
            queue.push_back(u);
          }
        }
      }
    }
  }

  // can_end: backwards reachability from every terminal.
  can_end_.assign(n, false);
  {
    std::vector<Vertex> stack;
    for (Vertex v = 0; v < n; ++v) {
      if (terminal_[v]) {
        can_end_[v] = true;
        stack.push_back(v);
      }
    }
    while (!stack.empty()) {
      Vertex v = stack.back();
      stack.pop_back();
      for (std::size_t i = in_begin[v]; i < in_begin[v + 1]; ++i) {
        Vertex u = boost::source(in_edges[i], g);
        if (!can_end_[u]) {
          can_end_[u] = true;
          stack.push_back(u);
        }
      }
    }
  }

  Components all = FindComponents(g, [](const Edge&) { return true; });
  component_ = std::move(all.of);
  cyclic_ = std::move(all.cyclic);
  component_first_ = std::move(all.first);
  component_count_ = all.count;

  nodes_of_flow_.resize(program.flows.size());
  for (Vertex v = 0; v < n; ++v) {
    if (g[v].flow < nodes_of_flow_.size()) nodes_of_flow_[g[v].flow].push_back(v);
  }
}

std::vector<RouteStep> GraphFacts::RouteToHuman(Vertex v) const {
  std::vector<RouteStep> route;
  const Graph& g = graph();
  // Each step lowers h or keeps it while moving along a 0-cost edge chosen by
  // the search, so the walk ends; the bound guards our own invariant.
  for (std::size_t guard = 0; guard <= size(); ++guard) {
    const std::optional<EdgeRef>& next = next_to_human_[v];
    route.push_back({v, next});
    if (!next) break;
    v = boost::target(*next, g);
  }
  return route;
}

FlowWalk::FlowWalk(std::size_t graph_size)
    : dist_(graph_size, kUnreached),
      parent_(graph_size),
      settled_(graph_size, false) {}

void FlowWalk::Run(const Graph& g, Vertex start) {
  for (Vertex v : order_) {
    dist_[v] = kUnreached;
    parent_[v].reset();
    settled_[v] = false;
  }
  order_.clear();
  start_ = start;
  graph_ = &g;
  std::deque<Vertex> queue;
  dist_[start] = 0;
  queue.push_back(start);
  while (!queue.empty()) {
    Vertex u = queue.front();
    queue.pop_front();
    if (settled_[u]) continue;
    settled_[u] = true;
    order_.push_back(u);
    for (auto [it, end] = boost::out_edges(u, g); it != end; ++it) {
      Vertex v = boost::target(*it, g);
      const int cost = EntryCost(g[*it].kind);
      if (dist_[u] + cost < dist_[v]) {
        dist_[v] = dist_[u] + cost;
        parent_[v] = *it;
        if (cost == 0) {
          queue.push_front(v);
        } else {
          queue.push_back(v);
        }
      }
    }
  }
}

std::vector<RouteStep> FlowWalk::RouteTo(Vertex v) const {
  std::vector<RouteStep> route;
  route.push_back({v, std::nullopt});
  while (parent_[v]) {
    const EdgeRef e = *parent_[v];
    v = boost::source(e, *graph_);
    route.push_back({v, e});
  }
  std::reverse(route.begin(), route.end());
  return route;
}

std::vector<RouteStep> PathWithin(const Graph& g, Vertex from, Vertex to,
                                  const EdgeFilter& allowed,
                                  const std::function<bool(Vertex)>& inside) {
  if (from == to) return {{from, std::nullopt}};
  // Breadth-first search with a sparse visited map: components are usually
  // small next to the graph, and this runs once per finding.
  std::vector<Vertex> queue{from};
  std::unordered_map<Vertex, std::optional<EdgeRef>> in;  // vertex -> edge in
  in.emplace(from, std::nullopt);
  bool found = false;
  for (std::size_t head = 0; head < queue.size() && !found; ++head) {
    Vertex u = queue[head];
    for (auto [it, end] = boost::out_edges(u, g); it != end; ++it) {
      Vertex v = boost::target(*it, g);
      if (!allowed(g[*it]) || !inside(v)) continue;
      if (!in.emplace(v, *it).second) continue;
      if (v == to) {
        found = true;
        break;
      }
      queue.push_back(v);
    }
  }
  if (!found) return {};
  std::vector<RouteStep> route;
  route.push_back({to, std::nullopt});
  for (Vertex v = to; v != from;) {
    const EdgeRef& e = *in.at(v);
    v = boost::source(e, g);
    route.push_back({v, e});
  }
  std::reverse(route.begin(), route.end());
  return route;
}

std::vector<RouteStep> CycleThrough(
    const Graph& g, const EdgeRef& edge, const EdgeFilter& allowed,
    const std::function<std::uint32_t(Vertex)>& component_of) {
  Vertex s = boost::source(edge, g);
  Vertex t = boost::target(edge, g);
  std::vector<RouteStep> cycle;
  cycle.push_back({s, edge});
  if (s == t) {
    cycle.push_back({s, std::nullopt});
    return cycle;
  }
  const std::uint32_t c = component_of(s);
  std::vector<RouteStep> back = PathWithin(
      g, t, s, allowed, [&](Vertex v) { return component_of(v) == c; });
  AppendRoute(&cycle, std::move(back));
  return cycle;
}

std::optional<EdgeRef> PreferLeaving(
    const Graph& g, Vertex v, const std::function<bool(const EdgeRef&)>& stays) {
  std::optional<EdgeRef> self;
  for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
    if (!stays(*it)) continue;
    if (boost::target(*it, g) != v) return *it;
    if (!self) self = *it;
  }
  return self;
}

int RouteEntries(const Graph& g, const std::vector<RouteStep>& route) {
  int entries = 0;
  for (const RouteStep& step : route) {
    if (step.via) entries += EntryCost(g[*step.via].kind);
  }
  return entries;
}

void AppendRoute(std::vector<RouteStep>* route, std::vector<RouteStep> tail) {
  if (tail.empty()) return;
  if (!route->empty() && route->back().node == tail.front().node &&
      !route->back().via) {
    route->pop_back();
  }
  route->insert(route->end(), tail.begin(), tail.end());
}

}  // namespace ivrscope
