// The table of output formats, and counts every reporter shares.
#include "ivrscope/report.hpp"

namespace ivrscope {

namespace {

struct FormatEntry {
  std::string_view name;
  OutputFormat format;
  void (*write)(const Report&, const ReportOptions&, std::ostream&);
};

// Every output format, in the order --help lists them.
constexpr FormatEntry kFormats[] = {
    {"text", OutputFormat::kText, WriteText},
    {"json", OutputFormat::kJson, WriteJson},
    {"html", OutputFormat::kHtml, WriteHtml},
    {"sarif", OutputFormat::kSarif, WriteSarif},
    {"codequality", OutputFormat::kCodequality, WriteCodequality},
    {"junit", OutputFormat::kJunit, WriteJunit},
    {"csv", OutputFormat::kCsv, WriteCsv},
};

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  for (const FormatEntry& f : kFormats) {
    if (f.name == name) return f.format;
  }
  return std::nullopt;
}

std::string OutputFormatNames() {
  std::string names;
  for (const FormatEntry& f : kFormats) {
    if (!names.empty()) names += ", ";
    names += f.name;
  }
  return names;
}

void WriteReport(OutputFormat format, const Report& report,
                 const ReportOptions& options, std::ostream& out) {
  for (const FormatEntry& f : kFormats) {
    if (f.format == format) return f.write(report, options, out);
  }
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

std::size_t CountSuppressed(const Report& report) {
  std::size_t n = 0;
  for (const FlowAnalysis& flow : report.flows) n += flow.suppressed.size();
  return n;
}

}  // namespace ivrscope
