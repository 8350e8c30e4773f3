// Strongly connected components of the graph, or of the graph restricted to
// some edges (the retry and automatic-loop rules look at subgraphs).
//
// Tarjan's algorithm on the graph's own arrays with an explicit stack, so its
// depth does not follow the input. It visits roots in vertex order and edges
// in index order, as boost::strong_components does, so components get the
// same numbers (the order transfer hops walks them in, and so which of two
// equally long routes a finding shows, depends on them).
#ifndef IVRSCOPE_SRC_ANALYSES_COMPONENTS_HPP_
#define IVRSCOPE_SRC_ANALYSES_COMPONENTS_HPP_

#include <cstdint>
#include <span>
#include <vector>

#include "analyses/graph_facts.hpp"

namespace ivrscope {

struct Components {
  std::vector<std::uint32_t> of;  // component of each vertex
  std::uint32_t count = 0;
  // Components holding a cycle of allowed edges (more than one vertex, or an
  // allowed self-loop): 1, else 0.
  std::vector<std::uint8_t> cyclic;
  // The lowest vertex of each component: a region that spans linked flows
  // is reported once, by the flow that owns this vertex (owner).
  std::vector<Vertex> first;
  std::vector<std::uint32_t> owner;

  std::uint32_t OwnerFlow(std::uint32_t component) const {
    return owner[component];
  }
};

/// Components in reverse topological order (an allowed edge between two
/// components goes to the lower number), numbered as boost::strong_components
/// numbers them. Edge e is allowed when allowed[e] != 0; an empty `allowed`
/// allows every edge. flow_of[v] is the flow that defines v (see
/// GraphFacts::Flows), for owner. Linear time.
Components FindComponents(const Graph& graph,
                          std::span<const std::uint8_t> allowed,
                          std::span<const std::uint32_t> flow_of);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_ANALYSES_COMPONENTS_HPP_
