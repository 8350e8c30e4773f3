// Reports: every output format is written from one Report, and no reporter
// computes anything the analyses did not.
#ifndef IVRSCOPE_REPORT_HPP_
#define IVRSCOPE_REPORT_HPP_

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "ivrscope/flow.hpp"
#include "ivrscope/status.hpp"

namespace ivrscope {

enum class OutputFormat {
  kText,
  kJson,
  kHtml,
  kSarif,
  kCodequality,
  kJunit,
  kCsv
};
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);
/// "text, json, ...": every format, for --help.
std::string OutputFormatNames();

/// A finding as an earlier json report recorded it (--baseline, diff).
struct RecordedFinding {
  std::string fingerprint;
  std::string shared_fingerprint;  // before repeats were told apart
  bool keyless = false;  // its flow had no key: a report from before keys
  std::string flow;
  std::string rule;
  Severity severity = Severity::kWarning;
  std::string message;
  std::string node;
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// How the findings compare with a baseline report.
struct BaselineComparison {
  std::vector<std::vector<bool>> unchanged;  // [flow][finding]: in baseline
  std::vector<RecordedFinding> fixed;        // in baseline, no longer found
  int new_findings = 0;
  int unchanged_findings = 0;
};

/// Everything one `check` run found.
struct Report {
  const Program* program = nullptr;
  std::vector<FlowAnalysis> flows;  // parallel to program->flows
  /// [flow][finding]: each finding's fingerprint (see review.hpp).
  std::vector<std::vector<std::string>> fingerprints;
  /// The same before repeats were told apart ("#2"): what pairing matches.
  std::vector<std::vector<std::string>> shared_fingerprints;
  /// The same for each flow's suppressed findings (FlowAnalysis::suppressed).
  std::vector<std::vector<std::string>> suppressed_fingerprints;
  std::vector<Diagnostic> errors;   // inputs that could not be analysed
  std::vector<Diagnostic> skipped;  // other XML a directory search found
  std::size_t files = 0;
  std::vector<RuleInfo> rules;  // the rules run, at their configured severity
  std::optional<BaselineComparison> baseline;  // with --baseline
};

struct SeverityCounts {
  int error = 0;
  int warning = 0;
  int note = 0;
  int Total() const { return error + warning + note; }
  void Add(Severity severity);
};
SeverityCounts CountFindings(const FlowAnalysis& flow);
SeverityCounts CountFindings(const Report& report);
std::size_t CountSuppressed(const Report& report);

struct ReportOptions {
  bool color = false;            // ANSI colours (text, on a terminal)
  bool show_suppressed = false;  // text: list suppressed findings too
};

/// Writes the report in the given format (see the table in report.cpp).
void WriteReport(OutputFormat format, const Report& report,
                 const ReportOptions& options, std::ostream& out);

void WriteText(const Report& report, const ReportOptions& options,
               std::ostream& out);
/// The versioned JSON contract documented in the README.
void WriteJson(const Report& report, const ReportOptions& options,
               std::ostream& out);
/// One self-contained HTML page (no network, no external files): summary,
/// findings with routes, and each flow's drawing when Graphviz is built in.
void WriteHtml(const Report& report, const ReportOptions& options,
               std::ostream& out);

/// SARIF 2.1.0, as GitHub code scanning and Azure DevOps read it.
void WriteSarif(const Report& report, const ReportOptions& options,
                std::ostream& out);
/// GitLab code quality (the CodeClimate subset GitLab reads).
void WriteCodequality(const Report& report, const ReportOptions& options,
                      std::ostream& out);
/// JUnit XML: a testsuite per flow, a testcase per rule.
void WriteJunit(const Report& report, const ReportOptions& options,
                std::ostream& out);
/// CSV (RFC 4180): a row per flow with its metrics and finding counts.
void WriteCsv(const Report& report, const ReportOptions& options,
              std::ostream& out);

/// What changed between two runs (`ivrscope diff`), computed by DiffReports.
struct FindingRef {
  std::size_t flow = 0;     // index into the report's flows
  std::size_t finding = 0;  // index into that flow's findings
};
struct MetricMove {
  std::string flow;
  std::string_view metric;    // "nodes", "max_entries_to_human", ...
  std::optional<int> before;  // none: null in the json contract
  std::optional<int> after;
};
struct ReportDiff {
  const Report* before = nullptr;
  const Report* after = nullptr;
  std::vector<FindingRef> added;  // into after
  std::vector<FindingRef> fixed;  // into before
  std::vector<MetricMove> moves;
  std::vector<std::string> flows_added;
  std::vector<std::string> flows_removed;
};
void WriteDiffText(const ReportDiff& diff, const ReportOptions& options,
                   std::ostream& out);
void WriteDiffJson(const ReportDiff& diff, const ReportOptions& options,
                   std::ostream& out);

}  // namespace ivrscope

#endif  // IVRSCOPE_REPORT_HPP_
