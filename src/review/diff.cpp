// ivrscope diff: what a change does to the findings and to each flow's
// metrics. Both sides were loaded and analysed alike; this only compares.
#include <map>
#include <unordered_map>

#include "ivrscope/review.hpp"
#include "review/fingerprint.hpp"

namespace ivrscope {
namespace {

// Every finding of the report, flattened, with its place.
std::vector<FindingRef> Flatten(const Report& report) {
  std::vector<FindingRef> refs;
  for (std::size_t i = 0; i < report.fingerprints.size(); ++i) {
    for (std::size_t k = 0; k < report.fingerprints[i].size(); ++k) {
      refs.push_back({i, k});
    }
  }
  return refs;
}

void Compare(std::string_view flow, std::string_view metric,
             std::optional<int> before, std::optional<int> after,
             std::vector<MetricMove>* moves) {
  if (before != after) moves->push_back({std::string(flow), metric, before, after});
}

}  // namespace

ReportDiff DiffReports(const Report& before, const Report& after) {
  ReportDiff diff;
  diff.before = &before;
  diff.after = &after;

  const std::vector<FindingRef> before_refs = Flatten(before);
  const std::vector<FindingRef> after_refs = Flatten(after);
  std::vector<bool> before_paired;
  const std::vector<bool> paired =
      PairFindings(PairKeys(after), PairKeys(before), &before_paired);
  for (std::size_t i = 0; i < paired.size(); ++i) {
    if (!paired[i]) diff.added.push_back(after_refs[i]);
  }
  for (std::size_t i = 0; i < before_paired.size(); ++i) {
    if (!before_paired[i]) diff.fixed.push_back(before_refs[i]);
  }

  // Flows by format and key (a VoiceXML flow's name is its path, which
  // differs between OLD and NEW; an ivrflow may be named "main.vxml" beside
  // main.vxml); the first of a key wins, as when linking.
  using FlowKey = std::pair<Format, std::string_view>;
  const auto key_of = [](const Program& program, std::size_t i) {
    return FlowKey{program.flows[i].format, program.flows[i].key};
  };
  std::map<FlowKey, std::size_t> old_flows, new_flows;
  for (std::size_t i = 0; i < before.program->flows.size(); ++i) {
    old_flows.emplace(key_of(*before.program, i), i);
  }
  for (std::size_t i = 0; i < after.program->flows.size(); ++i) {
    new_flows.emplace(key_of(*after.program, i), i);
  }
  for (std::size_t i = 0; i < before.program->flows.size(); ++i) {
    const FlowKey key = key_of(*before.program, i);
    if (!new_flows.contains(key) && old_flows.at(key) == i) {
      diff.flows_removed.emplace_back(before.program->flows[i].name);
    }
  }
  for (std::size_t i = 0; i < after.program->flows.size(); ++i) {
    const FlowKey key = key_of(*after.program, i);
    const std::string_view name = after.program->flows[i].name;
    auto it = old_flows.find(key);
    if (it == old_flows.end()) {
      diff.flows_added.emplace_back(name);
      continue;
    }
    if (new_flows.at(key) != i) continue;  // a repeated key
    const FlowMetrics& a = before.flows[it->second].metrics;
    const FlowMetrics& b = after.flows[i].metrics;
    Compare(name, "nodes", a.nodes, b.nodes, &diff.moves);
    Compare(name, "edges", a.edges, b.edges, &diff.moves);
    Compare(name, "min_entries_to_human", a.min_entries_to_human,
            b.min_entries_to_human, &diff.moves);
    Compare(name, "max_entries_to_human", a.max_entries_to_human,
            b.max_entries_to_human, &diff.moves);
    Compare(name, "max_transfer_hops", a.max_transfer_hops,
            b.max_transfer_hops, &diff.moves);
  }
  return diff;
}

}  // namespace ivrscope
