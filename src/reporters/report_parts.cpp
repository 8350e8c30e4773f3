// Shared reporter pieces; see report_parts.hpp.
#include "reporters/report_parts.hpp"

#include <filesystem>
#include <system_error>

#include "ivrscope/ivr_map.hpp"
#include "reporters/utf8.hpp"

namespace ivrscope {

const char* TextStyle::of(Severity s) const {
  if (!color) return "";
  switch (s) {
    case Severity::kError:
      return "\033[1;31m";
    case Severity::kWarning:
      return "\033[1;35m";
    case Severity::kNote:
      return "\033[1;36m";
  }
  return "";
}

std::unordered_set<std::string_view> AnalysedFiles(const Program& program) {
  // The files flows start in, and those any node stands in: a VoiceXML
  // application root or a document only reached from another is analysed
  // within that one's flow, though no flow starts there.
  std::vector<bool> has_node(program.files.size(), false);
  for (const Flow& flow : program.flows) has_node[flow.file] = true;
  const std::size_t n = boost::num_vertices(program.graph);
  for (Vertex v = 0; v < n; ++v) {
    const std::uint32_t file = program.graph[v].location.file;
    if (file < has_node.size()) has_node[file] = true;
  }
  std::unordered_set<std::string_view> analysed;
  for (std::size_t f = 0; f < has_node.size(); ++f) {
    if (has_node[f]) analysed.insert(program.files[f]);
  }
  return analysed;
}

std::string Plural(long long n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string Counts(const SeverityCounts& c) {
  return Plural(c.error, "error", "errors") + ", " +
         Plural(c.warning, "warning", "warnings") + ", " +
         Plural(c.note, "note", "notes");
}

std::string RouteCost(const Finding& f) {
  std::string out;
  if (f.entries) out = Plural(*f.entries, "entry", "entries");
  if (f.hops) {
    out += (out.empty() ? "" : ", ") + Plural(*f.hops, "transfer", "transfers");
  }
  return out.empty() ? out : " (" + out + ")";
}

std::string RunSummary(const Report& report) {
  const Program& program = *report.program;
  std::string out =
      Plural(static_cast<long long>(report.files), "file", "files") + ", " +
      Plural(static_cast<long long>(report.flows.size()), "flow", "flows");
  const std::unordered_set<std::string_view> analysed = AnalysedFiles(program);
  long long lost = 0;
  long long problems = 0;
  for (const Diagnostic& e : report.errors) {
    ++(analysed.count(e.file) != 0 ? problems : lost);
  }
  if (lost > 0) {
    out += ", " + Plural(lost, "input not analysed", "inputs not analysed");
  }
  if (problems > 0) {
    out += ", " + Plural(problems, "problem in an analysed input",
                         "problems in analysed inputs");
  }
  // Counted, not listed: an estate's grammars can be thousands (the json
  // report names each).
  if (!report.skipped.empty()) {
    out += ", " + Plural(static_cast<long long>(report.skipped.size()),
                         "other XML file skipped", "other XML files skipped");
  }
  out += ": " + Counts(CountFindings(report));
  if (const std::size_t n = CountSuppressed(report); n > 0) {
    out += ", " + std::to_string(n) + " suppressed";
  }
  return out;
}

namespace {

void WriteRoute(const Program& program, std::uint32_t flow, const Finding& f,
                std::ostream& out) {
  out << "  route: " << Printable(RouteText(program, f.route, flow))
      << RouteCost(f) << '\n';
}

}  // namespace

std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

void WriteFindingLine(std::string_view file, std::uint32_t line,
                      std::uint32_t column, Severity severity,
                      std::string_view message, std::string_view rule,
                      const TextStyle& style, std::string_view severity_prefix,
                      std::string_view tag, std::ostream& out) {
  out << style.bold() << Printable(file) << ':' << line << ':' << column << ":"
      << style.reset() << ' ' << style.of(severity) << severity_prefix
      << ToString(severity) << ':' << style.reset() << ' ' << Printable(message)
      << " [" << rule << "]" << tag << '\n';
}

void WriteFindingText(const Program& program, std::uint32_t flow,
                      const Finding& f, const TextStyle& style,
                      std::string_view severity_prefix, std::string_view tag,
                      std::ostream& out) {
  WriteFindingLine(program.file_of(f.location), f.location.line,
                   f.location.column, f.severity, f.message, f.rule, style,
                   severity_prefix, tag, out);
  if (!f.route.empty()) WriteRoute(program, flow, f, out);
}

void WriteErrorText(const Diagnostic& e, const TextStyle& style,
                    std::ostream& out) {
  out << style.bold() << Printable(e.file);
  if (e.line != 0) out << ':' << e.line << ':' << e.column;
  out << ':' << style.reset() << ' ' << style.of(Severity::kError)
      << "error:" << style.reset() << ' ' << Printable(e.message) << '\n';
}

void WriteFindingMembers(const Program& program, const Finding& f,
                         JsonWriter& json) {
  const Graph& g = program.graph;
  json.Key("rule").String(f.rule);
  json.Key("severity").String(ToString(f.severity));
  json.Key("message").String(f.message);
  json.Key("node").String(g[f.node].id);
  json.Key("file").String(program.file_of(f.location));
  json.Key("line").Number(f.location.line);
  json.Key("column").Number(f.location.column);
  json.Key("entries").Optional(f.entries);
  json.Key("hops").Optional(f.hops);
  json.Key("route");
  WriteRouteJson(program, f.route, json);
  json.Key("route_gaps");
  WriteRouteGapsJson(f.route, json);
}

void WriteRouteJson(const Program& program, const std::vector<RouteStep>& route,
                    JsonWriter& json) {
  const Graph& g = program.graph;
  json.BeginArray();
  for (const RouteStep& step : route) {
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
}

void WriteRouteGapsJson(const std::vector<RouteStep>& route, JsonWriter& json) {
  json.BeginArray();
  for (std::size_t i = 0; i < route.size(); ++i) {
    if (!route[i].skipped) continue;
    json.BeginObject();
    json.Key("before").Number(static_cast<long long>(i));
    json.Key("steps").Number(static_cast<long long>(route[i].skipped));
    json.EndObject();
  }
  json.EndArray();
}

std::string RepositoryPath(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path p = fs::path(path).lexically_normal();
  std::error_code ec;
  // "../flows/a.xml" names no file of the repository checked out here: a
  // code scanner cannot resolve it under the source root. It is given whole.
  if (!p.empty() && !p.is_absolute() && *p.begin() == "..") {
    const fs::path absolute = fs::absolute(p, ec);
    if (!ec) p = absolute.lexically_normal();
  }
  if (p.is_absolute()) {
    const fs::path cwd = fs::current_path(ec);
    if (!ec) {
      const fs::path rel = p.lexically_relative(cwd);
      if (!rel.empty() && *rel.begin() != "..") p = rel;
    }
  }
  std::string out = p.generic_string();
  while (out.starts_with("./")) out.erase(0, 2);
  return out;
}

// RFC 4180 quoting. A cell a spreadsheet would run as a formula (= + - @) is
// prefixed with ' : ids come from untrusted XML, and the usual reader of this
// CSV is a spreadsheet. Control characters are \xNN and invalid UTF-8 is
// U+FFFD, as in the text report: a file name's escape sequence reached the
// terminal that printed the sheet, and its byte 0xFF made it no UTF-8.
std::string CsvCell(std::string_view text) {
  std::string cell = Printable(ValidUtf8(text));
  if (!cell.empty() &&
      std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace ivrscope
