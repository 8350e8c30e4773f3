// Reports: every output format is written from one Report, and no reporter
// computes anything the analyses did not.
#ifndef IVRSCOPE_REPORT_HPP_
#define IVRSCOPE_REPORT_HPP_

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "ivrscope/flow.hpp"
#include "ivrscope/status.hpp"

namespace ivrscope {

enum class OutputFormat { kText, kJson, kHtml };
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);
/// "text, json, ...": every format, for --help.
std::string OutputFormatNames();

/// Everything one `check` run found.
struct Report {
  const Program* program = nullptr;
  std::vector<FlowAnalysis> flows;  // parallel to program->flows
  std::vector<Diagnostic> errors;   // inputs that could not be analysed
  std::size_t files = 0;
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

struct ReportOptions {
  bool color = false;  // ANSI colours (text, on a terminal)
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

}  // namespace ivrscope

#endif  // IVRSCOPE_REPORT_HPP_
