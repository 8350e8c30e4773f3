// Strongly connected components of the graph, or of the graph restricted to
// some edge kinds (the retry and automatic-loop rules look at subgraphs).
// Boost's strong_components runs Tarjan's algorithm on an explicit stack, so
// its depth does not follow the input.
#ifndef IVRSCOPE_SRC_ANALYSES_COMPONENTS_HPP_
#define IVRSCOPE_SRC_ANALYSES_COMPONENTS_HPP_

#include <cstdint>
#include <vector>

#include "analyses/graph_facts.hpp"

namespace ivrscope {

struct Components {
  std::vector<std::uint32_t> of;  // component of each vertex
  std::uint32_t count = 0;
  // Components holding a cycle of allowed edges (more than one vertex, or an
  // allowed self-loop).
  std::vector<bool> cyclic;
  // The lowest vertex of each component: a region that spans linked flows
  // is reported once, by the flow that owns this vertex.
  std::vector<Vertex> first;

  std::uint32_t OwnerFlow(const Graph& graph, std::uint32_t component) const {
    return graph[first[component]].flow;
  }
};

/// Components in reverse topological order (an allowed edge between two
/// components goes to the lower number).
Components FindComponents(const Graph& graph, const EdgeFilter& allowed);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_ANALYSES_COMPONENTS_HPP_
