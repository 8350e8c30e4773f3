// `ivrscope diff` output, text and json: new and fixed findings, flows added
// and removed, and each flow's metric moves ("billing-agent: 2 → 4 entries
// to the farthest human"). Only presents what DiffReports computed.
#include <ostream>

#include "ivrscope/report.hpp"
#include "reporters/json_writer.hpp"
#include "reporters/report_parts.hpp"

namespace ivrscope {
namespace {

struct MetricWords {
  std::string_view metric;
  std::string_view unit;  // after the value
  std::string_view none;  // what a missing value means
};

constexpr MetricWords kMetricWords[] = {
    {"nodes", "nodes", "none"},
    {"edges", "edges", "none"},
    {"min_entries_to_human", "entries to the nearest human", "no human"},
    {"max_entries_to_human", "entries to the farthest human", "no human"},
    {"max_transfer_hops", "transfers on one route", "unbounded"},
};

const MetricWords& WordsFor(std::string_view metric) {
  for (const MetricWords& w : kMetricWords) {
    if (w.metric == metric) return w;
  }
  return kMetricWords[0];
}

std::string Value(const std::optional<int>& v, const MetricWords& words) {
  return v ? std::to_string(*v) : std::string(words.none);
}

SeverityCounts CountRefs(const Report& report,
                         const std::vector<FindingRef>& refs) {
  SeverityCounts counts;
  for (const FindingRef& r : refs) {
    counts.Add(report.flows[r.flow].findings[r.finding].severity);
  }
  return counts;
}

void WriteRefsText(const Report& report, const std::vector<FindingRef>& refs,
                   std::string_view heading, const TextStyle& style,
                   std::ostream& out) {
  if (refs.empty()) return;
  out << heading << ":\n";
  for (const FindingRef& r : refs) {
    WriteFindingText(*report.program, static_cast<std::uint32_t>(r.flow),
                     report.flows[r.flow].findings[r.finding], style, "", "",
                     out);
  }
}

void WriteRefsJson(const Report& report, const std::vector<FindingRef>& refs,
                   JsonWriter& json) {
  json.BeginArray();
  for (const FindingRef& r : refs) {
    json.BeginObject();
    json.Key("flow").String(report.program->flows[r.flow].name);
    WriteFindingMembers(*report.program,
                        report.flows[r.flow].findings[r.finding], json);
    json.Key("fingerprint").String(report.fingerprints[r.flow][r.finding]);
    json.EndObject();
  }
  json.EndArray();
}

void WriteCountsJson(const SeverityCounts& c, JsonWriter& json) {
  json.BeginObject();
  json.Key("error").Number(c.error);
  json.Key("warning").Number(c.warning);
  json.Key("note").Number(c.note);
  json.EndObject();
}

}  // namespace

void WriteDiffText(const ReportDiff& diff, const ReportOptions& options,
                   std::ostream& out) {
  const TextStyle style{options.color};
  WriteRefsText(*diff.after, diff.added, "new findings", style, out);
  WriteRefsText(*diff.before, diff.fixed, "fixed findings", style, out);
  for (const std::string& name : diff.flows_added) {
    out << "flow added: " << Printable(name) << '\n';
  }
  for (const std::string& name : diff.flows_removed) {
    out << "flow removed: " << Printable(name) << '\n';
  }
  for (const MetricMove& m : diff.moves) {
    const MetricWords& words = WordsFor(m.metric);
    out << Printable(m.flow) << ": " << Value(m.before, words) << " \u2192 "
        << Value(m.after, words) << ' ' << words.unit << '\n';
  }
  for (const Report* side : {diff.before, diff.after}) {
    for (const Diagnostic& e : side->errors) WriteErrorText(e, style, out);
  }
  out << "ivrscope diff: " << diff.added.size() << " new ("
      << Counts(CountRefs(*diff.after, diff.added)) << "), "
      << diff.fixed.size() << " fixed ("
      << Counts(CountRefs(*diff.before, diff.fixed)) << "), "
      << Plural(static_cast<long long>(diff.moves.size()), "metric moved",
                "metrics moved")
      << '\n';
}

void WriteDiffJson(const ReportDiff& diff, const ReportOptions& /*options*/,
                   std::ostream& out) {
  JsonWriter json(out);
  json.BeginObject();
  json.Key("version").Number(1);
  json.Key("new");
  WriteRefsJson(*diff.after, diff.added, json);
  json.Key("fixed");
  WriteRefsJson(*diff.before, diff.fixed, json);
  json.Key("flows_added").BeginArray();
  for (const std::string& name : diff.flows_added) json.String(name);
  json.EndArray();
  json.Key("flows_removed").BeginArray();
  for (const std::string& name : diff.flows_removed) json.String(name);
  json.EndArray();
  json.Key("metrics").BeginArray();
  for (const MetricMove& m : diff.moves) {
    json.BeginObject();
    json.Key("flow").String(m.flow);
    json.Key("metric").String(m.metric);
    json.Key("before").Optional(m.before);
    json.Key("after").Optional(m.after);
    json.EndObject();
  }
  json.EndArray();
  json.Key("errors").BeginArray();
  for (const Report* side : {diff.before, diff.after}) {
    for (const Diagnostic& e : side->errors) WriteDiagnostic(json, e);
  }
  json.EndArray();
  json.Key("summary").BeginObject();
  json.Key("new");
  WriteCountsJson(CountRefs(*diff.after, diff.added), json);
  json.Key("fixed");
  WriteCountsJson(CountRefs(*diff.before, diff.fixed), json);
  json.Key("metrics_moved").Number(static_cast<long long>(diff.moves.size()));
  json.EndObject();
  json.EndObject();
}

}  // namespace ivrscope
