#include "analyses/components.hpp"

namespace ivrscope {
namespace {

constexpr std::uint32_t kUnseen = ~std::uint32_t{0};

struct AllEdges {
  bool operator()(std::uint32_t) const { return true; }
};
struct MaskedEdges {
  const std::uint8_t* allowed;
  bool operator()(std::uint32_t e) const { return allowed[e] != 0; }
};

// Tarjan with lowlinks. A vertex that was seen and has no component yet is
// on the component stack, so `of` doubles as the on-stack mark. Allowed is a
// template parameter so that the whole-graph pass tests nothing per edge.
template <class Allowed>
void Tarjan(const Graph& g, Allowed allowed, Components* out,
            std::vector<Vertex>* self_loops) {
  const std::vector<std::uint32_t>& row = RowStart(g);
  const std::vector<Vertex>& column = Targets(g);
  const std::size_t n = row.size() - 1;
  std::vector<std::uint32_t>& of = out->of;
  of.assign(n, kUnseen);
  std::vector<std::uint32_t> index(n, kUnseen);
  std::vector<std::uint32_t> low(n, 0);
  struct Frame {
    Vertex v;
    std::uint32_t next;  // the next out-edge to look at
  };
  std::vector<Frame> frames;
  std::vector<Vertex> stack;
  std::uint32_t time = 0;
  std::uint32_t count = 0;
  for (Vertex root = 0; root < n; ++root) {
    if (index[root] != kUnseen) continue;
    index[root] = low[root] = time++;
    stack.push_back(root);
    frames.push_back({root, row[root]});
    while (!frames.empty()) {
      Frame& frame = frames.back();
      const Vertex v = frame.v;
      const std::uint32_t end = row[v + 1];
      bool descended = false;
      while (frame.next < end) {
        const std::uint32_t e = frame.next++;
        if (!allowed(e)) continue;
        const Vertex w = column[e];
        if (index[w] == kUnseen) {
          index[w] = low[w] = time++;
          stack.push_back(w);
          frames.push_back({w, row[w]});  // invalidates frame
          descended = true;
          break;
        }
        if (w == v) self_loops->push_back(v);
        if (of[w] == kUnseen && index[w] < low[v]) low[v] = index[w];
      }
      if (descended) continue;
      frames.pop_back();
      if (low[v] == index[v]) {
        Vertex w;
        do {
          w = stack.back();
          stack.pop_back();
          of[w] = count;
        } while (w != v);
        ++count;
      }
      if (!frames.empty()) {
        const Vertex parent = frames.back().v;
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  out->count = count;
}

}  // namespace

Components FindComponents(const Graph& graph,
                          std::span<const std::uint8_t> allowed,
                          std::span<const std::uint32_t> flow_of) {
  Components result;
  std::vector<Vertex> self_loops;
  if (allowed.empty()) {
    Tarjan(graph, AllEdges{}, &result, &self_loops);
  } else {
    Tarjan(graph, MaskedEdges{allowed.data()}, &result, &self_loops);
  }
  const std::size_t n = result.of.size();
  std::vector<std::uint32_t> size(result.count, 0);
  result.first.assign(result.count, 0);
  for (Vertex v = 0; v < n; ++v) {
    const std::uint32_t c = result.of[v];
    if (size[c]++ == 0) result.first[c] = v;
  }
  result.cyclic.assign(result.count, 0);
  result.owner.resize(result.count);
  for (std::uint32_t c = 0; c < result.count; ++c) {
    result.cyclic[c] = size[c] > 1;
    result.owner[c] = flow_of[result.first[c]];
  }
  for (Vertex v : self_loops) result.cyclic[result.of[v]] = 1;
  return result;
}

}  // namespace ivrscope
