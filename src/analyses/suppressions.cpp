// Inline suppressions, applied after the analysis: a finding whose element
// (or whose node's element) an `<!-- ivrscope-disable rule: reason -->`
// comment stands before is moved aside, not deleted, so reports can count
// and list it (--show-suppressed). Rules never see suppressions: a rule's
// findings do not depend on comments in the file.
#include <algorithm>
#include <tuple>

#include "ivrscope/analysis.hpp"

namespace ivrscope {
namespace {

auto Key(const Location& at) { return std::tie(at.file, at.line, at.column); }

}  // namespace

std::vector<Diagnostic> ApplySuppressions(const Program& program,
                                          std::vector<FlowAnalysis>* flows) {
  std::vector<Diagnostic> errors;
  // Sorted by (element, rule) for lookups; unknown rules are reported.
  std::vector<const Suppression*> known;
  for (const Suppression& s : program.suppressions) {
    if (FindRule(s.rule) == nullptr) {
      errors.push_back({program.file_of(s.comment), s.comment.line,
                        s.comment.column,
                        "ivrscope-disable names no rule: '" +
                            std::string(s.rule) + "' (see `ivrscope rules`)"});
      continue;
    }
    known.push_back(&s);
  }
  if (known.empty()) return errors;
  // By rule, then place: a finding's candidates are the element starting
  // there, or the one starting last before it, if the finding is at one of
  // its attributes (start tags do not overlap).
  const auto less = [](const Suppression* a, const Suppression* b) {
    return std::tuple_cat(std::tie(a->rule), Key(a->element)) <
           std::tuple_cat(std::tie(b->rule), Key(b->element));
  };
  std::stable_sort(known.begin(), known.end(), less);
  const auto find = [&](const Location& at,
                        std::string_view rule) -> const Suppression* {
    Suppression probe;
    probe.element = at;
    probe.rule = rule;
    auto it = std::upper_bound(known.begin(), known.end(), &probe, less);
    if (it == known.begin()) return nullptr;
    const Suppression* s = *std::prev(it);
    if (s->rule != rule || s->element.file != at.file ||
        Key(at) > Key(s->last_attribute)) {
      return nullptr;
    }
    return s;
  };

  for (FlowAnalysis& flow : *flows) {
    std::vector<Finding> kept;
    for (Finding& f : flow.findings) {
      const Suppression* by = find(f.location, f.rule);
      if (by == nullptr) by = find(program.node(f.node).location, f.rule);
      if (by == nullptr) {
        kept.push_back(std::move(f));
      } else {
        flow.suppressed.push_back({std::move(f), by});
      }
    }
    flow.findings = std::move(kept);
  }
  return errors;
}

}  // namespace ivrscope
