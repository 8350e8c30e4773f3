// --format csv: one row per flow with its metrics and finding counts, for
// estate-wide spreadsheets. RFC 4180: CRLF line ends, fields with a comma,
// quote or line break are quoted, quotes doubled, and a cell a spreadsheet
// would run as a formula gets a leading '. An unknown metric is an
// empty field. Inputs that could not be loaded get a row each, with only
// file and load_error filled in, so the sheet accounts for every file; a
// problem in a file that was analysed (a bad suppression, a flow name used
// twice) is in the load_error of that file's flow, so that a row is a flow
// or an input lost.
#include <map>
#include <ostream>
#include <string>

#include "ivrscope/report.hpp"
#include "reporters/report_parts.hpp"

namespace ivrscope {
namespace {

std::string Field(std::string_view text) { return CsvCell(text); }

std::string Field(const std::optional<int>& value) {
  return value ? std::to_string(*value) : "";
}

}  // namespace

void WriteCsv(const Report& report, const ReportOptions& /*options*/,
              std::ostream& out) {
  const Program& program = *report.program;
  const std::unordered_set<std::string_view> analysed = AnalysedFiles(program);
  std::map<std::string_view, std::string> problems;
  for (const Diagnostic& e : report.errors) {
    if (!analysed.contains(e.file)) continue;
    std::string& cell = problems[e.file];
    cell += (cell.empty() ? "" : "; ") + e.ToString();
  }
  out << "flow,file,format,nodes,edges,min_entries_to_human,"
         "max_entries_to_human,max_transfer_hops,errors,warnings,notes,"
         "suppressed,load_error\r\n";
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    const FlowMetrics& m = report.flows[i].metrics;
    const SeverityCounts c = CountFindings(report.flows[i]);
    out << Field(flow.name) << ',' << Field(program.files[flow.file]) << ','
        << ToString(flow.format) << ',' << m.nodes << ',' << m.edges << ','
        << Field(m.min_entries_to_human) << ',' << Field(m.max_entries_to_human)
        << ',' << Field(m.max_transfer_hops) << ',' << c.error << ','
        << c.warning << ',' << c.note << ','
        << report.flows[i].suppressed.size() << ',';
    // A file's problems go in the row of its first flow only.
    if (auto it = problems.find(program.files[flow.file]);
        it != problems.end()) {
      out << Field(it->second);
      problems.erase(it);
    }
    out << "\r\n";
  }
  for (const Diagnostic& e : report.errors) {
    if (analysed.contains(e.file)) continue;
    out << ',' << Field(e.file) << ",,,,,,,,,,," << Field(e.ToString())
        << "\r\n";
  }
}

}  // namespace ivrscope
