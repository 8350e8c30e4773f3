// ivrscope paths: the IVR map of every flow (where each key sequence leads).
#include <ostream>

#include "cli/command_support.hpp"
#include "cli/settings.hpp"
#include "ivrscope/ivr_map.hpp"
#include "ivrscope/loader.hpp"

namespace ivrscope {

namespace po = boost::program_options;

int RunPathsCommand(const Args& args, CommandIo& io) {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  RunSettings s;
  po::options_description desc("paths options");
  desc.add_options()
      ("help,h", "show this help and exit")
      ("format,f", po::value(&format)->default_value(format),
       "map format: text, json or csv")
      ("output,o", po::value(&output),
       "write the map to FILE (default: standard output, as - is)");
  desc.add(LoadingOptions(&s));
  po::variables_map vm = ParseWithPaths(args, desc, &paths);
  if (vm.count("help")) {
    io.out << "usage: ivrscope paths [options] PATH...\n\n"
           << "The IVR map: for each flow, every endpoint a caller can reach\n"
           << "(a human, a hang-up, an exit from the analysed flows) with the\n"
           << "fewest entries to reach it, the keys pressed and the transfers\n"
           << "passed, sorted by entries.\n\n"
           << desc;
    return kExitClean;
  }
  if (auto exit = ResolveSettings(vm, &s, io)) return *exit;
  if (paths.empty()) return Usage(io, "paths needs at least one PATH");
  MapFormat map_format = MapFormat::kText;
  if (format == "json") {
    map_format = MapFormat::kJson;
  } else if (format == "csv") {
    map_format = MapFormat::kCsv;
  } else if (format != "text") {
    return Usage(io, "unknown --format '" + format + "' (text, json, csv)");
  }
  PrepareLoad(&s);
  LoadResult loaded = LoadPaths(paths, s.load);
  MapReport report;
  report.program = &loaded.program;
  report.flows = BuildIvrMap(loaded.program);
  report.errors = std::move(loaded.errors);

  if (OutputIsInput(output, paths, loaded.program.files, io.err)) {
    return kExitInput;
  }
  OutputSink sink;
  std::string error;
  if (!sink.Open(output, io.out, &error)) return Usage(io, error);
  // A CSV table has no place for them: they go to standard error, as
  // `graph` writes them.
  if (map_format == MapFormat::kCsv) {
    for (const Diagnostic& e : report.errors) io.err << e.ToString() << '\n';
  }
  WriteIvrMap(map_format, report, sink.stream());
  if (!sink.Finish(io.err)) return kExitInput;
  return report.errors.empty() ? kExitClean : kExitInput;
}

}  // namespace ivrscope
