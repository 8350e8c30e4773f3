// `ivrscope paths`: the IVR map written as a table per flow (text), as a
// versioned JSON document, or as CSV for a spreadsheet. Only formatting: the
// map itself comes from BuildIvrMap.
#include <algorithm>
#include <array>
#include <ostream>
#include <utility>

#include "ivrscope/ivr_map.hpp"
#include "reporters/json_writer.hpp"
#include "reporters/report_parts.hpp"

namespace ivrscope {
namespace {

constexpr int kMapJsonVersion = 1;

// What the endpoint is, beyond its kind: where a transfer goes, why the call
// leaves the analysed flows.
std::string Detail(const Node& node) {
  switch (node.kind) {
    case NodeKind::kTransfer:
    case NodeKind::kExternal:
      return std::string(node.destination);
    case NodeKind::kStop:
      return "flow stops";
    case NodeKind::kMissing:
      return "names nothing analysed";
    default:
      return "";
  }
}

std::string Transfers(const Program& program,
                      const std::vector<Vertex>& transfers,
                      std::uint32_t flow) {
  std::string out;
  for (Vertex t : transfers) {
    if (!out.empty()) out += ", ";
    out += NodeName(program, t, flow);
  }
  return out;
}

// One row of the text and CSV tables (transfers "" when none).
struct Row {
  std::string entries, kind, endpoint, to, keys, transfers;
};

// Rows are made one at a time, from the endpoint's route, and not kept:
// a deep flow's routes together can be far larger than the flow.
Row MakeRow(const Program& program, const FlowMap& map, const Endpoint& e,
            std::uint32_t flow) {
  const std::vector<RouteStep> route = MapRoute(map, e);
  return {std::to_string(e.entries),
          std::string(ToString(e.kind)),
          NodeName(program, e.node, flow),
          Detail(program.graph[e.node]),
          KeySequence(program, route),
          Transfers(program, TransfersPassed(program.graph, route), flow)};
}

constexpr std::size_t kPadded = 5;  // the columns before TRANSFERS

std::array<const std::string*, kPadded> PaddedCells(const Row& r) {
  return {&r.entries, &r.kind, &r.endpoint, &r.to, &r.keys};
}

void WriteRow(const Row& r, const std::array<std::size_t, kPadded>& width,
              std::ostream& out) {
  const auto cells = PaddedCells(r);
  out << ' ';
  for (std::size_t c = 0; c < cells.size(); ++c) {
    out << ' ' << *cells[c]
        << std::string(width[c] - cells[c]->size() + 1, ' ');
  }
  out << (r.transfers.empty() ? "-" : r.transfers) << '\n';
}

// A row as the terminal shows it: a newline in a phrase or an id would
// start a line of its own (one that reads as a compiler's error, say).
Row TextRow(const Program& program, const FlowMap& map, const Endpoint& e,
            std::uint32_t flow) {
  Row r = MakeRow(program, map, e, flow);
  for (std::string* cell :
       {&r.entries, &r.kind, &r.endpoint, &r.to, &r.keys, &r.transfers}) {
    *cell = Printable(*cell);
  }
  return r;
}

void WriteText(const MapReport& report, std::ostream& out) {
  const Program& program = *report.program;
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    const FlowMap& map = report.flows[i];
    const auto flow_index = static_cast<std::uint32_t>(i);
    if (i > 0) out << '\n';
    out << "flow " << Printable(flow.name) << " ("
        << Printable(program.files[flow.file]) << "): " << map.endpoints.size()
        << (map.endpoints.size() == 1 ? " endpoint\n" : " endpoints\n");
    // Two passes, the first for the column widths: the rows are made twice
    // rather than held (see MakeRow).
    const Row header{"ENTRIES", "KIND", "ENDPOINT", "TO", "KEYS", "TRANSFERS"};
    std::array<std::size_t, kPadded> width{};
    auto widen = [&](const Row& r) {
      const auto cells = PaddedCells(r);
      for (std::size_t c = 0; c < cells.size(); ++c) {
        width[c] = std::max(width[c], cells[c]->size());
      }
    };
    widen(header);
    for (const Endpoint& e : map.endpoints) {
      widen(TextRow(program, map, e, flow_index));
    }
    WriteRow(header, width, out);
    for (const Endpoint& e : map.endpoints) {
      WriteRow(TextRow(program, map, e, flow_index), width, out);
    }
  }
  for (const Diagnostic& e : report.errors) {
    out << Printable(e.ToString()) << '\n';
  }
}

void WriteCsv(const MapReport& report, std::ostream& out) {
  const Program& program = *report.program;
  out << "flow,file,entries,kind,endpoint,to,keys,transfers,endpoint_file,"
         "line,column\r\n";
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    const FlowMap& map = report.flows[i];
    for (const Endpoint& e : map.endpoints) {
      const Row r = MakeRow(program, map, e, static_cast<std::uint32_t>(i));
      const Location& at = program.graph[e.node].location;
      out << CsvCell(flow.name) << ',' << CsvCell(program.files[flow.file])
          << ',' << r.entries << ',' << r.kind << ',' << CsvCell(r.endpoint)
          << ',' << CsvCell(r.to) << ',' << CsvCell(r.keys) << ','
          << CsvCell(r.transfers) << ',' << CsvCell(program.file_of(at)) << ','
          << at.line << ',' << at.column << "\r\n";
    }
  }
}

void WriteNodeRef(const Program& program, Vertex v, JsonWriter& json) {
  const Node& node = program.graph[v];
  json.Key("node").String(node.id);
  json.Key("flow").String(node.flow < program.flows.size()
                              ? program.flows[node.flow].name
                              : std::string_view());
  json.Key("file").String(program.file_of(node.location));
  json.Key("line").Number(node.location.line);
  json.Key("column").Number(node.location.column);
}

void WriteJson(const MapReport& report, std::ostream& out) {
  const Program& program = *report.program;
  JsonWriter json(out);
  json.BeginObject();
  json.Key("version").Number(kMapJsonVersion);
  json.Key("flows").BeginArray();
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    json.BeginObject();
    json.Key("name").String(flow.name);
    json.Key("file").String(program.files[flow.file]);
    json.Key("format").String(ToString(flow.format));
    json.Key("endpoints").BeginArray();
    const FlowMap& map = report.flows[i];
    for (const Endpoint& e : map.endpoints) {
      std::vector<RouteStep> route = MapRoute(map, e);
      json.BeginObject();
      json.Key("kind").String(ToString(e.kind));
      WriteNodeRef(program, e.node, json);
      json.Key("to").OptionalString(Detail(program.graph[e.node]));
      json.Key("entries").Number(e.entries);
      json.Key("keys").BeginArray();
      for (const RouteStep& step : route) {
        if (!step.via) continue;
        const std::string action = CallerAction(program, *step.via);
        if (!action.empty()) json.String(action);
      }
      json.EndArray();
      json.Key("transfers").BeginArray();
      for (Vertex t : TransfersPassed(program.graph, route)) {
        json.BeginObject();
        WriteNodeRef(program, t, json);
        json.Key("to").String(program.graph[t].destination);
        json.EndObject();
      }
      json.EndArray();
      json.Key("route").BeginArray();
      const std::vector<RouteStep> shown = ShownRoute(std::move(route));
      for (const RouteStep& step : shown) {
        json.BeginObject();
        WriteNodeRef(program, step.node, json);
        // As in the check report: null for an automatic step and the last.
        json.Key("input").OptionalString(
            step.via ? RouteInput(program, *step.via) : std::string());
        json.EndObject();
      }
      json.EndArray();
      json.Key("route_gaps");
      WriteRouteGapsJson(shown, json);
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.Key("errors");
  WriteDiagnostics(json, report.errors);
  json.EndObject();
}

}  // namespace

void WriteIvrMap(MapFormat format, const MapReport& report, std::ostream& out) {
  switch (format) {
    case MapFormat::kText:
      return WriteText(report, out);
    case MapFormat::kJson:
      return WriteJson(report, out);
    case MapFormat::kCsv:
      return WriteCsv(report, out);
  }
}

}  // namespace ivrscope
