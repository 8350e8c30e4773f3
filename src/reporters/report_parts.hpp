// Pieces several reporters share: a finding as a compiler-style line with
// its route, a finding as a json object, counting words, and file paths as
// CI tools want them (relative, forward slashes).
#ifndef IVRSCOPE_SRC_REPORTERS_REPORT_PARTS_HPP_
#define IVRSCOPE_SRC_REPORTERS_REPORT_PARTS_HPP_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_set>

#include "ivrscope/report.hpp"
#include "reporters/json_writer.hpp"

namespace ivrscope {

/// ANSI styling of the text reports; all empty without colour.
struct TextStyle {
  bool color = false;
  const char* bold() const { return color ? "\033[1m" : ""; }
  const char* reset() const { return color ? "\033[0m" : ""; }
  const char* of(Severity s) const;
};

/// "3 entries", "1 entry".
std::string Plural(long long n, std::string_view one, std::string_view many);
/// "1 error, 2 warnings, 0 notes".
std::string Counts(const SeverityCounts& counts);

/// " (4 entries, 1 transfer)" for a finding that counts them, else "".
std::string RouteCost(const Finding& finding);

/// The run in one line, as the text report ends: "2 files, 3 flows, 1 input
/// not analysed, 1 problem in an analysed input: 1 error, 2 warnings,
/// 0 notes, 1 suppressed" (the clauses that apply).
std::string RunSummary(const Report& report);

/// The files an analysed flow starts in or holds a node of (a VoiceXML
/// application root, a document reached from another): an error in one of them
/// (a bad suppression, a missing application root, a flow name used twice) did
/// not stop its analysis, so it is not an input lost.
std::unordered_set<std::string_view> AnalysedFiles(const Program& program);

/// Text for a terminal or a line-based log: control characters (a newline
/// or an escape sequence in a file name, an id or a message) as \xNN, so
/// that one finding stays one `path:line:col:` line and nothing in an
/// input can drive the terminal.
std::string Printable(std::string_view text);

/// "path:line:col: severity: message [rule]<tag>\n": a finding's first line,
/// of this run's (WriteFindingText) or one a baseline recorded.
void WriteFindingLine(std::string_view file, std::uint32_t line,
                      std::uint32_t column, Severity severity,
                      std::string_view message, std::string_view rule,
                      const TextStyle& style, std::string_view severity_prefix,
                      std::string_view tag, std::ostream& out);

/// "path:line:col: severity: message [rule]<tag>\n" and, when the finding
/// has a route, "  route: ...\n". `severity_prefix` goes before the severity
/// ("suppressed "); `flow` is the flow the finding belongs to (route steps in
/// other flows are prefixed with their flow's name).
void WriteFindingText(const Program& program, std::uint32_t flow,
                      const Finding& finding, const TextStyle& style,
                      std::string_view severity_prefix, std::string_view tag,
                      std::ostream& out);

/// A load error, compiler-style, with its newline.
void WriteErrorText(const Diagnostic& error, const TextStyle& style,
                    std::ostream& out);

/// A route as the json contract writes it: [{"node", "file", "line",
/// "input"}], input null for an automatic step and the last step.
void WriteRouteJson(const Program& program, const std::vector<RouteStep>& route,
                    JsonWriter& json);
/// Where a long route leaves steps out (RouteStep::skipped), as the json
/// contract's `route_gaps`: [{"before": the index in the route of the step
/// after the gap, "steps": how many are left out}], [] for a whole route.
void WriteRouteGapsJson(const std::vector<RouteStep>& route, JsonWriter& json);
/// The members of the json contract's finding object (rule ... route_gaps),
/// for the caller to add its own and close the object.
void WriteFindingMembers(const Program& program, const Finding& finding,
                         JsonWriter& json);

/// The path relative to the current directory when it lies under it, with
/// forward slashes and no "./" (what GitHub and GitLab match against the
/// repository), else the absolute path.
std::string RepositoryPath(const std::string& path);

/// A CSV cell (RFC 4180 quoting), with a leading ' when a spreadsheet would
/// run it as a formula: every CSV report carries text from untrusted XML.
std::string CsvCell(std::string_view text);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_REPORTERS_REPORT_PARTS_HPP_
