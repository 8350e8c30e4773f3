// Reports: every output format is written from one Report, and no reporter
// computes anything the analyses did not.
#ifndef IVRSCOPE_REPORT_HPP_
#define IVRSCOPE_REPORT_HPP_

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string_view>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "ivrscope/flow.hpp"
#include "ivrscope/status.hpp"

namespace ivrscope {

enum class OutputFormat { kText, kJson };
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

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

struct TextOptions {
  bool color = false;  // ANSI colours for a terminal
};

void WriteText(const Report& report, const TextOptions& options,
               std::ostream& out);
/// The versioned JSON contract documented in the README.
void WriteJson(const Report& report, std::ostream& out);

}  // namespace ivrscope

#endif  // IVRSCOPE_REPORT_HPP_
