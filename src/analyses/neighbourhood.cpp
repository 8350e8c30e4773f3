// Choosing what a drawing shows: the neighbourhood of one node (so that a
// flow of thousands of nodes can still be looked at), and finding that node
// by the name a user types.
#include <deque>

#include "analyses/graph_facts.hpp"
#include "ivrscope/drawing.hpp"

namespace ivrscope {

std::vector<bool> Neighbourhood(const Program& program, Vertex focus,
                                int radius) {
  const Graph& g = program.graph;
  const std::size_t n = boost::num_vertices(g);
  const InEdges in = CollectInEdges(g);
  std::vector<bool> inside(n, false);
  std::vector<int> depth(n, 0);
  std::deque<Vertex> queue{focus};
  inside[focus] = true;
  const auto visit = [&](Vertex from, Vertex to) {
    if (inside[to]) return;
    inside[to] = true;
    depth[to] = depth[from] + 1;
    queue.push_back(to);
  };
  while (!queue.empty()) {
    const Vertex v = queue.front();
    queue.pop_front();
    if (depth[v] >= radius) continue;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      visit(v, boost::target(*e, g));
    }
    for (std::size_t i = in.begin[v]; i < in.begin[v + 1]; ++i) {
      visit(v, in.source[i]);
    }
  }
  return inside;
}

Result<Vertex> FindNode(const Program& program, std::string_view name) {
  const Graph& g = program.graph;
  std::vector<Vertex> matches;
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    if (g[*v].id == name && g[*v].kind != NodeKind::kMissing) {
      matches.push_back(*v);
    }
  }
  // "FLOW:ID" when the plain id matched nothing (ids may contain ':').
  const std::size_t colon = name.find(':');
  if (matches.empty() && colon != std::string_view::npos) {
    const std::string_view flow = name.substr(0, colon);
    const std::string_view id = name.substr(colon + 1);
    for (auto [v, end] = boost::vertices(g); v != end; ++v) {
      const Node& node = g[*v];
      if (node.id == id && node.kind != NodeKind::kMissing &&
          node.flow < program.flows.size() &&
          program.flows[node.flow].name == flow) {
        matches.push_back(*v);
      }
    }
  }
  Diagnostic error;
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    error.message = "no node is named '" + std::string(name) + "'";
    return error;
  }
  error.message = "several flows define '" + std::string(name) +
                  "': name one as FLOW:ID (";
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const Node& node = g[matches[i]];
    if (i > 0) error.message += ", ";
    error.message += std::string(program.flows[node.flow].name) + ':' +
                     std::string(node.id);
  }
  error.message += ')';
  return error;
}

}  // namespace ivrscope
