// The DOT drawing of a flow graph, written by Boost.Graph's write_graphviz
// with our own property writers (shapes, labels, colours, SVG ids).
//
// Boost's writer has no notion of clusters for an adjacency_list (only for
// boost::subgraph, which would mean copying the model into another graph
// type). DOT puts a node in the cluster where it is first named, so the
// graph-properties writer, which Boost calls before any node is written,
// emits one `subgraph cluster_fN { ... }` block per flow listing its nodes;
// the nodes' attributes then follow from the vertex writer as usual. No
// post-processing of Boost's output is needed.
#include <algorithm>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/graphviz.hpp>
#include <optional>
#include <ostream>
#include <unordered_map>

#include "ivrscope/drawing.hpp"
#include "ivrscope/ivr_map.hpp"
#include "reporters/utf8.hpp"

namespace ivrscope {
namespace {

// Longest label line before it is cut with "...": drawings stay legible and a
// 2,000-character prompt does not widen a node across the page.
constexpr std::size_t kMaxLabel = 32;
constexpr std::size_t kMaxTooltip = 300;

struct Palette {
  const char* strong;  // outlines and route edges
  const char* light;   // fill of the node a finding is about
};

Palette ColorsOf(Severity severity) {
  switch (severity) {
    case Severity::kError: return {"#c62828", "#ffcdd2"};
    case Severity::kWarning: return {"#e65100", "#ffe0b2"};
    case Severity::kNote: return {"#1565c0", "#bbdefb"};
  }
  return {"black", "white"};
}

// How a backslash of the text is written: a label takes `\\` for one, but
// Graphviz reads a tooltip's escapes twice (its `\\N` is the node's name),
// so there one takes four.
enum class Escapes { kLabel, kTooltip };

// A DOT double-quoted string: valid UTF-8, quotes and backslashes escaped
// (so that no `\N`-style escape in a prompt is interpreted), control
// characters as spaces, cut to `limit` characters. Text is untrusted.
std::string DotString(std::string_view text, std::size_t limit,
                      Escapes escapes = Escapes::kLabel) {
  std::string clean = ValidUtf8(text);
  std::string out = "\"";
  std::size_t chars = 0;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(clean[i]);
    if ((c & 0xC0) != 0x80 && ++chars > limit) {
      out += "...";
      break;
    }
    if (c == '\\') {
      out += escapes == Escapes::kTooltip ? "\\\\\\\\" : "\\\\";
    } else if (c == '"') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + '"';
}

// Several lines, each escaped and cut on its own; "\n" centres them.
std::string DotLines(const std::vector<std::string>& lines, std::size_t limit,
                     Escapes escapes = Escapes::kLabel) {
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\\n";
    std::string one = DotString(lines[i], limit, escapes);
    out += one.substr(1, one.size() - 2);
  }
  return out + '"';
}

struct ShapeStyle {
  const char* shape;
  const char* style;
  const char* fill;  // "" for none
};

ShapeStyle ShapeOf(const Node& node) {
  switch (node.kind) {
    case NodeKind::kMenu: return {"box", "rounded,filled", "#f5f5f5"};
    case NodeKind::kInput: return {"parallelogram", "filled", "#f5f5f5"};
    case NodeKind::kPlay: return {"note", "filled", "#ffffff"};
    case NodeKind::kBranch: return {"diamond", "filled", "#ffffff"};
    case NodeKind::kTransfer:
      return node.human ? ShapeStyle{"doubleoctagon", "filled", "#c8e6c9"}
                        : ShapeStyle{"octagon", "filled", "#ffffff"};
    case NodeKind::kHangup: return {"box", "filled,diagonals", "#e0e0e0"};
    case NodeKind::kStop: return {"invhouse", "filled", "#e0e0e0"};
    case NodeKind::kExternal: return {"cds", "filled", "#ffffff"};
    case NodeKind::kMissing: return {"box", "dashed,filled", "#ffffff"};
  }
  return {"box", "", ""};
}

// The edge's label: what the caller does, or the event or condition.
std::string EdgeLabel(const Program& program, const EdgeRef& e) {
  const Edge& edge = program.graph[e];
  if (edge.kind == EdgeKind::kEntry) return CallerAction(program, e);
  return RouteInput(program, e);
}

const char* EdgeStyle(const Edge& edge) {
  switch (edge.kind) {
    case EdgeKind::kNoinput:
    case EdgeKind::kNomatch: return "dashed";
    case EdgeKind::kTransferFailed: return "dotted";
    default: return edge.Has(kFlowLink) ? "bold" : "solid";
  }
}

// Worst severity marking each node and edge, from the findings' subjects and
// routes.
struct Marks {
  std::vector<std::optional<Severity>> subject;  // the finding is about it
  std::vector<std::optional<Severity>> on_route;
  std::unordered_map<const Edge*, Severity> edges;
  std::vector<std::vector<const Finding*>> about;  // tooltips

  static void Raise(std::optional<Severity>& slot, Severity s) {
    if (!slot || *slot < s) slot = s;
  }
};

Marks MarkFindings(const Drawing& d) {
  const Graph& g = d.program->graph;
  const std::size_t n = boost::num_vertices(g);
  Marks m;
  m.subject.resize(n);
  m.on_route.resize(n);
  m.about.resize(n);
  for (const Finding* f : d.findings) {
    Marks::Raise(m.subject[f->node], f->severity);
    m.about[f->node].push_back(f);
    for (const RouteStep& step : f->route) {
      Marks::Raise(m.on_route[step.node], f->severity);
      if (!step.via) continue;
      auto [it, added] = m.edges.emplace(&g[*step.via], f->severity);
      if (!added) it->second = std::max(it->second, f->severity);
    }
  }
  return m;
}

// Ordinal of each edge among its source's out-edges: the stable part of its
// SVG id, computed once for the whole graph.
std::unordered_map<const Edge*, std::size_t> EdgeOrdinals(const Graph& g) {
  std::unordered_map<const Edge*, std::size_t> ordinals;
  ordinals.reserve(boost::num_edges(g));
  for (auto [v, vend] = boost::vertices(g); v != vend; ++v) {
    std::size_t k = 0;
    for (auto [e, eend] = boost::out_edges(*v, g); e != eend; ++e) {
      ordinals.emplace(&g[*e], k++);
    }
  }
  return ordinals;
}

struct DrawnVertex {
  const std::vector<bool>* nodes;
  bool operator()(Vertex v) const { return nodes->empty() || (*nodes)[v]; }
};

struct DrawnEdge {
  const Graph* g;
  DrawnVertex drawn;
  bool operator()(const EdgeRef& e) const {
    return drawn(boost::source(e, *g)) && drawn(boost::target(e, *g));
  }
};

class VertexWriter {
 public:
  VertexWriter(const Drawing& d, const Marks& m) : d_(d), m_(m) {}

  void operator()(std::ostream& out, Vertex v) const {
    const Program& program = *d_.program;
    const Node& node = program.graph[v];
    const ShapeStyle shape = ShapeOf(node);
    std::vector<std::string> label{std::string(node.id)};
    if (node.kind == NodeKind::kTransfer || node.kind == NodeKind::kExternal) {
      label.emplace_back(node.destination);
    } else if (node.kind == NodeKind::kMissing) {
      label.emplace_back("(missing)");
    }
    std::vector<std::string> tooltip{std::string(ToString(node.kind))};
    if (!node.text.empty()) tooltip[0] += ": " + std::string(node.text);
    for (const Finding* f : m_.about[v]) {
      tooltip.push_back(std::string(ToString(f->severity)) + ": " +
                        f->message + " [" + std::string(f->rule) + "]");
    }
    out << " [id=\"" << DrawingNodeId(d_.id_prefix, v)
        << "\", shape=" << shape.shape
        << ", label=" << DotLines(label, kMaxLabel)
        << ", tooltip=" << DotLines(tooltip, kMaxTooltip, Escapes::kTooltip);
    std::string style = shape.style;
    const char* fill = shape.fill;
    if (m_.subject[v]) {
      const Palette p = ColorsOf(*m_.subject[v]);
      fill = p.light;
      style += ",bold";
      out << ", color=\"" << p.strong << "\", penwidth=2";
    } else if (m_.on_route[v]) {
      out << ", color=\"" << ColorsOf(*m_.on_route[v]).strong << '"';
    }
    if (*fill != '\0') out << ", fillcolor=\"" << fill << '"';
    out << ", style=\"" << style << "\"]";
  }

 private:
  const Drawing& d_;
  const Marks& m_;
};

class EdgeWriter {
 public:
  EdgeWriter(const Drawing& d, const Marks& m,
             const std::unordered_map<const Edge*, std::size_t>& ordinals)
      : d_(d), m_(m), ordinals_(ordinals) {}

  void operator()(std::ostream& out, const EdgeRef& e) const {
    const Program& program = *d_.program;
    const Edge& edge = program.graph[e];
    out << "[id=\"" << d_.id_prefix << 'e' << boost::source(e, program.graph)
        << '_' << ordinals_.at(&edge) << "\", style=" << EdgeStyle(edge);
    const std::string label = EdgeLabel(program, e);
    if (!label.empty()) out << ", label=" << DotString(label, kMaxLabel);
    auto mark = m_.edges.find(&edge);
    if (mark != m_.edges.end()) {
      out << ", color=\"" << ColorsOf(mark->second).strong
          << "\", penwidth=2.5";
    }
    out << ']';
  }

 private:
  const Drawing& d_;
  const Marks& m_;
  const std::unordered_map<const Edge*, std::size_t>& ordinals_;
};

// Graph attributes, then one cluster per flow holding its drawn nodes and a
// start marker pointing at the flow's first node.
class ClusterWriter {
 public:
  ClusterWriter(const Drawing& d, bool quick) : d_(d), quick_(quick) {}

  void operator()(std::ostream& out) const {
    const Program& program = *d_.program;
    const Graph& g = program.graph;
    const DrawnVertex drawn{&d_.nodes};
    // Every element gets an id of ours: Graphviz's defaults (graph0,
    // edge1) repeat in each drawing of one HTML page.
    out << "id=\"" << d_.id_prefix << "graph\";\n";
    if (quick_) {
      out << "nslimit=1;\nnslimit1=1;\nmclimit=0.2;\n";
    }
    out << "rankdir=TB;\nnewrank=true;\n"
           "graph [fontname=\"Helvetica\", fontsize=11];\n"
           "node [fontname=\"Helvetica\", fontsize=10, margin=\"0.1,0.04\"];\n"
           "edge [fontname=\"Helvetica\", fontsize=9];\n";
    std::vector<std::vector<Vertex>> members(program.flows.size());
    for (auto [v, end] = boost::vertices(g); v != end; ++v) {
      if (drawn(*v) && g[*v].flow < members.size()) {
        members[g[*v].flow].push_back(*v);
      }
    }
    for (std::size_t f = 0; f < members.size(); ++f) {
      if (members[f].empty()) continue;
      const Flow& flow = program.flows[f];
      out << "subgraph cluster_f" << f << " {\n"
          << "id=\"" << d_.id_prefix << "flow" << f << "\";\n"
          << "label=" << DotString(std::string(flow.name) + " (" +
                                       program.files[flow.file] + ")",
                                   2 * kMaxTooltip)
          << ";\nstyle=\"rounded\";\ncolor=\"#9e9e9e\";\n";
      if (drawn(flow.start)) {
        out << "start_f" << f << " [id=\"" << d_.id_prefix << "start" << f
            << "\", shape=circle, style=filled, fillcolor=black, label=\"\", "
               "width=0.15, tooltip=\"start\"];\n"
            << "start_f" << f << "->" << flow.start << " [id=\"" << d_.id_prefix
            << "start" << f << "e\"];\n";
      }
      for (Vertex v : members[f]) out << v << ";\n";
      out << "}\n";
    }
  }

 private:
  const Drawing& d_;
  bool quick_;  // bound dot's iterations (kQuickLayoutSize)
};

}  // namespace

std::string DrawingNodeId(std::string_view prefix, Vertex v) {
  return std::string(prefix) + 'n' + std::to_string(v);
}

std::string DrawingEdgeId(std::string_view prefix, const Program& program,
                          const EdgeRef& edge) {
  const Graph& g = program.graph;
  const Vertex s = boost::source(edge, g);
  std::size_t k = 0;
  for (auto [e, end] = boost::out_edges(s, g); e != end; ++e, ++k) {
    if (&g[*e] == &g[edge]) break;
  }
  return std::string(prefix) + 'e' + std::to_string(s) + '_' +
         std::to_string(k);
}

std::size_t LayoutSize(const Drawing& d) {
  const Graph& g = d.program->graph;
  const std::size_t n = boost::num_vertices(g);
  const DrawnVertex drawn{&d.nodes};
  using OutEdge = boost::graph_traits<Graph>::out_edge_iterator;
  // Depth-first, iteratively. Postorder reversed is a topological order of
  // the graph without the edges to a node still on the stack (those close a
  // cycle: dot turns them back).
  std::vector<bool> seen(n, false);
  std::vector<Vertex> order;  // postorder
  struct Frame {
    Vertex v;
    OutEdge next, end;
  };
  std::vector<Frame> stack;
  const auto visit = [&](Vertex root) {
    seen[root] = true;
    auto [b, e] = boost::out_edges(root, g);
    stack.push_back({root, b, e});
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next == top.end) {
        order.push_back(top.v);
        stack.pop_back();
        continue;
      }
      const Vertex u = boost::target(*top.next++, g);
      if (drawn(u) && !seen[u]) {
        seen[u] = true;
        auto [ub, ue] = boost::out_edges(u, g);
        stack.push_back({u, ub, ue});
      }
    }
  };
  for (const Flow& flow : d.program->flows) {
    if (flow.start < n && drawn(flow.start) && !seen[flow.start]) {
      visit(flow.start);
    }
  }
  for (Vertex v = 0; v < n; ++v) {
    if (drawn(v) && !seen[v]) visit(v);
  }
  std::vector<std::uint32_t> position(n, 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    position[order[i]] = static_cast<std::uint32_t>(i);
  }
  // Each node two ranks below its lowest predecessor (labelled edges double
  // dot's ranks), in topological order: a turned edge's end above (an
  // ancestor, placed already) is pulled from, a forward edge pushes.
  std::vector<std::uint32_t> rank(n, 0);
  for (std::size_t i = order.size(); i-- > 0;) {
    const Vertex v = order[i];
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const Vertex u = boost::target(*e, g);
      if (drawn(u) && position[u] > position[v]) {
        rank[v] = std::max(rank[v], rank[u] + 2);
      }
    }
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const Vertex u = boost::target(*e, g);
      if (drawn(u) && position[u] < position[v]) {
        rank[u] = std::max(rank[u], rank[v] + 2);
      }
    }
  }
  // A node on every rank an edge crosses.
  std::size_t size = order.size();
  for (const Vertex v : order) {
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const Vertex u = boost::target(*e, g);
      if (drawn(u))
        size += rank[v] > rank[u] ? rank[v] - rank[u] : rank[u] - rank[v];
    }
  }
  return size;
}

std::string TooLargeToDraw(const Drawing& d, std::size_t size) {
  const std::size_t nodes = d.nodes.empty()
                                ? boost::num_vertices(d.program->graph)
                                : static_cast<std::size_t>(std::count(
                                      d.nodes.begin(), d.nodes.end(), true));
  if (nodes > kMaxDrawnNodes) {
    return "the drawing has " + std::to_string(nodes) +
           " nodes, too many to lay out (the limit is " +
           std::to_string(kMaxDrawnNodes) + ")";
  }
  if (size > kMaxLayoutSize) {
    return "the drawing's " + std::to_string(nodes) +
           " nodes and their edges make about " + std::to_string(size) +
           " places to lay out, too tangled for a layout in reasonable time "
           "(the limit is " +
           std::to_string(kMaxLayoutSize) + ")";
  }
  return {};
}

void WriteDot(const Drawing& d, std::size_t layout_size, std::ostream& out) {
  const Graph& g = d.program->graph;
  const Marks marks = MarkFindings(d);
  const auto ordinals = EdgeOrdinals(g);
  const DrawnVertex drawn{&d.nodes};
  boost::filtered_graph<Graph, DrawnEdge, DrawnVertex> view(
      g, DrawnEdge{&g, drawn}, drawn);
  boost::write_graphviz(out, view, VertexWriter(d, marks),
                        EdgeWriter(d, marks, ordinals),
                        ClusterWriter(d, layout_size > kQuickLayoutSize));
}

}  // namespace ivrscope
