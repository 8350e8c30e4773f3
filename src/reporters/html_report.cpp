// --format html: one self-contained page for a design review. A summary
// table of every flow, the findings with their routes, and each flow drawn
// (SVG inline, from Graphviz) with the route of the selected finding
// highlighted by a small inline script.
//
// Everything that comes from the XML (ids, prompts, conditions, file names)
// is untrusted: it is escaped here, or by Graphviz inside the SVG, and the
// page's Content-Security-Policy allows no network access and no script but
// ours (pinned by its SHA-256), so a `<script>` in a prompt stays text.
#include <optional>
#include <ostream>
#include <sstream>
#include <unordered_set>

#include "html_assets.hpp"
#include "ivrscope/drawing.hpp"
#include "ivrscope/ivr_map.hpp"
#include "ivrscope/report.hpp"
#include "reporters/report_parts.hpp"
#include "reporters/utf8.hpp"
#include "version.hpp"

namespace ivrscope {
namespace {

// Markup escaped; a control character (HTML allows none but white space)
// written as \xNN, as the text report does, and invalid UTF-8 as U+FFFD.
std::string Html(std::string_view text) {
  const std::string clean = Printable(ValidUtf8(text));
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The CSP wants the script's hash in base64; CMake gives it in hex.
std::string HexToBase64(std::string_view hex) {
  static const char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto nibble = [](char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  };
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
  }
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned chunk = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size())
      chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out += kDigits[(chunk >> 18) & 63];
    out += kDigits[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kDigits[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kDigits[chunk & 63] : '=';
  }
  return out;
}

std::string OrDash(const std::optional<int>& value) {
  return value ? std::to_string(*value) : "&ndash;";
}

std::string FlowPrefix(std::size_t flow) {
  return "f" + std::to_string(flow) + "-";
}

void WriteSummary(const Report& report, std::ostream& out) {
  const Program& program = *report.program;
  out << "<section id=\"summary\"><h2>Summary</h2>\n<table>\n<thead><tr>"
         "<th>Flow</th><th>File</th><th>Format</th><th>Nodes</th>"
         "<th>Edges</th><th>Fewest entries to a human</th>"
         "<th>Most entries to a human</th><th>Most transfers on a route</th>"
         "<th>Errors</th><th>Warnings</th><th>Notes</th></tr></"
         "thead>\n<tbody>\n";
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    const FlowMetrics& m = report.flows[i].metrics;
    const SeverityCounts c = CountFindings(report.flows[i]);
    out << "<tr><td><a href=\"#flow-" << i << "\">" << Html(flow.name)
        << "</a></td><td><code>" << Html(program.files[flow.file])
        << "</code></td><td>" << ToString(flow.format)
        << "</td><td class=\"num\">" << m.nodes << "</td><td class=\"num\">"
        << m.edges << "</td><td class=\"num\">"
        << (m.min_entries_to_human ? std::to_string(*m.min_entries_to_human)
                                   : "no human")
        << "</td><td class=\"num\">" << OrDash(m.max_entries_to_human)
        << "</td><td class=\"num\">"
        << (m.max_transfer_hops ? std::to_string(*m.max_transfer_hops)
                                : "unbounded")
        << "</td><td class=\"num\">" << c.error << "</td><td class=\"num\">"
        << c.warning << "</td><td class=\"num\">" << c.note << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

// Two lists, as the summary counts them: an input lost, and a problem in
// one whose flows are in the report all the same (a bad suppression).
void WriteErrors(const Report& report, std::ostream& out) {
  const std::unordered_set<std::string_view> analysed =
      AnalysedFiles(*report.program);
  const auto list = [&](bool of_analysed, std::string_view id,
                        std::string_view heading) {
    bool open = false;
    for (const Diagnostic& e : report.errors) {
      if ((analysed.count(e.file) != 0) != of_analysed) continue;
      if (!open) {
        out << "<section id=\"" << id << "\"><h2>" << heading
            << "</h2>\n<ul>\n";
        open = true;
      }
      out << "<li><code>" << Html(e.ToString()) << "</code></li>\n";
    }
    if (open) out << "</ul>\n</section>\n";
  };
  list(false, "errors", "Inputs not analysed");
  list(true, "problems", "Problems in analysed inputs");
}

// Folded away: an estate's grammars can be thousands.
void WriteSkipped(const Report& report, std::ostream& out) {
  if (report.skipped.empty()) return;
  out << "<section id=\"skipped\"><details><summary>" << report.skipped.size()
      << (report.skipped.size() == 1 ? " other XML file" : " other XML files")
      << " skipped (not IVR flows)</summary>\n<ul>\n";
  for (const Diagnostic& e : report.skipped) {
    out << "<li><code>" << Html(e.file) << ':' << e.line << ':' << e.column
        << "</code> " << Html(e.message) << "</li>\n";
  }
  out << "</ul>\n</details>\n</section>\n";
}

// The ids of the drawing elements a finding names: its node, and every node
// and edge of its route.
std::string RouteIds(const Program& program, const Finding& f,
                     const std::string& prefix) {
  std::vector<std::string> ids{DrawingNodeId(prefix, f.node)};
  for (const RouteStep& step : f.route) {
    ids.push_back(DrawingNodeId(prefix, step.node));
    if (step.via) ids.push_back(DrawingEdgeId(prefix, program, *step.via));
  }
  // A cycle names its first node twice; each id once is enough.
  std::unordered_set<std::string> seen;
  std::string out;
  for (const std::string& id : ids) {
    if (!seen.insert(id).second) continue;
    out += (out.empty() ? "" : " ") + id;
  }
  return out;
}

void WriteFindings(const Report& report, std::size_t flow, int* number,
                   std::ostream& out) {
  const Program& program = *report.program;
  const auto& findings = report.flows[flow].findings;
  out << "<h3>Findings</h3>\n";
  if (findings.empty()) {
    out << "<p>No findings.</p>\n";
    return;
  }
  out << "<ol class=\"findings\">\n";
  for (const Finding& f : findings) {
    const int n = ++*number;
    const std::string sev(ToString(f.severity));
    out << "<li class=\"finding sev-" << sev << "\" id=\"finding-" << n
        << "\" data-drawing=\"drawing-" << flow << "\" data-route=\""
        << RouteIds(program, f, FlowPrefix(flow)) << "\"><a href=\"#finding-"
        << n << "\"><span class=\"sev\">" << sev << "</span> " << Html(f.rule)
        << "</a> <span class=\"loc\">" << Html(program.file_of(f.location))
        << ':' << f.location.line << ':' << f.location.column
        << "</span>\n<div class=\"msg\">" << Html(f.message) << "</div>\n";
    if (!f.route.empty()) {
      out << "<div class=\"route\">route: "
          << Html(RouteText(program, f.route, static_cast<std::uint32_t>(flow)))
          << RouteCost(f) << "</div>\n";
    }
    out << "</li>\n";
  }
  out << "</ol>\n";
}

// What a flow's drawing shows: its own nodes, where its edges lead (another
// flow's start, a missing target), and every node its findings' routes pass.
std::vector<bool> DrawnNodes(const Report& report, std::size_t flow,
                             std::size_t* count) {
  const Graph& g = report.program->graph;
  std::vector<bool> drawn(boost::num_vertices(g), false);
  *count = 0;
  const auto add = [&](Vertex v) {
    if (!drawn[v]) ++*count;
    drawn[v] = true;
  };
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    if (g[*v].flow != flow) continue;
    add(*v);
    for (auto [e, eend] = boost::out_edges(*v, g); e != eend; ++e) {
      add(boost::target(*e, g));
    }
  }
  for (const Finding& f : report.flows[flow].findings) {
    for (const RouteStep& step : f.route) add(step.node);
  }
  return drawn;
}

void WriteDrawing(const Report& report, std::size_t flow, std::ostream& out) {
  out << "<h3>Drawing</h3>\n";
  if (!CanRenderSvg()) {
    out << "<p class=\"notice\">No drawing: this ivrscope was built without "
           "Graphviz.</p>\n";
    return;
  }
  Drawing drawing;
  drawing.program = report.program;
  std::size_t count = 0;
  drawing.nodes = DrawnNodes(report, flow, &count);
  if (count > kMaxDrawnNodes) {
    out << "<p class=\"notice\">No drawing: the flow has " << count
        << " nodes, too many to lay out legibly (the limit is "
        << kMaxDrawnNodes
        << "). <code>ivrscope graph --focus NODE</code> draws part of "
           "it.</p>\n";
    return;
  }
  const std::size_t layout_size = LayoutSize(drawing);
  if (const std::string why = TooLargeToDraw(drawing, layout_size);
      !why.empty()) {
    out << "<p class=\"notice\">No drawing: " << Html(why)
        << ". <code>ivrscope graph --focus NODE</code> draws part of "
           "it.</p>\n";
    return;
  }
  for (const Finding& f : report.flows[flow].findings) {
    drawing.findings.push_back(&f);
  }
  drawing.id_prefix = FlowPrefix(flow);
  std::ostringstream dot;
  WriteDot(drawing, layout_size, dot);
  Result<std::string> svg = RenderSvg(dot.str());
  if (!svg.ok()) {
    out << "<p class=\"notice\">No drawing: " << Html(svg.error().message)
        << "</p>\n";
    return;
  }
  // Graphviz writes a standalone document; inline HTML wants the <svg>
  // element alone (no XML declaration or DOCTYPE).
  const std::string& text = svg.value();
  const std::size_t begin = text.find("<svg");
  out << "<div class=\"drawing\" id=\"drawing-" << flow << "\">\n"
      << (begin == std::string::npos ? "" : text.substr(begin)) << "</div>\n";
}

void WriteLegend(std::ostream& out) {
  out << "<section id=\"legend\"><h2>How to read the drawings</h2>\n"
         "<table class=\"legend\">\n"
         "<tr><td>rounded box</td><td>menu: waits for the caller to pick an "
         "option</td></tr>\n"
         "<tr><td>parallelogram</td><td>input: waits for digits or "
         "speech</td></tr>\n"
         "<tr><td>note</td><td>prompt played, then moves on</td></tr>\n"
         "<tr><td>diamond</td><td>branch: a decision on data</td></tr>\n"
         "<tr><td>green double octagon</td><td>transfer to a person</td></tr>\n"
         "<tr><td>octagon</td><td>transfer to another flow or a "
         "system</td></tr>\n"
         "<tr><td>box with cut corners</td><td>hang-up</td></tr>\n"
         "<tr><td>inverted house</td><td>stop: the flow ends without hang-up "
         "or transfer</td></tr>\n"
         "<tr><td>dashed box</td><td>a target that names nothing</td></tr>\n"
         "<tr><td>black dot</td><td>where the flow starts</td></tr>\n"
         "<tr><td>edge labels</td><td>the key (and phrase) pressed, "
         "noinput, nomatch, [condition], or busy/no answer; dashed edges are "
         "retries, dotted edges failed transfers</td></tr>\n"
         "<tr><td>colours</td><td>red: error, orange: warning, blue: note, on "
         "the node a finding is about and on its route</td></tr>\n"
         "</table>\n<p>Select a finding to highlight its route; the page "
         "address (<code>#finding-N</code>) keeps the selection.</p>\n"
         "</section>\n";
}

}  // namespace

void WriteHtml(const Report& report, const ReportOptions& /*options*/,
               std::ostream& out) {
  const Program& program = *report.program;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
         "charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
         "'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-"
      << HexToBase64(kHtmlScriptSha256)
      << "'\">\n<meta name=\"viewport\" content=\"width=device-width, "
         "initial-scale=1\">\n<title>ivrscope report</title>\n<style>\n"
      << kHtmlStyle << "</style>\n</head>\n<body>\n<h1>IVR flow review</h1>\n"
      << "<p>" << RunSummary(report) << ". Written by ivrscope " << kVersion
      << ".</p>\n";
  if (!CanRenderSvg()) {
    out << "<p class=\"notice\">This ivrscope was built without Graphviz, so "
           "the report has no drawings. Everything else is complete.</p>\n";
  }
  WriteSummary(report, out);
  WriteErrors(report, out);
  WriteSkipped(report, out);
  int number = 0;
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    out << "<section class=\"flow\" id=\"flow-" << i << "\">\n<h2>"
        << Html(flow.name) << " <small>" << Html(program.files[flow.file])
        << "</small></h2>\n";
    WriteFindings(report, i, &number, out);
    WriteDrawing(report, i, out);
    out << "</section>\n";
  }
  WriteLegend(out);
  out << "<script>" << kHtmlScript << "</script>\n</body>\n</html>\n";
}

}  // namespace ivrscope
