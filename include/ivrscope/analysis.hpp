// The analyses: from a Program to findings and metrics per flow.
#ifndef IVRSCOPE_ANALYSIS_HPP_
#define IVRSCOPE_ANALYSIS_HPP_

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ivrscope/finding.hpp"
#include "ivrscope/flow.hpp"

namespace ivrscope {

/// Thresholds the routing rules compare against.
struct AnalysisOptions {
  int max_entries = 3;    // --max-entries: entries to reach a human
  int max_transfers = 2;  // --max-transfers: transfers on one route
  int max_options = 5;    // --max-options: choices in one menu (not 0 * #)
  int jobs = 1;           // threads checking flows; results never depend on it
};

struct FlowMetrics {
  int nodes = 0;  // nodes the flow defines (synthetic ones excluded)
  int edges = 0;  // edges leaving those nodes
  std::optional<int> min_entries_to_human;  // h(start); none: no human
  std::optional<int> max_entries_to_human;  // largest d(H), H a reachable human
  std::optional<int> max_transfer_hops;     // none: a transfer loop
};

struct FlowAnalysis {
  FlowMetrics metrics;
  std::vector<Finding> findings;  // sorted by file, line, column, rule
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

/// Runs every rule on every flow of the program. The result has one entry per
/// Program::flows entry, in the same order. Deterministic.
std::vector<FlowAnalysis> Analyze(const Program& program,
                                  const AnalysisOptions& options);

}  // namespace ivrscope

#endif  // IVRSCOPE_ANALYSIS_HPP_
