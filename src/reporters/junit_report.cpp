// --format junit: JUnit XML for Jenkins and other CI dashboards. One
// testsuite per flow, one testcase per rule that ran; a rule with findings
// on the flow fails, and its failure lists them compiler-style with routes.
// Inputs that could not be loaded are a last testsuite "ivrscope.load" with
// one erroring testcase per input. Against a baseline, only new findings
// fail (as only they count for --fail-on); the known ones are listed in the
// testcase's system-out, so a passing gate is not a red dashboard.
#include <ostream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "ivrscope/report.hpp"
#include "reporters/json_writer.hpp"
#include "reporters/report_parts.hpp"
#include "reporters/utf8.hpp"

namespace ivrscope {
namespace {

// Text as XML 1.0 character data or attribute value: markup escaped, bytes
// XML cannot carry (control characters, invalid UTF-8) become U+FFFD.
std::string XmlEscape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = Utf8Length(text, i);
    const char c = text[i];
    if (n == 0 || (n == 1 && static_cast<unsigned char>(c) < 0x20 &&
                   c != '\n' && c != '\t' && c != '\r')) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n == 3 && text.substr(i, 3) >= "\xEF\xBF\xBE" &&
        text.substr(i, 3) <= "\xEF\xBF\xBF") {
      out += "\xEF\xBF\xBD";  // U+FFFE and U+FFFF are no XML characters
    } else if (n > 1) {
      out.append(text.substr(i, n));
    } else {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\n': out += "&#10;"; break;  // kept in attribute values too
        case '\r': out += "&#13;"; break;
        case '\t': out += "&#9;"; break;  // else a space in an attribute
        default: out += c;
      }
    }
    i += n;
  }
  return out;
}

// Character data keeps its newlines readable.
std::string XmlText(std::string_view text) {
  std::string out = XmlEscape(text);
  for (std::size_t at = out.find("&#10;"); at != std::string::npos;
       at = out.find("&#10;", at + 1)) {
    out.replace(at, 5, "\n");
  }
  return out;
}

// CI dashboards key a test by suite and case name (GitLab merges cases of
// one name, Jenkins shows one history): a name several entries share gets
// its qualifier, and one left alike after that its order.
std::vector<std::string> Distinct(std::vector<std::string> names,
                                  const std::vector<std::string>& qualifiers) {
  std::unordered_map<std::string, int> count;
  for (const std::string& n : names) ++count[n];
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (count[names[i]] > 1) names[i] += " (" + qualifiers[i] + ")";
  }
  std::unordered_map<std::string, int> seen;
  for (std::string& n : names) {
    if (const int k = ++seen[n]; k > 1) n += " #" + std::to_string(k);
  }
  return names;
}

}  // namespace

void WriteJunit(const Report& report, const ReportOptions& /*options*/,
                std::ostream& out) {
  const Program& program = *report.program;
  const TextStyle plain{false};
  std::size_t tests = 0;
  std::size_t failures = 0;
  std::ostringstream suites;
  std::vector<std::string> suite_names;
  std::vector<std::string> flow_files;
  for (const Flow& flow : program.flows) {
    suite_names.emplace_back(flow.name);
    flow_files.push_back(program.files[flow.file]);
  }
  suite_names = Distinct(std::move(suite_names), flow_files);
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    const std::string name = XmlEscape(suite_names[i]);
    const std::string file = XmlEscape(program.files[flow.file]);
    std::ostringstream cases;
    std::size_t failed = 0;
    for (const RuleInfo& rule : report.rules) {
      cases << "    <testcase name=\"" << rule.id << "\" classname=\"" << name
            << "\" file=\"" << file << "\"";
      std::ostringstream text;
      std::ostringstream known;
      std::size_t count = 0;
      Severity worst = Severity::kNote;
      const Finding* first = nullptr;
      const std::vector<Finding>& findings = report.flows[i].findings;
      for (std::size_t k = 0; k < findings.size(); ++k) {
        const Finding& f = findings[k];
        if (f.rule != rule.id) continue;
        if (report.baseline && report.baseline->unchanged[i][k]) {
          WriteFindingText(program, static_cast<std::uint32_t>(i), f, plain, "",
                           " (baseline)", known);
          continue;
        }
        WriteFindingText(program, static_cast<std::uint32_t>(i), f, plain, "",
                         "", text);
        if (first == nullptr) first = &f;
        worst = std::max(worst, f.severity);
        ++count;
      }
      const std::string system_out =
          known.tellp() > 0
              ? "      <system-out>" + XmlText(known.str()) + "</system-out>\n"
              : "";
      if (count == 0) {
        cases << (system_out.empty()
                      ? "/>\n"
                      : ">\n" + system_out + "    </testcase>\n");
        continue;
      }
      ++failed;
      const std::string message =
          count == 1 ? first->message
                     : first->message + " (and " + std::to_string(count - 1) +
                           " more)";
      cases << ">\n      <failure type=\"" << ToString(worst) << "\" message=\""
            << XmlEscape(message) << "\">" << XmlText(text.str())
            << "</failure>\n"
            << system_out << "    </testcase>\n";
    }
    tests += report.rules.size();
    failures += failed;
    suites << "  <testsuite name=\"" << name << "\" tests=\""
           << report.rules.size() << "\" failures=\"" << failed
           << "\" errors=\"0\" skipped=\"0\" file=\"" << file << "\">\n"
           << cases.str() << "  </testsuite>\n";
  }
  if (!report.errors.empty()) {
    suites << "  <testsuite name=\"ivrscope.load\" tests=\""
           << report.errors.size() << "\" failures=\"0\" errors=\""
           << report.errors.size() << "\" skipped=\"0\">\n";
    std::vector<std::string> case_names;
    std::vector<std::string> places;
    for (const Diagnostic& e : report.errors) {
      case_names.push_back(e.file);
      places.push_back(std::to_string(e.line) + ":" + std::to_string(e.column));
    }
    case_names = Distinct(std::move(case_names), places);
    for (std::size_t k = 0; k < report.errors.size(); ++k) {
      const Diagnostic& e = report.errors[k];
      suites << "    <testcase name=\"" << XmlEscape(case_names[k])
             << "\" classname=\"ivrscope.load\">\n      <error message=\""
             << XmlEscape(e.message) << "\">" << XmlText(e.ToString())
             << "</error>\n    </testcase>\n";
    }
    suites << "  </testsuite>\n";
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"ivrscope\" tests=\""
      << tests + report.errors.size() << "\" failures=\"" << failures
      << "\" errors=\"" << report.errors.size() << "\">\n"
      << suites.str() << "</testsuites>\n";
}

}  // namespace ivrscope
