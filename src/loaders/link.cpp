// The linker: fragments in, one Program graph out. It is the one place that
// sees every flow, so it links transfers into flows and decides, from the
// destination patterns of the configuration, which transfers reach people.
#include <cassert>
#include <cctype>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "loaders/fragment.hpp"
#include "loaders/string_hash.hpp"

namespace ivrscope {

std::string NormalizeNumber(std::string_view number) {
  if (number.starts_with("tel:")) number.remove_prefix(4);
  if (number.starts_with("sip:")) {
    number.remove_prefix(4);
    number = number.substr(0, number.find('@'));
  }
  // The digits alone: "+1 800 555 0100" and "18005550100" are written for
  // one number (the plus only says the country code follows).
  std::string out;
  for (char c : number) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      out += c;
    } else if (c == ';') {
      break;  // tel: parameters (";ext=") are not part of the number
    }
  }
  return out;
}

namespace {

enum class Scheme { kFlow, kNumber, kOther };

Scheme SchemeOf(std::string_view destination) {
  if (destination.starts_with("flow:")) return Scheme::kFlow;
  if (destination.starts_with("tel:") || destination.starts_with("sip:")) {
    return Scheme::kNumber;
  }
  return Scheme::kOther;
}

// Glob match with '*' as the only wildcard, iterative (backtracking to the
// last star), linear in practice.
bool GlobMatch(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool MatchesAny(const std::vector<std::string>& patterns,
                std::string_view destination) {
  for (const std::string& pattern : patterns) {
    if (GlobMatch(pattern, destination)) return true;
  }
  return false;
}

// A phone number however it is written: tel: or sip:, or digits with the
// separators people type. "queue:ivr2" is not the number 2.
bool IsNumber(std::string_view s) {
  if (s.starts_with("tel:") || s.starts_with("sip:")) return true;
  bool digit = false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (c != '+' && c != ' ' && c != '-' && c != '.' && c != '(' &&
               c != ')') {
      return false;
    }
  }
  return digit;
}

// --ivr-number values: numbers compared in their normal form, any other
// destination (queue:cards, agent:ivr) as written.
struct IvrDestinations {
  StringSet numbers;
  StringSet others;

  bool Contains(std::string_view destination) const {
    if (IsNumber(destination)) {
      return numbers.contains(NormalizeNumber(destination));
    }
    return others.contains(destination);
  }
};

// A transfer that links into no flow: explicit attribute, then the
// destinations of other IVRs (--ivr-number), then patterns, then a person
// (agent:, queue:, and numbers no flow answers).
bool ReachesHuman(const Node& node, std::optional<bool> explicit_human,
                  const IvrDestinations& ivr, const LoadOptions& options) {
  if (explicit_human) return *explicit_human;
  if (ivr.Contains(node.destination)) return false;
  if (MatchesAny(options.human_destinations, node.destination)) return true;
  if (MatchesAny(options.ivr_destinations, node.destination)) return false;
  // A platform command in the place of a destination (Voximal's and
  // Asterisk's execute:, exec:, application:) runs something and comes
  // back: no person answers it.
  constexpr std::string_view kCommands[] = {
      "execute:", "exec:", "application:"};
  for (std::string_view command : kCommands) {
    if (node.destination.starts_with(command)) return false;
  }
  return true;
}

}  // namespace

Program Link(std::vector<Fragment> fragments, const LoadOptions& options,
             std::vector<Diagnostic>* errors) {
  Program program;
  std::size_t node_count = 0;
  for (const Fragment& f : fragments) node_count += f.nodes.size();

  // Flows by name and by number. The first definition wins; names are unique
  // within one fragment by construction but not across files.
  IvrDestinations ivr_numbers;
  for (const std::string& n : options.ivr_numbers) {
    if (IsNumber(n)) {
      ivr_numbers.numbers.insert(NormalizeNumber(n));
    } else {
      ivr_numbers.others.insert(n);
    }
  }
  std::unordered_map<std::string_view, std::uint32_t> by_name;
  std::unordered_map<std::string, std::uint32_t> by_number;
  std::vector<std::size_t> node_base;
  {
    std::size_t nodes = 0;
    for (const Fragment& f : fragments) {
      node_base.push_back(nodes);
      for (const Flow& flow : f.flows) {
        auto index = static_cast<std::uint32_t>(program.flows.size());
        const auto [first, fresh] = by_name.emplace(flow.name, index);
        if (!fresh && errors != nullptr) {
          // Two flows of one name: flow:NAME links to the first, and the
          // reports (fingerprints, --focus NAME:ID) cannot tell them apart.
          const Flow& earlier = program.flows[first->second];
          errors->push_back(
              {f.files[flow.named_at.file], flow.named_at.line,
               flow.named_at.column,
               "flow name '" + std::string(flow.name) +
                   "' is already the name of the flow in '" +
                   program.files[earlier.file] +
                   "': a transfer to flow:" + std::string(flow.name) +
                   " links to that one; give each flow its own name"});
        }
        for (std::string_view n : flow.numbers) {
          by_number.emplace(NormalizeNumber(n), index);
        }
        Flow linked = flow;
        if (linked.key.empty()) linked.key = linked.name;  // ivrflow
        linked.start += nodes;
        linked.file += static_cast<std::uint32_t>(program.files.size());
        linked.named_at.file +=
            static_cast<std::uint32_t>(program.files.size());
        program.flows.push_back(linked);
      }
      for (const std::string& file : f.files) program.files.push_back(file);
      nodes += f.nodes.size();
    }
  }
  // Configured numbers win over <number> elements: they are the estate's
  // routing table, which the flows' own declarations may lag behind.
  for (const auto& [number, name] : options.flow_numbers) {
    auto it = by_name.find(name);
    if (it != by_name.end()) by_number[NormalizeNumber(number)] = it->second;
  }

  // Transfers first: where each one links decides how many vertices (one
  // kMissing placeholder per flow:NAME naming nothing) and edges there are.
  struct LinkEdge {
    std::uint32_t fragment = 0;
    Vertex from = 0;
    Vertex to = 0;
    Location at;  // the destination's place, if known (file local)
  };
  std::vector<LinkEdge> links;
  std::vector<Node> missing_nodes;
  std::uint32_t flow_base = 0;
  for (std::size_t i = 0; i < fragments.size(); ++i) {
    Fragment& f = fragments[i];
    for (const Fragment::PendingTransfer& t : f.transfers) {
      Node& node = f.nodes[t.node];
      const std::string_view dest = node.destination;
      std::optional<std::uint32_t> target;
      const Scheme scheme = SchemeOf(dest);
      if (scheme == Scheme::kFlow) {
        auto it = by_name.find(dest.substr(5));
        if (it != by_name.end()) target = it->second;
      } else if (scheme == Scheme::kNumber) {
        auto it = by_number.find(NormalizeNumber(dest));
        if (it != by_number.end()) target = it->second;
      }
      const auto from = static_cast<Vertex>(node_base[i] + t.node);
      if (target) {
        node.human = t.human.value_or(false);
        links.push_back({static_cast<std::uint32_t>(i), from,
                         program.flows[*target].start, t.at});
      } else if (scheme == Scheme::kFlow) {
        // flow:NAME naming nothing analysed: the broken-target rule reports
        // the edge into this placeholder.
        node.human = t.human.value_or(false);
        Node missing;
        missing.id = dest.substr(5);
        missing.kind = NodeKind::kMissing;
        missing.synthetic = true;
        missing.flow = node.flow + flow_base;
        // Its location is where the destination is written (see below).
        missing.destination = "to";
        links.push_back({static_cast<std::uint32_t>(i), from,
                         static_cast<Vertex>(node_count + missing_nodes.size()),
                         t.at});
        missing_nodes.push_back(missing);
      } else {
        node.human = ReachesHuman(node, t.human, ivr_numbers, options);
      }
    }
    flow_base += static_cast<std::uint32_t>(f.flows.size());
  }

  std::size_t edge_count = links.size();
  for (const Fragment& f : fragments) edge_count += f.edges.size();
  const std::size_t vertex_count = node_count + missing_nodes.size();
  if (vertex_count >= std::numeric_limits<Vertex>::max() ||
      edge_count >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error(
        "the flows analysed together have more than 4 billion nodes or "
        "edges: analyse fewer at a time");
  }

  // The compressed sparse row arrays, filled in place: a counting sort by
  // source keeps each vertex's out-edges in the order the loader gave them
  // (its drafts, then its link), which reports depend on.
  Graph& g = program.graph;
  auto& rowstart = g.m_forward.m_rowstart;
  auto& column = g.m_forward.m_column;
  auto& edge_props = g.m_forward.m_edge_properties;
  auto& node_props = g.m_vertex_properties;
  rowstart.assign(vertex_count + 1, 0);
  for (std::size_t i = 0; i < fragments.size(); ++i) {
    for (const Fragment::EdgeDraft& e : fragments[i].edges) {
      ++rowstart[node_base[i] + e.from + 1];
    }
  }
  for (const LinkEdge& l : links) ++rowstart[l.from + 1];
  for (std::size_t v = 0; v < vertex_count; ++v) rowstart[v + 1] += rowstart[v];
  // Only an estate's many fragments leave the heap too scattered to serve
  // the arrays below; for one large flow the memory it frees is reused by
  // the analyses, and giving it back only made them fault it in again.
  const bool give_back = fragments.size() > 1;
  if (give_back) GiveBackFreedMemory();
  column.resize(edge_count);
  edge_props.resize(edge_count);
  // Nodes are appended in order as the fragments' chunks are given back,
  // so that both are not held in full at once; the edges cannot be (a
  // counting sort writes them all over), and are most of the peak.
  node_props.reserve(vertex_count);
  std::vector<std::uint32_t> fill(rowstart.begin(), rowstart.end() - 1);

  std::uint32_t file_base = 0;
  flow_base = 0;
  std::size_t next_link = 0;
  std::size_t next_missing = 0;
  std::size_t copied = 0;  // edges, over every fragment
  for (std::size_t i = 0; i < fragments.size(); ++i) {
    Fragment& f = fragments[i];
    const std::size_t base = node_base[i];
    // Chunks already copied are given back as the copy goes (looked at
    // once per kReleaseEvery elements, a chunk's size at most): a single
    // large fragment (a big flow, or a merged VoiceXML estate) would
    // otherwise be held twice at the end.
    constexpr std::size_t kReleaseEvery = 4096;
    assert(node_props.size() == base);
    for (std::size_t n = 0; n < f.nodes.size(); ++n) {
      Node& node = node_props.emplace_back(f.nodes[n]);
      node.flow += flow_base;
      node.location.file += file_base;
      if (n % kReleaseEvery == 0) f.nodes.ReleaseBefore(n);
    }
    for (std::size_t i = 0; i < f.edges.size(); ++i) {
      const Fragment::EdgeDraft& e = f.edges[i];
      const std::uint32_t at = fill[base + e.from]++;
      column[at] = static_cast<Vertex>(base + e.to);
      edge_props[at] = e.edge;
      edge_props[at].location.file += file_base;
      if (i % kReleaseEvery == 0) f.edges.ReleaseBefore(i);
      if (++copied % kGiveBackEvery == 0 && give_back) GiveBackFreedMemory();
    }
    for (; next_link < links.size() && links[next_link].fragment == i;
         ++next_link) {
      const LinkEdge& l = links[next_link];
      const Node& from = node_props[l.from];
      const std::uint32_t at = fill[l.from]++;
      column[at] = l.to;
      Edge& link = edge_props[at];
      link.kind = EdgeKind::kAuto;
      link.flags = kFlowLink;
      link.location = from.location;
      if (l.at.line != 0) {
        link.location = l.at;
        link.location.file += file_base;
      }
      if (l.to >= node_count) {
        // Its node comes after every fragment's (see below).
        missing_nodes[next_missing++].location = link.location;
      }
    }
    // This fragment is in the graph now: give its memory back before the
    // next one is copied (peak memory is part of the target).
    f.edges.clear();
    f.nodes.clear();
    for (Suppression s : f.suppressions) {
      s.element.file += file_base;
      s.last_attribute.file += file_base;
      s.comment.file += file_base;
      program.suppressions.push_back(s);
    }
    file_base += static_cast<std::uint32_t>(f.files.size());
    flow_base += static_cast<std::uint32_t>(f.flows.size());
    program.arenas.push_back(std::move(f.arena));
  }
  node_props.insert(node_props.end(), missing_nodes.begin(),
                    missing_nodes.end());
  assert(node_props.size() == vertex_count);
  return program;
}

}  // namespace ivrscope
