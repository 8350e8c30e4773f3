// The default report: compiler-style lines editors and CI logs understand,
// the caller's route under each finding, then a summary per flow.
#include <ostream>

#include "ivrscope/report.hpp"

namespace ivrscope {
namespace {

struct Style {
  bool color;
  const char* bold() const { return color ? "\033[1m" : ""; }
  const char* reset() const { return color ? "\033[0m" : ""; }
  const char* of(Severity s) const {
    if (!color) return "";
    switch (s) {
      case Severity::kError: return "\033[1;31m";
      case Severity::kWarning: return "\033[1;35m";
      case Severity::kNote: return "\033[1;36m";
    }
    return "";
  }
};

std::string Plural(long long n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string Counts(const SeverityCounts& c) {
  return Plural(c.error, "error", "errors") + ", " +
         Plural(c.warning, "warning", "warnings") + ", " +
         Plural(c.note, "note", "notes");
}

void WriteRoute(const Program& program, std::uint32_t flow,
                const Finding& f, std::ostream& out) {
  const Graph& g = program.graph;
  out << "  route: ";
  for (const RouteStep& step : f.route) {
    const Node& node = g[step.node];
    if (node.flow != flow && node.flow < program.flows.size()) {
      out << program.flows[node.flow].name << ':';
    }
    out << node.id;
    if (step.via) {
      const std::string input = RouteInput(program, *step.via);
      out << (input.empty() ? " -> " : " -" + input + "-> ");
    }
  }
  if (f.entries) out << " (" << Plural(*f.entries, "entry", "entries");
  if (f.hops) {
    out << (f.entries ? ", " : " (") << Plural(*f.hops, "transfer", "transfers");
  }
  if (f.entries || f.hops) out << ')';
  out << '\n';
}

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
  out += m.max_transfer_hops
             ? "at most " + Plural(*m.max_transfer_hops, "transfer", "transfers")
             : "transfers unbounded (a transfer loop)";
  return out;
}

}  // namespace

void WriteText(const Report& report, const ReportOptions& options,
               std::ostream& out) {
  const Style style{options.color};
  const Program& program = *report.program;
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    for (const Finding& f : report.flows[i].findings) {
      out << style.bold() << program.file_of(f.location) << ':'
          << f.location.line << ':' << f.location.column << ":"
          << style.reset() << ' ' << style.of(f.severity)
          << ToString(f.severity) << ':' << style.reset() << ' ' << f.message
          << " [" << f.rule << "]\n";
      if (!f.route.empty()) {
        WriteRoute(program, static_cast<std::uint32_t>(i), f, out);
      }
    }
  }
  for (const Diagnostic& e : report.errors) {
    out << style.bold() << e.file;
    if (e.line != 0) out << ':' << e.line << ':' << e.column;
    out << ':' << style.reset() << ' ' << style.of(Severity::kError)
        << "error:" << style.reset() << ' ' << e.message << '\n';
  }
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    out << "flow " << flow.name << " (" << program.files[flow.file]
        << "): " << Metrics(report.flows[i].metrics) << "; "
        << Counts(CountFindings(report.flows[i])) << '\n';
  }
  out << "ivrscope: " << Plural(static_cast<long long>(report.files), "file", "files")
      << ", " << Plural(static_cast<long long>(report.flows.size()), "flow", "flows");
  if (!report.errors.empty()) {
    out << ", " << Plural(static_cast<long long>(report.errors.size()),
                          "input not analysed", "inputs not analysed");
  }
  out << ": " << Counts(CountFindings(report)) << '\n';
}

}  // namespace ivrscope
