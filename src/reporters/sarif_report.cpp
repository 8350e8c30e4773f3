// --format sarif: SARIF 2.1.0 as GitHub code scanning and Azure DevOps read
// it. One run; tool.driver.rules describes every rule that ran (at its
// configured severity); each result has a level, a message, a physical
// location with a repository-relative URI, the caller's route as a codeFlow,
// and a partialFingerprints entry that survives unrelated edits (so code
// scanning does not reopen an alert because a line moved). Load errors are
// toolExecutionNotifications: the run is then not fully successful.
// Columns are in Unicode code points (columnKind), as every report's are.
#include <optional>
#include <ostream>

#include "ivrscope/report.hpp"
#include "reporters/json_writer.hpp"
#include "reporters/report_parts.hpp"
#include "version.hpp"

namespace ivrscope {
namespace {

constexpr std::string_view kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json";

// RFC 3986: unreserved characters and '/' stay, the rest is %-encoded.
std::string UriEncode(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
        (u >= '0' && u <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

// "too-many-entries" -> "TooManyEntries": SARIF's rule name convention.
std::string RuleName(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

void WriteLocation(const std::string& file, std::uint32_t line,
                   std::uint32_t column, JsonWriter& json) {
  json.Key("physicalLocation").BeginObject();
  json.Key("artifactLocation").BeginObject();
  const std::string path = RepositoryPath(file);
  if (path.starts_with('/')) {
    json.Key("uri").String("file://" + UriEncode(path));
  } else {
    json.Key("uri").String(UriEncode(path));
    json.Key("uriBaseId").String("%SRCROOT%");
  }
  json.EndObject();
  if (line != 0) {
    json.Key("region").BeginObject();
    json.Key("startLine").Number(line);
    if (column != 0) json.Key("startColumn").Number(column);
    json.EndObject();
  }
  json.EndObject();
}

void WriteRules(const Report& report, JsonWriter& json) {
  json.Key("rules").BeginArray();
  for (const RuleInfo& rule : report.rules) {
    const std::string help =
        std::string(rule.rationale) +
        "\n\nTo accept one occurrence, put <!-- ivrscope-disable " +
        std::string(rule.id) +
        ": why --> right before the element; to turn the rule off, write " +
        std::string(rule.id) + " = off under [rules] in .ivrscope.ini.";
    json.BeginObject();
    json.Key("id").String(rule.id);
    json.Key("name").String(RuleName(rule.id));
    json.Key("shortDescription").BeginObject();
    json.Key("text").String(rule.summary);
    json.EndObject();
    json.Key("fullDescription").BeginObject();
    json.Key("text").String(rule.rationale);
    json.EndObject();
    json.Key("help").BeginObject();
    json.Key("text").String(help);
    json.EndObject();
    json.Key("defaultConfiguration").BeginObject();
    json.Key("level").String(ToString(rule.severity));
    json.EndObject();
    json.EndObject();
  }
  json.EndArray();
}

void WriteCodeFlow(const Program& program, const Finding& f, JsonWriter& json) {
  json.Key("codeFlows").BeginArray().BeginObject();
  json.Key("threadFlows").BeginArray().BeginObject();
  json.Key("locations").BeginArray();
  for (const RouteStep& step : f.route) {
    const Node& node = program.node(step.node);
    std::string text(node.id);
    if (step.skipped) text = SkippedText(step.skipped) + " " + text;
    if (step.via) {
      const std::string input = RouteInput(program, *step.via);
      text += input.empty() ? " ->" : " -" + input + "->";
    }
    json.BeginObject();
    json.Key("location").BeginObject();
    WriteLocation(program.file_of(node.location), node.location.line,
                  node.location.column, json);
    json.Key("message").BeginObject();
    json.Key("text").String(text);
    json.EndObject();
    json.EndObject();
    json.EndObject();
  }
  json.EndArray();
  json.EndObject().EndArray();
  json.EndObject().EndArray();
}

void WriteResult(const Report& report, std::size_t flow, const Finding& f,
                 const std::string& fingerprint,
                 std::optional<std::string_view> baseline_state,
                 const Suppression* suppressed_by, JsonWriter& json) {
  const Program& program = *report.program;
  json.BeginObject();
  json.Key("ruleId").String(f.rule);
  for (std::size_t r = 0; r < report.rules.size(); ++r) {
    if (report.rules[r].id == f.rule) {
      json.Key("ruleIndex").Number(static_cast<long long>(r));
    }
  }
  json.Key("level").String(ToString(f.severity));
  json.Key("message").BeginObject();
  json.Key("text").String(f.message);
  json.EndObject();
  json.Key("locations").BeginArray().BeginObject();
  WriteLocation(program.file_of(f.location), f.location.line, f.location.column,
                json);
  json.EndObject().EndArray();
  json.Key("partialFingerprints").BeginObject();
  json.Key("ivrscopeFinding/v1").String(fingerprint);
  json.EndObject();
  if (!f.route.empty()) WriteCodeFlow(program, f, json);
  if (baseline_state) json.Key("baselineState").String(*baseline_state);
  if (suppressed_by != nullptr) {
    json.Key("suppressions").BeginArray().BeginObject();
    json.Key("kind").String("inSource");
    json.Key("justification").String(suppressed_by->reason);
    json.EndObject().EndArray();
  }
  json.Key("properties").BeginObject();
  json.Key("flow").String(program.flows[flow].name);
  json.Key("node").String(program.node(f.node).id);
  if (f.entries) json.Key("entries").Number(*f.entries);
  if (f.hops) json.Key("hops").Number(*f.hops);
  json.EndObject();
  json.EndObject();
}

}  // namespace

void WriteSarif(const Report& report, const ReportOptions& /*options*/,
                std::ostream& out) {
  JsonWriter json(out);
  json.BeginObject();
  json.Key("$schema").String(kSchema);
  json.Key("version").String("2.1.0");
  json.Key("runs").BeginArray().BeginObject();
  json.Key("tool").BeginObject();
  json.Key("driver").BeginObject();
  json.Key("name").String("ivrscope");
  json.Key("version").String(kVersion);
  json.Key("semanticVersion").String(kVersion);
  WriteRules(report, json);
  json.EndObject();
  json.EndObject();
  // Our columns count characters; without this a consumer assumes UTF-16
  // code units and is off by one per character beyond the BMP.
  json.Key("columnKind").String("unicodeCodePoints");

  json.Key("invocations").BeginArray().BeginObject();
  json.Key("executionSuccessful").Bool(report.errors.empty());
  json.Key("toolExecutionNotifications").BeginArray();
  for (const Diagnostic& e : report.errors) {
    json.BeginObject();
    json.Key("level").String("error");
    json.Key("message").BeginObject();
    json.Key("text").String(e.message);
    json.EndObject();
    json.Key("locations").BeginArray().BeginObject();
    WriteLocation(e.file, e.line, e.column, json);
    json.EndObject().EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.EndObject().EndArray();

  json.Key("results").BeginArray();
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const FlowAnalysis& flow = report.flows[i];
    for (std::size_t k = 0; k < flow.findings.size(); ++k) {
      std::optional<std::string_view> state;
      if (report.baseline) {
        state = report.baseline->unchanged[i][k] ? "unchanged" : "new";
      }
      WriteResult(report, i, flow.findings[k], report.fingerprints[i][k], state,
                  nullptr, json);
    }
    // Suppressed findings stay in the log, marked as accepted in source, so
    // code scanning shows them as dismissed rather than forgetting them.
    for (std::size_t k = 0; k < flow.suppressed.size(); ++k) {
      WriteResult(report, i, flow.suppressed[k].finding,
                  report.suppressed_fingerprints[i][k], std::nullopt,
                  flow.suppressed[k].by, json);
    }
  }
  json.EndArray();
  json.EndObject().EndArray();
  json.EndObject();
}

}  // namespace ivrscope
