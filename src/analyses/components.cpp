#include "analyses/components.hpp"

#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>

namespace ivrscope {
namespace {

struct AllowedEdges {
  const Graph* graph = nullptr;
  const EdgeFilter* allowed = nullptr;
  bool operator()(const EdgeRef& e) const { return (*allowed)((*graph)[e]); }
};

}  // namespace

Components FindComponents(const Graph& graph, const EdgeFilter& allowed) {
  Components result;
  const std::size_t n = boost::num_vertices(graph);
  result.of.assign(n, 0);
  if (n == 0) return result;
  AllowedEdges keep{&graph, &allowed};
  boost::filtered_graph<Graph, AllowedEdges> view(graph, keep);
  result.count = static_cast<std::uint32_t>(boost::strong_components(
      view, boost::make_iterator_property_map(
                result.of.begin(), boost::get(boost::vertex_index, graph))));
  std::vector<std::uint32_t> size(result.count, 0);
  result.first.assign(result.count, n);
  for (std::size_t v = 0; v < n; ++v) {
    const std::uint32_t c = result.of[v];
    if (size[c]++ == 0) result.first[c] = v;
  }
  result.cyclic.assign(result.count, false);
  for (std::uint32_t c = 0; c < result.count; ++c) result.cyclic[c] = size[c] > 1;
  for (auto [it, end] = boost::edges(graph); it != end; ++it) {
    Vertex s = boost::source(*it, graph);
    if (s == boost::target(*it, graph) && allowed(graph[*it])) {
      result.cyclic[result.of[s]] = true;
    }
  }
  return result;
}

}  // namespace ivrscope
