// --format json: the stable, versioned contract other tools read. Every key
// is always present; what is unknown or does not apply is null. Fields added
// since the first release (fingerprint, baseline, suppressed, fixed) only
// add: the meaning of every older field is unchanged, so version stays 1.
#include <ostream>

#include "ivrscope/report.hpp"
#include "reporters/json_writer.hpp"
#include "reporters/report_parts.hpp"

namespace ivrscope {

namespace {
constexpr int kJsonVersion = 1;

void WriteRecorded(const RecordedFinding& f, JsonWriter& json) {
  json.BeginObject();
  json.Key("rule").String(f.rule);
  json.Key("severity").String(ToString(f.severity));
  json.Key("message").String(f.message);
  json.Key("flow").String(f.flow);
  json.Key("node").String(f.node);
  json.Key("file").String(f.file);
  json.Key("line").Number(f.line);
  json.Key("column").Number(f.column);
  json.Key("fingerprint").String(f.fingerprint);
  json.EndObject();
}

}  // namespace

void WriteJson(const Report& report, const ReportOptions& /*options*/,
               std::ostream& out) {
  const Program& program = *report.program;
  JsonWriter json(out);
  json.BeginObject();
  json.Key("version").Number(kJsonVersion);
  json.Key("flows").BeginArray();
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    const FlowAnalysis& analysis = report.flows[i];
    json.BeginObject();
    json.Key("name").String(flow.name);
    json.Key("key").String(flow.key);
    json.Key("file").String(program.files[flow.file]);
    json.Key("format").String(ToString(flow.format));
    const FlowMetrics& m = analysis.metrics;
    json.Key("metrics").BeginObject();
    json.Key("nodes").Number(m.nodes);
    json.Key("edges").Number(m.edges);
    json.Key("min_entries_to_human").Optional(m.min_entries_to_human);
    json.Key("max_entries_to_human").Optional(m.max_entries_to_human);
    json.Key("max_transfer_hops").Optional(m.max_transfer_hops);
    json.EndObject();
    json.Key("findings").BeginArray();
    for (std::size_t k = 0; k < analysis.findings.size(); ++k) {
      json.BeginObject();
      WriteFindingMembers(program, analysis.findings[k], json);
      json.Key("fingerprint").String(report.fingerprints[i][k]);
      json.Key("baseline");
      if (report.baseline) {
        json.String(report.baseline->unchanged[i][k] ? "unchanged" : "new");
      } else {
        json.Null();
      }
      json.EndObject();
    }
    json.EndArray();
    json.Key("suppressed").BeginArray();
    for (std::size_t k = 0; k < analysis.suppressed.size(); ++k) {
      const SuppressedFinding& s = analysis.suppressed[k];
      json.BeginObject();
      WriteFindingMembers(program, s.finding, json);
      // As a finding's: every key always there. A suppressed finding is
      // not compared with a baseline.
      json.Key("fingerprint").String(report.suppressed_fingerprints[i][k]);
      json.Key("baseline").Null();
      json.Key("reason").String(s.by->reason);
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.Key("errors");
  WriteDiagnostics(json, report.errors);
  json.Key("skipped");
  WriteDiagnostics(json, report.skipped);
  json.Key("fixed");
  if (report.baseline) {
    json.BeginArray();
    for (const RecordedFinding& f : report.baseline->fixed) {
      WriteRecorded(f, json);
    }
    json.EndArray();
  } else {
    json.Null();
  }
  const SeverityCounts counts = CountFindings(report);
  json.Key("summary").BeginObject();
  json.Key("files").Number(static_cast<long long>(report.files));
  json.Key("flows").Number(static_cast<long long>(report.flows.size()));
  json.Key("errors").Number(static_cast<long long>(report.errors.size()));
  json.Key("skipped").Number(static_cast<long long>(report.skipped.size()));
  json.Key("findings").BeginObject();
  json.Key("error").Number(counts.error);
  json.Key("warning").Number(counts.warning);
  json.Key("note").Number(counts.note);
  json.EndObject();
  json.Key("suppressed")
      .Number(static_cast<long long>(CountSuppressed(report)));
  json.Key("baseline");
  if (report.baseline) {
    json.BeginObject();
    json.Key("new").Number(report.baseline->new_findings);
    json.Key("unchanged").Number(report.baseline->unchanged_findings);
    json.Key("fixed").Number(
        static_cast<long long>(report.baseline->fixed.size()));
    json.EndObject();
  } else {
    json.Null();
  }
  json.EndObject();
  json.EndObject();
}

}  // namespace ivrscope
