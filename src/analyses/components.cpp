#include "analyses/components.hpp"

namespace ivrscope {
namespace {

constexpr std::uint32_t kUnseen = ~std::uint32_t{0};
// index[] of a vertex whose component is known: above every discovery
// time, so an edge to it never lowers a lowlink, and no test is needed.
constexpr std::uint32_t kDone = kUnseen - 1;

struct AllEdges {
  bool operator()(std::uint32_t) const { return true; }
};
struct MaskedEdges {
  const std::uint8_t* allowed;
  bool operator()(std::uint32_t e) const { return allowed[e] != 0; }
};

// Tarjan with lowlinks over the graph's CSR arrays, taking the edges
// `allowed` accepts (a template parameter, so that the whole-graph pass
// tests nothing per edge). The current vertex and its edge position stay in
// locals; only the ancestors' are on the frame stack.
template <class Allowed>
void Tarjan(const std::vector<std::uint32_t>& row,
            const std::vector<Vertex>& column, Allowed allowed, Components* out,
            std::vector<Vertex>* self_loops) {
  const std::size_t n = row.size() - 1;
  std::vector<std::uint32_t>& of = out->of;
  of.resize(n);
  std::vector<std::uint32_t> index(n, kUnseen);
  std::vector<std::uint32_t> low(n);
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
    Vertex v = root;
    std::uint32_t next = row[v];
    std::uint32_t end = row[v + 1];
    index[v] = low[v] = time++;
    stack.push_back(v);
    while (true) {
      while (next < end) {
        const std::uint32_t e = next++;
        if (!allowed(e)) continue;
        const Vertex w = column[e];
        const std::uint32_t seen = index[w];
        if (seen == kUnseen) {  // descend into w
          frames.push_back({v, next});
          v = w;
          next = row[v];
          end = row[v + 1];
          index[v] = low[v] = time++;
          stack.push_back(v);
          continue;
        }
        if (w == v) self_loops->push_back(v);
        if (seen < low[v]) low[v] = seen;
      }
      // v is finished.
      if (low[v] == index[v]) {
        Vertex w;
        do {
          w = stack.back();
          stack.pop_back();
          of[w] = count;
          index[w] = kDone;
        } while (w != v);
        ++count;
      }
      if (frames.empty()) break;
      const Vertex child = v;
      v = frames.back().v;
      next = frames.back().next;
      end = row[v + 1];
      frames.pop_back();
      if (low[child] < low[v]) low[v] = low[child];
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
  const std::vector<std::uint32_t>& row = RowStart(graph);
  const std::vector<Vertex>& column = Targets(graph);
  if (allowed.empty()) {
    Tarjan(row, column, AllEdges{}, &result, &self_loops);
  } else {
    Tarjan(row, column, MaskedEdges{allowed.data()}, &result, &self_loops);
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
