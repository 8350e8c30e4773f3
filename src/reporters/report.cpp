#include "ivrscope/report.hpp"

namespace ivrscope {

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "json") return OutputFormat::kJson;
  return std::nullopt;
}

void SeverityCounts::Add(Severity severity) {
  switch (severity) {
    case Severity::kError: ++error; break;
    case Severity::kWarning: ++warning; break;
    case Severity::kNote: ++note; break;
  }
}

SeverityCounts CountFindings(const FlowAnalysis& flow) {
  SeverityCounts counts;
  for (const Finding& f : flow.findings) counts.Add(f.severity);
  return counts;
}

SeverityCounts CountFindings(const Report& report) {
  SeverityCounts counts;
  for (const FlowAnalysis& flow : report.flows) {
    for (const Finding& f : flow.findings) counts.Add(f.severity);
  }
  return counts;
}

}  // namespace ivrscope
