// ivrscope diff OLD NEW: analyse two versions alike (same settings, same
// configuration file) and say which findings the change adds and fixes and
// how each flow's metrics move. Exit 1 when it adds findings at or above
// --fail-on, 2 when either side has inputs that could not be analysed.
#include <boost/program_options.hpp>
#include <ostream>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/settings.hpp"
#include "ivrscope/review.hpp"

namespace ivrscope {
namespace {

namespace po = boost::program_options;

struct DiffSettings {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  RunSettings run;
};

po::options_description DiffOptions(DiffSettings* s) {
  po::options_description desc("diff options");
  desc.add_options()
      ("help,h", "show this help and exit")
      ("format,f", po::value(&s->format)->default_value(s->format),
       "output format: text or json")
      ("output,o", po::value(&s->output),
       "write the result to FILE (default: standard output, as - is)");
  desc.add(SharedOptions(&s->run));
  desc.add(LoadingOptions(&s->run));
  return desc;
}

}  // namespace

int RunDiffCommand(const Args& args, CommandIo& io) {
  DiffSettings s;
  po::options_description desc = DiffOptions(&s);
  po::variables_map vm = ParseWithPaths(args, desc, &s.paths);
  if (vm.count("help")) {
    io.out << "usage: ivrscope diff [options] OLD NEW\n\n"
           << "OLD and NEW are files or directories (searched like check's\n"
           << "PATHs): the flows before and after a change.\n\n"
           << desc;
    return kExitClean;
  }
  if (auto exit = ResolveSettings(vm, &s.run, io)) return *exit;
  if (s.paths.size() != 2) return Usage(io, "diff needs OLD and NEW");
  if (s.format != "text" && s.format != "json") {
    return Usage(io, "unknown --format '" + s.format + "': text or json");
  }

  Progress progress(io.err, s.run.progress || io.stderr_is_terminal,
                    io.stderr_is_terminal);
  PrepareRun(&s.run, &progress);
  std::unique_ptr<AnalysedRun> before = AnalysePaths({s.paths[0]}, s.run);
  std::unique_ptr<AnalysedRun> after = AnalysePaths({s.paths[1]}, s.run);
  const ReportDiff diff = DiffReports(before->report, after->report);
  // Either side's flows: a report written over NEW's flow lost the flow.
  if (OutputIsInput(s.output, s.paths, before->loaded.program.files, io.err) ||
      OutputIsInput(s.output, s.paths, after->loaded.program.files, io.err)) {
    return kExitInput;
  }

  if (!WriteOutput(s.output, s.run, ReportOptions{}, io,
                   [&](const ReportOptions& o, std::ostream& out) {
                     if (s.format == "json") {
                       WriteDiffJson(diff, o, out);
                     } else {
                       WriteDiffText(diff, o, out);
                     }
                   })) {
    return kExitInput;
  }
  if (!before->report.errors.empty() || !after->report.errors.empty()) {
    return kExitInput;
  }
  for (const FindingRef& r : diff.added) {
    const Finding& f = after->report.flows[r.flow].findings[r.finding];
    if (static_cast<int>(f.severity) >= s.run.fail_rank) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace ivrscope
