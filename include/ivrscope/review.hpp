// Change reviews: fingerprints that identify a finding across edits,
// baselines (an earlier json report) and diffs between two runs.
//
// A fingerprint is rule + flow name + node id + the inputs along the route,
// never a line number: moving a menu down the file, or editing an unrelated
// prompt, leaves it alone. Findings sharing all of that in one flow are told
// apart by their order (the 2nd gets "#2" in its hash), so each fingerprint a
// report writes is unique; matching pairs the shared fingerprint as a
// multiset, preferring the same message and place, so nothing is counted
// twice and the one fixed of two alike is the one named.
#ifndef IVRSCOPE_REVIEW_HPP_
#define IVRSCOPE_REVIEW_HPP_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/report.hpp"
#include "ivrscope/status.hpp"

namespace ivrscope {

/// Fills report->fingerprints from its findings.
void AddFingerprints(Report* report);

/// The findings of an ivrscope json report (any version 1 file), with
/// fingerprints computed the same way. Errors name the file (and line); a
/// report longer than max_bytes (--max-file-size) is one.
Result<std::vector<RecordedFinding>> ReadJsonReport(
    const std::string& path, std::uint64_t max_bytes = UINT64_MAX);

/// Marks each finding of the report new or unchanged against the baseline.
BaselineComparison CompareWithBaseline(
    const Report& report, const std::vector<RecordedFinding>& baseline);

/// New and fixed findings (by fingerprint) and metric moves per flow (flows
/// matched by name), from `before` to `after`.
ReportDiff DiffReports(const Report& before, const Report& after);

}  // namespace ivrscope

#endif  // IVRSCOPE_REVIEW_HPP_
