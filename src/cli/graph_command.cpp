// ivrscope graph: draws the flows (DOT, or SVG through Graphviz) with the
// findings of `check` marked in colour.
#include <algorithm>
#include <ostream>
#include <sstream>

#include "cli/command_support.hpp"
#include "cli/settings.hpp"
#include "ivrscope/drawing.hpp"
#include "ivrscope/loader.hpp"

namespace ivrscope {

namespace po = boost::program_options;

int RunGraphCommand(const Args& args, CommandIo& io) {
  std::vector<std::string> paths;
  std::string format = "dot";
  std::string output;
  std::string focus;
  int radius = 2;
  RunSettings s;
  po::options_description desc("graph options");
  desc.add_options()
      ("help,h", "show this help and exit")
      ("format,f", po::value(&format)->default_value(format),
       "drawing format: dot (Graphviz source) or svg (needs Graphviz built in)")
      ("output,o", po::value(&output),
       "write the drawing to FILE (default: standard output, as - is)")
      ("focus", po::value(&focus),
       "draw only the neighbourhood of this node (ID, or FLOW:ID when several "
       "flows define ID); default: everything")
      ("radius", po::value(&radius)->default_value(radius),
       "with --focus: how many edges away from the node to draw");
  AddThresholdOptions(&desc, &s.analysis);
  desc.add(LoadingOptions(&s));
  po::variables_map vm = ParseWithPaths(args, desc, &paths);
  if (vm.count("help")) {
    io.out << "usage: ivrscope graph [options] FILE...\n\n"
           << "Draws the flows of the given files (or directories), one\n"
           << "cluster per flow, shapes by node kind, edges labelled with the\n"
           << "key or event, and the findings of `ivrscope check` in colour on\n"
           << "their nodes and routes (red: error, orange: warning, blue: note).\n"
           << "Exits 0 whatever the findings; 2 when an input cannot be read.\n\n"
           << desc;
    return kExitClean;
  }
  if (auto exit = ResolveSettings(vm, &s, io)) return *exit;
  if (paths.empty()) return Usage(io, "graph needs at least one FILE");
  if (format != "dot" && format != "svg") {
    return Usage(io, "unknown --format '" + format + "' (dot, svg)");
  }
  if (radius < 0) return Usage(io, "--radius cannot be negative");
  if (vm.count("radius") && !vm["radius"].defaulted() && focus.empty()) {
    return Usage(io, "--radius needs --focus");
  }
  if (format == "svg" && !CanRenderSvg()) {
    io.err << "ivrscope: error: " << RenderSvg("").error().message << '\n';
    return kExitInput;
  }

  PrepareLoad(&s);
  LoadResult loaded = LoadPaths(paths, s.load);
  for (const Diagnostic& e : loaded.errors) io.err << e.ToString() << '\n';
  const Program& program = loaded.program;
  if (program.flows.empty()) {
    io.err << "ivrscope: error: no flow to draw\n";
    return kExitInput;
  }
  const std::vector<FlowAnalysis> analyses = Analyze(program, s.analysis);

  Drawing drawing;
  drawing.program = &program;
  for (const FlowAnalysis& flow : analyses) {
    for (const Finding& f : flow.findings) drawing.findings.push_back(&f);
  }
  if (!focus.empty()) {
    Result<Vertex> node = FindNode(program, focus);
    if (!node.ok()) {
      io.err << "ivrscope: error: --focus: " << node.error().message << '\n';
      return kExitInput;
    }
    drawing.nodes = Neighbourhood(program, node.value(), radius);
  }

  const std::size_t layout_size = LayoutSize(drawing);
  std::ostringstream dot;
  WriteDot(drawing, layout_size, dot);
  std::string text = dot.str();
  if (format == "svg") {
    if (const std::string why = TooLargeToDraw(drawing, layout_size);
        !why.empty()) {
      io.err << "ivrscope: error: " << why
             << ": draw part of it with --focus NODE, or use --format dot\n";
      return kExitInput;
    }
    Result<std::string> svg = RenderSvg(text);
    if (!svg.ok()) {
      io.err << "ivrscope: error: " << svg.error().message << '\n';
      return kExitInput;
    }
    text = std::move(svg.value());
  }
  if (OutputIsInput(output, paths, loaded.program.files, io.err)) {
    return kExitInput;
  }
  OutputSink sink;
  std::string error;
  if (!sink.Open(output, io.out, &error)) return Usage(io, error);
  sink.stream() << text;
  if (!sink.Finish(io.err)) return kExitInput;
  return loaded.errors.empty() ? kExitClean : kExitInput;
}

}  // namespace ivrscope
