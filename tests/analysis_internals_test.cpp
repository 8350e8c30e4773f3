// The pieces the fast analyses are built from, each checked against the
// plain library version it replaced, on random inputs: reports must not
// change by a single tie, so each must agree exactly, order included.
#include <doctest/doctest.h>

#include <algorithm>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <climits>
#include <deque>
#include <functional>
#include <queue>
#include <random>
#include <set>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "analyses/components.hpp"
#include "analyses/graph_facts.hpp"
#include "analyses/rule.hpp"
#include "analyses/transfer_hops.hpp"

namespace ivrscope {
namespace {

// A random graph of n vertices and about n * degree edges, with self-loops
// and parallel edges, built as the linker builds it (edges sorted by source).
Graph RandomGraph(std::mt19937* random, std::uint32_t n, double degree) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  if (n > 0) {
    std::uniform_int_distribution<std::uint32_t> vertex(0, n - 1);
    const auto m = static_cast<std::size_t>(n * degree);
    for (std::size_t i = 0; i < m; ++i) {
      const std::uint32_t s = vertex(*random);
      // Mostly near the source, as in real flows, so that cycles form.
      const std::uint32_t t =
          (*random)() % 4 == 0 ? vertex(*random) : (s + (*random)() % 5) % n;
      edges.push_back({s, t});
    }
  }
  std::stable_sort(
      edges.begin(), edges.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  return Graph(boost::edges_are_sorted, edges.begin(), edges.end(), n);
}

struct MaskedEdge {
  const std::vector<std::uint8_t>* allowed = nullptr;
  bool operator()(const EdgeRef& e) const {
    return allowed->empty() || (*allowed)[e.idx] != 0;
  }
};

// What FindComponents replaced: boost::strong_components over a filtered
// graph.
std::vector<std::uint32_t> BoostComponents(
    const Graph& g, const std::vector<std::uint8_t>& allowed,
    std::uint32_t* count) {
  std::vector<std::uint32_t> of(boost::num_vertices(g), 0);
  if (of.empty()) {
    *count = 0;
    return of;
  }
  boost::filtered_graph<Graph, MaskedEdge> view(g, MaskedEdge{&allowed});
  *count = static_cast<std::uint32_t>(boost::strong_components(
      view, boost::make_iterator_property_map(
                of.begin(), boost::get(boost::vertex_index, g))));
  return of;
}

TEST_CASE("FindComponents numbers components exactly as boost does") {
  struct Case {
    std::uint32_t vertices;
    double degree;
    int allowed_percent;  // share of edges in the subgraph; 100: all edges
  };
  const Case cases[] = {
      {0, 0, 100},     {1, 0, 100},   {1, 3, 100},    {2, 1, 100},
      {10, 1, 100},    {10, 3, 50},   {50, 0.5, 100}, {50, 2, 30},
      {200, 1.5, 100}, {200, 4, 70},  {1000, 1, 100}, {1000, 3, 20},
      {5000, 2, 100},  {5000, 6, 40},
  };
  std::mt19937 random(7);
  for (const Case& c : cases) {
    for (int round = 0; round < 5; ++round) {
      const Graph g = RandomGraph(&random, c.vertices, c.degree);
      std::vector<std::uint8_t> allowed;
      if (c.allowed_percent < 100) {
        for (std::size_t e = 0; e < boost::num_edges(g); ++e) {
          allowed.push_back(static_cast<int>(random() % 100) <
                            c.allowed_percent);
        }
      }
      std::vector<std::uint32_t> flow_of(c.vertices);
      for (std::uint32_t& f : flow_of) f = random() % 3;
      CAPTURE(c.vertices);
      CAPTURE(c.degree);
      CAPTURE(c.allowed_percent);
      CAPTURE(round);

      const Components found = FindComponents(g, allowed, flow_of);
      std::uint32_t count = 0;
      const std::vector<std::uint32_t> expected =
          BoostComponents(g, allowed, &count);
      REQUIRE(found.count == count);
      REQUIRE(found.of == expected);
      // first, owner and cyclic, from their definitions.
      std::vector<std::uint32_t> size(count, 0);
      for (Vertex v = 0; v < c.vertices; ++v) {
        if (size[expected[v]]++ == 0) {
          CHECK(found.first[expected[v]] == v);
          CHECK(found.owner[expected[v]] == flow_of[v]);
        }
      }
      std::vector<std::uint8_t> cyclic(count, 0);
      for (std::uint32_t k = 0; k < count; ++k) cyclic[k] = size[k] > 1;
      for (auto [it, end] = boost::edges(g); it != end; ++it) {
        if (boost::source(*it, g) == boost::target(*it, g) &&
            MaskedEdge{&allowed}(*it)) {
          cyclic[expected[boost::source(*it, g)]] = 1;
        }
      }
      CHECK(found.cyclic == cyclic);
    }
  }
}

TEST_CASE("FindComponents follows a long chain without recursion") {
  // A path of a million vertices closed into one cycle: recursion as deep
  // as the input would overflow the stack.
  const std::uint32_t n = 1'000'000;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t v = 0; v < n; ++v) edges.push_back({v, (v + 1) % n});
  const Graph g(boost::edges_are_sorted, edges.begin(), edges.end(), n);
  const Components found =
      FindComponents(g, {}, std::vector<std::uint32_t>(n, 0));
  CHECK(found.count == 1);
  CHECK(found.cyclic[0] == 1);
}

TEST_CASE("BucketQueue with steps of 0 and 1 pops exactly as a std::deque") {
  std::mt19937 random(11);
  for (int round = 0; round < 50; ++round) {
    BucketQueue queue;
    std::deque<Vertex> deque;
    for (int step = 0; step < 2000; ++step) {
      const unsigned op = random() % 3;
      const Vertex v = random() % 1000;
      if (op == 0) {
        queue.Push(v, 0);
        deque.push_front(v);
      } else if (op == 1) {
        queue.Push(v, 1);
        deque.push_back(v);
      } else if (!deque.empty()) {
        REQUIRE(!queue.empty());
        REQUIRE(queue.Pop() == deque.front());
        deque.pop_front();
      }
      REQUIRE(queue.empty() == deque.empty());
    }
    while (!deque.empty()) {
      REQUIRE(queue.Pop() == deque.front());
      deque.pop_front();
    }
    CHECK(queue.empty());
  }
}

// Steps costing up to kMaxStepCost: a search with it finds the distances
// Dijkstra's algorithm does, on random graphs with costs in every range.
TEST_CASE("BucketQueue gives the shortest distances for steps up to 254") {
  std::mt19937 random(5);
  for (const unsigned top : {1u, 3u, 17u, 254u}) {
    for (int round = 0; round < 20; ++round) {
      const Vertex n = 200;
      std::vector<std::vector<std::pair<Vertex, unsigned>>> out(n);
      for (int e = 0; e < 800; ++e) {
        out[random() % n].push_back(
            {static_cast<Vertex>(random() % n),
             static_cast<unsigned>(random() % (top + 1))});
      }
      std::vector<long> want(n, LONG_MAX);
      using Item = std::pair<long, Vertex>;
      std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
      want[0] = 0;
      heap.push({0, 0});
      while (!heap.empty()) {
        auto [d, u] = heap.top();
        heap.pop();
        if (d > want[u]) continue;
        for (auto [v, c] : out[u]) {
          if (d + c < want[v]) heap.push({want[v] = d + c, v});
        }
      }
      std::vector<long> got(n, LONG_MAX);
      std::vector<char> done(n, 0);
      BucketQueue queue;
      got[0] = 0;
      queue.PushSource(0);
      long last = 0;
      while (!queue.empty()) {
        const Vertex u = queue.Pop();
        if (done[u]) continue;
        done[u] = 1;
        CHECK(got[u] >= last);  // settled in order of distance
        last = got[u];
        for (auto [v, c] : out[u]) {
          if (got[u] + c < got[v]) {
            got[v] = got[u] + c;
            queue.Push(v, c);
          }
        }
      }
      CHECK(got == want);
    }
  }
}

TEST_CASE("SortDescending sorts as std::sort with std::greater") {
  // Sizes on both sides of the switch to the radix sort, and values that
  // use one, two or three of its 11-bit digits.
  const std::size_t sizes[] = {0, 1, 2, 100, 1023, 1024, 1025, 5000, 70000};
  const std::uint32_t tops[] = {1, 2047, 2048, 1u << 22, ~std::uint32_t{0}};
  std::mt19937 random(3);
  for (std::size_t size : sizes) {
    for (std::uint32_t top : tops) {
      std::uniform_int_distribution<std::uint32_t> value(0, top);
      std::vector<std::uint32_t> values(size);
      for (std::uint32_t& x : values) x = value(random);
      std::vector<std::uint32_t> expected = values;
      std::sort(expected.begin(), expected.end(), std::greater<>());
      std::vector<std::uint32_t> scratch;
      SortDescending(&values, &scratch);
      CAPTURE(size);
      CAPTURE(top);
      CHECK(values == expected);
    }
  }
}

TEST_CASE("SortFindings orders as the stable sort by place and rule did") {
  // Findings come in one block per rule; blocks may be in order or not,
  // and places repeat so that ties (kept in the order found) matter.
  const std::string_view rules[] = {"unreachable", "dead-end", "menu-too-wide",
                                    "too-many-entries"};
  std::mt19937 random(5);
  for (int round = 0; round < 200; ++round) {
    std::vector<Finding> findings;
    const int blocks = static_cast<int>(random() % 5);
    for (int b = 0; b < blocks; ++b) {
      const std::string_view rule = rules[random() % 4];
      const bool ordered = random() % 2 == 0;
      const int count = static_cast<int>(random() % 40);
      std::uint32_t line = 1;
      for (int i = 0; i < count; ++i) {
        Finding& f = findings.emplace_back();
        f.rule = rule;
        f.location.file = random() % 2;
        line = ordered ? line + random() % 3 : 1 + random() % 20;
        f.location.line = line;
        f.location.column = 1 + random() % 2;
        f.message = std::to_string(findings.size());  // identity
      }
    }
    std::vector<Finding> expected = findings;
    std::stable_sort(expected.begin(), expected.end(),
                     [](const Finding& a, const Finding& b) {
                       return std::tie(a.location.file, a.location.line,
                                       a.location.column, a.rule) <
                              std::tie(b.location.file, b.location.line,
                                       b.location.column, b.rule);
                     });
    SortFindings(&findings);
    REQUIRE(findings.size() == expected.size());
    for (std::size_t i = 0; i < findings.size(); ++i) {
      CAPTURE(round);
      CAPTURE(i);
      CHECK(findings[i].message == expected[i].message);
    }
  }
}

TEST_CASE("DropRepeats keeps the first of each rule, place and message") {
  // Random sorted findings with few places and messages, against a set of
  // what was seen.
  const std::string_view rules[] = {"retry-loop", "unreachable"};
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<Finding> findings;
    const int count = static_cast<int>(random() % 30);
    for (int i = 0; i < count; ++i) {
      Finding& f = findings.emplace_back();
      f.rule = rules[random() % 2];
      f.location.line = 1 + random() % 3;
      f.location.column = 1 + random() % 2;
      f.message = std::string(1, static_cast<char>('a' + random() % 3));
      f.node = static_cast<Vertex>(i);  // identity
    }
    SortFindings(&findings);
    std::vector<Vertex> expected;
    std::set<
        std::tuple<std::string_view, std::uint32_t, std::uint32_t, std::string>>
        seen;
    for (const Finding& f : findings) {
      if (seen.insert({f.rule, f.location.line, f.location.column, f.message})
              .second) {
        expected.push_back(f.node);
      }
    }
    DropRepeats(&findings);
    std::vector<Vertex> kept;
    for (const Finding& f : findings) kept.push_back(f.node);
    CAPTURE(round);
    CHECK(kept == expected);
  }
}

// Steps compare by node, edge and gap.
bool SameSteps(const std::vector<RouteStep>& a,
               const std::vector<RouteStep>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].node != b[i].node ||
        a[i].via.has_value() != b[i].via.has_value() ||
        (a[i].via && a[i].via->idx != b[i].via->idx) ||
        a[i].skipped != b[i].skipped) {
      return false;
    }
  }
  return true;
}

TEST_CASE("ShortenRoute keeps each end and counts what it leaves out") {
  std::vector<RouteStep> route;
  for (Vertex v = 0; v < 2 * kRouteEnds; ++v)
    route.push_back({v, std::nullopt});
  std::vector<RouteStep> whole = route;
  ShortenRoute(&route);
  CHECK(SameSteps(route, whole));  // 2 * kRouteEnds steps: nothing to cut

  route.push_back({Vertex{2 * kRouteEnds}, std::nullopt});
  route[kRouteEnds].skipped = 7;  // a gap of its own, in the step cut out
  ShortenRoute(&route);
  REQUIRE(route.size() == 2 * kRouteEnds);
  CHECK(route[kRouteEnds - 1].node == kRouteEnds - 1);
  CHECK(route[kRouteEnds].node == kRouteEnds + 1);
  CHECK(route[kRouteEnds].skipped == 1 + 7);
  CHECK(route.back().node == 2 * kRouteEnds);
}

// A chain with short cuts forward and short edges back (so cycles, and
// components of many vertices): routes hundreds of steps long, with ties.
Graph ChainGraph(std::mt19937* random, std::uint32_t n) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t s = 0; s < n; ++s) {
    if (s + 1 < n) edges.push_back({s, s + 1});
    if (s + 2 < n && (*random)() % 3 == 0) edges.push_back({s, s + 2});
    if (s >= 4 && (*random)() % 7 == 0) {
      edges.push_back({s, s - 1 - (*random)() % 4});
    }
  }
  return Graph(boost::edges_are_sorted, edges.begin(), edges.end(), n);
}

TEST_CASE("FlowWalk::RouteTo is the whole route cut as ShortenRoute cuts it") {
  // Mostly local edges make routes hundreds of steps long; RouteTo builds
  // the cut route straight from its ends and must give exactly the steps
  // (edges and gap included) the whole route gives once shortened.
  std::mt19937 random(29);
  for (std::uint32_t n : {50u, 400u, 3000u}) {
    const Graph g = ChainGraph(&random, n);
    std::vector<std::uint8_t> cost(boost::num_edges(g));
    for (std::uint8_t& c : cost) c = random() % 3 == 0;
    FlowWalk walk(g, cost);
    for (Vertex start : {Vertex{0}, Vertex{n / 2}}) {
      walk.Run(start);
      std::size_t longest = 0;
      for (Vertex v : walk.Order()) {
        std::vector<RouteStep> whole = walk.FullRouteTo(v);
        longest = std::max(longest, whole.size());
        REQUIRE(whole.front().node == start);
        REQUIRE(whole.back().node == v);
        ShortenRoute(&whole);
        const std::vector<RouteStep> cut = walk.RouteTo(v);
        REQUIRE(SameSteps(cut, whole));
      }
      if (n == 3000) CHECK(longest > 4 * kRouteEnds);  // the cut was tested
    }
  }
}

// Entries a whole route costs; cost[e] is what edge e costs.
int RouteEntries(std::span<const std::uint8_t> cost,
                 const std::vector<RouteStep>& route) {
  int entries = 0;
  for (const RouteStep& step : route) {
    if (step.via) entries += cost[step.via->idx];
  }
  return entries;
}

TEST_CASE("TransferHops::RouteTo is its whole route cut, in bounded time") {
  // Chains with edges back (so components of many vertices), some vertices
  // transfers, some edges entries: the laid-out routes must give exactly
  // the steps of the route built component by component, once cut, and
  // count the entries of all of it.
  std::mt19937 random(31);
  for (std::uint32_t n : {60u, 500u, 4000u}) {
    Program program;
    program.graph = ChainGraph(&random, n);
    Graph& g = program.graph;
    for (Vertex v = 0; v < n; ++v) {
      if (random() % 7 == 0) g[v].kind = NodeKind::kTransfer;
    }
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
      g[*it].kind = random() % 3 == 0 ? EdgeKind::kEntry : EdgeKind::kAuto;
    }
    Flow flow;
    program.flows.push_back(flow);
    const GraphFacts facts(program);
    FlowWalk walk(g, facts.EdgeCost());
    TransferHops hops(facts);
    PathFinder paths;
    std::size_t longest = 0;
    for (Vertex start : {Vertex{0}, Vertex{n / 3}}) {
      walk.Run(start);
      hops.Run(walk);
      for (Vertex v : walk.Order()) {
        std::vector<RouteStep> whole = hops.WholeRouteTo(v, &paths);
        longest = std::max(longest, whole.size());
        REQUIRE(whole.front().node == start);
        CHECK(hops.EntriesTo(v) == RouteEntries(facts.EdgeCost(), whole));
        ShortenRoute(&whole);
        REQUIRE(SameSteps(hops.RouteTo(v), whole));
      }
    }
    if (n == 4000) CHECK(longest > 4 * kRouteEnds);  // the cut was tested
  }
}

TEST_CASE("PathFinder forgets each search: repeated searches agree") {
  // The same question asked after other searches must get the same path:
  // the arrays it reuses are reset to "unseen" after every search.
  std::mt19937 random(13);
  const Graph g = RandomGraph(&random, 300, 3);
  const Components all = FindComponents(g, {}, std::vector<std::uint32_t>(300));
  PathFinder first;
  PathFinder reused;
  for (int i = 0; i < 500; ++i) {
    const Vertex from = random() % 300;
    const Vertex to = random() % 300;
    if (all.of[from] != all.of[to]) continue;
    const std::vector<RouteStep> a = first.Within(g, from, to, {}, all.of);
    PathFinder fresh;
    const std::vector<RouteStep> b = fresh.Within(g, from, to, {}, all.of);
    const std::vector<RouteStep> c = reused.Within(g, from, to, {}, all.of);
    REQUIRE(!a.empty());
    REQUIRE(a.size() == b.size());
    REQUIRE(a.size() == c.size());
    for (std::size_t s = 0; s < a.size(); ++s) {
      CHECK(a[s].node == b[s].node);
      CHECK(a[s].node == c[s].node);
    }
    CHECK(a.front().node == from);
    CHECK(a.back().node == to);
  }
}

}  // namespace
}  // namespace ivrscope
