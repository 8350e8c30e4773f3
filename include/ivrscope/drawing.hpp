// Drawings of the flow graph: Graphviz DOT written with Boost.Graph's
// graphviz writer, and SVG rendered from it by Graphviz's own library when
// ivrscope was built with it (an optional dependency: layout is a hard
// problem Graphviz solves well, and DOT alone needs no extra library).
#ifndef IVRSCOPE_DRAWING_HPP_
#define IVRSCOPE_DRAWING_HPP_

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/finding.hpp"
#include "ivrscope/flow.hpp"
#include "ivrscope/status.hpp"

namespace ivrscope {

/// What to draw and how to mark it.
struct Drawing {
  const Program* program = nullptr;
  /// The nodes to draw (indexed by vertex); empty: every node. Edges are
  /// drawn when both their ends are.
  std::vector<bool> nodes;
  /// Findings to mark: each colours its node, and the nodes and edges of
  /// its route, by severity.
  std::vector<const Finding*> findings;
  /// Prefix of the element ids ("f0-" gives "f0-n12", "f0-e40"), so that
  /// several drawings can share one HTML page.
  std::string id_prefix;
};

/// The SVG/DOT id of a node and of an edge in a drawing with this prefix.
std::string DrawingNodeId(std::string_view prefix, Vertex v);
std::string DrawingEdgeId(std::string_view prefix, const Program& program,
                          const EdgeRef& edge);

/// Writes the drawing as a DOT digraph: one cluster per flow, shapes by node
/// kind, edges labelled with the key, phrase or event. Deterministic.
/// layout_size is the drawing's LayoutSize (the caller has measured it).
void WriteDot(const Drawing& drawing, std::size_t layout_size,
              std::ostream& out);

/// The nodes at most `radius` edges away from `focus`, following edges in
/// either direction (breadth-first, linear in what it visits).
std::vector<bool> Neighbourhood(const Program& program, Vertex focus,
                                int radius);

/// Finds a node by "ID" or "FLOW:ID". An ID several flows define must be
/// qualified; the error lists the candidates.
Result<Vertex> FindNode(const Program& program, std::string_view name);

/// Most nodes ivrscope asks Graphviz to lay out (the HTML report's drawings,
/// `graph --format svg`): layout grows much faster than linearly, so a larger
/// flow would take minutes, and its drawing would be unreadable anyway.
/// `ivrscope graph --focus` draws part of one.
inline constexpr std::size_t kMaxDrawnNodes = 1500;

/// What Graphviz's dot lays out in the end: every node, and a virtual node
/// on each rank an edge crosses. A dense flow of 100 menus whose options
/// lead anywhere is 140,000 of them (minutes of layout) though its nodes are
/// few. Estimated as dot ranks first: edges that close a cycle of a depth
/// first search turned back, then each node one rank below its lowest
/// predecessor (two ranks: labelled edges double them). Linear.
std::size_t LayoutSize(const Drawing& drawing);
inline constexpr std::size_t kMaxLayoutSize = 40000;
/// Past this size the DOT bounds dot's iterations (nslimit, nslimit1,
/// mclimit): a 1,400-node flow took 44 s to lay out, 7 s so, its drawing
/// hardly worse; smaller ones are laid out as well as dot can.
inline constexpr std::size_t kQuickLayoutSize = 5000;

/// Why the drawing is not laid out (too many nodes, or too large a layout,
/// layout_size being its LayoutSize), for a message ending "draw part of it
/// with --focus"; empty when it is.
std::string TooLargeToDraw(const Drawing& drawing, std::size_t layout_size);

/// ivrscope was built with Graphviz's library and can render SVG.
bool CanRenderSvg();

/// Lays out and renders a DOT document as SVG. Fails when Graphviz is not
/// built in or rejects the document (the message says which).
Result<std::string> RenderSvg(std::string_view dot);

}  // namespace ivrscope

#endif  // IVRSCOPE_DRAWING_HPP_
