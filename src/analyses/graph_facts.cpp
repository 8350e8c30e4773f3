#include "analyses/graph_facts.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <tuple>

#include "analyses/components.hpp"
#include "analyses/repeated_answers.hpp"

namespace ivrscope {

bool IsHuman(const Node& node) {
  return node.kind == NodeKind::kTransfer && node.human;
}

namespace {

bool ComputeTerminal(const Graph& g, std::span<const EdgeInfo> edges,
                     Vertex v) {
  const Node& node = g[v];
  const std::uint32_t begin = RowStart(g)[v];
  const std::uint32_t end = RowStart(g)[v + 1];
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
      for (std::uint32_t e = begin; e < end; ++e) {
        linked |= edges[e].Has(kFlowLink);
        fallback |= edges[e].kind == EdgeKind::kTransferFailed;
      }
      // Leaving the analysed flows, or failing with nowhere to go, ends the
      // call as far as this analysis can see.
      return !linked || !fallback;
    }
    default:
      // Nothing follows: the platform ends the call.
      return begin == end;
  }
}

// Counting sort of 0..n-1 by key (key[v] < buckets), stable: begin[k] up to
// begin[k + 1] index the values with key k, ascending.
void GroupBy(const std::vector<std::uint32_t>& key, std::size_t buckets,
             std::vector<std::uint32_t>* begin, std::vector<Vertex>* values) {
  begin->assign(buckets + 1, 0);
  for (std::uint32_t k : key) ++(*begin)[k + 1];
  for (std::size_t k = 0; k < buckets; ++k) (*begin)[k + 1] += (*begin)[k];
  values->resize(key.size());
  std::vector<std::uint32_t> fill(begin->begin(), begin->end() - 1);
  for (Vertex v = 0; v < key.size(); ++v) (*values)[fill[key[v]]++] = v;
}

}  // namespace

InEdges CollectInEdges(const Graph& g) {
  // Counting sort by target: one flat array instead of a list per vertex.
  const std::vector<std::uint32_t>& row = RowStart(g);
  const std::vector<Vertex>& column = Targets(g);
  const std::size_t n = row.size() - 1;
  InEdges in;
  in.begin.assign(n + 1, 0);
  for (Vertex t : column) ++in.begin[t + 1];
  for (std::size_t v = 0; v < n; ++v) in.begin[v + 1] += in.begin[v];
  in.source.resize(column.size());
  in.edge.resize(column.size());
  std::vector<std::uint32_t> fill(in.begin.begin(), in.begin.end() - 1);
  for (Vertex s = 0; s < n; ++s) {
    for (std::uint32_t e = row[s]; e < row[s + 1]; ++e) {
      const std::uint32_t at = fill[column[e]]++;
      in.source[at] = s;
      in.edge[at] = e;
    }
  }
  return in;
}

void CostExhaustion(const Graph& g, std::span<const std::uint32_t> component,
                    std::vector<std::uint8_t>* cost) {
  const std::vector<std::uint32_t>& row = RowStart(g);
  const std::vector<Vertex>& column = Targets(g);
  const std::size_t n = boost::num_vertices(g);
  struct Level {
    EdgeKind kind;
    std::uint16_t attempts;
    bool back;
  };
  std::vector<Level> levels;
  for (Vertex v = 0; v < n; ++v) {
    // Which events can bring the caller back here, found only for the few
    // vertices that have an exhaustion.
    bool exhausts = false;
    for (std::uint32_t e = row[v]; e < row[v + 1] && !exhausts; ++e) {
      const Edge& edge = g[EdgeAt(v, e)];
      exhausts = edge.Has(kExhausted) ||
                 (edge.Has(kRetryBounded) && edge.attempts > 1);
    }
    if (!exhausts) continue;
    // Whether some retry of each event (not its exhaustion) brings the
    // caller back, from the levels below.
    bool silence_returns = false;
    bool invalid_returns = false;
    bool first_failure_exhausts = false;
    // Per event and count level (VoiceXML's count="N"): whether one of the
    // level's handlers brings the caller back.
    levels.clear();
    for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
      const Edge& edge = g[EdgeAt(v, e)];
      first_failure_exhausts |=
          edge.Has(kExhausted) && edge.Has(kEveryFailure) && edge.attempts <= 1;
      if (edge.Has(kExhausted) || (edge.kind != EdgeKind::kNoinput &&
                                   edge.kind != EdgeKind::kNomatch)) {
        continue;
      }
      levels.push_back(
          {edge.kind, edge.attempts, component[column[e]] == component[v]});
    }
    // The N-th failure of an event is reached only when the handlers of
    // every count below N can bring the caller back: a second nomatch that
    // always sends the caller to an agent means the third's handler never
    // runs. Per event, the lowest count none of whose handlers comes back
    // (sorted, not searched: a hostile item may have 100,000 levels).
    std::sort(levels.begin(), levels.end(), [](const Level& a, const Level& b) {
      return std::tie(a.kind, a.attempts) < std::tie(b.kind, b.attempts);
    });
    std::uint16_t gone_silent = UINT16_MAX;
    std::uint16_t gone_invalid = UINT16_MAX;
    for (std::size_t i = 0; i < levels.size();) {
      std::size_t j = i;
      bool back = false;
      for (; j < levels.size() && levels[j].kind == levels[i].kind &&
             levels[j].attempts == levels[i].attempts;
           ++j) {
        back |= levels[j].back;
      }
      const bool silence = levels[i].kind == EdgeKind::kNoinput;
      (silence ? silence_returns : invalid_returns) |= back;
      std::uint16_t& gone = silence ? gone_silent : gone_invalid;
      if (!back) gone = std::min(gone, levels[i].attempts);
      i = j;
    }
    auto every_lower_returns = [&](EdgeKind kind, std::uint16_t attempts) {
      return (kind == EdgeKind::kNoinput ? gone_silent : gone_invalid) >=
             attempts;
    };
    if (first_failure_exhausts) {
      // tries="1": the first failure runs the tries out, so no handler of
      // a failure ever runs (ivrflow §3: "after the N-th failed attempt").
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        const Edge& edge = g[EdgeAt(v, e)];
        if (edge.Has(kRetryBounded) && !edge.Has(kExhausted)) {
          (*cost)[e] = kImpassable;
        }
      }
      continue;
    }
    for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
      const Edge& edge = g[EdgeAt(v, e)];
      // An exhaustion, or a VoiceXML count level above 1 (its handler waits
      // for the N-th failure), as the caller must come back for either.
      const bool counted = edge.Has(kExhausted) || (edge.Has(kRetryBounded) &&
                                                    !edge.Has(kEveryFailure));
      if (!counted || edge.attempts <= 1) continue;
      // Each misunderstood attempt is an entry (EntryCost of a nomatch).
      const auto failures = static_cast<std::uint8_t>(
          std::min<unsigned>(edge.attempts, BucketQueue::kMaxStepCost));
      if (edge.Has(kEveryFailure)) {
        if (silence_returns) continue;  // as EntryCost has it
        // Every attempt but the last must be an answer, to come back.
        (*cost)[e] = invalid_returns ? failures - 1 : kImpassable;
      } else {
        const bool returns =
            (edge.kind == EdgeKind::kNoinput ? silence_returns
                                             : invalid_returns) &&
            every_lower_returns(edge.kind, edge.attempts);
        if (!returns) {
          (*cost)[e] = kImpassable;
        } else if (edge.kind == EdgeKind::kNomatch) {
          (*cost)[e] = failures;
        }
      }
    }
  }
}

namespace {

// 1 for each edge a caller can take (the `allowed` of FindComponents).
std::vector<std::uint8_t> PassableEdges(const std::vector<std::uint8_t>& cost) {
  std::vector<std::uint8_t> passable(cost.size());
  for (std::size_t e = 0; e < cost.size(); ++e) {
    passable[e] = cost[e] != kImpassable;
  }
  return passable;
}

// A menu's answer whose key and phrase an earlier answer both takes (or has
// none where the other is taken) is never heard: no caller goes that way
// (duplicate-key reports it). One look per answer when nothing repeats.
// The menus with a repeat go to *repeating when it is given.
void CostRepeatedAnswers(const Graph& g, std::vector<std::uint8_t>* cost,
                         std::vector<Vertex>* repeating) {
  MenuRepeats menu;
  std::vector<std::uint8_t> taken;  // per answer: 1 key, 2 phrase
  const std::size_t n = boost::num_vertices(g);
  for (Vertex v = 0; v < n; ++v) {
    if (g[v].kind != NodeKind::kMenu || !menu.Find(g, v)) continue;
    if (repeating != nullptr) repeating->push_back(v);
    const std::vector<EdgeRef>& answers = menu.answers();
    taken.assign(answers.size(), 0);
    for (const Repeat& r : menu.keys()) taken[r.second] |= 1;
    for (const Repeat& r : menu.phrases()) taken[r.second] |= 2;
    for (std::size_t i = 0; i < answers.size(); ++i) {
      if (taken[i] == 0) continue;
      const Edge& edge = g[answers[i]];
      const bool key_heard = !edge.key.empty() && (taken[i] & 1) == 0;
      const bool phrase_heard = !edge.phrase.empty() && (taken[i] & 2) == 0;
      if (!key_heard && !phrase_heard) (*cost)[answers[i].idx] = kImpassable;
    }
  }
}

// CostExhaustion, and the components of the edges a caller can take, found
// together: *cost holds EntryCost of every edge on entry.
Components SettleCosts(const Graph& g, std::span<const std::uint32_t> flow_of,
                       std::vector<std::uint8_t>* cost,
                       std::vector<Vertex>* repeating = nullptr) {
  CostRepeatedAnswers(g, cost, repeating);
  const std::vector<std::uint8_t> base = *cost;
  Components components = FindComponents(g, {}, flow_of);
  CostExhaustion(g, components.of, cost);
  // An exhaustion never reached is no way back either: the components a
  // caller can go round, and the exhaustions decided on them, are found
  // again without it, until nothing changes. Each round only adds
  // impassable edges; a chain of exhaustions each closing the next one's
  // way back takes a round each, so the rounds are capped (what is left
  // then errs towards a way that may not exist).
  constexpr int kMaxRounds = 8;
  const std::vector<std::uint32_t>& row = RowStart(g);
  const std::vector<Vertex>& column = Targets(g);
  // Removing an edge between two components changes none of them: a new
  // round is needed only where an impassable edge lies inside one (seldom,
  // so most graphs are searched once).
  auto impassable = [&] {
    std::size_t count = 0;
    bool inside = false;
    for (Vertex v = 0; v + 1 < row.size(); ++v) {
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        if ((*cost)[e] != kImpassable) continue;
        ++count;
        inside |= components.of[column[e]] == components.of[v];
      }
    }
    return inside ? count : 0;
  };
  std::size_t before = impassable();
  for (int round = 0; before > 0; ++round) {
    components = FindComponents(g, PassableEdges(*cost), flow_of);
    if (round == kMaxRounds) break;  // out of rounds: that search is the last
    *cost = base;
    CostExhaustion(g, components.of, cost);
    const std::size_t now = impassable();
    if (now == before) break;
    before = now;
  }
  return components;
}

}  // namespace

std::vector<std::uint8_t> EdgeCosts(const Graph& g) {
  std::vector<std::uint8_t> cost(boost::num_edges(g));
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    cost[it->idx] = static_cast<std::uint8_t>(EntryCost(g[*it].kind));
  }
  std::vector<std::uint32_t> flow_of(boost::num_vertices(g));
  for (Vertex v = 0; v < flow_of.size(); ++v) flow_of[v] = g[v].flow;
  SettleCosts(g, flow_of, &cost);
  return cost;
}

bool IsDynamicTarget(const Node& node) {
  constexpr std::string_view kDynamic[] = {
      "expr: ",     "expritem: ", "srcexpr: ",
      "destexpr: ", "submit: ",   "eventexpr: "};
  if (node.kind != NodeKind::kExternal) return false;
  for (std::string_view prefix : kDynamic) {
    if (node.destination.starts_with(prefix)) return true;
  }
  return false;
}

GraphFacts::GraphFacts(const Program& program) : program_(program) {
  const Graph& g = program.graph;
  const std::size_t n = boost::num_vertices(g);

  const std::vector<std::uint32_t>& row = RowStart(g);
  edges_.resize(boost::num_edges(g));
  cost_.resize(edges_.size());
  for (Vertex s = 0; s < n; ++s) {
    for (std::uint32_t e = row[s]; e < row[s + 1]; ++e) {
      const Edge& edge = g[EdgeAt(s, e)];
      edges_[e] = {edge.kind, edge.flags};
      cost_[e] = static_cast<std::uint8_t>(EntryCost(edge.kind));
    }
  }
  flow_.resize(n);
  kind_.resize(n);
  bits_.assign(n, 0);
  for (Vertex v = 0; v < n; ++v) {
    const Node& node = g[v];
    flow_[v] = node.flow;
    kind_[v] = node.kind;
    if (IsHuman(node)) bits_[v] |= kHumanBit;
    if (node.synthetic || node.copy) bits_[v] |= kSynthetic;
    if (ComputeTerminal(g, edges_, v)) bits_[v] |= kTerminal | kCanEnd;
  }

  const std::vector<Vertex>& column = Targets(g);
  leads_to_.assign(n, 0);
  for (Vertex v = 0; v < n; ++v) {
    for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
      leads_to_[v] |= static_cast<std::uint16_t>(
          1u << static_cast<unsigned>(kind_[column[e]]));
    }
  }

  // Before any search: an exhaustion no caller reaches is passed by, and the
  // components are those of the edges a caller can take.
  std::vector<Vertex> repeating;
  ivrscope::Components all = SettleCosts(g, flow_, &cost_, &repeating);
  for (Vertex v : repeating) bits_[v] |= kRepeatsAnswer;
  if (std::find(cost_.begin(), cost_.end(), kImpassable) != cost_.end()) {
    passable_ = PassableEdges(cost_);
  }
  component_ = std::move(all.of);
  cyclic_ = std::move(all.cyclic);
  owner_ = std::move(all.owner);
  component_count_ = all.count;
  GroupBy(component_, component_count_, &member_begin_, &members_);
  transfers_.assign(component_count_, 0);
  for (Vertex v = 0; v < n; ++v) {
    if (kind_[v] == NodeKind::kTransfer) ++transfers_[component_[v]];
  }

  const InEdges in = CollectInEdges(g);

  // h(v): a search over distances backwards from every human at once.
  to_human_.assign(n, kUnreached);
  next_to_human_.assign(n, kNoEdge);
  ways_to_human_ = ChainEnds(n);
  {
    BucketQueue queue;
    std::vector<std::uint8_t> done(n, 0);
    for (Vertex v = 0; v < n; ++v) {
      if (Human(v)) {
        to_human_[v] = 0;
        queue.PushSource(v);
      }
    }
    while (!queue.empty()) {
      const Vertex v = queue.Pop();
      if (done[v]) continue;
      done[v] = 1;
      // v's way to the human is final now, and it goes through a vertex
      // settled before it.
      if (next_to_human_[v] == kNoEdge) {
        ways_to_human_.AtEnd(v);
      } else {
        ways_to_human_.Join(v, column[next_to_human_[v]]);
      }
      for (std::uint32_t i = in.begin[v]; i < in.begin[v + 1]; ++i) {
        const Vertex u = in.source[i];
        if (Human(u)) continue;  // a human is its own nearest human
        const std::uint32_t e = in.edge[i];
        const int cost = cost_[e];
        if (cost == kImpassable) continue;
        if (to_human_[v] + cost < to_human_[u]) {
          to_human_[u] = to_human_[v] + cost;
          next_to_human_[u] = e;
          queue.Push(u, static_cast<unsigned>(cost));
        }
      }
    }
  }

  // Marks `bit` on every vertex with a passable route to one that `seed`
  // holds for: backwards reachability, by an explicit stack.
  auto reach_back = [&](Bit bit, auto seed) {
    std::vector<Vertex> stack;
    for (Vertex v = 0; v < n; ++v) {
      if (seed(v)) {
        bits_[v] |= bit;
        stack.push_back(v);
      }
    }
    while (!stack.empty()) {
      const Vertex v = stack.back();
      stack.pop_back();
      for (std::uint32_t i = in.begin[v]; i < in.begin[v + 1]; ++i) {
        const Vertex u = in.source[i];
        if ((bits_[u] & bit) == 0 && cost_[in.edge[i]] != kImpassable) {
          bits_[u] |= bit;
          stack.push_back(u);
        }
      }
    }
  };
  // can_end: from every terminal.
  reach_back(kCanEnd, [&](Vertex v) { return IsTerminal(v); });
  // may_continue: from every target ivrscope does not follow, computed at
  // run time or a document it does not fetch (http:, a server page).
  reach_back(kMayContinue,
             [&](Vertex v) { return kind_[v] == NodeKind::kExternal; });

  // Vertices of a flow number the loaders did not give (none should) are
  // left out, as before.
  const std::size_t flows = program.flows.size();
  std::vector<std::uint32_t> key(flow_);
  for (std::uint32_t& k : key) k = std::min<std::uint32_t>(k, flows);
  GroupBy(key, flows + 1, &flow_begin_, &nodes_of_flow_);
}

std::size_t GraphFacts::StepsToHuman(Vertex v) const {
  return std::min<std::size_t>(ways_to_human_.After(v), 2 * kRouteEnds - 1);
}

void GraphFacts::ContinueToHuman(std::vector<RouteStep>* route) const {
  const Vertex v = route->back().node;
  const std::size_t skipped = route->back().skipped;
  route->pop_back();
  route->reserve(route->size() + StepsToHuman(v) + 1);
  const std::size_t first = route->size();
  ways_to_human_.Append(
      v, kRouteEnds, graph(),
      [&](Vertex x) {
        assert(next_to_human_[x] != kNoEdge);
        return next_to_human_[x];
      },
      route);
  (*route)[first].skipped += skipped;
}

FlowWalk::FlowWalk(const Graph& graph, std::span<const std::uint8_t> cost)
    : graph_(graph),
      cost_(cost),
      dist_(boost::num_vertices(graph), kUnreached),
      tree_(boost::num_vertices(graph)),
      settled_(boost::num_vertices(graph), 0) {}

void FlowWalk::AttachAll() const {
  if (attached_) return;
  for (Vertex v : order_) tree_.Attach(v);
  attached_ = true;
}

void FlowWalk::Run(Vertex start) {
  attached_ = false;
  for (Vertex v : order_) {
    dist_[v] = kUnreached;
    tree_.ClearParent(v);
    settled_[v] = 0;
  }
  order_.clear();
  start_ = start;
  const std::vector<std::uint32_t>& row = RowStart(graph_);
  const std::vector<Vertex>& column = Targets(graph_);
  dist_[start] = 0;
  queue_.PushSource(start);
  while (!queue_.empty()) {
    const Vertex u = queue_.Pop();
    if (settled_[u]) continue;
    settled_[u] = 1;
    order_.push_back(u);
    const int du = dist_[u];
    for (std::uint32_t e = row[u]; e < row[u + 1]; ++e) {
      const Vertex v = column[e];
      const int cost = cost_[e];
      if (cost == kImpassable) continue;
      if (du + cost < dist_[v]) {
        // Every vertex given a distance is queued, so settled and listed in
        // order_ before the walk ends: the next Run forgets it.
        dist_[v] = du + cost;
        tree_.SetParent(v, u, e);
        queue_.Push(v, static_cast<unsigned>(cost));
      }
    }
  }
}

std::vector<RouteStep> RouteTree::RouteTo(Vertex v, std::size_t spare) const {
  static_assert(kRouteEnds >= 2);
  const std::size_t nodes = std::size_t{steps_[v]} + 1;
  const bool whole = nodes <= 2 * kRouteEnds;
  std::vector<RouteStep> route;
  route.reserve((whole ? nodes : 2 * kRouteEnds) + spare);
  route.resize(whole ? nodes : 2 * kRouteEnds);
  // Filled from the back: route[to] is x (no edge yet), route[to - 1] down
  // to route[first] the nodes before it.
  auto fill_back = [&](Vertex x, std::size_t first, std::size_t to) {
    route[to] = {x, std::nullopt};
    for (std::size_t i = to; i > first; --i) {
      const EdgeRef e = Via(x);
      x = from_[x];
      route[i - 1] = {x, e};
    }
  };
  if (whole) {
    fill_back(v, 0, nodes - 1);
    return route;
  }
  // The last kRouteEnds nodes up to v, then the first kRouteEnds: the ones
  // before anchor_[v], the node kRouteEnds steps from the root, whose own
  // edge in is the one that leaves the kept start.
  fill_back(v, kRouteEnds, 2 * kRouteEnds - 1);
  route[kRouteEnds].skipped = nodes - 2 * kRouteEnds;
  const Vertex a = anchor_[v];
  fill_back(from_[a], 0, kRouteEnds - 1);
  route[kRouteEnds - 1].via = Via(a);
  return route;
}

std::vector<RouteStep> RouteTree::WholeRouteTo(Vertex v) const {
  std::vector<RouteStep> route(std::size_t{steps_[v]} + 1);
  route.back() = {v, std::nullopt};
  for (std::size_t i = route.size() - 1; i > 0; --i) {
    const EdgeRef e = Via(v);
    v = from_[v];
    route[i - 1] = {v, e};
  }
  return route;
}

bool PathFinder::Search(const Graph& g, Vertex from, Vertex to,
                        std::span<const std::uint8_t> allowed,
                        std::span<const std::uint32_t> component) {
  const std::size_t n = boost::num_vertices(g);
  if (in_.size() < n) {
    in_.assign(n, kNoEdge);
    from_.assign(n, 0);
  }
  const std::vector<std::uint32_t>& row = RowStart(g);
  const std::vector<Vertex>& column = Targets(g);
  const std::uint32_t c = component[to];
  // `from` is marked seen by its own queue entry (head 0) rather than by
  // in_, which holds edges only.
  queue_.assign(1, from);
  for (std::size_t head = 0; head < queue_.size(); ++head) {
    const Vertex u = queue_[head];
    for (std::uint32_t e = row[u]; e < row[u + 1]; ++e) {
      const Vertex v = column[e];
      if ((!allowed.empty() && allowed[e] == 0) || component[v] != c) {
        continue;
      }
      if (v == from || in_[v] != kNoEdge) continue;
      in_[v] = e;
      from_[v] = u;
      queue_.push_back(v);
      if (v == to) return true;
    }
  }
  return false;
}

void PathFinder::Forget() {
  for (std::size_t i = 1; i < queue_.size(); ++i) in_[queue_[i]] = kNoEdge;
}

bool PathFinder::AppendBackwards(const Graph& g, Vertex from, Vertex to,
                                 std::span<const std::uint8_t> allowed,
                                 std::span<const std::uint32_t> component,
                                 std::vector<RouteStep>* reversed) {
  if (from == to) return true;
  const bool found = Search(g, from, to, allowed, component);
  if (found) {
    for (Vertex v = to; v != from; v = from_[v]) {
      reversed->push_back({from_[v], EdgeAt(from_[v], in_[v])});
    }
  }
  Forget();
  return found;
}

std::vector<RouteStep> PathFinder::Within(
    const Graph& g, Vertex from, Vertex to,
    std::span<const std::uint8_t> allowed,
    std::span<const std::uint32_t> component) {
  std::vector<RouteStep> route{{to, std::nullopt}};
  if (!AppendBackwards(g, from, to, allowed, component, &route)) return {};
  std::reverse(route.begin(), route.end());
  return route;
}

std::vector<RouteStep> PathFinder::CycleThrough(
    const Graph& g, const EdgeRef& edge, std::span<const std::uint8_t> allowed,
    std::span<const std::uint32_t> component) {
  const Vertex s = boost::source(edge, g);
  const Vertex t = boost::target(edge, g);
  std::vector<RouteStep> cycle;
  cycle.push_back({s, edge});
  if (s == t) {
    cycle.push_back({s, std::nullopt});
    return cycle;
  }
  AppendRoute(&cycle, Within(g, t, s, allowed, component));
  ShortenRoute(&cycle);
  return cycle;
}

std::optional<EdgeRef> PreferLeaving(const Graph& g, Vertex v,
                                     std::span<const std::uint32_t> component) {
  const std::vector<std::uint32_t>& row = RowStart(g);
  const std::vector<Vertex>& column = Targets(g);
  std::optional<EdgeRef> self;
  for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
    if (component[column[e]] != component[v]) continue;
    if (column[e] != v) return EdgeAt(v, e);
    if (!self) self = EdgeAt(v, e);
  }
  return self;
}

void AppendRoute(std::vector<RouteStep>* route, std::vector<RouteStep> tail) {
  if (tail.empty()) return;
  if (!route->empty() && route->back().node == tail.front().node &&
      !route->back().via) {
    tail.front().skipped += route->back().skipped;
    route->pop_back();
  }
  route->insert(route->end(), tail.begin(), tail.end());
}

void ShortenRoute(std::vector<RouteStep>* route) {
  const std::size_t n = route->size();
  if (n <= 2 * kRouteEnds) return;
  // What the steps left out stood for, gaps of their own included.
  std::size_t skipped = 0;
  for (std::size_t i = kRouteEnds; i < n - kRouteEnds; ++i) {
    skipped += 1 + (*route)[i].skipped;
  }
  route->erase(route->begin() + kRouteEnds, route->end() - kRouteEnds);
  (*route)[kRouteEnds].skipped += skipped;
  // A finding keeps its route: the room the whole one took must go too
  // (ten thousand findings of 100,000 steps each once held 23 GB).
  route->shrink_to_fit();
}

}  // namespace ivrscope
