// The default report: compiler-style lines editors and CI logs understand,
// the caller's route under each finding, then a summary per flow and, with a
// baseline, how many findings are new, unchanged and fixed.
#include <ostream>
#include <string_view>
#include <unordered_set>

#include "ivrscope/report.hpp"
#include "reporters/report_parts.hpp"

namespace ivrscope {
namespace {

std::string Metrics(const FlowMetrics& m) {
  std::string out = Plural(m.nodes, "node", "nodes") + ", " +
                    Plural(m.edges, "edge", "edges") + "; ";
  if (!m.min_entries_to_human) {
    out += "no human reachable";
  } else {
    out += "human in " + std::to_string(*m.min_entries_to_human);
    if (m.max_entries_to_human != m.min_entries_to_human) {
      out += " to " + std::to_string(m.max_entries_to_human.value_or(0));
    }
    out += m.max_entries_to_human.value_or(0) == 1 ? " entry" : " entries";
  }
  out += "; ";
  out += m.max_transfer_hops ? "at most " + Plural(*m.max_transfer_hops,
                                                   "transfer", "transfers")
                             : "transfers unbounded (a transfer loop)";
  return out;
}

}  // namespace

void WriteText(const Report& report, const ReportOptions& options,
               std::ostream& out) {
  const TextStyle style{options.color};
  const Program& program = *report.program;
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const auto flow = static_cast<std::uint32_t>(i);
    const std::vector<Finding>& findings = report.flows[i].findings;
    for (std::size_t k = 0; k < findings.size(); ++k) {
      const bool unchanged =
          report.baseline && report.baseline->unchanged[i][k];
      WriteFindingText(program, flow, findings[k], style, "",
                       unchanged ? " (baseline)" : "", out);
    }
    if (!options.show_suppressed) continue;
    for (const SuppressedFinding& s : report.flows[i].suppressed) {
      WriteFindingText(program, flow, s.finding, style, "suppressed ", "", out);
      out << "  reason: " << Printable(s.by->reason) << " ("
          << Printable(program.file_of(s.by->comment)) << ':'
          << s.by->comment.line << ")\n";
    }
  }
  for (const Diagnostic& e : report.errors) WriteErrorText(e, style, out);
  // What the change fixed, as the baseline recorded it (its file and line).
  if (report.baseline && !report.baseline->fixed.empty()) {
    out << "fixed since the baseline:\n";
    for (const RecordedFinding& f : report.baseline->fixed) {
      out << "  ";
      WriteFindingLine(f.file, f.line, f.column, f.severity, f.message, f.rule,
                       style, "", "", out);
    }
  }
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    out << "flow " << Printable(flow.name) << " ("
        << Printable(program.files[flow.file])
        << "): " << Metrics(report.flows[i].metrics) << "; "
        << Counts(CountFindings(report.flows[i])) << '\n';
  }
  out << "ivrscope: " << RunSummary(report);
  out << '\n';
  if (report.baseline) {
    const BaselineComparison& b = *report.baseline;
    out << "ivrscope: against the baseline: " << b.new_findings << " new, "
        << b.unchanged_findings << " unchanged, " << b.fixed.size()
        << " fixed\n";
  }
}

}  // namespace ivrscope
