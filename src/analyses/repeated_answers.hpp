// Which of a menu's answers repeat an earlier one's key or phrase: callers
// pressing the key or saying the phrase get the first (§3.1.4: the first
// grammar in document order wins; ivrflow's options likewise), so the
// later one is never taken that way. duplicate-key reports them, and
// GraphFacts takes an answer whose key and phrase are both taken as a way
// no caller goes. Phrases compare without regard to case.
#ifndef IVRSCOPE_SRC_ANALYSES_REPEATED_ANSWERS_HPP_
#define IVRSCOPE_SRC_ANALYSES_REPEATED_ANSWERS_HPP_

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "ivrscope/flow.hpp"

namespace ivrscope {

/// What std::tolower does in the "C" locale ivrscope runs in (it never
/// calls setlocale), without a call into libc per character.
inline unsigned char FoldCase(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u - 'A' + 'a') : u;
}

/// What one look at each of a menu's answers tells about one field: whether
/// two of them could share a value. When nothing repeats, which is the usual
/// case, nothing is compared or sorted: each value sets one bit of 256 (a
/// single character its own byte, a longer value a hash of its bytes), and
/// values that set distinct bits differ. A bit set twice only means "look
/// closer".
class RepeatScreen {
 public:
  explicit RepeatScreen(bool fold) : fold_(fold) {}
  void Add(std::string_view value);
  bool MayRepeat() const { return given_ >= 2 && repeats_; }

 private:
  bool fold_;
  bool repeats_ = false;
  std::size_t given_ = 0;
  std::bitset<256> seen_;
};

/// An answer whose value an earlier one already has: (first, repeat), as
/// indices into the answers given, in the order of the repeats.
using Repeat = std::pair<std::size_t, std::size_t>;

/// The repeats of field (Edge::key, or Edge::phrase with fold) among the
/// entry edges `answers` (in document order; empty values never repeat).
/// O(k log k) for k answers, even for a hostile menu of a million; *scratch
/// is reused so that a caller looping over menus allocates once.
void FindRepeats(const Graph& g, const std::vector<EdgeRef>& answers,
                 Text Edge::*field, bool fold,
                 std::vector<std::size_t>* scratch,
                 std::vector<Repeat>* repeats);

/// The entry edges of one menu and those of them that repeat an earlier
/// one's key or phrase, found with one reused set of buffers for every menu
/// a caller looks at (duplicate-key, GraphFacts).
class MenuRepeats {
 public:
  /// For menu v: false, with nothing found, when no key and no phrase can
  /// repeat (most menus: one look at each answer).
  bool Find(const Graph& g, Vertex v);
  const std::vector<EdgeRef>& answers() const { return answers_; }
  const std::vector<Repeat>& keys() const { return keys_; }
  const std::vector<Repeat>& phrases() const { return phrases_; }

 private:
  std::vector<EdgeRef> answers_;
  std::vector<Repeat> keys_;
  std::vector<Repeat> phrases_;
  std::vector<std::size_t> scratch_;
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_ANALYSES_REPEATED_ANSWERS_HPP_
