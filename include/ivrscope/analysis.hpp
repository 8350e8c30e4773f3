// The analyses: from a Program to findings and metrics per flow.
#ifndef IVRSCOPE_ANALYSIS_HPP_
#define IVRSCOPE_ANALYSIS_HPP_

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/finding.hpp"
#include "ivrscope/flow.hpp"
#include "ivrscope/status.hpp"

namespace ivrscope {

/// How the configuration changes one rule ([rules] in .ivrscope.ini).
struct RuleSetting {
  bool enabled = true;
  std::optional<Severity> severity;  // none: the rule's default
};

/// Thresholds the routing rules compare against, and which rules run.
struct AnalysisOptions {
  int max_entries = 3;    // --max-entries: entries to reach a human
  int max_transfers = 2;  // --max-transfers: transfers on one route
  int max_options = 5;    // --max-options: choices in one menu (not 0 * #)
  int jobs = 1;           // threads checking flows; results never depend on it
  /// Rules disabled or re-graded, by id. A rule not named runs as defined.
  std::map<std::string, RuleSetting, std::less<>> rules;
  /// Called as flows are analysed (done, total), from any analysis thread,
  /// for progress displays. May be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct FlowMetrics {
  int nodes = 0;  // nodes the flow defines (synthetic ones excluded)
  int edges = 0;  // edges leaving those nodes
  std::optional<int> min_entries_to_human;  // h(start); none: no human
  std::optional<int> max_entries_to_human;  // largest d(H), H a reachable human
  std::optional<int> max_transfer_hops;     // none: a transfer loop
};

/// A finding an inline `ivrscope-disable` comment silenced.
struct SuppressedFinding {
  Finding finding;
  const Suppression* by = nullptr;  // points into Program::suppressions
};

struct FlowAnalysis {
  FlowMetrics metrics;
  std::vector<Finding> findings;  // sorted by file, line, column, rule
  std::vector<SuppressedFinding> suppressed;  // same order
};

/// One rule of the rule table (see rules.cpp): everything `ivrscope rules`
/// prints and every reporter needs to describe a finding.
struct RuleInfo {
  std::string_view id;
  Severity severity;         // default severity
  std::string_view summary;  // one line
  std::string_view rationale;  // why it matters to callers
};

/// Every rule, in the order `ivrscope rules` lists them.
std::span<const RuleInfo> Rules();
const RuleInfo* FindRule(std::string_view id);

/// The rules Analyze runs with these options, in table order, each with the
/// severity it reports at (disabled rules left out).
std::vector<RuleInfo> ConfiguredRules(const AnalysisOptions& options);

/// Runs every configured rule on every flow of the program. The result has one entry per
/// Program::flows entry, in the same order. Deterministic.
std::vector<FlowAnalysis> Analyze(const Program& program,
                                  const AnalysisOptions& options);

/// Moves each finding an inline suppression of the program covers (the
/// rule on the finding's element or on its node's element) from findings to
/// suppressed. Returns an error for each suppression that names no rule.
std::vector<Diagnostic> ApplySuppressions(const Program& program,
                                          std::vector<FlowAnalysis>* flows);

}  // namespace ivrscope

#endif  // IVRSCOPE_ANALYSIS_HPP_
