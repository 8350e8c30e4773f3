// duplicate-key: two options of one menu answer to the same key or phrase.
//
// Only the first can ever be chosen; the other is dead and callers pressing
// the key may not get what the prompt promised. Phrases compare without
// regard to case. Reported at the later option. Options are sorted (stably,
// so document order breaks ties) rather than hashed: no allocation per menu
// beyond one reused buffer, and O(k log k) even for a hostile menu of a
// million options.
#include <algorithm>
#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

// What std::tolower does in the "C" locale ivrscope runs in (it never calls
// setlocale), without a call into libc per character: sorting phrases is
// most of this rule's cost.
unsigned char Fold(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u - 'A' + 'a') : u;
}

bool SameFolded(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](char x, char y) { return Fold(x) == Fold(y); });
}

bool LessFolded(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(),
      [](char x, char y) { return Fold(x) < Fold(y); });
}

// What one look at each of a menu's options tells about one field: whether
// two of them could share a value, so that Report must compare them. When
// nothing repeats, which is the usual case, nothing is compared: each value
// sets one bit of 256 (a single character its own byte, a longer value a
// hash of its folded bytes), and values that set distinct bits differ. A
// bit set twice only means "look closer": Report decides.
class Screen {
 public:
  explicit Screen(bool fold) : fold_(fold) {}
  void Add(std::string_view value) {
    if (value.empty()) return;
    ++given_;
    std::size_t bit = 0;
    if (value.size() == 1) {
      bit = fold_ ? Fold(value[0]) : static_cast<unsigned char>(value[0]);
    } else {
      std::uint32_t h = 2166136261u;  // FNV-1a
      for (const char c : value) {
        h = (h ^ (fold_ ? Fold(c) : static_cast<unsigned char>(c))) * 16777619u;
      }
      bit = (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) & 0xff;
    }
    repeats_ |= seen_.test(bit);
    seen_.set(bit);
  }
  bool MayRepeat() const { return given_ >= 2 && repeats_; }

 private:
  bool fold_;
  bool repeats_ = false;
  std::size_t given_ = 0;
  std::bitset<256> seen_;
};

class DuplicateKeyRule : public Rule {
 public:
  void Check(const FlowContext& ctx, FindingSink& sink) const override {
    const Graph& g = ctx.graph();
    const std::vector<std::uint32_t>& row = RowStart(g);
    const std::span<const EdgeInfo> edges = ctx.facts.Edges();
    std::vector<EdgeRef> options;
    std::vector<EdgeRef> sorted;  // reused: no allocation per menu
    for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
      if (ctx.facts.Kind(v) != NodeKind::kMenu) continue;
      options.clear();
      Screen keys(false);
      Screen phrases(true);
      for (std::uint32_t e = row[v]; e < row[v + 1]; ++e) {
        if (edges[e].kind != EdgeKind::kEntry) continue;
        options.push_back(EdgeAt(v, e));
        const Edge& option = g[options.back()];
        keys.Add(option.key);
        phrases.Add(option.phrase);
      }
      if (keys.MayRepeat()) {
        Report(ctx, sink, v, "key", &Edge::key, options, false, &sorted);
      }
      if (phrases.MayRepeat()) {
        Report(ctx, sink, v, "phrase", &Edge::phrase, options, true, &sorted);
      }
    }
  }

 private:
  static void Report(const FlowContext& ctx, FindingSink& sink, Vertex menu,
                     std::string_view what, Text Edge::*field,
                     const std::vector<EdgeRef>& in_order, bool fold,
                     std::vector<EdgeRef>* scratch) {
    const Graph& g = ctx.graph();
    auto value = [&](const EdgeRef& e) -> std::string_view {
      return g[e].*field;
    };
    // A small menu that Screen could not clear is checked pair by pair
    // before anything is sorted.
    auto same = [&](std::string_view a, std::string_view b) {
      return fold ? SameFolded(a, b) : a == b;
    };
    constexpr std::size_t kPairwise = 16;
    if (in_order.size() <= kPairwise) {
      bool repeats = false;
      for (std::size_t i = 0; i < in_order.size() && !repeats; ++i) {
        const std::string_view a = value(in_order[i]);
        if (a.empty()) continue;
        for (std::size_t j = i + 1; j < in_order.size() && !repeats; ++j) {
          repeats = same(a, value(in_order[j]));
        }
      }
      if (!repeats) return;
    }
    // Each pass sorts the options from document order, so that the stable
    // sort breaks ties the same way whatever the other pass did.
    std::vector<EdgeRef>& options = *scratch;
    options.assign(in_order.begin(), in_order.end());
    std::stable_sort(options.begin(), options.end(),
                     [&](const EdgeRef& a, const EdgeRef& b) {
                       return fold ? LessFolded(value(a), value(b))
                                   : value(a) < value(b);
                     });
    std::vector<std::pair<EdgeRef, EdgeRef>> found;  // (first, duplicate)
    for (std::size_t i = 1, first = 0; i < options.size(); ++i) {
      const std::string_view a = value(options[first]);
      const std::string_view b = value(options[i]);
      if (!same(a, b)) {
        first = i;
      } else if (!b.empty()) {
        found.push_back({options[first], options[i]});
      }
    }
    // Report in document order (the order the options were written).
    std::sort(found.begin(), found.end(), [&](const auto& x, const auto& y) {
      const Location& a = g[x.second].location;
      const Location& b = g[y.second].location;
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    for (const auto& [first, duplicate] : found) {
      sink.Add(
          menu, g[duplicate].location,
          std::string(what) + " '" + std::string(value(duplicate)) + "' of " +
              Quote(g[menu]) + " is already taken by the option at line " +
              std::to_string(g[first].location.line) + " (to " +
              Quote(g[boost::target(first, g)]) + "): callers never reach " +
              Quote(g[boost::target(duplicate, g)]) + " this way");
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDuplicateKeyRule() {
  return std::make_unique<DuplicateKeyRule>();
}

}  // namespace ivrscope
