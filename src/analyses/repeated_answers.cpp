#include "analyses/repeated_answers.hpp"

#include <algorithm>

namespace ivrscope {
namespace {

bool SameFolded(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](char x, char y) { return FoldCase(x) == FoldCase(y); });
}

bool LessFolded(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(),
      [](char x, char y) { return FoldCase(x) < FoldCase(y); });
}

}  // namespace

void RepeatScreen::Add(std::string_view value) {
  if (value.empty()) return;
  ++given_;
  std::size_t bit = 0;
  if (value.size() == 1) {
    bit = fold_ ? FoldCase(value[0]) : static_cast<unsigned char>(value[0]);
  } else {
    std::uint32_t h = 2166136261u;  // FNV-1a
    for (const char c : value) {
      h = (h ^ (fold_ ? FoldCase(c) : static_cast<unsigned char>(c))) *
          16777619u;
    }
    bit = (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) & 0xff;
  }
  repeats_ |= seen_.test(bit);
  seen_.set(bit);
}

void FindRepeats(const Graph& g, const std::vector<EdgeRef>& answers,
                 Text Edge::*field, bool fold,
                 std::vector<std::size_t>* scratch,
                 std::vector<Repeat>* repeats) {
  repeats->clear();
  auto value = [&](std::size_t i) -> std::string_view {
    return g[answers[i]].*field;
  };
  auto same = [&](std::string_view a, std::string_view b) {
    return fold ? SameFolded(a, b) : a == b;
  };
  // A small menu is checked pair by pair, with nothing sorted.
  constexpr std::size_t kPairwise = 16;
  if (answers.size() <= kPairwise) {
    for (std::size_t j = 1; j < answers.size(); ++j) {
      const std::string_view b = value(j);
      if (b.empty()) continue;
      for (std::size_t i = 0; i < j; ++i) {
        if (same(value(i), b)) {
          repeats->push_back({i, j});
          break;
        }
      }
    }
    return;
  }
  // Sorted stably from document order, so that the first of equal values
  // is the one written first.
  std::vector<std::size_t>& order = *scratch;
  order.resize(answers.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(
      order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return fold ? LessFolded(value(a), value(b)) : value(a) < value(b);
      });
  for (std::size_t k = 1, first = 0; k < order.size(); ++k) {
    const std::string_view b = value(order[k]);
    if (!same(value(order[first]), b)) {
      first = k;
    } else if (!b.empty()) {
      repeats->push_back({order[first], order[k]});
    }
  }
  std::sort(
      repeats->begin(), repeats->end(),
      [](const Repeat& x, const Repeat& y) { return x.second < y.second; });
}

bool MenuRepeats::Find(const Graph& g, Vertex v) {
  answers_.clear();
  keys_.clear();
  phrases_.clear();
  RepeatScreen keys(false);
  RepeatScreen phrases(true);
  for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
    const Edge& edge = g[*it];
    if (edge.kind != EdgeKind::kEntry) continue;
    answers_.push_back(*it);
    keys.Add(edge.key);
    phrases.Add(edge.phrase);
  }
  if (keys.MayRepeat()) {
    FindRepeats(g, answers_, &Edge::key, false, &scratch_, &keys_);
  }
  if (phrases.MayRepeat()) {
    FindRepeats(g, answers_, &Edge::phrase, true, &scratch_, &phrases_);
  }
  return keys.MayRepeat() || phrases.MayRepeat();
}

}  // namespace ivrscope
