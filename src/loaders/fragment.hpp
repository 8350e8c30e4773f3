// What a loader hands to the linker: nodes and edges with local indices, the
// flows they start, and the transfers whose destination may be another
// analysed flow. Loaders run independently (in parallel); only the linker
// sees every fragment and builds the one Program graph.
#ifndef IVRSCOPE_SRC_LOADERS_FRAGMENT_HPP_
#define IVRSCOPE_SRC_LOADERS_FRAGMENT_HPP_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/flow.hpp"
#include "ivrscope/loader.hpp"
#include "loaders/chunked_vector.hpp"

namespace ivrscope {

struct Fragment {
  struct EdgeDraft {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    Edge edge;
  };
  /// A transfer, resolved once every flow is known: flow:NAME and numbers
  /// may link into another flow; otherwise whether it reaches a human.
  struct PendingTransfer {
    std::uint32_t node = 0;
    std::optional<bool> human;  // an explicit human="true|false"
    /// Where the destination is written (line 0: the transfer's own
    /// location): a flow:NAME naming nothing is reported there.
    Location at;
  };

  StringArena arena;
  std::vector<std::string> files;  // Location::file indexes this, locally
  // Chunked: loaders append millions without knowing how many (see
  // chunked_vector.hpp), and a node stays where it is as others are added.
  ChunkedVector<Node> nodes;  // Node::flow indexes `flows`, locally
  ChunkedVector<EdgeDraft> edges;
  std::vector<Flow> flows;  // Flow::start indexes `nodes`
  std::vector<PendingTransfer> transfers;
  std::vector<Suppression> suppressions;  // Location::file local, as above
  /// Problems in the input that do not stop its analysis (a bad
  /// suppression comment): reported as errors, the fragment still joins.
  std::vector<Diagnostic> problems;

  std::uint32_t AddNode(Node node) {
    nodes.push_back(node);
    return static_cast<std::uint32_t>(nodes.size() - 1);
  }
  void AddEdge(std::uint32_t from, std::uint32_t to, Edge edge) {
    edges.push_back({from, to, edge});
  }
};

/// A node's index names its id: the NameOf of a NameTable (name_table.hpp)
/// that finds a fragment's nodes by id and keeps no names of its own.
struct NodeIdOf {
  const Fragment* fragment = nullptr;
  std::string_view operator()(std::uint32_t node) const {
    return fragment->nodes[node].id;
  }
};

/// Builds one Program from fragments, in order (the order decides flow order
/// and so report order). Transfers to flow:NAME link into that flow's start;
/// tel:/sip: destinations that are a <number> of an analysed flow link there
/// too, and so do numbers options.flow_numbers maps to a flow name. A
/// flow:NAME that names no flow becomes an edge into a kMissing node, for the
/// broken-target rule. A transfer that links nowhere reaches a human by its
/// explicit human="..." if any, else by options.human_destinations or
/// options.ivr_destinations, else by its scheme (agent:, queue:, tel:, sip:
/// are people). A flow whose name an earlier flow has is an error in
/// `errors` (flow:NAME would be ambiguous); it is still analysed.
Program Link(std::vector<Fragment> fragments, const LoadOptions& options = {},
             std::vector<Diagnostic>* errors = nullptr);

/// "+1 (800) 555-0100", "tel:+18005550100" and "18005550100" compare equal:
/// the digits.
std::string NormalizeNumber(std::string_view number);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_FRAGMENT_HPP_
