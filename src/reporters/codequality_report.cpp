// --format codequality: the GitLab code-quality report (the CodeClimate
// subset GitLab reads), so findings show in merge requests. GitLab merges
// entries with equal fingerprints, so each is unique (see review.hpp); load
// errors are entries too (check_name "load-error"), so nothing is lost.
#include <ostream>
#include <string_view>
#include <unordered_set>

#include "ivrscope/report.hpp"
#include "reporters/json_writer.hpp"
#include "reporters/report_parts.hpp"
#include "review/fingerprint.hpp"

namespace ivrscope {
namespace {

// GitLab's scale: info, minor, major, critical, blocker.
std::string_view GitlabSeverity(Severity severity) {
  switch (severity) {
    case Severity::kError: return "critical";
    case Severity::kWarning: return "major";
    case Severity::kNote: return "info";
  }
  return "info";
}

void WriteIssue(std::string_view description, std::string_view check,
                std::string_view fingerprint, std::string_view severity,
                const std::string& file, std::uint32_t line,
                JsonWriter& json) {
  json.BeginObject();
  json.Key("description").String(description);
  json.Key("check_name").String(check);
  json.Key("fingerprint").String(fingerprint);
  json.Key("severity").String(severity);
  json.Key("location").BeginObject();
  json.Key("path").String(RepositoryPath(file));
  json.Key("lines").BeginObject();
  json.Key("begin").Number(line == 0 ? 1 : line);
  json.EndObject();
  json.EndObject();
  json.EndObject();
}

}  // namespace

void WriteCodequality(const Report& report, const ReportOptions& /*options*/,
                      std::ostream& out) {
  const Program& program = *report.program;
  JsonWriter json(out);
  json.BeginArray();
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const std::vector<Finding>& findings = report.flows[i].findings;
    for (std::size_t k = 0; k < findings.size(); ++k) {
      const Finding& f = findings[k];
      WriteIssue(f.message, f.rule, report.fingerprints[i][k],
                 GitlabSeverity(f.severity), program.file_of(f.location),
                 f.location.line, json);
    }
  }
  const std::unordered_set<std::string_view> analysed = AnalysedFiles(program);
  // The fingerprint keeps the message alone: an input that comes to be
  // analysed is the same issue. The same message twice in a file (a bad
  // suppression comment copied about) is told apart by its order, as
  // findings are: GitLab shows entries of one fingerprint as one.
  std::vector<std::string> prints;
  for (const Diagnostic& e : report.errors) {
    prints.push_back(HashFields({"load-error", e.file, e.message}));
  }
  std::vector<std::string*> unique;
  for (std::string& p : prints) unique.push_back(&p);
  MakeUnique(std::move(unique));
  for (std::size_t i = 0; i < report.errors.size(); ++i) {
    const Diagnostic& e = report.errors[i];
    WriteIssue(
        analysed.contains(e.file) ? e.message : "cannot analyse: " + e.message,
        "load-error", prints[i], "blocker", e.file, e.line, json);
  }
  json.EndArray();
}

}  // namespace ivrscope
