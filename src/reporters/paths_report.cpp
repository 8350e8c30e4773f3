// `ivrscope paths`: the IVR map written as a table per flow (text), as a
// versioned JSON document, or as CSV for a spreadsheet. Only formatting: the
// map itself comes from BuildIvrMap.
#include <algorithm>
#include <array>
#include <ostream>

#include "ivrscope/ivr_map.hpp"
#include "reporters/json_writer.hpp"

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

std::string Transfers(const Program& program, const Endpoint& e,
                      std::uint32_t flow) {
  std::string out;
  for (Vertex t : e.transfers) {
    if (!out.empty()) out += ", ";
    out += NodeName(program, t, flow);
  }
  return out.empty() ? "-" : out;
}

// One row of the text and CSV tables.
struct Row {
  std::string entries, kind, endpoint, to, keys, transfers;
};

Row MakeRow(const Program& program, const Endpoint& e, std::uint32_t flow) {
  return {std::to_string(e.entries), std::string(ToString(e.kind)),
          NodeName(program, e.node, flow), Detail(program.graph[e.node]),
          KeySequence(program, e.route), Transfers(program, e, flow)};
}

void WriteText(const MapReport& report, std::ostream& out) {
  const Program& program = *report.program;
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    const auto& endpoints = report.flows[i].endpoints;
    if (i > 0) out << '\n';
    out << "flow " << flow.name << " (" << program.files[flow.file] << "): "
        << endpoints.size()
        << (endpoints.size() == 1 ? " endpoint\n" : " endpoints\n");
    std::vector<Row> rows{
        {"ENTRIES", "KIND", "ENDPOINT", "TO", "KEYS", "TRANSFERS"}};
    for (const Endpoint& e : endpoints) {
      rows.push_back(MakeRow(program, e, static_cast<std::uint32_t>(i)));
    }
    std::array<std::size_t, 5> width{};
    for (const Row& r : rows) {
      const std::array<const std::string*, 5> cells{&r.entries, &r.kind,
                                                    &r.endpoint, &r.to, &r.keys};
      for (std::size_t c = 0; c < cells.size(); ++c) {
        width[c] = std::max(width[c], cells[c]->size());
      }
    }
    for (const Row& r : rows) {
      const std::array<const std::string*, 5> cells{&r.entries, &r.kind,
                                                    &r.endpoint, &r.to, &r.keys};
      out << ' ';
      for (std::size_t c = 0; c < cells.size(); ++c) {
        out << ' ' << *cells[c] << std::string(width[c] - cells[c]->size() + 1, ' ');
      }
      out << r.transfers << '\n';
    }
  }
  for (const Diagnostic& e : report.errors) out << e.ToString() << '\n';
}

// RFC 4180 quoting. A cell a spreadsheet would run as a formula (= + - @) is
// prefixed with ' : ids come from untrusted XML, and the usual reader of this
// CSV is a spreadsheet.
std::string CsvCell(std::string_view text) {
  std::string cell(text);
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) !=
                           std::string_view::npos) {
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

void WriteCsv(const MapReport& report, std::ostream& out) {
  const Program& program = *report.program;
  out << "flow,file,entries,kind,endpoint,to,keys,transfers,endpoint_file,"
         "line,column\r\n";
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const Flow& flow = program.flows[i];
    for (const Endpoint& e : report.flows[i].endpoints) {
      const Row r = MakeRow(program, e, static_cast<std::uint32_t>(i));
      const Location& at = program.graph[e.node].location;
      out << CsvCell(flow.name) << ',' << CsvCell(program.files[flow.file])
          << ',' << r.entries << ',' << r.kind << ',' << CsvCell(r.endpoint)
          << ',' << CsvCell(r.to) << ',' << CsvCell(r.keys) << ','
          << CsvCell(e.transfers.empty() ? "" : r.transfers) << ','
          << CsvCell(program.file_of(at)) << ',' << at.line << ','
          << at.column << "\r\n";
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
    for (const Endpoint& e : report.flows[i].endpoints) {
      json.BeginObject();
      json.Key("kind").String(ToString(e.kind));
      WriteNodeRef(program, e.node, json);
      json.Key("to").OptionalString(Detail(program.graph[e.node]));
      json.Key("entries").Number(e.entries);
      json.Key("keys").BeginArray();
      for (const RouteStep& step : e.route) {
        if (!step.via) continue;
        const std::string action = CallerAction(program, *step.via);
        if (!action.empty()) json.String(action);
      }
      json.EndArray();
      json.Key("transfers").BeginArray();
      for (Vertex t : e.transfers) {
        json.BeginObject();
        WriteNodeRef(program, t, json);
        json.Key("to").String(program.graph[t].destination);
        json.EndObject();
      }
      json.EndArray();
      json.Key("route").BeginArray();
      for (const RouteStep& step : e.route) {
        json.BeginObject();
        WriteNodeRef(program, step.node, json);
        json.Key("input");
        if (step.via) {
          json.String(RouteInput(program, *step.via));
        } else {
          json.Null();
        }
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
  json.EndObject();
}

}  // namespace

void WriteIvrMap(MapFormat format, const MapReport& report, std::ostream& out) {
  switch (format) {
    case MapFormat::kText: return WriteText(report, out);
    case MapFormat::kJson: return WriteJson(report, out);
    case MapFormat::kCsv: return WriteCsv(report, out);
  }
}

}  // namespace ivrscope
