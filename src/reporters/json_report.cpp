// --format json: the stable, versioned contract other tools read. Every key
// is always present; what is unknown or does not apply is null.
#include <ostream>

#include "ivrscope/report.hpp"
#include "reporters/json_writer.hpp"

namespace ivrscope {

namespace {
constexpr int kJsonVersion = 1;
}  // namespace

void WriteJson(const Report& report, const ReportOptions& /*options*/,
               std::ostream& out) {
  const Program& program = *report.program;
  const Graph& g = program.graph;
  JsonWriter json(out);
  json.BeginObject();
  json.Key("version").Number(kJsonVersion);
  json.Key("flows").BeginArray();
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    const FlowAnalysis& analysis = report.flows[i];
    json.BeginObject();
    json.Key("name").String(flow.name);
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
    for (const Finding& f : analysis.findings) {
      json.BeginObject();
      json.Key("rule").String(f.rule);
      json.Key("severity").String(ToString(f.severity));
      json.Key("message").String(f.message);
      json.Key("node").String(g[f.node].id);
      json.Key("file").String(program.file_of(f.location));
      json.Key("line").Number(f.location.line);
      json.Key("column").Number(f.location.column);
      json.Key("entries").Optional(f.entries);
      json.Key("hops").Optional(f.hops);
      json.Key("route").BeginArray();
      for (const RouteStep& step : f.route) {
        const Node& node = g[step.node];
        json.BeginObject();
        json.Key("node").String(node.id);
        json.Key("file").String(program.file_of(node.location));
        json.Key("line").Number(node.location.line);
        // An automatic step and the last step have no input: null.
        json.Key("input").OptionalString(step.via ? RouteInput(program, *step.via)
                                                  : std::string());
        json.EndObject();
      }
      json.EndArray();
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.Key("errors");
  WriteDiagnostics(json, report.errors);
  const SeverityCounts counts = CountFindings(report);
  json.Key("summary").BeginObject();
  json.Key("files").Number(static_cast<long long>(report.files));
  json.Key("flows").Number(static_cast<long long>(report.flows.size()));
  json.Key("errors").Number(static_cast<long long>(report.errors.size()));
  json.Key("findings").BeginObject();
  json.Key("error").Number(counts.error);
  json.Key("warning").Number(counts.warning);
  json.Key("note").Number(counts.note);
  json.EndObject();
  json.EndObject();
  json.EndObject();
}

}  // namespace ivrscope
